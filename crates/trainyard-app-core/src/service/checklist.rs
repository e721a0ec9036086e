//! A release's governance in the CAB view: its readiness checklist read
//! against the templates (the core's `readiness`), its go/no-go decision,
//! waivers and post-implementation review; and the edits of them, each one
//! edit that saves the release.

use chrono::{SubsecRound, Utc};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::plan::{
    readiness, review_due, GoNoGo, GoNoGoOutcome, ItemState, ReadinessItem, Review,
};
use trainyard_core::time::{format_instant, Instant};
use trainyard_core::{ChangeType, Plan, Release};

use super::entities::{entity_error, non_empty};
use super::{summary, AppService};
use crate::dto::{
    ChecklistEdit, ChecklistLine, GoNoGoView, PlanSummary, ReleaseGovernanceView, ReviewView,
    WaiverView,
};
use crate::error::{AppError, ErrorCode, FieldProblem};

/// The lines of `release`'s checklist: its items, then the template items it
/// lacks, each with when it is due and whether it is missing.
pub fn checklist_lines(plan: &Plan, release: &Release) -> Vec<ChecklistLine> {
    readiness(plan, release)
        .iter()
        .map(|l| ChecklistLine {
            id: l.id.to_owned(),
            title: l.title.to_owned(),
            owner: l.item.and_then(|i| i.owner.clone()),
            state: l.item.map(|i| i.state.as_str().to_owned()),
            done_at: l.item.and_then(|i| i.done_at).map(format_instant),
            note: l.item.and_then(|i| i.note.clone()),
            due: l.due.map(format_instant),
            missing: l.is_missing(),
        })
        .collect()
}

/// `release`'s checklist after `edit` made at `now`. An item a template
/// requires but the checklist lacks is added when it is done or waived.
pub fn edited_checklist(
    plan: &Plan,
    release: &Release,
    edit: &ChecklistEdit,
    now: Instant,
) -> Result<Vec<ReadinessItem>, AppError> {
    let mut items = release.governance.readiness.clone();
    let item_id = match edit {
        ChecklistEdit::Done { item }
        | ChecklistEdit::Waive { item, .. }
        | ChecklistEdit::Reopen { item }
        | ChecklistEdit::Remove { item }
        | ChecklistEdit::Add { item, .. } => item.trim().to_owned(),
    };
    let problem = |field: &str, message: String| {
        AppError::invalid_entity("the checklist", vec![FieldProblem::new(field, message)])
    };
    if item_id.is_empty() {
        return Err(problem("item", "the item needs an id".into()));
    }
    let at = items.iter().position(|i| i.id == item_id);
    let required_title = || {
        readiness(plan, release)
            .iter()
            .find(|l| l.id == item_id && l.item.is_none())
            .map(|l| l.title.to_owned())
    };
    let existing = |items: &mut Vec<ReadinessItem>| -> Result<usize, AppError> {
        if let Some(i) = at {
            return Ok(i);
        }
        let title = required_title()
            .ok_or_else(|| problem("item", format!("the checklist has no item {item_id:?}")))?;
        items.push(ReadinessItem {
            id: item_id.clone(),
            title: Some(title),
            owner: None,
            state: ItemState::Open,
            done_at: None,
            note: None,
            x: None,
        });
        Ok(items.len() - 1)
    };
    match edit {
        ChecklistEdit::Done { .. } => {
            let i = existing(&mut items)?;
            items[i].state = ItemState::Done;
            items[i].done_at = Some(now);
        }
        ChecklistEdit::Waive { note, .. } => {
            let Some(note) = non_empty(note) else {
                return Err(problem("note", "say why the item is waived".into()));
            };
            let i = existing(&mut items)?;
            items[i].state = ItemState::Waived;
            items[i].done_at = Some(now);
            items[i].note = Some(note);
        }
        ChecklistEdit::Reopen { .. } => {
            let i = at
                .ok_or_else(|| problem("item", format!("the checklist has no item {item_id:?}")))?;
            items[i].state = ItemState::Open;
            items[i].done_at = None;
        }
        ChecklistEdit::Remove { .. } => {
            let i = at
                .ok_or_else(|| problem("item", format!("the checklist has no item {item_id:?}")))?;
            items.remove(i);
        }
        ChecklistEdit::Add { title, owner, .. } => {
            if at.is_some() {
                return Err(problem(
                    "item",
                    format!("the checklist already has an item {item_id:?}"),
                ));
            }
            items.push(ReadinessItem {
                id: item_id.clone(),
                title: non_empty(title).or_else(required_title),
                owner: non_empty(owner),
                state: ItemState::Open,
                done_at: None,
                note: None,
                x: None,
            });
        }
    }
    Ok(items)
}

/// A copy of release `id` to edit and save, or not-found.
fn release_copy(plan: &Plan, id: &str) -> Result<Release, AppError> {
    plan.release(id).cloned().ok_or_else(|| not_found(id))
}

fn not_found(release: &str) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        format!("there is no release {release:?} in the plan"),
    )
}

