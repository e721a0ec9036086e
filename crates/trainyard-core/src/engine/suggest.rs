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
/// interval's start). Every error rule that lists a deployment becomes
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

/// The gate's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateResult {
    pub allowed: bool,
    pub conflicts: Vec<Conflict>,
}

/// Would a deployment of `service` to `environment` at `start` for `duration`
/// raise any error? Adds a hypothetical deployment to a copy of the plan and
/// reports the error conflicts that list it, plus the release's `unapproved`
/// error for that environment.
pub fn gate(plan: &Plan, request: &GateRequest) -> Result<GateResult, EngineError> {
    if plan.service(request.service.as_str()).is_none() {
        return Err(EngineError::UnknownService(request.service.0.clone()));
    }
    if plan.environment(request.environment.as_str()).is_none() {
        return Err(EngineError::UnknownEnvironment(
            request.environment.0.clone(),
        ));
    }
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
    let mut conflicts: Vec<Conflict> = checker
        .conflicts_of(&request.id)
        .into_iter()
        .filter(|c| c.severity == Severity::Error)
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
                    .filter(|c| c.rule == Rule::Unapproved && c.severity == Severity::Error)
                    .cloned(),
            );
        }
    }
    sort_and_dedup(&mut conflicts);
    Ok(GateResult {
        allowed: conflicts.is_empty(),
        conflicts,
    })
}
