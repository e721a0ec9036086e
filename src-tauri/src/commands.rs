//! The IPC surface. Each command is one delegation to `AppService`, run on a
//! blocking thread; a `*_dialog` command first asks for a file with a native
//! dialog (`dialogs`) and then calls the method that takes a path, resolving
//! to null when the user cancels. The capability file
//! (`capabilities/main.json`) allows exactly these for the main window.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use trainyard_app_core::dto::{
    AuditEntry, BarBudget, CabView, CalendarDensity, CalendarFilter, CalendarImportOptions,
    CalendarImportPreview, CalendarRange, ChecklistEdit, CommittedGroupMove, CommittedMove,
    ConflictDigest, ConflictGroupKey, ConflictOverview, ConflictPage, DependencyMatrix, ExportDone,
    GovernanceLayers, GroupMovePreview, GroupMoveSet, HoldBand, HoldPreview, HoldRequest,
    InsightGroupBy, Insights, LaneBy, MovePreview, MoveTarget, PlanChange, PlanSummary, RecentPlan,
    RecentTeamPlan, ReleaseConflicts, ReleaseGovernanceView, ReleaseServiceMatrix, SlotSuggestion,
    TrendInterval, VisibleRange, WindowPreview,
};
use trainyard_app_core::{AppError, AppService, ErrorCode};

use crate::blocking;
use crate::dialogs::{self, near, CSV, ICS, JSON, PDF, PLAN};

type Svc<'a> = State<'a, Arc<AppService>>;
type Res<T> = Result<T, AppError>;

// Files

/// Opens the plan of the last run (a team plan among them, see
/// `AppService::open_startup`; opened ahead, see `begin_startup`),
/// listening to its server when it is one.
#[tauri::command]
pub async fn open_startup<R: Runtime>(app: AppHandle<R>, svc: Svc<'_>) -> Res<PlanSummary> {
    let summary = blocking(&svc, |s| s.startup_plan()).await?;
    crate::team_watch::follow(app, Arc::clone(&svc));
    Ok(summary)
}

#[tauri::command]
pub async fn open_demo(svc: Svc<'_>) -> Res<PlanSummary> {
    blocking(&svc, |s| s.open_demo()).await
}

#[tauri::command]
pub async fn open_plan(svc: Svc<'_>, path: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.open_plan(path.as_ref())).await
}

#[tauri::command]
pub async fn open_plan_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
) -> Res<Option<PlanSummary>> {
    let Some(path) =
        dialogs::open_file(&window, "Open plan", PLAN, near(svc.current_path())).await?
    else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.open_chosen(&path))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn new_plan_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
) -> Res<Option<PlanSummary>> {
    let dir = near(svc.current_path());
    let Some(path) =
        dialogs::save_file(&window, "New plan", PLAN, dir, "new-plan.trainyard".into()).await?
    else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.new_plan(&path)).await.map(Some)
}

#[tauri::command]
pub async fn save_as_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
) -> Res<Option<PlanSummary>> {
    let (dir, name) = (
        near(svc.current_path()),
        svc.suggested_file_name("-copy.trainyard"),
    );
    let Some(path) = dialogs::save_file(&window, "Save plan as", PLAN, dir, name).await? else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.save_as(&path)).await.map(Some)
}

#[tauri::command]
pub async fn import_json_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
) -> Res<Option<PlanSummary>> {
    let dir = near(svc.current_path());
    let Some(json) = dialogs::open_file(&window, "Import a JSON plan", JSON, dir.clone()).await?
    else {
        return Ok(None);
    };
    let checked = json.clone();
    blocking(&svc, move |s| s.check_json(&checked)).await?;
    let name = json
        .file_stem()
        .map(|n| format!("{}.trainyard", n.to_string_lossy()))
        .unwrap_or_else(|| "imported.trainyard".into());
    let Some(dest) =
        dialogs::save_file(&window, "Save the imported plan as", PLAN, dir, name).await?
    else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.import_json(&json, &dest))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn export_json_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
) -> Res<Option<ExportDone>> {
    let (dir, name) = (near(svc.current_path()), svc.suggested_file_name(".json"));
    let Some(path) =
        dialogs::save_file(&window, "Export the plan as JSON", JSON, dir, name).await?
    else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.export_json(&path))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn import_calendar_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
    options: CalendarImportOptions,
) -> Res<Option<CalendarImportPreview>> {
    let dir = near(svc.current_path());
    let Some(path) = dialogs::open_file(&window, "Import a calendar", ICS, dir).await? else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.preview_calendar_import(&path, &options))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn preview_chosen_calendar(
    svc: Svc<'_>,
    options: CalendarImportOptions,
) -> Res<CalendarImportPreview> {
    blocking(&svc, move |s| s.preview_chosen_calendar(&options)).await
}

