//! The calendar's commands: the visible range, the conflicts, and moving a
//! deployment (a drag frame's preview, a drop's commit), undo and redo.

use chrono::Duration;
use trainyard_core::edit::{Change, Entity};
use trainyard_core::time::{format_instant, parse_instant, resolve_local, to_local, Instant};
use trainyard_core::windows::occurrences;
use trainyard_core::{DeploymentId, EnvironmentId, Plan};

use super::conflict_views::conflict_views;
use super::open::{Open, Recheck};
use super::summary::{counts, summary};
use super::AppService;
use crate::dto::*;
use crate::error::AppError;

fn worst_of(conflicts: &[trainyard_core::Conflict]) -> Option<Severity> {
    conflicts.iter().map(|c| Severity::from(c.severity)).min()
}

fn parse_time(what: &str, s: &str) -> Result<Instant, AppError> {
    parse_instant(s).map_err(|e| AppError::invalid_input(format!("{what}: {e}")))
}

impl AppService {
    /// Deployments, window occurrences and train departures (with their code
    /// freezes) that intersect `[from, to)`.
    pub fn visible_range(&self, from: &str, to: &str) -> Result<VisibleRange, AppError> {
        let (from_t, to_t) = (parse_time("from", from)?, parse_time("to", to)?);
        if from_t >= to_t {
            return Err(AppError::invalid_input(
                "the range must end after it starts",
            ));
        }
        self.with_open(|open| {
            let plan = open.plan();
            let deployments = plan
                .deployments
                .iter()
                .filter(|d| d.start < to_t && d.end > from_t)
                .map(|d| bar(open, d))
                .collect();
            Ok(VisibleRange {
                from: format_instant(from_t),
                to: format_instant(to_t),
                deployments,
                windows: window_bands(plan, from_t, to_t),
                trains: train_marks(plan, from_t, to_t),
            })
        })
    }

    /// Every conflict of the plan, in report order.
    pub fn conflicts(&self) -> Result<Vec<ConflictView>, AppError> {
        self.with_open(|open| {
            let checker = open.checker();
            Ok(conflict_views(
                checker,
                open.report().conflicts.iter().cloned(),
            ))
        })
    }

    /// What moving a deployment would break, without changing the plan: the
    /// checker moves the deployment incrementally, answers, and moves it back.
    pub fn preview_move(
        &self,
        id: &str,
        start: &str,
        end: &str,
        environment: &str,
    ) -> Result<MovePreview, AppError> {
        let (start_t, end_t) = (parse_time("start", start)?, parse_time("end", end)?);
        self.with_open(|open| {
            let dep_id = DeploymentId::new(id);
            if open.checker().deployment(&dep_id).is_none() {
                return Err(no_deployment(&dep_id));
            }
            let env = EnvironmentId::new(environment);
            let preview =
                open.store
                    .document_mut()
                    .try_move(&dep_id, start_t, end_t, &env, |checker| {
                        let conflicts = checker.conflicts_of(&dep_id);
                        MovePreview {
                            id: id.to_owned(),
                            severity: worst_of(&conflicts),
                            counts: counts(checker),
                            conflicts: conflict_views(checker, conflicts),
                        }
                    })?;
            Ok(preview)
        })
    }

    /// Moves a deployment as one saved, undoable edit, and answers with
    /// everything the calendar redraws from: the new summary (with the plan's
    /// counts), the moved bar and the bars whose colour changed. The
    /// conflicts panel asks for its digest on its own.
    pub fn commit_move(
        &self,
        id: &str,
        start: &str,
        end: &str,
        environment: &str,
    ) -> Result<CommittedMove, AppError> {
        let (start_t, end_t) = (parse_time("start", start)?, parse_time("end", end)?);
        self.with_open(|open| {
            let recheck =
                move_deployment(open, id, start_t, end_t, environment, &format!("move {id}"))?;
            committed_move(open, id, recheck)
        })
    }

    pub fn undo(&self) -> Result<PlanSummary, AppError> {
        self.with_open(|open| {
            open.undo()?;
            summary(open)
        })
    }

    pub fn redo(&self) -> Result<PlanSummary, AppError> {
        self.with_open(|open| {
            open.redo()?;
            summary(open)
        })
    }
}

