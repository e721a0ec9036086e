//! A deliberately plain evaluation of the conflict rules: every pair compared
//! with every pair, every window expanded per deployment. It is the oracle the
//! engine is tested against and the baseline the benchmarks measure; it is not
//! used by the application.
//!
//! It returns conflict identities (rule, severity and subjects), not messages.

use std::collections::BTreeSet;

use crate::graph::DependencyGraph;
use crate::plan::*;
use crate::windows::{examined_end, occurrences};
use crate::{Conflict, Rule, Severity};

/// A conflict's identity and severity, comparable across implementations.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    pub rule: Rule,
    pub severity: Severity,
    pub deployments: Vec<String>,
    pub releases: Vec<String>,
    pub services: Vec<String>,
    pub environment: Option<String>,
    pub window: Option<String>,
    pub team: Option<String>,
}

impl From<&Conflict> for Identity {
    fn from(c: &Conflict) -> Self {
        Identity {
            rule: c.rule,
            severity: c.severity,
            deployments: c.deployments.iter().map(|d| d.0.clone()).collect(),
            releases: c.releases.iter().map(|d| d.0.clone()).collect(),
            services: c.services.iter().map(|d| d.0.clone()).collect(),
            environment: c.environment.as_ref().map(|e| e.0.clone()),
            window: c.window.as_ref().map(|e| e.0.clone()),
            team: c.team.as_ref().map(|e| e.0.clone()),
        }
    }
}