#[tauri::command]
pub async fn apply_calendar_import(
    svc: Svc<'_>,
    options: CalendarImportOptions,
    force: bool,
    revision: u64,
    fingerprint: String,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| {
        s.apply_calendar_import(&options, force, revision, &fingerprint)
    })
    .await
}

#[tauri::command]
pub async fn recent_plans(svc: Svc<'_>) -> Res<Vec<RecentPlan>> {
    blocking(&svc, |s| s.recent_plans()).await
}

// Team plans

/// Opens a team plan (the password is used, never stored) and starts
/// listening for other users' edits to it (`team_watch`).
#[tauri::command]
pub async fn open_team<R: Runtime>(
    app: AppHandle<R>,
    svc: Svc<'_>,
    url: String,
    password: Option<String>,
) -> Res<PlanSummary> {
    let summary = blocking(&svc, move |s| s.open_team(&url, password)).await?;
    crate::team_watch::follow(app, Arc::clone(&svc));
    Ok(summary)
}

#[tauri::command]
pub async fn recent_team_plans(svc: Svc<'_>) -> Res<Vec<RecentTeamPlan>> {
    blocking(&svc, |s| s.recent_team_plans()).await
}

#[tauri::command]
pub async fn refresh_team_plan(svc: Svc<'_>) -> Res<PlanChange> {
    blocking(&svc, |s| s.refresh_if_changed()).await
}

#[tauri::command]
pub async fn summary(svc: Svc<'_>) -> Res<PlanSummary> {
    blocking(&svc, |s| s.summary()).await
}

#[tauri::command]
pub async fn set_plan_settings(svc: Svc<'_>, name: String, timezone: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.set_plan_settings(&name, &timezone)).await
}

// Calendar

#[tauri::command]
pub async fn visible_range(svc: Svc<'_>, from: String, to: String) -> Res<VisibleRange> {
    blocking(&svc, move |s| s.visible_range(&from, &to)).await
}

#[tauri::command]
pub async fn release_conflicts(svc: Svc<'_>) -> Res<Vec<ReleaseConflicts>> {
    blocking(&svc, |s| s.release_conflicts()).await
}

#[tauri::command]
pub async fn conflict_overview(svc: Svc<'_>) -> Res<ConflictOverview> {
    blocking(&svc, |s| s.conflict_overview()).await
}

#[tauri::command]
pub async fn preview_move(
    svc: Svc<'_>,
    id: String,
    start: String,
    end: String,
    environment: String,
) -> Res<MovePreview> {
    blocking(&svc, move |s| {
        s.preview_move(&id, &start, &end, &environment)
    })
    .await
}

#[tauri::command]
pub async fn commit_move(
    svc: Svc<'_>,
    id: String,
    start: String,
    end: String,
    environment: String,
) -> Res<CommittedMove> {
    blocking(&svc, move |s| {
        s.commit_move(&id, &start, &end, &environment)
    })
    .await
}

#[tauri::command]
pub async fn conflicts_page(
    svc: Svc<'_>,
    offset: u32,
    limit: u32,
    filter: CalendarFilter,
    group: Option<ConflictGroupKey>,
) -> Res<ConflictPage> {
    blocking(&svc, move |s| {
        s.conflicts_page(offset, limit, &filter, group)
    })
    .await
}

#[tauri::command]
pub async fn conflict_digest(
    svc: Svc<'_>,
    filter: CalendarFilter,
    first: u32,
) -> Res<ConflictDigest> {
    blocking(&svc, move |s| s.conflict_digest(&filter, first)).await
}

#[tauri::command]
pub async fn calendar_range(
    svc: Svc<'_>,
    from: String,
    to: String,
    lanes: LaneBy,
    environment: Option<String>,
    filter: CalendarFilter,
    budget: BarBudget,
) -> Res<CalendarRange> {
    blocking(&svc, move |s| {
        s.calendar_range(&from, &to, lanes, environment.as_deref(), &filter, &budget)
    })
    .await
}

#[tauri::command]
pub async fn calendar_density(
    svc: Svc<'_>,
    from: String,
    to: String,
    slices: u32,
    lanes: LaneBy,
    environment: Option<String>,
    filter: CalendarFilter,
) -> Res<CalendarDensity> {
    blocking(&svc, move |s| {
        s.calendar_density(&from, &to, slices, lanes, environment.as_deref(), &filter)
    })
    .await
}

