//! Moving several deployments as one: a release dragged on the calendar,
//! optionally with the releases that depend on it, keeping the gaps between
//! them. The preview moves them all incrementally and back; the drop is one
//! store edit (one undo) that the checker also follows incrementally.

use std::collections::HashSet;

use trainyard_core::edit::{Change, Entity};
use trainyard_core::graph::DependencyGraph;
use trainyard_core::{Checker, DeploymentId, DeploymentStatus, EnvironmentId, ReleaseId};

use super::calendar::{bar, current};
use super::conflict_views::conflict_views;
use super::document::Move;
use super::summary::{counts, summary};
use super::AppService;
use crate::dto::*;
use crate::error::AppError;

impl AppService {
    /// The deployments that move together when `release` is dragged: its
    /// own and, with `with_dependents`, those of every release that depends
    /// on it directly or not. Deployments that have run stay where they are.
    pub fn group_move_set(
        &self,
        release: &str,
        with_dependents: bool,
    ) -> Result<GroupMoveSet, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let root = ReleaseId::new(release);
            if !plan.releases.iter().any(|r| r.id == root) {
                return Err(AppError::invalid_input(format!(
                    "there is no release {release:?} in the plan"
                )));
            }
            let dependents = if with_dependents {
                DependencyGraph::releases(plan)
                    .dependents_of([release])
                    .into_iter()
                    .filter(|r| r != release)
                    .collect()
            } else {
                vec![]
            };
            let members: HashSet<&str> = dependents
                .iter()
                .map(String::as_str)
                .chain([release])
                .collect();
            let (mut deployments, mut kept) = (vec![], vec![]);
            for d in plan
                .deployments
                .iter()
                .filter(|d| members.contains(d.release.as_str()))
            {
                if d.status() == DeploymentStatus::Planned && d.outcome.is_none() {
                    deployments.push(bar(open, d));
                } else {
                    kept.push(d.id.0.clone());
                }
            }
            Ok(GroupMoveSet {
                release: release.to_owned(),
                dependents,
                deployments,
                kept,
            })
        })
    }

    /// What moving every deployment of `moves` would break, without changing
    /// the plan (one drag frame).
    pub fn preview_group_move(&self, moves: &[MoveTarget]) -> Result<GroupMovePreview, AppError> {
        self.with_open(|open| {
            let moves = parse_moves(open.checker(), moves)?;
            let ids: Vec<DeploymentId> = moves.iter().map(|m| m.id.clone()).collect();
            let preview = open.store.document_mut().try_moves(&moves, |checker| {
                let conflicts = checker.conflicts_of_any(&ids);
                let members = ids
                    .iter()
                    .map(|id| GroupMemberPreview {
                        id: id.0.clone(),
                        severity: conflicts
                            .iter()
                            .filter(|c| c.involves_deployment(id))
                            .map(|c| Severity::from(c.severity))
                            .min(),
                    })
                    .collect();
                GroupMovePreview {
                    members,
                    conflicts: conflict_views(checker, conflicts),
                    counts: counts(checker),
                }
            })?;
            Ok(preview)
        })
    }

    /// Moves every deployment of `moves` as one saved, undoable edit, and
    /// answers with everything the calendar redraws from.
    pub fn commit_group_move(&self, moves: &[MoveTarget]) -> Result<CommittedGroupMove, AppError> {
        self.with_open(|open| {
            let parsed = parse_moves(open.checker(), moves)?;
            let mut changes = Vec::with_capacity(parsed.len());
            let mut releases: Vec<&str> = vec![];
            for m in &parsed {
                let mut d = current(open, &m.id)?;
                d.start = m.start;
                d.end = m.end;
                d.environment = m.environment.clone();
                changes.push(Change::put(Entity::Deployment(d)));
            }
            for m in moves {
                let release = open
                    .checker()
                    .deployment(&DeploymentId::new(&m.id))
                    .map(|d| d.release.as_str())
                    .unwrap_or_default();
                if !releases.contains(&release) {
                    releases.push(release);
                }
            }
            let label = match (releases.as_slice(), parsed.len()) {
                (_, 1) => format!("move {}", parsed[0].id),
                ([one], n) => format!("move {one} ({n} deployments)"),
                (_, n) => format!("move {n} deployments of {} releases", releases.len()),
            };
            let recheck = open.edit(&label, &changes)?;
            let moved_ids: HashSet<&str> = parsed.iter().map(|m| m.id.as_str()).collect();
            let bar_of = |id: &str| {
                open.checker()
                    .deployment(&DeploymentId::new(id))
                    .map(|d| bar(open, d))
            };
            Ok(CommittedGroupMove {
                summary: summary(open)?,
                moved: parsed
                    .iter()
                    .filter_map(|m| bar_of(m.id.as_str()))
                    .collect(),
                recoloured: recheck
                    .recoloured
                    .iter()
                    .filter(|r| !moved_ids.contains(r.as_str()))
                    .filter_map(|r| bar_of(r))
                    .collect(),
            })
        })
    }
}

/// The moves of a request, checked: known deployments, each once, known
/// environments, instants that parse, each ending after it starts.
fn parse_moves(checker: &Checker<'static>, moves: &[MoveTarget]) -> Result<Vec<Move>, AppError> {
    if moves.is_empty() {
        return Err(AppError::invalid_input(
            "a group move needs at least one deployment",
        ));
    }
    let plan = checker.plan();
    let mut seen = HashSet::new();
    moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let at = |what: &str| format!("moves[{i}] ({}): {what}", m.id);
            let id = DeploymentId::new(&m.id);
            if checker.deployment(&id).is_none() {
                return Err(AppError::invalid_input(at(
                    "there is no such deployment in the plan",
                )));
            }
            if !seen.insert(m.id.as_str()) {
                return Err(AppError::invalid_input(at("the deployment is moved twice")));
            }
            let environment = EnvironmentId::new(&m.environment);
            if !plan.environments.iter().any(|e| e.id == environment) {
                return Err(AppError::invalid_input(at(&format!(
                    "there is no environment {:?}",
                    m.environment
                ))));
            }
            let time = |what: &str, s: &str| {
                trainyard_core::time::parse_instant(s)
                    .map_err(|e| AppError::invalid_input(at(&format!("{what}: {e}"))))
            };
            let (start, end) = (time("start", &m.start)?, time("end", &m.end)?);
            if start >= end {
                return Err(AppError::invalid_input(at(
                    "a deployment must end after it starts",
                )));
            }
            Ok(Move {
                id,
                start,
                end,
                environment,
            })
        })
        .collect()
}
