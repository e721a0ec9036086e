//! Suggest (the next free slot for a deployment) and gate (may a deployment
//! happen here and now?).

use std::collections::BTreeSet;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::report::{Conflict, Rule, Severity};
use super::{sort_and_dedup, Checker, EngineError, GroupKey, Key};
use crate::plan::*;
use crate::time::{format_instant, Instant};

/// How far after its current start a suggestion may move a deployment.
pub const SEARCH_DAYS: i64 = 365;

/// The answer of suggest: a start and end, or none with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub deployment: DeploymentId,
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether the suggestion is the deployment's current start.
    #[serde(skip)]
    pub unchanged: bool,
}

impl Suggestion {
    pub fn found(&self) -> bool {
        self.start.is_some()
    }
}

fn error_rules_listing(conflicts: &[Conflict], id: &DeploymentId) -> BTreeSet<Rule> {
    conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error && c.involves_deployment(id))
        .map(|c| c.rule)
        .collect()
}

/// The earliest start at or after the deployment's current start (same
/// duration) at which no error-severity conflict lists it, trying starts up to
/// [`SEARCH_DAYS`] days later.
///
/// Only a handful of starts can be the earliest good one: the current start,
/// and the instants at which something that blocks it stops (another
/// deployment's end, a blackout occurrence's end, a maintenance coverage
/// interval's start, a hold's or an exclusive booking's end, a waiver's
/// grant, the first start whose readiness deadline a done item meets). Every error rule that lists a deployment becomes
/// satisfied, as the start moves later, only at one of those instants, so the
/// search tries them in order and stops at the first that works.
pub(crate) fn suggest(checker: &Checker, id: &DeploymentId) -> Result<Suggestion, EngineError> {
    let idx = checker.index();
    let d = idx
        .deployment(checker.plan(), id)
        .ok_or_else(|| EngineError::UnknownDeployment(id.0.clone()))?;
    let plan = checker.plan();
    let dep = &plan.deployments[d];
    let (start, end) = (dep.start, dep.end);
    let length = end - start;
    let env_id = dep.environment.clone();
    let found = |s: Instant, unchanged: bool| Suggestion {
        deployment: id.clone(),
        start: Some(format_instant(s)),
        end: Some(format_instant(s + length)),
        reason: None,
        unchanged,
    };
    if error_rules_listing(&checker.conflicts_of(id), id).is_empty() {
        return Ok(found(start, true));
    }
    let last = start + Duration::days(SEARCH_DAYS);
    let mut scratch = checker.clone();
    scratch.idx.ensure_horizon(plan, start, last + length);
    let candidates = candidate_starts(&scratch, d, start, last);
    let mut blocked_by: BTreeSet<Rule> = BTreeSet::new();
    for candidate in candidates {
        scratch.move_deployment_inner(id, candidate, candidate + length, &env_id, false)?;
        let rules = error_rules_listing(&scratch.conflicts_of(id), id);
        if rules.is_empty() {
            return Ok(found(candidate, candidate == start));
        }
        blocked_by.extend(rules);
    }
    let rules: Vec<&str> = blocked_by.iter().map(|r| r.as_str()).collect();
    Ok(Suggestion {
        deployment: id.clone(),
        start: None,
        end: None,
        reason: Some(format!(
            "no start within {SEARCH_DAYS} days after {} avoids every error: each candidate breaks {}",
            format_instant(start),
            if rules.is_empty() { "some rule".to_owned() } else { rules.join(", ") }
        )),
        unchanged: false,
    })
}

