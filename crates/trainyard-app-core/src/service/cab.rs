//! The change advisory board's side of a release: what it reads (the CAB
//! view) and what it decides (approvals and rejections, each one edit).

use std::collections::HashMap;

use chrono::{SubsecRound, Utc};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::graph::blast_radius;
use trainyard_core::plan;
use trainyard_core::risk::risk_score;
use trainyard_core::time::format_instant;
use trainyard_core::{Plan, Release, ReleaseStatus, ServiceId};

use super::conflict_views::conflict_views;
use super::entities::{entity_error, non_empty};
use super::{bar, environments_in_order, named, release_info, summary, AppService};
use crate::dto::{Approval, CabView, Decision, DependencyStatus, PlanSummary, ReleaseConflicts};
use crate::error::{AppError, ErrorCode, FieldProblem};

/// Approvals the policy requires of `release`: the most any environment
/// that requires approval and where it deploys asks for (0 when none, or
/// when the release is cancelled). The same rule as the engine's
/// `unapproved` and the CAB sheet.
pub fn required_for(plan: &Plan, release: &Release) -> u32 {
    plan.approval_needs(release)
        .iter()
        .map(|n| n.required)
        .max()
        .unwrap_or(0)
}

impl AppService {
    /// How many open conflicts name each release, for the releases that have
    /// any, in the plan's release order: the picker's counts without the
    /// whole conflict list (thousands of cards on a large plan).
    pub fn release_conflicts(&self) -> Result<Vec<ReleaseConflicts>, AppError> {
        self.with_open(|open| {
            let mut counts: HashMap<&str, u32> = HashMap::new();
            for c in &open.report().conflicts {
                for (i, r) in c.releases.iter().enumerate() {
                    // A conflict counts once per release it names.
                    if !c.releases[..i].contains(r) {
                        *counts.entry(r.as_str()).or_default() += 1;
                    }
                }
            }
            Ok(open
                .plan()
                .releases
                .iter()
                .filter_map(|r| {
                    counts.get(r.id.as_str()).map(|&n| ReleaseConflicts {
                        release: r.id.to_string(),
                        conflicts: n,
                    })
                })
                .collect())
        })
    }

    /// The CAB view of one release.
    pub fn cab(&self, release: &str) -> Result<CabView, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let r = plan.release(release).ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("there is no release {release:?} in the plan"),
                )
            })?;
            let mut mine: Vec<_> = plan
                .deployments
                .iter()
                .filter(|d| d.release == r.id)
                .collect();
            let rank: HashMap<&str, usize> = environments_in_order(plan)
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect();
            mine.sort_by(|a, b| {
                (rank.get(a.environment.as_str()), a.start, &a.id).cmp(&(
                    rank.get(b.environment.as_str()),
                    b.start,
                    &b.id,
                ))
            });
            let touched: Vec<ServiceId> = plan
                .services
                .iter()
                .filter(|s| mine.iter().any(|d| d.service == s.id))
                .map(|s| s.id.clone())
                .collect();
            let service_named = |id: &ServiceId| {
                named(
                    id.as_str(),
                    plan.service(id.as_str())
                        .map_or(id.as_str(), |s| s.display_name()),
                )
            };
            let risk = risk_score(plan, &r.id).ok_or_else(|| {
                AppError::new(ErrorCode::Internal, "no risk score for the release")
            })?;
            let checker = open.checker();
            let mine_conflicts = open.report().conflicts.iter().filter(|c| {
                c.releases.contains(&r.id)
                    || c.deployments
                        .iter()
                        .any(|d| mine.iter().any(|m| m.id == *d))
            });
            let conflicts = conflict_views(checker, mine_conflicts.cloned());
            Ok(CabView {
                release: release_info(r),
                owner: r.owner.clone(),
                description: r.description.clone(),
                rollback_plan: r.rollback_plan.clone(),
                success_criteria: r.success_criteria.clone(),
                services_touched: touched.iter().map(service_named).collect(),
                blast_radius: blast_radius(plan, &touched)
                    .iter()
                    .map(service_named)
                    .collect(),
                risk: risk.into(),
                conflicts,
                approvals: r
                    .approvals
                    .iter()
                    .map(|a| Approval {
                        by: a.by.clone(),
                        role: a.role.clone(),
                        decision: match a.decision {
                            trainyard_core::Decision::Approved => Decision::Approved,
                            trainyard_core::Decision::Rejected => Decision::Rejected,
                        },
                        at: a.at.map(format_instant),
                        comment: a.comment.clone(),
                    })
                    .collect(),
                required_approvals: required_for(plan, r),
                dependencies: r
                    .depends_on
                    .iter()
                    .map(|id| {
                        let dep = plan.release(id.as_str());
                        DependencyStatus {
                            id: id.0.clone(),
                            name: dep.map_or(id.as_str(), |d| d.display_name()).to_owned(),
                            status: dep
                                .map_or(ReleaseStatus::default(), Release::status)
                                .as_str()
                                .to_owned(),
                        }
                    })
                    .collect(),
                deployments: mine.iter().map(|d| bar(open, d)).collect(),
            })
        })
    }

    /// Appends a CAB decision to a release's approvals (`at` = now, UTC) as
    /// one edit. An empty `by` is a problem on `by`. On a team plan the
    /// decision is by the database login, whatever `by` says.
    pub fn record_decision(
        &self,
        release: &str,
        by: &str,
        role: &str,
        decision: &str,
        comment: &str,
    ) -> Result<PlanSummary, AppError> {
        let what = "the decision";
        let mut problems = vec![];
        let login = self.team_login()?;
        let Some(by) = login.or_else(|| non_empty(by)) else {
            problems.push(FieldProblem::new("by", "say who decided"));
            return Err(AppError::invalid_entity(what, problems));
        };
        let decision = match decision {
            "approved" => plan::Decision::Approved,
            "rejected" => plan::Decision::Rejected,
            other => {
                return Err(AppError::invalid_entity(
                    what,
                    vec![FieldProblem::new(
                        "decision",
                        format!("expected \"approved\" or \"rejected\", got {other:?}"),
                    )],
                ))
            }
        };
        self.with_open(|open| {
            let mut r = open.plan().release(release).cloned().ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("there is no release {release:?} in the plan"),
                )
            })?;
            r.approvals.push(plan::Approval {
                by: by.clone(),
                role: non_empty(role),
                decision,
                at: Some(Utc::now().trunc_subsecs(0)),
                comment: non_empty(comment),
                x: None,
            });
            let verb = match decision {
                plan::Decision::Approved => "approve",
                plan::Decision::Rejected => "reject",
            };
            let label = format!("{verb} {release} ({by})");
            let base = open.store.revision();
            open.store
                .apply(base, &label, &[Change::put(Entity::Release(r))])
                .map_err(|e| entity_error(what, e))?;
            open.rechecked();
            summary(open)
        })
    }
}
