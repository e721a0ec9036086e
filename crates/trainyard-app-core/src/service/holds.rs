//! Holds ("stop the line") and bookings in the window: what a hold would
//! stop before it is put on, putting it on and lifting it (each one edit),
//! and the holds, bookings and team unavailability the calendar draws.

use chrono::{SubsecRound, Utc};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::plan::{Hold, HoldId, HoldScope, Holder};
use trainyard_core::time::{format_instant, parse_instant, Instant};
use trainyard_core::{
    Deployment, DeploymentStatus, EnvironmentId, Plan, ReleaseId, ReleaseStatus, ServiceId,
};

use super::entities::{entity_error, non_empty};
use super::{named, summary, AppService};
use crate::dto::{
    BookingBand, GovernanceLayers, HeldDeployment, HoldBand, HoldPreview, HoldRequest, PlanSummary,
    UnavailableBand,
};
use crate::error::{AppError, ErrorCode, FieldProblem};

/// The deployments a hold of `scope` over `[from, until)` would cover: those
/// the `on-hold` rule would flag (deployments that take part in the rules:
/// not rolled back, of a release that is not cancelled), by start then id.
pub fn deployments_held<'p>(
    plan: &'p Plan,
    scope: &HoldScope,
    from: Instant,
    until: Option<Instant>,
) -> Vec<&'p Deployment> {
    let mut held: Vec<&Deployment> = plan
        .deployments
        .iter()
        .filter(|d| {
            d.status() != DeploymentStatus::RolledBack
                && plan
                    .release(d.release.as_str())
                    .is_some_and(|r| r.status() != ReleaseStatus::Cancelled)
                && scope.covers(&d.release, &d.service, &d.environment)
                && from < d.end
                && until.is_none_or(|u| d.start < u)
        })
        .collect();
    held.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    held
}

fn problem(field: &str, message: impl Into<String>) -> AppError {
    AppError::invalid_entity("the hold", vec![FieldProblem::new(field, message)])
}

/// The scope, from and until of a hold request, checked against the plan.
fn parse_request(
    plan: &Plan,
    req: &HoldRequest,
) -> Result<(HoldScope, Instant, Option<Instant>), AppError> {
    let target = req.target.as_deref().and_then(non_empty);
    let known = |exists: bool, what: &str, id: &str| {
        if exists {
            Ok(())
        } else {
            Err(problem("target", format!("there is no {what} {id:?}")))
        }
    };
    let scope = match (req.scope.as_str(), target) {
        ("plan", _) => HoldScope::Plan,
        ("environment" | "service" | "release", None) => {
            return Err(problem("target", format!("choose the {}", req.scope)))
        }
        ("environment", Some(t)) => {
            known(plan.environment(&t).is_some(), "environment", &t)?;
            HoldScope::Environment(EnvironmentId::new(t))
        }
        ("service", Some(t)) => {
            known(plan.service(&t).is_some(), "service", &t)?;
            HoldScope::Service(ServiceId::new(t))
        }
        ("release", Some(t)) => {
            known(plan.release(&t).is_some(), "release", &t)?;
            HoldScope::Release(ReleaseId::new(t))
        }
        (other, _) => {
            return Err(problem(
                "scope",
                format!("expected plan, environment, service or release, got {other:?}"),
            ))
        }
    };
    let from = parse_instant(&req.from).map_err(|e| problem("from", e.to_string()))?;
    let until = match req.until.as_deref().and_then(non_empty) {
        None => None,
        Some(u) => {
            let u = parse_instant(&u).map_err(|e| problem("until", e.to_string()))?;
            if u <= from {
                return Err(problem("until", "the hold must end after it starts"));
            }
            Some(u)
        }
    };
    Ok((scope, from, until))
}

