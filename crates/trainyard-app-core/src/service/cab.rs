//! What the CAB reads about a release, the audit trail, and the next free
//! slot for a deployment.

use std::collections::HashMap;

use trainyard_core::graph::blast_radius;
use trainyard_core::risk::risk_score;
use trainyard_core::time::{format_instant, human_time, parse_instant};
use trainyard_core::{DeploymentId, Plan, Release, ReleaseStatus, ServiceId};

use super::{
    bar, environments_in_order, move_deployment, named, release_info, summary, AppService,
};
use crate::dto::{
    Approval, AuditChange, AuditEntry, CabView, ConflictView, Decision, DependencyStatus,
    PlanSummary, SlotSuggestion,
};
use crate::error::AppError;

/// Most audit entries one call returns.
pub const AUDIT_PAGE_MAX: usize = 1000;

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
    /// The CAB view of one release.
    pub fn cab(&self, release: &str) -> Result<CabView, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let r = plan.release(release).ok_or_else(|| {
                AppError::new(
                    "not_found",
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
            let risk = risk_score(plan, &r.id)
                .ok_or_else(|| AppError::new("internal", "no risk score for the release"))?;
            let conflicts = open
                .checker
                .report()
                .conflicts
                .into_iter()
                .filter(|c| {
                    c.releases.contains(&r.id)
                        || c.deployments
                            .iter()
                            .any(|d| mine.iter().any(|m| m.id == *d))
                })
                .map(ConflictView::from)
                .collect();
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

    /// Audit entries newest first: at most `limit` (capped at 1000), with
    /// `seq` below `before_seq` when given (paging).
    pub fn audit_log(
        &self,
        limit: usize,
        before_seq: Option<u64>,
    ) -> Result<Vec<AuditEntry>, AppError> {
        self.with_open(|open| {
            let entries = open
                .store
                .audit_log(limit.min(AUDIT_PAGE_MAX), before_seq)?;
            Ok(entries
                .into_iter()
                .map(|e| AuditEntry {
                    seq: e.seq,
                    at: e.at,
                    user: e.user,
                    action: e.action,
                    changes: e
                        .changes
                        .as_array()
                        .map(|list| {
                            list.iter()
                                .map(|c| {
                                    let text = |k: &str| {
                                        c.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned()
                                    };
                                    AuditChange {
                                        kind: text("kind"),
                                        id: text("id"),
                                        before: c.get("before").cloned().unwrap_or_default(),
                                        after: c.get("after").cloned().unwrap_or_default(),
                                    }
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    hash: e.hash,
                })
                .collect())
        })
    }

    /// The earliest start, at or after the deployment's current one and with
    /// the same length, at which no error-severity conflict lists it.
    pub fn suggest_slot(&self, id: &str) -> Result<SlotSuggestion, AppError> {
        self.with_open(|open| {
            let dep = super::current(open, &DeploymentId::new(id))?;
            let s = open.checker.suggest(&dep.id)?;
            let tz = open.plan().timezone;
            let reason = match (&s.start, s.unchanged) {
                (Some(_), true) => "No error conflicts where it is now; it can stay.".to_owned(),
                (Some(start), false) => {
                    let at = parse_instant(start)
                        .map(|t| human_time(t, tz))
                        .unwrap_or_else(|_| start.clone());
                    format!("The earliest start without errors is {at}.")
                }
                (None, _) => {
                    let why = s
                        .reason
                        .clone()
                        .unwrap_or_else(|| "no free slot found".into());
                    let mut c = why.chars();
                    match c.next() {
                        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
                        None => why,
                    }
                }
            };
            Ok(SlotSuggestion {
                id: id.to_owned(),
                start: s.start,
                end: s.end,
                environment: dep.environment.0,
                reason,
            })
        })
    }

    /// Moves the deployment to its suggested slot as one edit ("move d3 to
    /// next free slot"). Refused with `no_slot` when none is found; a
    /// deployment that can stay is left as it is.
    pub fn apply_suggestion(&self, id: &str) -> Result<PlanSummary, AppError> {
        let s = self.suggest_slot(id)?;
        let (Some(start), Some(end)) = (&s.start, &s.end) else {
            return Err(AppError::new("no_slot", s.reason));
        };
        let (start, end) = (
            parse_instant(start).map_err(|e| AppError::new("internal", e.to_string()))?,
            parse_instant(end).map_err(|e| AppError::new("internal", e.to_string()))?,
        );
        self.with_open(|open| {
            let dep = super::current(open, &DeploymentId::new(id))?;
            if dep.start != start || dep.end != end {
                move_deployment(
                    open,
                    id,
                    start,
                    end,
                    &s.environment,
                    &format!("move {id} to next free slot"),
                )?;
            }
            summary(open)
        })
    }
}