fn ident(rule: Rule, severity: Severity) -> Identity {
    Identity {
        rule,
        severity,
        deployments: vec![],
        releases: vec![],
        services: vec![],
        environment: None,
        window: None,
        team: None,
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Every conflict of the plan, the slow and obvious way.
pub fn naive_check(plan: &Plan) -> BTreeSet<Identity> {
    let mut out = BTreeSet::new();
    let release = |id: &ReleaseId| plan.releases.iter().find(|r| &r.id == id);
    let env = |id: &EnvironmentId| plan.environments.iter().find(|e| &e.id == id);
    let service = |id: &ServiceId| plan.services.iter().find(|s| &s.id == id);
    let active: Vec<&Deployment> = plan
        .deployments
        .iter()
        .filter(|d| {
            d.status() != DeploymentStatus::RolledBack
                && release(&d.release).is_none_or(|r| r.status() != ReleaseStatus::Cancelled)
        })
        .collect();
    let emergency = |d: &Deployment| {
        release(&d.release).is_some_and(|r| r.change_type == ChangeType::Emergency)
    };
    // Outcomes: a deployment is not done while its outcome is not a success,
    // unless a later attempt (same release, service and environment, taking
    // part, starting later, not itself unsuccessful) stands in for it.
    let blocking = |d: &Deployment| {
        let unsuccessful = d
            .outcome
            .as_ref()
            .is_some_and(|o| o.result != Some(OutcomeResult::Succeeded));
        let counted = release(&d.release).is_some_and(|r| r.status() != ReleaseStatus::Cancelled);
        unsuccessful
            && counted
            && !active.iter().any(|y| {
                !std::ptr::eq(*y, d)
                    && y.release == d.release
                    && y.service == d.service
                    && y.environment == d.environment
                    && y.start > d.start
                    && y.outcome
                        .as_ref()
                        .is_none_or(|o| o.result == Some(OutcomeResult::Succeeded))
            })
    };

    // Cycles.
    for (graph, is_release) in [
        (DependencyGraph::releases(plan), true),
        (DependencyGraph::services(plan), false),
    ] {
        for members in graph.cycles() {
            let mut c = ident(Rule::DependencyCycle, Severity::Error);
            if is_release {
                c.releases = members;
            } else {
                c.services = members;
            }
            out.insert(c);
        }
    }

    // promotion-order from outcomes: an earlier environment's deployment that
    // has not succeeded holds back the same release and service everywhere later.
    for a in plan.deployments.iter().filter(|d| blocking(d)) {
        for b in &active {
            if a.release == b.release && a.service == b.service {
                if let (Some(e1), Some(e2)) = (env(&a.environment), env(&b.environment)) {
                    if e1.order < e2.order {
                        let mut c = ident(Rule::PromotionOrder, Severity::Error);
                        c.deployments = vec![a.id.0.clone(), b.id.0.clone()];
                        c.releases = vec![a.release.0.clone()];
                        c.services = vec![a.service.0.clone()];
                        out.insert(c);
                    }
                }
            }
        }
    }

    for (i, a) in active.iter().enumerate() {
        for b in &active[i + 1..] {
            // overlap
            if a.service == b.service
                && a.environment == b.environment
                && a.start < b.end
                && b.start < a.end
            {
                let mut c = ident(Rule::Overlap, Severity::Error);
                c.deployments = sorted(vec![a.id.0.clone(), b.id.0.clone()]);
                c.environment = Some(a.environment.0.clone());
                out.insert(c);
            }
        }
        for b in &active {
            // service-order: a's service depends on b's service
            if a.release == b.release && a.environment == b.environment && a.service != b.service {
                let depends =
                    service(&a.service).is_some_and(|s| s.depends_on.contains(&b.service));
                if depends && a.start < b.end && release(&a.release).is_some() {
                    let mut c = ident(Rule::ServiceOrder, Severity::Error);
                    c.deployments = vec![a.id.0.clone(), b.id.0.clone()];
                    c.releases = vec![a.release.0.clone()];
                    c.environment = Some(a.environment.0.clone());
                    out.insert(c);
                }
            }
            // promotion-order: a in the earlier environment
            if a.release == b.release && a.service == b.service && release(&a.release).is_some() {
                if let (Some(e1), Some(e2)) = (env(&a.environment), env(&b.environment)) {
                    if e1.order < e2.order && b.start < a.end {
                        let mut c = ident(Rule::PromotionOrder, Severity::Error);
                        c.deployments = vec![a.id.0.clone(), b.id.0.clone()];
                        c.releases = vec![a.release.0.clone()];
                        c.services = vec![a.service.0.clone()];
                        out.insert(c);
                    }
                }
            }
        }
        // blackout and outside-window
        // The rules look at a deployment's first hundred years only; past
        // them it counts as uncovered.
        let examined = examined_end(a.start, a.end);
        let mut cover: Vec<(crate::time::Instant, crate::time::Instant)> = vec![];
        for w in &plan.windows {
            if !w.scope.matches(&a.service, &a.environment) {
                continue;
            }
            let occ = occurrences(w, a.start, examined);
            match w.kind {
                WindowKind::Blackout if !occ.is_empty() => {
                    let waived = emergency(a) && w.allow_emergency;
                    let mut c = ident(
                        Rule::Blackout,
                        if waived {
                            Severity::Warning
                        } else {
                            Severity::Error
                        },
                    );
                    c.deployments = vec![a.id.0.clone()];
                    c.window = Some(w.id.0.clone());
                    c.environment = Some(a.environment.0.clone());
                    out.insert(c);
                }
                WindowKind::Maintenance => cover.extend(occ.iter().map(|o| (o.start, o.end))),
                _ => {}
            }
        }
        if env(&a.environment).is_some_and(|e| e.requires_window) {
            cover.sort();
            let mut reached = a.start;
            for (s, e) in cover {
                if s <= reached && e > reached {
                    reached = e;
                }
            }
            if reached < examined || examined < a.end {
                let mut c = ident(
                    Rule::OutsideWindow,
                    if emergency(a) {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                );
                c.deployments = vec![a.id.0.clone()];
                c.environment = Some(a.environment.0.clone());
                out.insert(c);
            }
        }
        // overrun
        if a.outcome
            .as_ref()
            .and_then(|o| o.finished)
            .is_some_and(|f| f > a.end)
        {
            let mut c = ident(Rule::Overrun, Severity::Warning);
            c.deployments = vec![a.id.0.clone()];
            c.environment = Some(a.environment.0.clone());
            out.insert(c);
        }
        // ran-outside-window: the actual run against the same windows
        if let Some((started, finished)) = a.outcome.as_ref().and_then(|o| {
            o.finished
                .filter(|&f| o.started < f)
                .map(|f| (o.started, f))
        }) {
            if env(&a.environment).is_some_and(|e| e.requires_window) {
                let examined = examined_end(started, finished);
                let mut cover: Vec<_> = plan
                    .windows
                    .iter()
                    .filter(|w| {
                        w.kind == WindowKind::Maintenance
                            && w.scope.matches(&a.service, &a.environment)
                    })
                    .flat_map(|w| occurrences(w, started, examined))
                    .map(|o| (o.start, o.end))
                    .collect();
                cover.sort();
                let mut reached = started;
                for (s, e) in cover {
                    if s <= reached && e > reached {
                        reached = e;
                    }
                }
                if reached < examined || examined < finished {
                    let mut c = ident(Rule::RanOutsideWindow, Severity::Warning);
                    c.deployments = vec![a.id.0.clone()];
                    c.environment = Some(a.environment.0.clone());
                    out.insert(c);
                }
            }
        }
        // team-unavailable
        if let Some(team) = service(&a.service)
            .and_then(|s| s.team.as_ref())
            .and_then(|t| plan.teams.iter().find(|x| &x.id == t))
        {
            if team
                .unavailable
                .iter()
                .any(|u| u.start < a.end && a.start < u.end)
            {
                let mut c = ident(Rule::TeamUnavailable, Severity::Warning);
                c.deployments = vec![a.id.0.clone()];
                c.team = Some(team.id.0.clone());
                c.environment = Some(a.environment.0.clone());
                out.insert(c);
            }
        }
    }

    // Release rules, per environment.
    for e in &plan.environments {
        let in_env = |r: &ReleaseId| {
            active
                .iter()
                .filter(|d| &d.release == r && d.environment == e.id)
                .copied()
                .collect::<Vec<_>>()
        };
        for a in &plan.releases {
            let mine = in_env(&a.id);
            if mine.is_empty() {
                continue;
            }
            for b_id in &a.depends_on {
                if b_id == &a.id {
                    continue;
                }
                let Some(b) = release(b_id) else { continue };
                let theirs = in_env(b_id);
                let failed: Vec<&Deployment> = plan
                    .deployments
                    .iter()
                    .filter(|d| &d.release == b_id && d.environment == e.id && blocking(d))
                    .collect();
                let by_times = mine.iter().any(|x| theirs.iter().any(|y| x.start < y.end));
                if by_times || !failed.is_empty() {
                    let mut c = ident(Rule::DependencyOrder, Severity::Error);
                    c.releases = vec![a.id.0.clone(), b.id.0.clone()];
                    c.environment = Some(e.id.0.clone());
                    // The conflict about times names A's and B's deployments
                    // there; the one about an outcome also names B's
                    // unsuccessful ones, which may no longer take part.
                    let named = mine.iter().chain(theirs.iter()).copied();
                    c.deployments = if by_times {
                        sorted(named.map(|d| d.id.0.clone()).collect())
                    } else {
                        sorted(named.chain(failed).map(|d| d.id.0.clone()).collect())
                    };
                    out.insert(c);
                } else if theirs.is_empty() && b.status() != ReleaseStatus::Deployed {
                    let mut c = ident(Rule::DependencyMissing, Severity::Warning);
                    c.releases = vec![a.id.0.clone(), b.id.0.clone()];
                    c.environment = Some(e.id.0.clone());
                    out.insert(c);
                }
            }
            if e.requires_approval {
                let sensitive = mine
                    .iter()
                    .any(|d| service(&d.service).is_some_and(|s| s.is_sensitive()));
                let required = if sensitive {
                    2
                } else if a.change_type == ChangeType::Standard {
                    0
                } else {
                    1
                };
                let approvers: BTreeSet<&str> = a
                    .approvals
                    .iter()
                    .filter(|x| x.decision == Decision::Approved)
                    .map(|x| x.by.as_str())
                    .collect();
                let rejected = a.approvals.iter().any(|x| x.decision == Decision::Rejected);
                if rejected || approvers.len() < required {
                    let mut c = ident(Rule::Unapproved, Severity::Error);
                    c.releases = vec![a.id.0.clone()];
                    c.environment = Some(e.id.0.clone());
                    out.insert(c);
                }
            }
        }
        // concurrency: count on every elementary interval between boundaries.
        if let Some(limit) = e.max_concurrent {
            let here: Vec<&Deployment> = active
                .iter()
                .filter(|d| d.environment == e.id)
                .copied()
                .collect();
            let mut times: Vec<_> = here.iter().flat_map(|d| [d.start, d.end]).collect();
            times.sort();
            times.dedup();
            let mut run: Option<BTreeSet<String>> = None;
            for w in times.windows(2) {
                let (s, t) = (w[0], w[1]);
                let live: Vec<&&Deployment> =
                    here.iter().filter(|d| d.start <= s && d.end >= t).collect();
                if live.len() > limit as usize {
                    run.get_or_insert_with(BTreeSet::new)
                        .extend(live.iter().map(|d| d.id.0.clone()));
                } else if let Some(members) = run.take() {
                    let mut c = ident(Rule::Concurrency, Severity::Warning);
                    c.deployments = members.into_iter().collect();
                    c.environment = Some(e.id.0.clone());
                    out.insert(c);
                }
            }
            if let Some(members) = run.take() {
                let mut c = ident(Rule::Concurrency, Severity::Warning);
                c.deployments = members.into_iter().collect();
                c.environment = Some(e.id.0.clone());
                out.insert(c);
            }
        }
    }
    out
}

/// The identities of an engine report, for comparison with [`naive_check`].
pub fn identities(conflicts: &[Conflict]) -> BTreeSet<Identity> {
    conflicts.iter().map(Identity::from).collect()
}