/// Every instant in `[from, last]` at which a constraint on deployment `d`
/// can start to hold, sorted, `from` first.
fn candidate_starts(checker: &Checker, d: usize, from: Instant, last: Instant) -> Vec<Instant> {
    let idx = checker.index();
    let plan = checker.plan();
    let (s, e, r) = (idx.dep_service(d), idx.dep_env(d), idx.dep_release(d));
    let mut out: BTreeSet<Instant> = BTreeSet::from([from]);
    let mut add = |t: Instant| {
        if t >= from && t <= last {
            out.insert(t);
        }
    };
    let ends_of = |list: &[usize]| -> Vec<Instant> {
        list.iter()
            .filter(|&&x| x != d)
            .map(|&x| plan.deployments[x].end)
            .collect()
    };
    // overlap: other deployments in the lane.
    let lane: Vec<usize> = idx.lanes[idx.pair(s, e)].iter().map(|x| x.d).collect();
    ends_of(&lane).into_iter().for_each(&mut add);
    // blackout: occurrence ends.
    for &w in &idx.blackouts_for[idx.pair(s, e)] {
        idx.occurrences[w].list.iter().for_each(|o| add(o.end));
    }
    // outside-window: coverage starts.
    idx.coverage_for(s, e)
        .iter()
        .for_each(|iv| add(iv.0.instant()));
    if let Some(r) = r {
        // dependency-order: ends of the releases this one depends on, here.
        for b in &plan.releases[r].depends_on {
            if let Some(&b) = idx.release_of.get(b) {
                ends_of(idx.release_env(b, e))
                    .into_iter()
                    .for_each(&mut add);
            }
        }
        // service-order: ends of this release's providers here.
        for &y in idx.release_env(r, e) {
            if idx.providers[s].contains(&idx.dep_service(y)) {
                add(plan.deployments[y].end);
            }
        }
        // promotion-order: ends of this service in earlier environments.
        if let Some(g) = idx.rs_of(d) {
            ends_of(idx.rs_members(g)).into_iter().for_each(&mut add);
        }
        // Waivers take effect when granted.
        for &w in idx.gov.waivers.get(&r).map(Vec::as_slice).unwrap_or(&[]) {
            add(plan.waivers[w].granted_at);
        }
        // not-ready: the first start whose deadline an item's done_at meets
        // (an hour either side of it too: nominal days across a change of
        // offset can land there).
        let release = &plan.releases[r];
        for req in idx.gov.required(release.change_type, e, idx.envs()) {
            let done = release
                .governance
                .readiness
                .iter()
                .find(|i| i.id == req.item && i.state != ItemState::Open)
                .and_then(|i| i.done_at);
            if let Some(done) = done {
                let local = crate::time::to_local(done, plan.timezone);
                for lead in &req.lead_times {
                    let t = lead.end_after(local, plan.timezone);
                    for t in [t - Duration::hours(1), t, t + Duration::hours(1)] {
                        add(t);
                    }
                }
            }
        }
    }
    // on-hold: the ends of holds; booking-conflict: the ends of exclusive
    // bookings of this environment.
    for hold in &plan.holds {
        if let Some(until) = hold.until {
            add(until);
        }
    }
    for booking in plan.bookings.iter().filter(|b| b.exclusive) {
        if booking.environment == plan.deployments[d].environment {
            add(booking.until);
        }
    }
    out.into_iter().collect()
}

/// A question a pipeline asks before it deploys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateRequest {
    pub service: ServiceId,
    pub environment: EnvironmentId,
    pub start: Instant,
    pub duration: Duration,
    pub release: Option<ReleaseId>,
    /// Id of the hypothetical deployment (default `gate`).
    pub id: DeploymentId,
}

/// Which policy decided the gate's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GatePolicyKind {
    /// The environment has no gate policy: errors block.
    #[default]
    Default,
    /// The environment's `gate` policy: errors, the warnings of the rules it
    /// lists and, if it asks, a success in the previous environment.
    Environment,
}

/// What made the gate block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateReasonKind {
    /// An error-severity conflict (always blocks).
    Error,
    /// A warning of a rule the environment's policy lists in `also_blocks_on`.
    Warning,
    /// The policy's `requires_previous_success` is not met.
    PreviousSuccess,
}

/// One reason the gate blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateReason {
    pub kind: GateReasonKind,
    /// The rule of the conflict (`None` for the previous-success requirement).
    pub rule: Option<Rule>,
    pub message: String,
}

/// The gate's answer. In JSON, an answer under the default policy is
/// `{"allowed", "conflicts"}` alone, exactly as for a plan of format version 1
/// (whose environments have no gate policy); under an environment's gate
/// policy it adds `policy`, `reasons` and `next_allowed`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GateResult {
    pub allowed: bool,
    /// The conflicts that block: errors, and the warnings the policy lists.
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub policy: GatePolicyKind,
    /// Why it blocks, one reason per blocking conflict and requirement.
    #[serde(default)]
    pub reasons: Vec<GateReason>,
    /// When blocked: the earliest later start (same duration, within
    /// [`SEARCH_DAYS`] days) at which the gate would allow it, if waiting can
    /// help at all.
    #[serde(default)]
    pub next_allowed: Option<String>,
}