/// The answer to a committed move, from the one report read after it.
fn committed_move(open: &Open, id: &str, recheck: Recheck) -> Result<CommittedMove, AppError> {
    let bar_of = |id: &str| {
        open.checker()
            .deployment(&DeploymentId::new(id))
            .map(|d| bar(open, d))
    };
    let moved = bar_of(id).ok_or_else(|| no_deployment(&DeploymentId::new(id)))?;
    Ok(CommittedMove {
        summary: summary(open)?,
        moved,
        recoloured: recheck
            .recoloured
            .iter()
            .filter(|r| r.as_str() != id)
            .filter_map(|r| bar_of(r))
            .collect(),
    })
}

/// Moves a deployment as one edit labelled `label`; the checker follows
/// incrementally (see `document.rs`).
pub(super) fn move_deployment(
    open: &mut Open,
    id: &str,
    start: Instant,
    end: Instant,
    environment: &str,
    label: &str,
) -> Result<Recheck, AppError> {
    let dep_id = DeploymentId::new(id);
    let mut moved = current(open, &dep_id)?;
    if start >= end {
        return Err(AppError::invalid_input(
            "a deployment must end after it starts",
        ));
    }
    moved.start = start;
    moved.end = end;
    moved.environment = EnvironmentId::new(environment);
    open.edit(label, &[Change::put(Entity::Deployment(moved))])
}

pub(super) fn current(
    open: &Open,
    id: &DeploymentId,
) -> Result<trainyard_core::Deployment, AppError> {
    open.checker()
        .deployment(id)
        .cloned()
        .ok_or_else(|| no_deployment(id))
}

fn no_deployment(id: &DeploymentId) -> AppError {
    AppError::invalid_input(format!("there is no deployment {:?} in the plan", id.0))
}

pub(super) fn bar(open: &Open, d: &trainyard_core::Deployment) -> DeploymentBar {
    DeploymentBar {
        id: d.id.0.clone(),
        release: d.release.0.clone(),
        service: d.service.0.clone(),
        environment: d.environment.0.clone(),
        start: format_instant(d.start),
        end: format_instant(d.end),
        status: d.status().as_str().to_owned(),
        severity: open.worst(d.id.as_str()),
        actual: d.outcome.as_ref().map(|o| ActualRun {
            started: format_instant(o.started),
            finished: o.finished.map(format_instant),
            result: o.result.map(RunResult::from),
            overrun: o.finished.is_some_and(|f| f > d.end),
        }),
    }
}

/// Train departures whose code freeze or departure falls in `[from, to)`:
/// departures are local wall times in the plan's zone (`rrule` from `start`,
/// or `start` alone), each with its freeze before it.
/// The occurrences of every window that intersect `[from, to)`.
pub(super) fn window_bands(plan: &Plan, from: Instant, to: Instant) -> Vec<WindowBand> {
    let mut windows = vec![];
    for w in &plan.windows {
        for o in occurrences(w, from, to) {
            windows.push(WindowBand {
                window: w.id.0.clone(),
                name: w.display_name().to_owned(),
                kind: w.kind.into(),
                start: format_instant(o.start),
                end: format_instant(o.end),
                environments: w.scope.environments.iter().map(|e| e.0.clone()).collect(),
                services: w.scope.services.iter().map(|s| s.0.clone()).collect(),
            });
        }
    }
    windows
}

pub(crate) fn train_marks(plan: &Plan, from: Instant, to: Instant) -> Vec<TrainMark> {
    let tz = plan.timezone;
    let mut out = vec![];
    for train in &plan.trains {
        let Some(start) = train.start else { continue };
        let freeze = train.freeze.unwrap_or_default();
        let departures = match &train.rrule {
            Some(rule) => {
                let from_l = to_local(from, tz) - freeze.max_exact() - Duration::days(1);
                let to_l = to_local(to, tz) + Duration::days(1);
                rule.expand(start, tz, from_l, to_l)
            }
            None => vec![start],
        };
        for dep in departures {
            let at = resolve_local(dep, tz);
            let freeze_start = resolve_local(
                dep - Duration::days(freeze.days) - Duration::seconds(freeze.seconds),
                tz,
            );
            if freeze_start < to && at >= from {
                out.push((
                    at,
                    TrainMark {
                        train: train.id.0.clone(),
                        name: train.display_name().to_owned(),
                        departure: format_instant(at),
                        freeze_start: format_instant(freeze_start),
                    },
                ));
            }
        }
    }
    out.sort_by(|a, b| (a.0, &a.1.train).cmp(&(b.0, &b.1.train)));
    out.into_iter().map(|(_, m)| m).collect()
}