impl AppService {
    /// The governance of one release for the CAB view.
    pub fn release_governance(&self, release: &str) -> Result<ReleaseGovernanceView, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let r = plan.release(release).ok_or_else(|| not_found(release))?;
            let g = &r.governance;
            let emergency = r.change_type == ChangeType::Emergency;
            Ok(ReleaseGovernanceView {
                release: r.id.0.clone(),
                emergency,
                checklist: checklist_lines(plan, r),
                decision: g.decision.as_ref().map(|d| GoNoGoView {
                    by: d.by.clone(),
                    at: format_instant(d.at),
                    outcome: d.outcome.as_str().to_owned(),
                    conditions: d.conditions.clone(),
                }),
                waivers: plan
                    .waivers
                    .iter()
                    .filter(|w| w.release == r.id)
                    .map(|w| WaiverView {
                        id: w.id.0.clone(),
                        rules: w.rules.iter().map(|r| r.as_str().to_owned()).collect(),
                        granted_by: w.granted_by.clone(),
                        reason: w.reason.clone(),
                        granted_at: format_instant(w.granted_at),
                        expires: format_instant(w.expires),
                    })
                    .collect(),
                review_due: (emergency || g.review_due.is_some())
                    .then(|| review_due(plan, r))
                    .flatten()
                    .map(format_instant),
                review: g.review.as_ref().map(|v| ReviewView {
                    by: v.by.clone(),
                    recorded_at: format_instant(v.recorded_at),
                    summary: v.summary.clone(),
                    root_cause: v.root_cause.clone(),
                    follow_ups: v.follow_ups.clone(),
                }),
            })
        })
    }

    /// Changes one item of a release's checklist (done and waived: now, UTC)
    /// as one edit.
    pub fn edit_checklist(
        &self,
        release: &str,
        edit: &ChecklistEdit,
    ) -> Result<PlanSummary, AppError> {
        let now = Utc::now().trunc_subsecs(0);
        self.with_open(|open| {
            let mut r = release_copy(open.plan(), release)?;
            r.governance.readiness = edited_checklist(open.plan(), &r, edit, now)?;
            let verb = match edit {
                ChecklistEdit::Done { .. } => "tick",
                ChecklistEdit::Waive { .. } => "waive",
                ChecklistEdit::Reopen { .. } => "reopen",
                ChecklistEdit::Remove { .. } => "remove",
                ChecklistEdit::Add { .. } => "add",
            };
            let (ChecklistEdit::Done { item }
            | ChecklistEdit::Waive { item, .. }
            | ChecklistEdit::Reopen { item }
            | ChecklistEdit::Remove { item }
            | ChecklistEdit::Add { item, .. }) = edit;
            let label = format!("{verb} {} on the checklist of {release}", item.trim());
            save_release(open, &label, r, "the checklist")
        })
    }

    /// Records the go/no-go decision of a release (`at` = now, UTC) as one
    /// edit, replacing any earlier one. On a team plan it is by the database
    /// login, whatever `by` says.
    pub fn record_go_no_go(
        &self,
        release: &str,
        by: &str,
        outcome: &str,
        conditions: &[String],
    ) -> Result<PlanSummary, AppError> {
        let what = "the go/no-go decision";
        let login = self.team_login()?;
        let Some(by) = login.or_else(|| non_empty(by)) else {
            return Err(AppError::invalid_entity(
                what,
                vec![FieldProblem::new("by", "say who decided")],
            ));
        };
        let outcome = GoNoGoOutcome::ALL
            .into_iter()
            .find(|o| o.as_str() == outcome)
            .ok_or_else(|| {
                AppError::invalid_entity(
                    what,
                    vec![FieldProblem::new(
                        "outcome",
                        format!("expected \"go\" or \"no_go\", got {outcome:?}"),
                    )],
                )
            })?;
        self.with_open(|open| {
            let mut r = release_copy(open.plan(), release)?;
            r.governance.decision = Some(GoNoGo {
                by: by.clone(),
                at: Utc::now().trunc_subsecs(0),
                outcome,
                conditions: conditions.iter().filter_map(|c| non_empty(c)).collect(),
                x: None,
            });
            let label = format!(
                "{} for {release} ({by})",
                match outcome {
                    GoNoGoOutcome::Go => "go",
                    GoNoGoOutcome::NoGo => "no go",
                }
            );
            save_release(open, &label, r, what)
        })
    }

    /// Records the post-implementation review of a release (`recorded_at` =
    /// now, UTC) as one edit. An empty summary is a problem on `summary`.
    pub fn record_review(
        &self,
        release: &str,
        by: &str,
        summary_text: &str,
        root_cause: &str,
        follow_ups: &[String],
    ) -> Result<PlanSummary, AppError> {
        let what = "the review";
        let login = self.team_login()?;
        let mut problems = vec![];
        let by = login.or_else(|| non_empty(by));
        if by.is_none() {
            problems.push(FieldProblem::new("by", "say who recorded the review"));
        }
        let text = non_empty(summary_text);
        if text.is_none() {
            problems.push(FieldProblem::new("summary", "summarise the review"));
        }
        let (Some(by), Some(text)) = (by, text) else {
            return Err(AppError::invalid_entity(what, problems));
        };
        self.with_open(|open| {
            let mut r = release_copy(open.plan(), release)?;
            r.governance.review = Some(Review {
                by: by.clone(),
                recorded_at: Utc::now().trunc_subsecs(0),
                summary: text,
                root_cause: non_empty(root_cause),
                follow_ups: follow_ups.iter().filter_map(|f| non_empty(f)).collect(),
                x: None,
            });
            save_release(open, &format!("review of {release} ({by})"), r, what)
        })
    }
}

fn save_release(
    open: &mut super::open::Open,
    label: &str,
    release: Release,
    what: &str,
) -> Result<PlanSummary, AppError> {
    let base = open.store.revision();
    open.store
        .apply(base, label, &[Change::put(Entity::Release(release))])
        .map_err(|e| entity_error(what, e))?;
    open.rechecked();
    summary(open)
}