impl Serialize for GateResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let full = self.policy != GatePolicyKind::Default;
        let mut st = s.serialize_struct("GateResult", if full { 5 } else { 2 })?;
        st.serialize_field("allowed", &self.allowed)?;
        st.serialize_field("conflicts", &self.conflicts)?;
        if full {
            st.serialize_field("policy", &self.policy)?;
            st.serialize_field("reasons", &self.reasons)?;
            st.serialize_field("next_allowed", &self.next_allowed)?;
        }
        st.end()
    }
}

/// Would a deployment of `service` to `environment` at `start` for `duration`
/// be allowed? Adds a hypothetical deployment to a copy of the plan and
/// reports the error conflicts that list it, plus the release's `unapproved`
/// error for that environment; an environment's gate policy adds the warnings
/// of the rules it lists and the previous-success requirement
/// (`docs/conflict-rules.md`, "Gate").
pub fn gate(plan: &Plan, request: &GateRequest) -> Result<GateResult, EngineError> {
    if plan.service(request.service.as_str()).is_none() {
        return Err(EngineError::UnknownService(request.service.0.clone()));
    }
    let Some(env) = plan.environment(request.environment.as_str()) else {
        return Err(EngineError::UnknownEnvironment(
            request.environment.0.clone(),
        ));
    };
    if let Some(r) = &request.release {
        if plan.release(r.as_str()).is_none() {
            return Err(EngineError::UnknownRelease(r.0.clone()));
        }
    }
    if plan.deployment(request.id.as_str()).is_some() {
        return Err(EngineError::DuplicateDeployment(request.id.0.clone()));
    }
    if request.duration <= Duration::zero() {
        return Err(EngineError::EmptyInterval);
    }
    let policy = env.gate.as_ref();
    let mut with_gate = plan.clone();
    with_gate.deployments.push(Deployment {
        id: request.id.clone(),
        // An empty release id names no release: the engine then treats the
        // deployment as belonging to none, so only lane, window, concurrency and
        // team rules apply to it.
        release: request
            .release
            .clone()
            .unwrap_or_else(|| ReleaseId(String::new())),
        service: request.service.clone(),
        environment: request.environment.clone(),
        start: request.start,
        end: request.start + request.duration,
        strategy: None,
        wave: None,
        status: None,
        outcome: None,
        x: None,
    });
    let checker = Checker::owned(with_gate);
    let conflicts = blocking_conflicts(&checker, request, policy)?;
    let previous = match policy {
        Some(p) if p.requires_previous_success => previous_success_missing(plan, request, env),
        _ => None,
    };
    let mut reasons: Vec<GateReason> = conflicts
        .iter()
        .map(|c| GateReason {
            kind: if c.severity == Severity::Error {
                GateReasonKind::Error
            } else {
                GateReasonKind::Warning
            },
            rule: Some(c.rule),
            message: c.message.clone(),
        })
        .collect();
    reasons.extend(previous.map(|message| GateReason {
        kind: GateReasonKind::PreviousSuccess,
        rule: None,
        message,
    }));
    let allowed = reasons.is_empty();
    // Waiting cannot bring a success, an approval or a missing dependency.
    let waiting_helps = reasons.iter().all(|r| {
        !matches!(
            r.rule,
            None | Some(Rule::Unapproved | Rule::DependencyMissing | Rule::DependencyCycle)
        )
    });
    let next_allowed = if allowed || !waiting_helps {
        None
    } else {
        next_allowed(&checker, request, policy)?.map(format_instant)
    };
    Ok(GateResult {
        allowed,
        conflicts,
        policy: if policy.is_some() {
            GatePolicyKind::Environment
        } else {
            GatePolicyKind::Default
        },
        reasons,
        next_allowed,
    })
}