#[tauri::command]
pub async fn group_move_set(
    svc: Svc<'_>,
    release: String,
    with_dependents: bool,
) -> Res<GroupMoveSet> {
    blocking(&svc, move |s| s.group_move_set(&release, with_dependents)).await
}

#[tauri::command]
pub async fn preview_group_move(svc: Svc<'_>, moves: Vec<MoveTarget>) -> Res<GroupMovePreview> {
    blocking(&svc, move |s| s.preview_group_move(&moves)).await
}

#[tauri::command]
pub async fn commit_group_move(svc: Svc<'_>, moves: Vec<MoveTarget>) -> Res<CommittedGroupMove> {
    blocking(&svc, move |s| s.commit_group_move(&moves)).await
}

#[tauri::command]
pub async fn suggest_slot(svc: Svc<'_>, id: String) -> Res<SlotSuggestion> {
    blocking(&svc, move |s| s.suggest_slot(&id)).await
}

#[tauri::command]
pub async fn apply_suggestion(svc: Svc<'_>, id: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.apply_suggestion(&id)).await
}

#[tauri::command]
pub async fn undo(svc: Svc<'_>) -> Res<PlanSummary> {
    blocking(&svc, |s| s.undo()).await
}

#[tauri::command]
pub async fn redo(svc: Svc<'_>) -> Res<PlanSummary> {
    blocking(&svc, |s| s.redo()).await
}

// Entities

#[tauri::command]
pub async fn entity(svc: Svc<'_>, kind: String, id: String) -> Res<Value> {
    blocking(&svc, move |s| s.entity(&kind, &id)).await
}

#[tauri::command]
pub async fn save_entity(
    svc: Svc<'_>,
    kind: String,
    original_id: Option<String>,
    value: Value,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| {
        s.save_entity(&kind, original_id.as_deref(), &value)
    })
    .await
}

#[tauri::command]
pub async fn delete_entity(svc: Svc<'_>, kind: String, id: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.delete_entity(&kind, &id)).await
}

#[tauri::command]
pub async fn preview_window(
    svc: Svc<'_>,
    value: Value,
    from: String,
    count: usize,
) -> Res<WindowPreview> {
    blocking(&svc, move |s| s.preview_window(&value, &from, count)).await
}

// Matrices

#[tauri::command]
pub async fn service_matrix(svc: Svc<'_>) -> Res<DependencyMatrix> {
    blocking(&svc, |s| s.service_matrix()).await
}

#[tauri::command]
pub async fn release_matrix(svc: Svc<'_>) -> Res<DependencyMatrix> {
    blocking(&svc, |s| s.release_matrix()).await
}

#[tauri::command]
pub async fn release_service_matrix(svc: Svc<'_>) -> Res<ReleaseServiceMatrix> {
    blocking(&svc, |s| s.release_service_matrix()).await
}

#[tauri::command]
pub async fn toggle_service_dependency(svc: Svc<'_>, from: String, to: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.toggle_service_dependency(&from, &to)).await
}

#[tauri::command]
pub async fn toggle_release_dependency(svc: Svc<'_>, from: String, to: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.toggle_release_dependency(&from, &to)).await
}

// CAB and audit

#[tauri::command]
pub async fn cab(svc: Svc<'_>, release: String) -> Res<CabView> {
    blocking(&svc, move |s| s.cab(&release)).await
}

#[tauri::command]
pub async fn record_decision(
    svc: Svc<'_>,
    release: String,
    by: String,
    role: String,
    decision: String,
    comment: String,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| {
        s.record_decision(&release, &by, &role, &decision, &comment)
    })
    .await
}

// Release governance: holds and bookings on the calendar, a release's
// checklist, go/no-go decision and review in the CAB view

#[tauri::command]
pub async fn preview_hold(svc: Svc<'_>, hold: HoldRequest) -> Res<HoldPreview> {
    blocking(&svc, move |s| s.preview_hold(&hold)).await
}

#[tauri::command]
pub async fn place_hold(svc: Svc<'_>, hold: HoldRequest) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.place_hold(&hold)).await
}

#[tauri::command]
pub async fn lift_hold(svc: Svc<'_>, id: String) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.lift_hold(&id)).await
}

#[tauri::command]
pub async fn governance_layers(svc: Svc<'_>, from: String, to: String) -> Res<GovernanceLayers> {
    blocking(&svc, move |s| s.governance_layers(&from, &to)).await
}

#[tauri::command]
pub async fn holds(svc: Svc<'_>) -> Res<Vec<HoldBand>> {
    blocking(&svc, move |s| s.holds()).await
}

#[tauri::command]
pub async fn release_governance(svc: Svc<'_>, release: String) -> Res<ReleaseGovernanceView> {
    blocking(&svc, move |s| s.release_governance(&release)).await
}

