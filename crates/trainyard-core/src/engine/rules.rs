//! The eleven rules, evaluated group by group (a checker, which re-evaluates
//! the groups a move touches) or all at once (a full check).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::rc::Rc;

use chrono_tz::Tz;

use super::human::{human_interval, human_time, push_interval, rfc3339};
use super::report::{Conflict, Evidence, Rule, Severity};
use super::{GroupKey, Index, Key};
use crate::fxhash::FxHashMap as HashMap;
use crate::graph::DependencyGraph;
use crate::plan::*;

/// Evaluates the rules group by group, sharing what one evaluation learns
/// (written texts, search positions) with the next.
pub(crate) struct Evaluator<'a, K>(Cx<'a, K>);

impl<'a, K: Key> Evaluator<'a, K> {
    pub(crate) fn new(plan: &'a Plan, idx: &'a Index<K>) -> Self {
        Evaluator(Cx::new(plan, idx))
    }

    /// Evaluates every rule of one group, appending its conflicts to `out`.
    pub(crate) fn evaluate(&self, key: GroupKey, out: &mut Vec<Conflict>) {
        let cx = &self.0;
        match key {
            GroupKey::Cycles => cx.cycles(out),
            GroupKey::Lane { service, env } => cx.overlap(service, env, out),
            GroupKey::Deployment(d) => {
                if cx.idx.dep_active[d] {
                    cx.blackout(d, out);
                    cx.outside_window(d, out);
                    cx.team_unavailable(d, out);
                }
            }
            GroupKey::ReleaseEnv { release, env } => {
                cx.dependency_rules(release, env, out);
                cx.service_order(release, env, out);
                cx.unapproved(release, env, out);
            }
            GroupKey::ReleaseService(g) => cx.promotion_order(g, out),
            GroupKey::Concurrency(env) => concurrency(cx.plan, cx.idx, env, None, out, &mut vec![]),
        }
    }
}

/// Evaluates every rule over the whole plan, appending to `out`: the same
/// conflicts as evaluating every group, in one pass per kind of group.
pub(crate) fn all<K: Key>(plan: &Plan, idx: &Index<K>, out: &mut Vec<Conflict>) {
    let cx = Cx::new(plan, idx);
    cx.cycles(out);
    for (pair, lane) in idx.lanes.iter().enumerate() {
        if lane.len() >= 2 {
            let (service, env) = idx.unpair(pair);
            cx.overlap(service, env, out);
        }
    }
    for d in 0..plan.deployments.len() {
        if idx.dep_active[d] {
            cx.blackout(d, out);
            cx.outside_window(d, out);
            cx.team_unavailable(d, out);
        }
    }
    for (release, env) in idx.release_envs() {
        cx.dependency_rules(release, env, out);
        cx.service_order(release, env, out);
        cx.unapproved(release, env, out);
    }
    for g in 0..idx.rs_key.len() {
        cx.promotion_order(g, out);
    }
    for env in 0..plan.environments.len() {
        concurrency(plan, idx, env, None, out, &mut vec![]);
    }
}

/// A window occurrence's human interval, start and end, as messages and
/// evidence write them.
type OccurrenceText = Rc<[String; 3]>;

struct Cx<'a, K> {
    plan: &'a Plan,
    idx: &'a Index<K>,
    tz: Tz,
    /// Texts of window occurrences already written, by (window, position): the
    /// human interval and the two instants. Many deployments hit one blackout.
    occurrence_text: RefCell<HashMap<(usize, usize), OccurrenceText>>,
    /// Where the last search in each coverage list and blackout timeline
    /// ended: deployments in plan order tend to come in time order, so the
    /// next search usually ends at the same place.
    coverage_hint: RefCell<Vec<usize>>,
    blackout_hint: RefCell<Vec<usize>>,
}

impl<'a, K: Key> Cx<'a, K> {
    fn new(plan: &'a Plan, idx: &'a Index<K>) -> Self {
        Cx {
            plan,
            idx,
            tz: plan.timezone,
            occurrence_text: RefCell::default(),
            coverage_hint: RefCell::new(vec![0; idx.coverage.len()]),
            blackout_hint: RefCell::new(vec![0; idx.blackouts.len()]),
        }
    }
}

