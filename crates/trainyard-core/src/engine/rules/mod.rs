//! The twelve rules, evaluated group by group (a checker, which re-evaluates
//! the groups a move touches) or all at once (a full check).
//!
//! This file dispatches a group to its rules and holds what they share (the
//! plan and index, written texts, conflict construction). The rules are
//! grouped by what decides them: `cycles` (dependency loops), `timing` (one
//! deployment's time against its lane, windows and team, and its recorded
//! end against its planned one), `release` (the
//! deployments of one release: dependencies, service and promotion order,
//! approvals) and `concurrency` (a sweep over one environment).

mod concurrency;
mod cycles;
mod release;
mod timing;

pub(crate) use concurrency::{concurrency, settle_after, settle_before};

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
                    cx.overrun(d, out);
                    cx.ran_outside_window(d, out);
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
            cx.overrun(d, out);
            cx.ran_outside_window(d, out);
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
    /// The deployment of release `r` to environment `env` (of service `s`, if
    /// given) whose recorded outcome is not a success and that no later
    /// attempt stands in for, the least id first. A later attempt is an active
    /// deployment of the same release and service there that starts later and
    /// has no outcome or a succeeded one.
    fn unsettled(&self, r: usize, env: usize, s: Option<usize>) -> Vec<usize> {
        let Some(list) = self.idx.unsettled.get(&r) else {
            return vec![];
        };
        let mut out: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&x| self.idx.dep_env(x) == env)
            .filter(|&x| s.is_none_or(|s| self.idx.dep_service(x) == s))
            .filter(|&x| {
                let service = self.idx.dep_service(x);
                !self.idx.release_env(r, env).iter().any(|&y| {
                    y != x
                        && self.idx.dep_service(y) == service
                        && self.start(y) > self.start(x)
                        && self
                            .dep(y)
                            .outcome
                            .as_ref()
                            .is_none_or(|o| o.result == Some(OutcomeResult::Succeeded))
                })
            })
            .collect();
        out.sort_by(|&x, &y| self.dep(x).id.cmp(&self.dep(y).id));
        out
    }
    /// "failed", "was rolled back" or "is still running": what a deployment's
    /// recorded outcome says, for a message.
    fn outcome_words(&self, d: usize) -> &'static str {
        match self.dep(d).outcome.as_ref().and_then(|o| o.result) {
            Some(OutcomeResult::Failed) => "failed",
            Some(OutcomeResult::RolledBack) => "was rolled back",
            Some(OutcomeResult::Succeeded) => "succeeded",
            None => "is still running (no result recorded)",
        }
    }
    fn sorted_ids(&self, ds: impl IntoIterator<Item = usize>) -> Vec<DeploymentId> {
        let mut v: Vec<DeploymentId> = ds.into_iter().map(|d| self.dep(d).id.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}
