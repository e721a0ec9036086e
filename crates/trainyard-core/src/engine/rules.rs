//! The eleven rules, each evaluated for one group of the plan.

use std::collections::BTreeSet;

use chrono_tz::Tz;

use super::report::{Conflict, Evidence, Rule, Severity};
use super::{GroupKey, Index};
use crate::graph::DependencyGraph;
use crate::plan::*;
use crate::time::{format_instant, human_interval, human_time, Instant};

/// Evaluates every rule of one group.
pub(crate) fn evaluate(plan: &Plan, idx: &Index, key: GroupKey) -> Vec<Conflict> {
    let cx = Cx {
        plan,
        idx,
        tz: plan.timezone,
    };
    let mut out = vec![];
    match key {
        GroupKey::Cycles => cx.cycles(&mut out),
        GroupKey::Lane { service, env } => cx.overlap(service, env, &mut out),
        GroupKey::Deployment(d) => {
            if idx.dep_active[d] {
                cx.blackout(d, &mut out);
                cx.outside_window(d, &mut out);
                cx.team_unavailable(d, &mut out);
            }
        }
        GroupKey::ReleaseEnv { release, env } => {
            cx.dependency_rules(release, env, &mut out);
            cx.service_order(release, env, &mut out);
            cx.unapproved(release, env, &mut out);
        }
        GroupKey::ReleaseService { release, service } => {
            cx.promotion_order(release, service, &mut out)
        }
        GroupKey::Concurrency(env) => cx.concurrency(env, &mut out),
    }
    out
}

struct Cx<'a> {
    plan: &'a Plan,
    idx: &'a Index,
    tz: Tz,
}

fn conflict(rule: Rule, severity: Severity, message: String) -> Conflict {
    Conflict {
        rule,
        severity,
        deployments: vec![],
        releases: vec![],
        services: vec![],
        environment: None,
        window: None,
        team: None,
        message,
        evidence: vec![],
    }
}