/// `slice.partition_point(pred)`, trying `guess` and the place after it first.
/// The partition point is unique, so a guess that checks out is the answer.
fn partition_point_near<T>(slice: &[T], guess: usize, pred: impl Fn(&T) -> bool) -> usize {
    for g in [guess, guess + 1] {
        if g <= slice.len()
            && (g == 0 || pred(&slice[g - 1]))
            && (g == slice.len() || !pred(&slice[g]))
        {
            return g;
        }
    }
    slice.partition_point(pred)
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

impl<'a, K: Key> Cx<'a, K> {
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
        self.idx
            .dep_release(d)
            .is_some_and(|r| self.release(r).change_type == ChangeType::Emergency)
    }
    fn start(&self, d: usize) -> K {
        self.idx.dep_start[d]
    }
    fn end(&self, d: usize) -> K {
        self.idx.dep_end[d]
    }
    /// Appends "d4 (Payments API 7.0, Tue 5 Jan 2027 23:00–23:45 CET)".
    fn push_describe(&self, out: &mut String, d: usize) {
        out.push_str(self.dep(d).id.as_str());
        out.push_str(" (");
        if let Some(r) = self.idx.dep_release(d) {
            out.push_str(self.release(r).display_name());
            out.push_str(", ");
        }
        let dep = self.dep(d);
        push_interval(out, dep.start, dep.end, self.tz);
        out.push(')');
    }
    fn describe(&self, d: usize) -> String {
        // Room for the rest of a typical message too.
        let mut s = String::with_capacity(200);
        self.push_describe(&mut s, d);
        s
    }
    fn other(&self, d: usize) -> Evidence {
        let dep = self.dep(d);
        Evidence::OtherDeployment {
            deployment: dep.id.clone(),
            start: rfc3339(dep.start),
            end: rfc3339(dep.end),
        }
    }
    fn sorted_ids(&self, ds: impl IntoIterator<Item = usize>) -> Vec<DeploymentId> {
        let mut v: Vec<DeploymentId> = ds.into_iter().map(|d| self.dep(d).id.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Whether the releases (or services) surely depend on each other in no
    /// loop: their dependency lists, as the index resolved them, sort
    /// topologically, and nothing names itself. Then the graph that names the
    /// loops need not be built (that is most plans, and most of the cost).
    fn surely_acyclic(&self, is_release: bool) -> bool {
        let (edges, unique, self_edge) = if is_release {
            (
                &self.idx.depends,
                self.idx.release_of.len() == self.plan.releases.len(),
                self.plan
                    .releases
                    .iter()
                    .any(|r| r.depends_on.contains(&r.id)),
            )
        } else {
            (
                &self.idx.providers,
                self.idx.service_of.len() == self.plan.services.len(),
                self.plan
                    .services
                    .iter()
                    .any(|s| s.depends_on.contains(&s.id)),
            )
        };
        if !unique || self_edge {
            return false;
        }
        // Kahn's algorithm: every node gets removed exactly when there is no loop.
        let mut waiting = vec![0usize; edges.len()];
        for targets in edges {
            for &b in targets {
                waiting[b] += 1;
            }
        }
        let mut ready: Vec<usize> = (0..edges.len()).filter(|&a| waiting[a] == 0).collect();
        let mut removed = 0;
        while let Some(a) = ready.pop() {
            removed += 1;
            for &b in &edges[a] {
                waiting[b] -= 1;
                if waiting[b] == 0 {
                    ready.push(b);
                }
            }
        }
        removed == edges.len()
    }

    fn cycles(&self, out: &mut Vec<Conflict>) {
        for is_release in [true, false] {
            if self.surely_acyclic(is_release) {
                continue;
            }
            let graph = if is_release {
                DependencyGraph::releases(self.plan)
            } else {
                DependencyGraph::services(self.plan)
            };
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
        let lane = &self.idx.lanes[self.idx.pair(service, env)];
        for (k, a) in lane.iter().enumerate() {
            for b in lane[k + 1..].iter().take_while(|b| b.start < a.end) {
                let (a, b) = (a.d, b.d);
                let (x, y) = if self.dep(a).id <= self.dep(b).id {
                    (a, b)
                } else {
                    (b, a)
                };
                let mut message = String::with_capacity(256);
                message.push_str(self.service(service).display_name());
                message.push_str(" is deployed twice at once to ");
                message.push_str(self.env(env).display_name());
                message.push_str(": ");
                self.push_describe(&mut message, x);
                message.push_str(" overlaps ");
                self.push_describe(&mut message, y);
                let mut c = conflict(Rule::Overlap, Severity::Error, message);
                c.deployments = vec![self.dep(x).id.clone(), self.dep(y).id.clone()];
                c.environment = Some(self.env(env).id.clone());
                c.evidence = vec![self.other(x), self.other(y)];
                out.push(c);
            }
        }
    }

    fn blackout(&self, d: usize, out: &mut Vec<Conflict>) {
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let pair = self.idx.pair(s, e);
        if self.idx.blackouts_for[pair].is_empty() {
            return;
        }
        let set = self.idx.blackouts_of[pair];
        let timeline = &self.idx.blackouts[set];
        let (start, end) = (self.start(d), self.end(d));
        let from = {
            let mut hints = self.blackout_hint.borrow_mut();
            let from = start.minus(timeline.longest);
            let guess = hints.get(set).copied().unwrap_or(0);
            let i = partition_point_near(&timeline.entries, guess, |o| o.0 < from);
            if let Some(h) = hints.get_mut(set) {
                *h = i;
            }
            i
        };
        let mut hits = timeline.hitting_from(from, start, end).peekable();
        if hits.peek().is_none() {
            return;
        }
        // One conflict per window, in window order; each hit window's first
        // three occurrences (by start) are its evidence.
        let mut hits: Vec<(usize, usize)> = hits.map(|&(_, _, w, k)| (w, k)).collect();
        hits.sort_by_key(|&(w, _)| w);
        for same in hits.chunk_by(|a, b| a.0 == b.0) {
            let w = same[0].0;
            let window = &self.plan.windows[w];
            let first = self.occurrence_text(w, same[0].1);
            let waived = self.is_emergency(d) && window.allow_emergency;
            let severity = if waived {
                Severity::Warning
            } else {
                Severity::Error
            };
            let mut message = self.describe(d);
            message.push_str(" of ");
            message.push_str(self.service(s).display_name());
            message.push_str(" to ");
            message.push_str(self.env(e).display_name());
            message.push_str(" falls in the blackout \"");
            message.push_str(window.display_name());
            message.push_str("\" (");
            message.push_str(&first[0]);
            message.push(')');
            if waived {
                message.push_str("; allowed for this emergency release with a waiver");
            }
            let mut c = conflict(Rule::Blackout, severity, message);
            c.deployments = vec![self.dep(d).id.clone()];
            c.window = Some(window.id.clone());
            c.environment = Some(self.env(e).id.clone());
            c.evidence = same
                .iter()
                .take(3)
                .map(|&(_, k)| {
                    let text = self.occurrence_text(w, k);
                    Evidence::WindowOccurrence {
                        window: window.id.clone(),
                        start: text[1].clone(),
                        end: text[2].clone(),
                    }
                })
                .collect();
            out.push(c);
        }
    }

    /// The human interval and instants of a window occurrence, written once.
    fn occurrence_text(&self, w: usize, k: usize) -> OccurrenceText {
        self.occurrence_text
            .borrow_mut()
            .entry((w, k))
            .or_insert_with(|| {
                let o = &self.idx.occurrences[w].list[k];
                Rc::new([
                    human_interval(o.start, o.end, self.tz),
                    rfc3339(o.start),
                    rfc3339(o.end),
                ])
            })
            .clone()
    }

    /// The first part of `[start, end)` that no merged coverage interval holds.
    fn uncovered(
        &self,
        coverage: &[(K, K)],
        hint: Option<std::cell::RefMut<usize>>,
        start: K,
        end: K,
    ) -> Option<(K, K)> {
        // The merged interval starting at or before `start`, if it reaches it.
        let i = match hint {
            Some(mut hint) => {
                let i = partition_point_near(coverage, *hint, |iv| iv.0 <= start);
                *hint = i;
                i
            }
            None => coverage.partition_point(|iv| iv.0 <= start),
        };
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
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let env = self.env(e);
        if !env.requires_window {
            return;
        }
        let (start, end) = (self.start(d), self.end(d));
        let coverage = self.idx.coverage_for(s, e);
        let set = self.idx.coverage_of[self.idx.pair(s, e)];
        let hint =
            std::cell::RefMut::filter_map(self.coverage_hint.borrow_mut(), |h| h.get_mut(set)).ok();
        let Some((gap_start, gap_end)) = self.uncovered(coverage, hint, start, end) else {
            return;
        };
        let windows = &self.idx.maintenance_for[self.idx.pair(s, e)];
        let severity = if self.is_emergency(d) {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut message = self.describe(d);
        message.push_str(" of ");
        message.push_str(self.service(s).display_name());
        message.push_str(" lies outside the maintenance windows that ");
        message.push_str(env.display_name());
        message.push_str(" requires: ");
        if windows.is_empty() {
            message.push_str("no maintenance window applies to ");
            message.push_str(self.service(s).display_name());
            message.push_str(" there");
        } else if gap_start == start && gap_end == end {
            message.push_str("no maintenance window is open then");
        } else {
            message.push_str("no maintenance window is open from ");
            super::human::push_time(&mut message, gap_start.instant(), self.tz);
        }
        let mut c = conflict(Rule::OutsideWindow, severity, message);
        c.deployments = vec![self.dep(d).id.clone()];
        c.environment = Some(env.id.clone());
        c.evidence = vec![Evidence::Uncovered {
            start: rfc3339(gap_start.instant()),
            end: rfc3339(gap_end.instant()),
        }];
        out.push(c);
    }

    fn team_unavailable(&self, d: usize, out: &mut Vec<Conflict>) {
        let s = self.idx.dep_service(d);
        let Some(t) = self.idx.service_team[s] else {
            return;
        };
        let team = &self.plan.teams[t];
        let (start, end) = (self.start(d), self.end(d));
        let Some(k) = self.idx.team_unavailable[t]
            .iter()
            .position(|&(s, e)| s < end && e > start)
        else {
            return;
        };
        let hit = &team.unavailable[k];
        let mut message = self.describe(d);
        message.push_str(" of ");
        message.push_str(self.service(s).display_name());
        message.push_str(" needs team ");
        message.push_str(team.display_name());
        message.push_str(", which is unavailable ");
        push_interval(&mut message, hit.start, hit.end, self.tz);
        if let Some(r) = &hit.reason {
            let _ = write!(message, " ({r})");
        }
        let mut c = conflict(Rule::TeamUnavailable, Severity::Warning, message);
        c.deployments = vec![self.dep(d).id.clone()];
        c.team = Some(team.id.clone());
        c.environment = Some(self.env(self.idx.dep_env(d)).id.clone());
        c.evidence = vec![Evidence::Unavailable {
            start: rfc3339(hit.start),
            end: rfc3339(hit.end),
            reason: hit.reason.clone(),
        }];
        out.push(c);
    }

    /// The deployment of `list` with the best `key` (the least, or with
    /// `latest` the greatest), the least id among ties (so that messages do not
    /// depend on input order).
    fn pick(&self, list: &[usize], latest: bool, key: impl Fn(usize) -> K) -> Option<usize> {
        let keys = list.iter().map(|&x| key(x));
        let best = if latest { keys.max() } else { keys.min() }?;
        list.iter()
            .copied()
            .filter(|&x| key(x) == best)
            .min_by(|&x, &y| self.dep(x).id.cmp(&self.dep(y).id))
    }

    fn dependency_rules(&self, a: usize, env: usize, out: &mut Vec<Conflict>) {
        let mine = self.idx.release_env(a, env);
        if mine.is_empty() {
            return;
        }
        let release = self.release(a);
        let e = self.env(env);
        for &b in &self.idx.depends[a] {
            let other = self.release(b);
            let theirs = self.idx.release_env(b, env);
            if !theirs.is_empty() {
                // The first of A to start and the last of B to end.
                let Some(first_a) = self.pick(mine, false, |x| self.start(x)) else {
                    continue;
                };
                let Some(last_b) = self.pick(theirs, true, |x| self.end(x)) else {
                    continue;
                };
                if self.start(first_a) < self.end(last_b) {
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
            } else if other.status() != ReleaseStatus::Deployed {
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
        }
    }

    fn service_order(&self, r: usize, env: usize, out: &mut Vec<Conflict>) {
        // Only the release's (consumer, provider) service pairs can conflict;
        // most releases have few or none.
        let pairs = &self.idx.provider_pairs[r];
        if pairs.is_empty() {
            return;
        }
        let release = self.release(r);
        let here = |g: usize| {
            self.idx
                .rs_members(g)
                .iter()
                .copied()
                .filter(move |&x| self.idx.dep_env(x) == env)
        };
        for &(gx, gy) in pairs {
            let (sx, sy) = (self.idx.rs_key[gx].1, self.idx.rs_key[gy].1);
            for x in here(gx) {
                for y in here(gy) {
                    if self.start(x) < self.end(y) {
                        let mut message = format!(
                            "In {} of {}, {} depends on {}, but ",
                            self.env(env).display_name(),
                            release.display_name(),
                            self.service(sx).display_name(),
                            self.service(sy).display_name(),
                        );
                        self.push_describe(&mut message, x);
                        message.push_str(" starts before ");
                        self.push_describe(&mut message, y);
                        message.push_str(" ends (the provider goes first)");
                        let mut c = conflict(Rule::ServiceOrder, Severity::Error, message);
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

    fn promotion_order(&self, g: usize, out: &mut Vec<Conflict>) {
        let list = self.idx.rs_members(g);
        if list.len() < 2 {
            return;
        }
        let (r, s) = self.idx.rs_key[g];
        let release = self.release(r);
        let order = |d: usize| self.idx.env_order[self.idx.dep_env(d)];
        // Usually each environment once, in order, one after the other: no pair
        // starts before an earlier one ends.
        for &d1 in list {
            let (o1, end1) = (order(d1), self.end(d1));
            for &d2 in list {
                if o1 < order(d2) && self.start(d2) < end1 {
                    let (e1, e2) = (
                        self.env(self.idx.dep_env(d1)),
                        self.env(self.idx.dep_env(d2)),
                    );
                    let mut message = format!(
                        "{} of {} reaches {} before it has finished in {}: ",
                        self.service(s).display_name(),
                        release.display_name(),
                        e2.display_name(),
                        e1.display_name(),
                    );
                    self.push_describe(&mut message, d2);
                    message.push_str(" starts before ");
                    self.push_describe(&mut message, d1);
                    message.push_str(" ends");
                    let mut c = conflict(Rule::PromotionOrder, Severity::Error, message);
                    c.deployments = vec![self.dep(d1).id.clone(), self.dep(d2).id.clone()];
                    c.releases = vec![release.id.clone()];
                    c.services = vec![self.service(s).id.clone()];
                    c.evidence = vec![self.other(d1)];
                    out.push(c);
                }
            }
        }
    }

    fn unapproved(&self, r: usize, env: usize, out: &mut Vec<Conflict>) {
        let e = self.env(env);
        if !e.requires_approval {
            return;
        }
        let list = self.idx.release_env(r, env);
        if list.is_empty() {
            return;
        }
        let release = self.release(r);
        let sensitive = list
            .iter()
            .any(|&d| self.idx.service_sensitive[self.idx.dep_service(d)]);
        let required = required_approvals(release.change_type, sensitive);
        let (counted, any_rejected) = self.idx.approvals[r];
        if !any_rejected && counted >= required {
            return;
        }
        let rejected: BTreeSet<&str> = release
            .approvals
            .iter()
            .filter(|a| a.decision == Decision::Rejected)
            .map(|a| a.by.as_str())
            .collect();
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

/// The earliest instant at or before `t` just before which at most `limit`
/// deployments run in `env`: no maximal over-limit interval contains the
/// instant just before it. Steps back event by event through an over-limit
/// stretch (which a re-sweep has to cover anyway).
pub(crate) fn settle_before<K: Key>(idx: &Index<K>, env: usize, limit: u32, t: K) -> K {
    let (starts, ends) = (&idx.env_by_start[env], &idx.env_by_end[env]);
    // Started and ended strictly before `t`: their difference is the count
    // just before `t` (everything that ended before `t` started before it).
    let mut p = starts.partition_point(|x| x.start < t);
    let mut q = ends.partition_point(|x| x.end < t);
    let mut t = t;
    while p - q > limit as usize {
        // p > q, so some deployment started before `t`.
        let mut prev = starts[p - 1].start;
        if q > 0 {
            prev = prev.max(ends[q - 1].end);
        }
        t = prev;
        while p > 0 && starts[p - 1].start >= t {
            p -= 1;
        }
        while q > 0 && ends[q - 1].end >= t {
            q -= 1;
        }
    }
    t
}

/// The earliest instant at or after `t` at which at most `limit` deployments
/// run in `env` (so no maximal over-limit interval contains it).
pub(crate) fn settle_after<K: Key>(idx: &Index<K>, env: usize, limit: u32, t: K) -> K {
    let (starts, ends) = (&idx.env_by_start[env], &idx.env_by_end[env]);
    let mut p = starts.partition_point(|x| x.start <= t);
    let mut q = ends.partition_point(|x| x.end <= t);
    let mut t = t;
    while p - q > limit as usize {
        // Something is running, so something ends after `t`.
        let mut next = ends[q].end;
        if let Some(x) = starts.get(p) {
            next = next.min(x.start);
        }
        t = next;
        while p < starts.len() && starts[p].start <= t {
            p += 1;
        }
        while q < ends.len() && ends[q].end <= t {
            q += 1;
        }
    }
    t
}

/// `concurrency` in one environment: one conflict per maximal interval during
/// which more than `max_concurrent` deployments run, pushed to `out` in time
/// order with its interval pushed to `spans`.
///
/// With a `region` `[from, to]` (at most the limit just before `from` and at
/// `to`, see [`settle_before`] and [`settle_after`]) only the intervals inside
/// it are computed: the sweep starts from the state just before `from`.
pub(crate) fn concurrency<K: Key>(
    plan: &Plan,
    idx: &Index<K>,
    env: usize,
    region: Option<(K, K)>,
    out: &mut Vec<Conflict>,
    spans: &mut Vec<(K, K)>,
) {
    let e = &plan.environments[env];
    let Some(limit) = e.max_concurrent else {
        return;
    };
    let (starts, ends) = (&idx.env_by_start[env], &idx.env_by_end[env]);
    if starts.len() <= limit as usize {
        return;
    }
    let end = |d: usize| idx.dep_end[d];
    let tz = plan.timezone;
    // Deployments started and not yet seen to end. Ends are not removed one by
    // one: the list is pruned when an over-limit interval opens and needs the
    // ones running (each is pruned once; the rest are that interval's members).
    let mut active: Vec<usize> = vec![];
    let (mut i, mut j) = (0usize, 0usize);
    if let Some((from, _)) = region {
        i = starts.partition_point(|x| x.start < from);
        j = ends.partition_point(|x| x.end < from);
        // What runs into `from` started at most the longest length before it.
        let k = starts.partition_point(|x| x.start < from.minus(idx.env_longest[env]));
        active.extend(starts[k..i].iter().filter(|x| x.end >= from).map(|x| x.d));
    }
    let until = region.map(|r| r.1);
    let mut count = i - j;
    let limit_n = limit as usize;
    // The open over-limit interval: its start, its peak, and who took part.
    let mut open: Option<(K, usize, Vec<usize>)> = None;
    loop {
        let next_start = starts.get(i).map(|x| x.start);
        let next_end = ends.get(j).map(|x| x.end);
        let t = match (next_start, next_end) {
            (Some(s), Some(en)) => s.min(en),
            (Some(s), None) => s,
            (None, Some(en)) => en,
            (None, None) => break,
        };
        if until.is_some_and(|u| t > u) {
            break;
        }
        // Everything that happens at `t` happens at once: the count cannot dip.
        while j < ends.len() && ends[j].end == t {
            count -= 1;
            j += 1;
        }
        let first_start = i;
        while i < starts.len() && starts[i].start == t {
            count += 1;
            active.push(starts[i].d);
            i += 1;
        }
        // Those starting at `t` take part only if the interval goes on past `t`.
        if count > limit_n {
            if let Some((_, _, members)) = open.as_mut() {
                members.extend(starts[first_start..i].iter().map(|x| x.d));
            }
        }
        match open.take() {
            None if count > limit_n => {
                active.retain(|&d| end(d) > t);
                open = Some((t, count, active.clone()))
            }
            Some((from, peak, members)) if count <= limit_n => {
                let (start_i, end_i) = (from.instant(), t.instant());
                let when = if start_i.with_timezone(&tz).date_naive()
                    == end_i.with_timezone(&tz).date_naive()
                {
                    format!("on {}", human_interval(start_i, end_i, tz))
                } else {
                    format!(
                        "from {} to {}",
                        human_time(start_i, tz),
                        human_time(end_i, tz)
                    )
                };
                let mut c = conflict(
                    Rule::Concurrency,
                    Severity::Warning,
                    format!(
                        "Up to {peak} deployments run at once in {} {when} (the limit is {limit})",
                        e.display_name(),
                    ),
                );
                let mut ids: Vec<DeploymentId> = members
                    .into_iter()
                    .map(|d| plan.deployments[d].id.clone())
                    .collect();
                ids.sort();
                ids.dedup();
                c.deployments = ids;
                c.environment = Some(e.id.clone());
                c.evidence = vec![Evidence::ConcurrencyPeak {
                    start: rfc3339(start_i),
                    end: rfc3339(end_i),
                    peak: peak as u32,
                    limit,
                }];
                out.push(c);
                spans.push((from, t));
            }
            Some((from, peak, members)) => open = Some((from, peak.max(count), members)),
            None => {}
        }
    }
}