/// The conflicts that block the gate's deployment where the checker has it:
/// errors that list it, the release's `unapproved` error here, and the
/// warnings of the rules the policy lists (those that list it, or that are
/// about its release here).
fn blocking_conflicts(
    checker: &Checker,
    request: &GateRequest,
    policy: Option<&GatePolicy>,
) -> Result<Vec<Conflict>, EngineError> {
    let also = |c: &Conflict| {
        c.severity == Severity::Warning
            && policy.is_some_and(|p| p.also_blocks_on.contains(&c.rule))
    };
    let mut conflicts: Vec<Conflict> = checker
        .conflicts_of(&request.id)
        .into_iter()
        .filter(|c| c.severity == Severity::Error || also(c))
        .collect();
    if let Some(r) = &request.release {
        let (Some(&ri), Some(&ei)) = (
            checker.idx.release_of.get(r),
            checker.idx.env_of.get(&request.environment),
        ) else {
            return Err(EngineError::UnknownRelease(r.0.clone()));
        };
        if let Some(group) = checker.groups.get(&GroupKey::ReleaseEnv {
            release: ri,
            env: ei,
        }) {
            conflicts.extend(
                group
                    .iter()
                    .filter(|c| {
                        (c.rule == Rule::Unapproved && c.severity == Severity::Error) || also(c)
                    })
                    .cloned(),
            );
        }
    }
    sort_and_dedup(&mut conflicts);
    Ok(conflicts)
}

/// Why `requires_previous_success` is not met, or `None` when it is: the
/// release must have a deployment with a succeeded outcome in the previous
/// environment (the nearest lower `order` it deploys to). With no previous
/// environment the requirement is met; without a release it cannot be.
fn previous_success_missing(
    plan: &Plan,
    request: &GateRequest,
    env: &Environment,
) -> Option<String> {
    let Some(r) = &request.release else {
        return Some(format!(
            "{} lets a deployment through only after its release succeeded in the previous environment, and no release was given",
            env.display_name()
        ));
    };
    let order_of = |id: &EnvironmentId| plan.environment(id.as_str()).map(|e| e.order);
    let mine = plan.deployments.iter().filter(|d| &d.release == r);
    let previous = mine
        .clone()
        .filter_map(|d| order_of(&d.environment))
        .filter(|&o| o < env.order)
        .max()?;
    let succeeded = mine.clone().any(|d| {
        order_of(&d.environment) == Some(previous)
            && d.outcome
                .as_ref()
                .is_some_and(|o| o.result == Some(OutcomeResult::Succeeded))
    });
    if succeeded {
        return None;
    }
    let names: BTreeSet<&str> = mine
        .filter(|d| order_of(&d.environment) == Some(previous))
        .filter_map(|d| plan.environment(d.environment.as_str()))
        .map(|e| e.display_name())
        .collect();
    let release = plan
        .release(r.as_str())
        .map_or(r.as_str(), |r| r.display_name());
    Some(format!(
        "{} lets a deployment through only after its release succeeded in the previous environment, and {release} has no succeeded deployment in {}",
        env.display_name(),
        names.into_iter().collect::<Vec<_>>().join(", ")
    ))
}

/// The earliest start after the request's, within [`SEARCH_DAYS`] days, at
/// which nothing the policy counts blocks the gate's deployment: the starts
/// suggest tries, and the ends of the team's unavailable periods and of the
/// environment's deployments (for warnings the policy counts).
fn next_allowed(
    checker: &Checker,
    request: &GateRequest,
    policy: Option<&GatePolicy>,
) -> Result<Option<Instant>, EngineError> {
    let plan = checker.plan();
    let idx = checker.index();
    let Some(d) = idx.deployment(plan, &request.id) else {
        return Err(EngineError::UnknownDeployment(request.id.0.clone()));
    };
    let (start, length) = (request.start, request.duration);
    let last = start + Duration::days(SEARCH_DAYS);
    let mut scratch = checker.clone();
    scratch.idx.ensure_horizon(plan, start, last + length);
    let mut candidates: BTreeSet<Instant> = candidate_starts(&scratch, d, start, last)
        .into_iter()
        .collect();
    let team = plan
        .service(request.service.as_str())
        .and_then(|s| s.team.as_ref())
        .and_then(|t| plan.team(t.as_str()));
    let extra = team
        .into_iter()
        .flat_map(|t| t.unavailable.iter().map(|u| u.end))
        .chain(
            plan.deployments
                .iter()
                .filter(|x| x.environment == request.environment && x.id != request.id)
                .map(|x| x.end),
        );
    candidates.extend(extra.filter(|&t| t > start && t <= last));
    candidates.remove(&start);
    for candidate in candidates {
        scratch.move_deployment_inner(
            &request.id,
            candidate,
            candidate + length,
            &request.environment,
            false,
        )?;
        if blocking_conflicts(&scratch, request, policy)?.is_empty() {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}