fn held_view(plan: &Plan, d: &Deployment) -> HeldDeployment {
    let name = |id: &str, found: Option<&str>| named(id, found.unwrap_or(id));
    HeldDeployment {
        id: d.id.0.clone(),
        release: name(
            d.release.as_str(),
            plan.release(d.release.as_str()).map(|r| r.display_name()),
        ),
        service: name(
            d.service.as_str(),
            plan.service(d.service.as_str()).map(|s| s.display_name()),
        ),
        environment: name(
            d.environment.as_str(),
            plan.environment(d.environment.as_str())
                .map(|e| e.display_name()),
        ),
        start: format_instant(d.start),
        end: format_instant(d.end),
    }
}

/// The first free id `hold-1`, `hold-2`, …
fn new_hold_id(plan: &Plan) -> HoldId {
    let taken = |id: &str| plan.holds.iter().any(|h| h.id.as_str() == id);
    let n = (1..).find(|n| !taken(&format!("hold-{n}"))).unwrap_or(1);
    HoldId::new(format!("hold-{n}"))
}

/// A hold on the calendar: its words and the lanes it covers.
fn hold_band(plan: &Plan, h: &Hold) -> HoldBand {
    let (environments, services) = match &h.scope {
        HoldScope::Plan => (vec![], vec![]),
        HoldScope::Environment(e) => (vec![e.0.clone()], vec![]),
        HoldScope::Service(s) => (vec![], vec![s.0.clone()]),
        // A release's lanes: where it deploys (its services, in its environments).
        HoldScope::Release(r) => {
            let mut envs: Vec<String> = vec![];
            let mut svcs: Vec<String> = vec![];
            for d in plan.deployments.iter().filter(|d| &d.release == r) {
                if !envs.contains(&d.environment.0) {
                    envs.push(d.environment.0.clone());
                }
                if !svcs.contains(&d.service.0) {
                    svcs.push(d.service.0.clone());
                }
            }
            (envs, svcs)
        }
    };
    let target = h.scope.target().unwrap_or_default();
    let what = match &h.scope {
        HoldScope::Plan => "the whole plan".to_owned(),
        HoldScope::Environment(_) => format!(
            "environment {}",
            plan.environment(target)
                .map_or(target, |e| e.display_name())
        ),
        HoldScope::Service(_) => format!(
            "service {}",
            plan.service(target).map_or(target, |s| s.display_name())
        ),
        HoldScope::Release(_) => format!(
            "release {}",
            plan.release(target).map_or(target, |r| r.display_name())
        ),
    };
    HoldBand {
        id: h.id.0.clone(),
        scope: h.scope.kind().to_owned(),
        target: h.scope.target().map(str::to_owned),
        what,
        reason: h.reason.clone(),
        by: h.by.clone(),
        from: format_instant(h.from),
        until: h.until.map(format_instant),
        environments,
        services,
    }
}

fn holder_name(plan: &Plan, holder: &Holder) -> String {
    let id = holder.id();
    match holder {
        Holder::Train(_) => plan.train(id).map(|t| t.display_name()),
        Holder::Team(_) => plan.team(id).map(|t| t.display_name()),
        Holder::Release(_) => plan.release(id).map(|r| r.display_name()),
    }
    .unwrap_or(id)
    .to_owned()
}