impl<'a> Cx<'a> {
    fn dep(&self, d: usize) -> &'a Deployment {
        &self.plan.deployments[d]
    }
    fn env(&self, e: usize) -> &'a Environment {
        &self.plan.environments[e]
    }
    fn service(&self, s: usize) -> &'a Service {
        &self.plan.services[s]
    }
    fn release(&self, r: usize) -> &'a Release {
        &self.plan.releases[r]
    }
    fn is_emergency(&self, d: usize) -> bool {
        self.idx.dep_release[d]
            .is_some_and(|r| self.release(r).change_type == ChangeType::Emergency)
    }
    fn when(&self, d: usize) -> String {
        let dep = self.dep(d);
        human_interval(dep.start, dep.end, self.tz)
    }
    /// "d4 (Payments API 7.0, Tue 5 Jan 2027 23:00–23:45 CET)".
    fn describe(&self, d: usize) -> String {
        let dep = self.dep(d);
        match self.idx.dep_release[d] {
            Some(r) => format!(
                "{} ({}, {})",
                dep.id,
                self.release(r).display_name(),
                self.when(d)
            ),
            None => format!("{} ({})", dep.id, self.when(d)),
        }
    }
    fn other(&self, d: usize) -> Evidence {
        let dep = self.dep(d);
        Evidence::OtherDeployment {
            deployment: dep.id.clone(),
            start: format_instant(dep.start),
            end: format_instant(dep.end),
        }
    }
    fn sorted_ids(&self, ds: impl IntoIterator<Item = usize>) -> Vec<DeploymentId> {
        let mut v: Vec<DeploymentId> = ds.into_iter().map(|d| self.dep(d).id.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    fn cycles(&self, out: &mut Vec<Conflict>) {
        for (graph, is_release) in [
            (DependencyGraph::releases(self.plan), true),
            (DependencyGraph::services(self.plan), false),
        ] {
            for members in graph.cycles() {
                let path = graph.cycle_path(&members);
                // Long loops are named by their first few members; the evidence
                // keeps the whole path.
                const SHOWN: usize = 8;
                let mut names: Vec<String> = path
                    .iter()
                    .take(SHOWN)
                    .map(|id| {
                        if is_release {
                            self.idx
                                .release_of
                                .get(id.as_str())
                                .map(|&r| self.release(r).display_name().to_owned())
                        } else {
                            self.idx
                                .service_of
                                .get(id.as_str())
                                .map(|&s| self.service(s).display_name().to_owned())
                        }
                        .unwrap_or_else(|| id.clone())
                    })
                    .collect();
                if path.len() > SHOWN {
                    names.push(format!("… ({} in all)", members.len()));
                }
                let what = if is_release { "releases" } else { "services" };
                let message = if members.len() == 1 {
                    format!(
                        "{} depends on itself",
                        names.first().cloned().unwrap_or_default()
                    )
                } else {
                    format!(
                        "The {what} depend on each other in a loop: {}",
                        names.join(" → ")
                    )
                };
                let mut c = conflict(Rule::DependencyCycle, Severity::Error, message);
                if is_release {
                    c.releases = members.into_iter().map(ReleaseId).collect();
                } else {
                    c.services = members.into_iter().map(ServiceId).collect();
                }
                c.evidence.push(Evidence::DependencyPath { path });
                out.push(c);
            }
        }
    }

    fn overlap(&self, service: usize, env: usize, out: &mut Vec<Conflict>) {
        let Some(lane) = self.idx.lanes.get(&(service, env)) else {
            return;
        };
        for (k, &a) in lane.iter().enumerate() {
            let end_a = self.dep(a).end;
            for &b in lane[k + 1..]
                .iter()
                .take_while(|&&b| self.dep(b).start < end_a)
            {
                let (x, y) = if self.dep(a).id <= self.dep(b).id {
                    (a, b)
                } else {
                    (b, a)
                };
                let mut c = conflict(
                    Rule::Overlap,
                    Severity::Error,
                    format!(
                        "{} is deployed twice at once to {}: {} overlaps {}",
                        self.service(service).display_name(),
                        self.env(env).display_name(),
                        self.describe(x),
                        self.describe(y)
                    ),
                );
                c.deployments = vec![self.dep(x).id.clone(), self.dep(y).id.clone()];
                c.environment = Some(self.env(env).id.clone());
                c.evidence = vec![self.other(x), self.other(y)];
                out.push(c);
            }
        }
    }

    fn blackout(&self, d: usize, out: &mut Vec<Conflict>) {
        let (s, e) = (self.idx.dep_service[d], self.idx.dep_env[d]);
        let windows = &self.idx.blackouts_for[self.idx.pair(s, e)];
        let dep = self.dep(d);
        for &w in windows {
            let window = &self.plan.windows[w];
            let hits: Vec<_> = self.idx.occurrences[w]
                .hitting(dep.start, dep.end)
                .take(3)
                .collect();
            let Some(first) = hits.first() else { continue };
            let waived = self.is_emergency(d) && window.allow_emergency;
            let severity = if waived {
                Severity::Warning
            } else {
                Severity::Error
            };
            let mut message = format!(
                "{} of {} to {} falls in the blackout \"{}\" ({})",
                self.describe(d),
                self.service(s).display_name(),
                self.env(e).display_name(),
                window.display_name(),
                human_interval(first.start, first.end, self.tz)
            );
            if waived {
                message.push_str("; allowed for this emergency release with a waiver");
            }
            let mut c = conflict(Rule::Blackout, severity, message);
            c.deployments = vec![dep.id.clone()];
            c.window = Some(window.id.clone());
            c.environment = Some(self.env(e).id.clone());
            c.evidence = hits
                .iter()
                .map(|o| Evidence::WindowOccurrence {
                    window: window.id.clone(),
                    start: format_instant(o.start),
                    end: format_instant(o.end),
                })
                .collect();
            out.push(c);
        }
    }

    /// The first part of `[start, end)` that no merged coverage interval holds.
    fn uncovered(
        &self,
        coverage: &[(Instant, Instant)],
        start: Instant,
        end: Instant,
    ) -> Option<(Instant, Instant)> {
        // The merged interval starting at or before `start`, if it reaches it.
        let i = coverage.partition_point(|iv| iv.0 <= start);
        if i > 0 {
            let (_, e) = coverage[i - 1];
            if e >= end {
                return None;
            }
            if e > start {
                let next = coverage.get(i).map(|iv| iv.0).unwrap_or(end).min(end);
                return Some((e, next));
            }
        }
        let next = coverage.get(i).map(|iv| iv.0).unwrap_or(end).min(end);
        Some((start, next.max(start)))
    }

    fn outside_window(&self, d: usize, out: &mut Vec<Conflict>) {
        let (s, e) = (self.idx.dep_service[d], self.idx.dep_env[d]);
        let env = self.env(e);
        if !env.requires_window {
            return;
        }
        let dep = self.dep(d);
        let windows = &self.idx.maintenance_for[self.idx.pair(s, e)];
        let coverage = self.idx.coverage_for(s, e);
        let Some((gap_start, gap_end)) = self.uncovered(coverage, dep.start, dep.end) else {
            return;
        };
        let severity = if self.is_emergency(d) {
            Severity::Warning
        } else {
            Severity::Error
        };
        let reason = if windows.is_empty() {
            format!(
                "no maintenance window applies to {} there",
                self.service(s).display_name()
            )
        } else if gap_start == dep.start && gap_end == dep.end {
            "no maintenance window is open then".to_owned()
        } else {
            format!(
                "no maintenance window is open from {}",
                human_time(gap_start, self.tz)
            )
        };
        let mut c = conflict(
            Rule::OutsideWindow,
            severity,
            format!(
                "{} of {} lies outside the maintenance windows that {} requires: {}",
                self.describe(d),
                self.service(s).display_name(),
                env.display_name(),
                reason
            ),
        );
        c.deployments = vec![dep.id.clone()];
        c.environment = Some(env.id.clone());
        c.evidence = vec![Evidence::Uncovered {
            start: format_instant(gap_start),
            end: format_instant(gap_end),
        }];
        out.push(c);
    }

    fn team_unavailable(&self, d: usize, out: &mut Vec<Conflict>) {
        let s = self.idx.dep_service[d];
        let Some(team_id) = &self.service(s).team else {
            return;
        };
        let Some(&t) = self.idx.team_of.get(team_id) else {
            return;
        };
        let team = &self.plan.teams[t];
        let dep = self.dep(d);
        let Some(hit) = team
            .unavailable
            .iter()
            .find(|u| u.start < dep.end && u.end > dep.start)
        else {
            return;
        };
        let reason = hit
            .reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let mut c = conflict(
            Rule::TeamUnavailable,
            Severity::Warning,
            format!(
                "{} of {} needs team {}, which is unavailable {}{}",
                self.describe(d),
                self.service(s).display_name(),
                team.display_name(),
                human_interval(hit.start, hit.end, self.tz),
                reason
            ),
        );
        c.deployments = vec![dep.id.clone()];
        c.team = Some(team.id.clone());
        c.environment = Some(self.env(self.idx.dep_env[d]).id.clone());
        c.evidence = vec![Evidence::Unavailable {
            start: format_instant(hit.start),
            end: format_instant(hit.end),
            reason: hit.reason.clone(),
        }];
        out.push(c);
    }

    fn dependency_rules(&self, a: usize, env: usize, out: &mut Vec<Conflict>) {
        let Some(mine) = self
            .idx
            .release_env
            .get(&(a, env))
            .filter(|l| !l.is_empty())
        else {
            return;
        };
        let release = self.release(a);
        let e = self.env(env);
        let mut seen = BTreeSet::new();
        for b_id in &release.depends_on {
            let Some(&b) = self.idx.release_of.get(b_id) else {
                continue;
            };
            if b == a || !seen.insert(b) {
                continue;
            }
            let other = self.release(b);
            match self
                .idx
                .release_env
                .get(&(b, env))
                .filter(|l| !l.is_empty())
            {
                Some(theirs) => {
                    // Lists are sorted by start: the first of A starts earliest.
                    // Ties are broken by id so that messages do not depend on input order.
                    let Some(&first_a) = mine
                        .iter()
                        .min_by_key(|&&x| (self.dep(x).start, &self.dep(x).id))
                    else {
                        continue;
                    };
                    let Some(&last_b) = theirs
                        .iter()
                        .max_by_key(|&&x| (self.dep(x).end, std::cmp::Reverse(&self.dep(x).id)))
                    else {
                        continue;
                    };
                    if self.dep(first_a).start < self.dep(last_b).end {
                        let mut c = conflict(
                            Rule::DependencyOrder,
                            Severity::Error,
                            format!(
                                "{} depends on {}, but in {} its deployment {} starts {} before {} of {} ends {}",
                                release.display_name(),
                                other.display_name(),
                                e.display_name(),
                                self.dep(first_a).id,
                                human_time(self.dep(first_a).start, self.tz),
                                self.dep(last_b).id,
                                other.display_name(),
                                human_time(self.dep(last_b).end, self.tz)
                            ),
                        );
                        c.releases = vec![release.id.clone(), other.id.clone()];
                        c.environment = Some(e.id.clone());
                        c.deployments = self.sorted_ids(mine.iter().chain(theirs.iter()).copied());
                        c.evidence = vec![
                            Evidence::DependencyPath {
                                path: vec![release.id.0.clone(), other.id.0.clone()],
                            },
                            self.other(first_a),
                            self.other(last_b),
                        ];
                        out.push(c);
                    }
                }
                None if other.status() != ReleaseStatus::Deployed => {
                    let mut c = conflict(
                        Rule::DependencyMissing,
                        Severity::Warning,
                        format!(
                            "{} depends on {}, which has no deployment to {} and is not yet deployed (status {})",
                            release.display_name(),
                            other.display_name(),
                            e.display_name(),
                            other.status().as_str()
                        ),
                    );
                    c.releases = vec![release.id.clone(), other.id.clone()];
                    c.environment = Some(e.id.clone());
                    c.evidence = vec![Evidence::DependencyPath {
                        path: vec![release.id.0.clone(), other.id.0.clone()],
                    }];
                    out.push(c);
                }
                None => {}
            }
        }
    }

    fn service_order(&self, r: usize, env: usize, out: &mut Vec<Conflict>) {
        let Some(list) = self.idx.release_env.get(&(r, env)) else {
            return;
        };
        if list.len() < 2 {
            return;
        }
        let release = self.release(r);
        for &x in list {
            let sx = self.idx.dep_service[x];
            for &sy in &self.idx.providers[sx] {
                for &y in list.iter().filter(|&&y| self.idx.dep_service[y] == sy) {
                    if self.dep(x).start < self.dep(y).end {
                        let mut c = conflict(
                            Rule::ServiceOrder,
                            Severity::Error,
                            format!(
                                "In {} of {}, {} depends on {}, but {} starts before {} ends (the provider goes first)",
                                self.env(env).display_name(),
                                release.display_name(),
                                self.service(sx).display_name(),
                                self.service(sy).display_name(),
                                self.describe(x),
                                self.describe(y)
                            ),
                        );
                        c.deployments = vec![self.dep(x).id.clone(), self.dep(y).id.clone()];
                        c.releases = vec![release.id.clone()];
                        c.environment = Some(self.env(env).id.clone());
                        c.evidence = vec![
                            Evidence::DependencyPath {
                                path: vec![
                                    self.service(sx).id.0.clone(),
                                    self.service(sy).id.0.clone(),
                                ],
                            },
                            self.other(y),
                        ];
                        out.push(c);
                    }
                }
            }
        }
    }

    fn promotion_order(&self, r: usize, s: usize, out: &mut Vec<Conflict>) {
        let Some(list) = self.idx.release_service.get(&(r, s)) else {
            return;
        };
        if list.len() < 2 {
            return;
        }
        let release = self.release(r);
        for &d1 in list {
            let e1 = self.env(self.idx.dep_env[d1]);
            for &d2 in list {
                let e2 = self.env(self.idx.dep_env[d2]);
                if e1.order < e2.order && self.dep(d2).start < self.dep(d1).end {
                    let mut c = conflict(
                        Rule::PromotionOrder,
                        Severity::Error,
                        format!(
                            "{} of {} reaches {} before it has finished in {}: {} starts before {} ends",
                            self.service(s).display_name(),
                            release.display_name(),
                            e2.display_name(),
                            e1.display_name(),
                            self.describe(d2),
                            self.describe(d1)
                        ),
                    );
                    c.deployments = vec![self.dep(d1).id.clone(), self.dep(d2).id.clone()];
                    c.releases = vec![release.id.clone()];
                    c.services = vec![self.service(s).id.clone()];
                    c.evidence = vec![self.other(d1)];
                    out.push(c);
                }
            }
        }
    }

    fn concurrency(&self, env: usize, out: &mut Vec<Conflict>) {
        let e = self.env(env);
        let Some(limit) = e.max_concurrent else {
            return;
        };
        let (starts, ends) = (&self.idx.env_by_start[env], &self.idx.env_by_end[env]);
        if starts.len() <= limit as usize {
            return;
        }
        let (mut i, mut j) = (0usize, 0usize);
        let mut count: u32 = 0;
        // The open over-limit interval: its start, its peak, and who took part.
        let mut open: Option<(Instant, u32, Vec<usize>)> = None;
        // Deployments active now, to name them when an interval opens.
        let mut active: BTreeSet<(Instant, usize)> = BTreeSet::new();
        while i < starts.len() || j < ends.len() {
            let next_start = starts.get(i).map(|&d| self.dep(d).start);
            let next_end = ends.get(j).map(|&d| self.dep(d).end);
            let t = match (next_start, next_end) {
                (Some(s), Some(en)) => s.min(en),
                (Some(s), None) => s,
                (None, Some(en)) => en,
                (None, None) => break,
            };
            // Everything that happens at `t` happens at once: the count cannot dip.
            while j < ends.len() && self.dep(ends[j]).end == t {
                count -= 1;
                active.remove(&(self.dep(ends[j]).end, ends[j]));
                j += 1;
            }
            let first_start = i;
            while i < starts.len() && self.dep(starts[i]).start == t {
                count += 1;
                active.insert((self.dep(starts[i]).end, starts[i]));
                i += 1;
            }
            // Those starting at `t` take part only if the interval goes on past `t`.
            if count > limit {
                if let Some((_, _, members)) = open.as_mut() {
                    members.extend_from_slice(&starts[first_start..i]);
                }
            }
            match open.take() {
                None if count > limit => {
                    open = Some((t, count, active.iter().map(|&(_, d)| d).collect()))
                }
                Some((from, peak, members)) if count <= limit => {
                    let mut c = conflict(
                        Rule::Concurrency,
                        Severity::Warning,
                        format!(
                            "Up to {peak} deployments run at once in {} {} (the limit is {limit})",
                            e.display_name(),
                            if from.with_timezone(&self.tz).date_naive()
                                == t.with_timezone(&self.tz).date_naive()
                            {
                                format!("on {}", human_interval(from, t, self.tz))
                            } else {
                                format!(
                                    "from {} to {}",
                                    human_time(from, self.tz),
                                    human_time(t, self.tz)
                                )
                            }
                        ),
                    );
                    c.deployments = self.sorted_ids(members);
                    c.environment = Some(e.id.clone());
                    c.evidence = vec![Evidence::ConcurrencyPeak {
                        start: format_instant(from),
                        end: format_instant(t),
                        peak,
                        limit,
                    }];
                    out.push(c);
                }
                Some((from, peak, members)) => open = Some((from, peak.max(count), members)),
                None => {}
            }
        }
    }

    fn unapproved(&self, r: usize, env: usize, out: &mut Vec<Conflict>) {
        let e = self.env(env);
        if !e.requires_approval {
            return;
        }
        let Some(list) = self
            .idx
            .release_env
            .get(&(r, env))
            .filter(|l| !l.is_empty())
        else {
            return;
        };
        let release = self.release(r);
        let sensitive = list
            .iter()
            .any(|&d| self.service(self.idx.dep_service[d]).is_sensitive());
        let required: u32 = if sensitive {
            2
        } else {
            match release.change_type {
                ChangeType::Standard => 0,
                ChangeType::Normal | ChangeType::Emergency => 1,
            }
        };
        let approvers: BTreeSet<&str> = release
            .approvals
            .iter()
            .filter(|a| a.decision == Decision::Approved)
            .map(|a| a.by.as_str())
            .collect();
        let rejected: BTreeSet<&str> = release
            .approvals
            .iter()
            .filter(|a| a.decision == Decision::Rejected)
            .map(|a| a.by.as_str())
            .collect();
        let counted = approvers.len() as u32;
        if rejected.is_empty() && counted >= required {
            return;
        }
        let why = if !rejected.is_empty() {
            format!(
                "it was rejected by {}",
                rejected.iter().copied().collect::<Vec<_>>().join(", ")
            )
        } else {
            let sens = if sensitive {
                " (it touches financial or customer data)"
            } else {
                ""
            };
            format!("it has {counted} of the {required} approvals it needs{sens}")
        };
        let mut c = conflict(
            Rule::Unapproved,
            Severity::Error,
            format!(
                "{} may not deploy to {}: {}",
                release.display_name(),
                e.display_name(),
                why
            ),
        );
        c.releases = vec![release.id.clone()];
        c.environment = Some(e.id.clone());
        c.evidence = vec![Evidence::Approvals {
            required,
            counted,
            rejected_by: rejected.iter().map(|s| s.to_string()).collect(),
        }];
        out.push(c);
    }
}