#[tauri::command]
pub async fn edit_checklist(
    svc: Svc<'_>,
    release: String,
    edit: ChecklistEdit,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| s.edit_checklist(&release, &edit)).await
}

#[tauri::command]
pub async fn record_go_no_go(
    svc: Svc<'_>,
    release: String,
    by: String,
    outcome: String,
    conditions: Vec<String>,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| {
        s.record_go_no_go(&release, &by, &outcome, &conditions)
    })
    .await
}

#[tauri::command]
pub async fn grant_waiver(
    svc: Svc<'_>,
    release: String,
    rules: Vec<String>,
    reason: String,
    expires: String,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| {
        s.grant_waiver(&release, &rules, &reason, &expires)
    })
    .await
}

#[tauri::command]
pub async fn record_review(
    svc: Svc<'_>,
    release: String,
    by: String,
    summary: String,
    root_cause: String,
    follow_ups: Vec<String>,
) -> Res<PlanSummary> {
    blocking(&svc, move |s| {
        s.record_review(&release, &by, &summary, &root_cause, &follow_ups)
    })
    .await
}

#[tauri::command]
pub async fn audit_log(
    svc: Svc<'_>,
    limit: usize,
    before_seq: Option<u64>,
) -> Res<Vec<AuditEntry>> {
    blocking(&svc, move |s| s.audit_log(limit, before_seq)).await
}

// Insights

#[tauri::command]
pub async fn insights(
    svc: Svc<'_>,
    from: Option<String>,
    to: Option<String>,
    interval: TrendInterval,
    by: Option<InsightGroupBy>,
) -> Res<Insights> {
    blocking(&svc, move |s| {
        s.insights(from.as_deref(), to.as_deref(), interval, by)
    })
    .await
}

// Exports

/// Asks where to save an export (or returns None when cancelled).
async fn export_target<R: Runtime>(
    window: &WebviewWindow<R>,
    svc: &Svc<'_>,
    title: &str,
    filter: dialogs::Filter,
    suffix: &str,
) -> Res<Option<PathBuf>> {
    let (dir, name) = (near(svc.current_path()), svc.suggested_file_name(suffix));
    dialogs::save_file(window, title, filter, dir, name).await
}

#[tauri::command]
pub async fn export_summary_pdf_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
    paper: String,
    detail: String,
) -> Res<Option<ExportDone>> {
    let Some(path) = export_target(
        &window,
        &svc,
        "Export the release summary",
        PDF,
        "-summary.pdf",
    )
    .await?
    else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.export_summary_pdf(&path, &paper, &detail))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn export_cab_pdf_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
    release: String,
    paper: String,
) -> Res<Option<ExportDone>> {
    let suffix = format!(
        "-cab-{}.pdf",
        trainyard_app_core::file_name_for(&release, "")
    );
    let Some(path) = export_target(&window, &svc, "Export the CAB sheet", PDF, &suffix).await?
    else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.export_cab_pdf(&path, &release, &paper))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn export_ics_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
    release: Option<String>,
    environment: Option<String>,
) -> Res<Option<ExportDone>> {
    let mut suffix = String::new();
    for part in [&release, &environment].into_iter().flatten() {
        suffix.push('-');
        suffix.push_str(&trainyard_app_core::file_name_for(part, ""));
    }
    suffix.push_str(".ics");
    let Some(path) = export_target(&window, &svc, "Export a calendar", ICS, &suffix).await? else {
        return Ok(None);
    };
    blocking(&svc, move |s| {
        s.export_ics(&path, release.as_deref(), environment.as_deref())
    })
    .await
    .map(Some)
}

#[tauri::command]
pub async fn export_csv_dialog<R: Runtime>(
    window: WebviewWindow<R>,
    svc: Svc<'_>,
    kind: String,
) -> Res<Option<ExportDone>> {
    let suffix = format!("-{}.csv", trainyard_app_core::file_name_for(&kind, ""));
    let Some(path) = export_target(&window, &svc, "Export a table", CSV, &suffix).await? else {
        return Ok(None);
    };
    blocking(&svc, move |s| s.export_csv(&path, &kind))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn open_path(svc: Svc<'_>, path: String) -> Res<()> {
    blocking(&svc, move |s| s.open_path(path.as_ref())).await
}

/// The window title ("Trainyard — plan — saved"); the UI composes it so the
/// title and the header always agree.
#[tauri::command]
pub fn set_title<R: Runtime>(window: WebviewWindow<R>, title: String) -> Res<()> {
    window
        .set_title(&title)
        .map_err(|e| AppError::new(ErrorCode::Window, e.to_string()))
}
