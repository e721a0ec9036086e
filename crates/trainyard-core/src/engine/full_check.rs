//! The full check: [`check`] for a one-off report, and a [`Checker`]'s first
//! evaluation of every group, its report and its per-deployment lookups.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::counts::Tally;
use super::groups::group_keys;
use super::order::{report_order, sort_and_dedup};
use super::{
    rules, suggest, Checker, Conflict, EngineError, GroupKey, Index, Nanos, Report, Suggestion,
};
use crate::fxhash::FxHashMap as HashMap;
use crate::plan::*;

/// Checks a plan and returns every conflict, in report order.
///
/// The same as `Checker::new(plan).into_report()`, without keeping conflicts
/// by group for later moves: every rule writes into one list.
pub fn check(plan: &Plan) -> Report {
    let mut conflicts = vec![];
    match Index::<i64>::try_build(plan) {
        Some(idx) => rules::all(plan, &idx, &mut conflicts),
        None => rules::all(plan, &Index::<Nanos>::build(plan), &mut conflicts),
    }
    sort_and_dedup(&mut conflicts);
    Report { conflicts }
}

impl<'p> Checker<'p> {
    /// Checks a borrowed plan (it is cloned only if a deployment is moved).
    pub fn new(plan: &'p Plan) -> Self {
        Self::from_cow(Cow::Borrowed(plan))
    }

    /// Checks an owned plan.
    pub fn owned(plan: Plan) -> Checker<'static> {
        Checker::from_cow(Cow::Owned(plan))
    }

    fn from_cow(plan: Cow<'p, Plan>) -> Self {
        let idx = Index::build(&plan);
        let mut c = Checker {
            plan,
            idx,
            groups: HashMap::default(),
            concurrency: vec![],
            tally: Tally::default(),
        };
        c.recompute_all();
        c
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// A deployment of the checked plan, found through the checker's index
    /// (a plan's own lookup walks the list).
    pub fn deployment(&self, id: &DeploymentId) -> Option<&Deployment> {
        self.idx
            .deployment(&self.plan, id)
            .map(|d| &self.plan.deployments[d])
    }

    /// Takes the plan back out of the checker.
    pub fn into_plan(self) -> Plan {
        self.plan.into_owned()
    }

    fn recompute_all(&mut self) {
        let (plan, idx) = (&*self.plan, &self.idx);
        let mut groups: HashMap<GroupKey, Vec<Conflict>> = HashMap::default();
        let evaluator = rules::Evaluator::new(plan, idx);
        for key in group_keys(plan, idx) {
            let mut conflicts = vec![];
            evaluator.evaluate(key, &mut conflicts);
            if !conflicts.is_empty() {
                groups.insert(key, conflicts);
            }
        }
        let concurrency = (0..plan.environments.len())
            .map(|env| {
                let (mut conflicts, mut spans) = (vec![], vec![]);
                rules::concurrency(plan, idx, env, None, &mut conflicts, &mut spans);
                spans
                    .into_iter()
                    .zip(conflicts)
                    .map(|((from, to), c)| (from, (to, c)))
                    .collect()
            })
            .collect();
        self.groups = groups;
        self.concurrency = concurrency;
        self.tally = Tally::of(self.all());
    }

    /// Every conflict, unordered.
    fn all(&self) -> Vec<&Conflict> {
        self.groups
            .values()
            .flatten()
            .chain(
                self.concurrency
                    .iter()
                    .flat_map(|m| m.values().map(|(_, c)| c)),
            )
            .collect()
    }

    /// Every conflict, in report order, each identity once.
    pub fn report(&self) -> Report {
        let all = self.all();
        Report {
            conflicts: report_order(&all)
                .into_iter()
                .map(|i| all[i].clone())
                .collect(),
        }
    }

    /// Every conflict, in report order, consuming the checker (no copies).
    pub fn into_report(self) -> Report {
        let mut conflicts: Vec<Conflict> = Vec::with_capacity(
            self.groups.values().map(Vec::len).sum::<usize>()
                + self.concurrency.iter().map(BTreeMap::len).sum::<usize>(),
        );
        conflicts.extend(self.groups.into_values().flatten());
        conflicts.extend(
            self.concurrency
                .into_iter()
                .flat_map(|m| m.into_values().map(|(_, c)| c)),
        );
        sort_and_dedup(&mut conflicts);
        Report { conflicts }
    }

    /// The conflicts that list a deployment among their `deployments`, in report order.
    pub fn conflicts_of(&self, id: &DeploymentId) -> Vec<Conflict> {
        let Some(d) = self.idx.deployment(&self.plan, id) else {
            return vec![];
        };
        let (start, end) = (self.idx.dep_start[d], self.idx.dep_end[d]);
        let mut out: Vec<Conflict> = vec![];
        for key in self.groups_touching(d) {
            if let GroupKey::Concurrency(env) = key {
                // Only the intervals that meet the deployment's can list it:
                // those that start before it ends and end after it starts.
                let meeting = self.concurrency[env]
                    .range(..end)
                    .rev()
                    .take_while(|(_, (to, _))| *to > start)
                    .map(|(_, (_, c))| c);
                out.extend(meeting.filter(|c| c.involves_deployment(id)).cloned());
            } else if let Some(group) = self.groups.get(&key) {
                out.extend(group.iter().filter(|c| c.involves_deployment(id)).cloned());
            }
        }
        sort_and_dedup(&mut out);
        out
    }

    /// The conflicts that name any of `ids`, each once, in report order (what
    /// a group of deployments dragged together is in).
    pub fn conflicts_of_any(&self, ids: &[DeploymentId]) -> Vec<Conflict> {
        let mut out: Vec<Conflict> = ids.iter().flat_map(|id| self.conflicts_of(id)).collect();
        sort_and_dedup(&mut out);
        out
    }

    /// Where a deployment could go instead: see `suggest::suggest`.
    pub fn suggest(&self, id: &DeploymentId) -> Result<Suggestion, EngineError> {
        suggest::suggest(self, id)
    }

    pub(crate) fn index(&self) -> &Index {
        &self.idx
    }
}
