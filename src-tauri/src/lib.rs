//! The Tauri adapter of the Trainyard desktop app.
//!
//! Thin on purpose: every command is a one-line delegation to
//! [`trainyard_app_core::AppService`], run on a blocking thread (store work
//! touches SQLite), and every error crosses IPC as `{code, message}`
//! ([`AppError`]). The logic and its tests live in `trainyard-app-core`.
//!
//! [`run`] is split from [`run_app`] so the app can be built on another
//! runtime (e.g. `tauri::test`'s mock runtime) in tests.

mod commands;
mod dialogs;
mod team_watch;

use std::sync::Arc;

use tauri::{Manager, Runtime};
use trainyard_app_core::{AppError, AppService, ErrorCode};

/// Starts the desktop app.
pub fn run() {
    run_app(tauri::Builder::default()).expect("error while running the Trainyard app");
}

/// Builds and runs the app on any runtime.
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Result<()> {
    builder
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            let svc = Arc::new(AppService::new(data_dir));
            // The last plan opens while the window starts, not after it asks.
            svc.begin_startup();
            app.manage(svc);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_startup,
            commands::open_demo,
            commands::open_plan,
            commands::open_plan_dialog,
            commands::new_plan_dialog,
            commands::save_as_dialog,
            commands::import_json_dialog,
            commands::export_json_dialog,
            commands::import_calendar_dialog,
            commands::preview_chosen_calendar,
            commands::apply_calendar_import,
            commands::recent_plans,
            commands::summary,
            commands::set_plan_settings,
            commands::visible_range,
            commands::release_conflicts,
            commands::conflict_overview,
            commands::preview_move,
            commands::commit_move,
            commands::conflicts_page,
            commands::conflict_digest,
            commands::calendar_density,
            commands::calendar_range,
            commands::group_move_set,
            commands::preview_group_move,
            commands::commit_group_move,
            commands::suggest_slot,
            commands::apply_suggestion,
            commands::undo,
            commands::redo,
            commands::entity,
            commands::save_entity,
            commands::delete_entity,
            commands::preview_window,
            commands::service_matrix,
            commands::release_matrix,
            commands::release_service_matrix,
            commands::toggle_service_dependency,
            commands::toggle_release_dependency,
            commands::cab,
            commands::record_decision,
            commands::preview_hold,
            commands::place_hold,
            commands::lift_hold,
            commands::governance_layers,
            commands::holds,
            commands::release_governance,
            commands::edit_checklist,
            commands::record_go_no_go,
            commands::record_review,
            commands::grant_waiver,
            commands::audit_log,
            commands::insights,
            commands::export_summary_pdf_dialog,
            commands::export_cab_pdf_dialog,
            commands::export_ics_dialog,
            commands::export_csv_dialog,
            commands::open_path,
            commands::set_title,
            commands::open_team,
            commands::recent_team_plans,
            commands::refresh_team_plan,
        ])
        .run(tauri::generate_context!())
}

/// Runs `f` on the app service on a blocking thread, off the main thread and
/// off the async runtime's workers.
pub(crate) async fn blocking<T: Send + 'static>(
    svc: &Arc<AppService>,
    f: impl FnOnce(&AppService) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let svc = Arc::clone(svc);
    tauri::async_runtime::spawn_blocking(move || f(&svc))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("a background task failed: {e}"),
            )
        })?
}