impl AppService {
    /// What putting the hold on would stop: the deployments it would cover
    /// and the error count after (each becomes one `on-hold` error: a new
    /// hold does not allow waivers). The plan does not change.
    pub fn preview_hold(&self, req: &HoldRequest) -> Result<HoldPreview, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let (scope, from, until) = parse_request(plan, req)?;
            let held = deployments_held(plan, &scope, from, until);
            let errors_now = open.checker().counts().0;
            Ok(HoldPreview {
                errors_now,
                errors_after: errors_now + held.len(),
                deployments: held.iter().map(|d| held_view(plan, d)).collect(),
            })
        })
    }

    /// Puts a hold on as one edit, by the user (on a team plan the database
    /// login), with the first free id `hold-N`.
    pub fn place_hold(&self, req: &HoldRequest) -> Result<PlanSummary, AppError> {
        let login = self.team_login()?;
        self.with_open(|open| {
            let by = login.unwrap_or_else(|| open.store.user().to_owned());
            let (scope, from, until) = parse_request(open.plan(), req)?;
            let hold = Hold {
                id: new_hold_id(open.plan()),
                scope,
                reason: non_empty(&req.reason),
                by: Some(by),
                from,
                until,
                allow_waiver: false,
                x: None,
            };
            let label = format!("put {} on hold", hold_band(open.plan(), &hold).what);
            let base = open.store.revision();
            open.store
                .apply(base, &label, &[Change::put(Entity::Hold(hold))])
                .map_err(|e| entity_error("the hold", e))?;
            open.rechecked();
            summary(open)
        })
    }

    /// Lifts a hold as one edit: it ends now; one that has not started yet
    /// is removed (it would otherwise end before it starts).
    pub fn lift_hold(&self, id: &str) -> Result<PlanSummary, AppError> {
        let now = Utc::now().trunc_subsecs(0);
        self.with_open(|open| {
            let mut hold = open
                .plan()
                .holds
                .iter()
                .find(|h| h.id.as_str() == id)
                .cloned()
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::NotFound,
                        format!("there is no hold {id:?} in the plan"),
                    )
                })?;
            let change = if hold.from >= now {
                Change::Delete {
                    kind: trainyard_core::format::EntityKind::Hold,
                    id: id.to_owned(),
                }
            } else {
                if hold.until.is_some_and(|u| u <= now) {
                    return Err(AppError::invalid_input(format!(
                        "hold {id:?} has already ended"
                    )));
                }
                hold.until = Some(now);
                Change::put(Entity::Hold(hold))
            };
            let base = open.store.revision();
            open.store
                .apply(base, &format!("lift hold {id}"), &[change])
                .map_err(|e| entity_error("the hold", e))?;
            open.rechecked();
            summary(open)
        })
    }

    /// The holds, bookings and teams' unavailable periods that meet
    /// `[from, to)`, for the calendar.
    pub fn governance_layers(&self, from: &str, to: &str) -> Result<GovernanceLayers, AppError> {
        let parse = |what: &str, s: &str| {
            parse_instant(s).map_err(|e| AppError::invalid_input(format!("{what}: {e}")))
        };
        let (from, to) = (parse("from", from)?, parse("to", to)?);
        self.with_open(|open| {
            let plan = open.plan();
            Ok(GovernanceLayers {
                holds: plan
                    .holds
                    .iter()
                    .filter(|h| h.overlaps(from, to))
                    .map(|h| hold_band(plan, h))
                    .collect(),
                bookings: plan
                    .bookings
                    .iter()
                    .filter(|b| b.from < to && from < b.until)
                    .map(|b| BookingBand {
                        id: b.id.0.clone(),
                        environment: b.environment.0.clone(),
                        services: b.services.iter().map(|s| s.0.clone()).collect(),
                        holder_kind: b.holder.kind().to_owned(),
                        holder: named(b.holder.id(), &holder_name(plan, &b.holder)),
                        from: format_instant(b.from),
                        until: format_instant(b.until),
                        exclusive: b.exclusive,
                        note: b.note.clone(),
                    })
                    .collect(),
                unavailable: plan
                    .teams
                    .iter()
                    .flat_map(|t| {
                        let mut periods: Vec<_> = t
                            .unavailable
                            .iter()
                            .filter(|u| u.start < to && from < u.end)
                            .collect();
                        periods.sort_by_key(|u| u.start);
                        periods.into_iter().map(move |u| UnavailableBand {
                            team: named(t.id.as_str(), t.display_name()),
                            start: format_instant(u.start),
                            end: format_instant(u.end),
                            reason: u.reason.clone(),
                        })
                    })
                    .collect(),
            })
        })
    }

    /// Every hold of the plan, for the holds list (not only those in view).
    pub fn holds(&self) -> Result<Vec<HoldBand>, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            Ok(plan.holds.iter().map(|h| hold_band(plan, h)).collect())
        })
    }
}
