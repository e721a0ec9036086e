//! The conflict engine: every rule of `conflict-rules.md`, evaluated with sorted
//! structures (sweeps and binary searches, never all pairs), grouped so that
//! moving one deployment re-evaluates only the groups it can affect.
//!
//! Conflicts are grouped by the smallest part of the plan that decides them
//! ([`GroupKey`]): a (service, environment) lane for `overlap`, one deployment
//! for `blackout`/`outside-window`/`team-unavailable`, a (release, environment)
//! for the release rules, a (release, service) for `promotion-order`, one
//! environment for `concurrency`. A move invalidates a handful of groups; the
//! rest of the report is kept.

pub mod report;
mod rules;
pub mod suggest;

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::fxhash::FxHashMap as HashMap;

use chrono::Duration;

use crate::plan::*;
use crate::time::Instant;
use crate::windows::{occurrences, Occurrence};
pub use report::{Conflict, Evidence, Report, Rule, Severity};
pub use suggest::{gate, GateRequest, GateResult, Suggestion};

/// Invalid input to the engine (an id that is not in the plan, an empty interval).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("there is no deployment {0:?} in the plan")]
    UnknownDeployment(String),
    #[error("there is no environment {0:?} in the plan")]
    UnknownEnvironment(String),
    #[error("there is no service {0:?} in the plan")]
    UnknownService(String),
    #[error("there is no release {0:?} in the plan")]
    UnknownRelease(String),
    #[error("a deployment must end after it starts")]
    EmptyInterval,
    #[error("a deployment with id {0:?} already exists")]
    DuplicateDeployment(String),
}

/// The part of the plan that decides a set of conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum GroupKey {
    Cycles,
    Lane { service: usize, env: usize },
    Deployment(usize),
    ReleaseEnv { release: usize, env: usize },
    ReleaseService { release: usize, service: usize },
    Concurrency(usize),
}

/// Occurrences of one window over the engine's horizon, sorted by start.
#[derive(Debug, Clone, Default)]
pub(crate) struct WindowOccurrences {
    pub(crate) list: Vec<Occurrence>,
    /// The longest occurrence, to bound binary searches.
    pub(crate) longest: Duration,
}

impl WindowOccurrences {
    /// Occurrences that intersect `[start, end)`.
    pub(crate) fn hitting(
        &self,
        start: Instant,
        end: Instant,
    ) -> impl Iterator<Item = &Occurrence> {
        let from = start - self.longest;
        let i = self.list.partition_point(|o| o.start < from);
        self.list[i..]
            .iter()
            .take_while(move |o| o.start < end)
            .filter(move |o| o.end > start)
    }
}

/// Derived, index-based view of a plan that the rules read.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    pub(crate) env_of: HashMap<EnvironmentId, usize>,
    pub(crate) service_of: HashMap<ServiceId, usize>,
    pub(crate) release_of: HashMap<ReleaseId, usize>,
    pub(crate) team_of: HashMap<TeamId, usize>,
    /// Built on first use: a full check never needs it.
    deployment_of: OnceCell<HashMap<DeploymentId, usize>>,
    /// Per deployment: service, environment, release (None for a hypothetical
    /// deployment of no release), and whether it takes part in the rules.
    pub(crate) dep_service: Vec<usize>,
    pub(crate) dep_env: Vec<usize>,
    pub(crate) dep_release: Vec<Option<usize>>,
    pub(crate) dep_active: Vec<bool>,
    /// Active deployments by (service, environment) lane, sorted by (start, index).
    pub(crate) lanes: HashMap<(usize, usize), Vec<usize>>,
    /// Active deployments by environment, sorted by (start, index) and by (end, index).
    pub(crate) env_by_start: Vec<Vec<usize>>,
    pub(crate) env_by_end: Vec<Vec<usize>>,
    /// Active deployments by (release, environment) and (release, service).
    pub(crate) release_env: HashMap<(usize, usize), Vec<usize>>,
    pub(crate) release_service: HashMap<(usize, usize), Vec<usize>>,
    /// Releases that depend on each release (self-edges left out).
    pub(crate) dependents: Vec<Vec<usize>>,
    /// Per service: its direct providers (self left out).
    pub(crate) providers: Vec<Vec<usize>>,
    /// Per (service, environment): blackout and maintenance windows whose scope matches.
    /// Indexed by [`Index::pair`].
    pub(crate) blackouts_for: Vec<Vec<usize>>,
    pub(crate) maintenance_for: Vec<Vec<usize>>,
    /// Per (service, environment) pair: which entry of `coverage` applies.
    pub(crate) coverage_of: Vec<usize>,
    /// Per window: occurrences over `horizon`.
    pub(crate) occurrences: Vec<WindowOccurrences>,
    /// Merged maintenance coverage per set of windows (keyed by the sorted list).
    /// Merged maintenance coverage, one per distinct set of matching windows.
    pub(crate) coverage: Vec<Vec<(Instant, Instant)>>,
    pub(crate) horizon: (Instant, Instant),
}

/// A plan with its conflicts, able to re-check cheaply after a deployment moves.
#[derive(Debug, Clone)]
pub struct Checker<'p> {
    plan: Cow<'p, Plan>,
    idx: Index,
    groups: HashMap<GroupKey, Vec<Conflict>>,
}

/// Checks a plan and returns every conflict, in report order.
pub fn check(plan: &Plan) -> Report {
    Checker::new(plan).into_report()
}

fn insert_sorted(list: &mut Vec<usize>, i: usize, key: impl Fn(usize) -> Instant) {
    let k = (key(i), i);
    let pos = list.partition_point(|&j| (key(j), j) < k);
    list.insert(pos, i);
}

fn remove_item(list: &mut Vec<usize>, i: usize) {
    if let Some(pos) = list.iter().position(|&j| j == i) {
        list.remove(pos);
    }
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
        };
        c.recompute_all();
        c
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Takes the plan back out of the checker.
    pub fn into_plan(self) -> Plan {
        self.plan.into_owned()
    }

    fn recompute_all(&mut self) {
        let mut keys = vec![GroupKey::Cycles];
        keys.extend(
            self.idx
                .lanes
                .keys()
                .map(|&(service, env)| GroupKey::Lane { service, env }),
        );
        keys.extend((0..self.plan.deployments.len()).map(GroupKey::Deployment));
        keys.extend(
            self.idx
                .release_env
                .keys()
                .map(|&(release, env)| GroupKey::ReleaseEnv { release, env }),
        );
        keys.extend(
            self.idx
                .release_service
                .keys()
                .map(|&(release, service)| GroupKey::ReleaseService { release, service }),
        );
        keys.extend((0..self.plan.environments.len()).map(GroupKey::Concurrency));
        self.groups.clear();
        for key in keys {
            let conflicts = rules::evaluate(&self.plan, &self.idx, key);
            if !conflicts.is_empty() {
                self.groups.insert(key, conflicts);
            }
        }
    }

    /// Every conflict, in report order, each identity once.
    pub fn report(&self) -> Report {
        let mut conflicts: Vec<Conflict> = self.groups.values().flatten().cloned().collect();
        sort_and_dedup(&mut conflicts);
        Report { conflicts }
    }

    /// Every conflict, in report order, consuming the checker (no copies).
    pub fn into_report(self) -> Report {
        let mut conflicts: Vec<Conflict> = self.groups.into_values().flatten().collect();
        sort_and_dedup(&mut conflicts);
        Report { conflicts }
    }

    /// The conflicts that list a deployment among their `deployments`, in report order.
    pub fn conflicts_of(&self, id: &DeploymentId) -> Vec<Conflict> {
        let Some(d) = self.idx.deployment(&self.plan, id) else {
            return vec![];
        };
        let mut out: Vec<Conflict> = self
            .groups_touching(d)
            .into_iter()
            .filter_map(|k| self.groups.get(&k))
            .flatten()
            .filter(|c| c.involves_deployment(id))
            .cloned()
            .collect();
        sort_and_dedup(&mut out);
        out
    }

    /// Number of (errors, warnings), counting each identity once.
    pub fn counts(&self) -> (usize, usize) {
        let r = self.report();
        (r.count(Severity::Error), r.count(Severity::Warning))
    }

    /// Groups whose conflicts can involve deployment `d` where it is now.
    fn groups_touching(&self, d: usize) -> Vec<GroupKey> {
        let (service, env) = (self.idx.dep_service[d], self.idx.dep_env[d]);
        let mut keys = vec![
            GroupKey::Deployment(d),
            GroupKey::Lane { service, env },
            GroupKey::Concurrency(env),
        ];
        if let Some(release) = self.idx.dep_release[d] {
            keys.push(GroupKey::ReleaseEnv { release, env });
            keys.push(GroupKey::ReleaseService { release, service });
            for &a in &self.idx.dependents[release] {
                keys.push(GroupKey::ReleaseEnv { release: a, env });
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    /// Moves (and/or resizes, and/or re-targets) one deployment and re-checks
    /// only what that can change. The report afterwards equals a full check of
    /// the changed plan.
    pub fn move_deployment(
        &mut self,
        id: &DeploymentId,
        start: Instant,
        end: Instant,
        environment: &EnvironmentId,
    ) -> Result<(), EngineError> {
        self.move_deployment_inner(id, start, end, environment, true)
    }

    fn move_deployment_inner(
        &mut self,
        id: &DeploymentId,
        start: Instant,
        end: Instant,
        environment: &EnvironmentId,
        with_concurrency: bool,
    ) -> Result<(), EngineError> {
        let d = self
            .idx
            .deployment(&self.plan, id)
            .ok_or_else(|| EngineError::UnknownDeployment(id.0.clone()))?;
        let new_env = *self
            .idx
            .env_of
            .get(environment)
            .ok_or_else(|| EngineError::UnknownEnvironment(environment.0.clone()))?;
        if end <= start {
            return Err(EngineError::EmptyInterval);
        }
        let mut affected = self.groups_touching(d);
        let old_env = self.idx.dep_env[d];
        let active = self.idx.dep_active[d];
        if active {
            self.idx.unlink(&self.plan, d);
        }
        {
            let dep = &mut self.plan.to_mut().deployments[d];
            dep.start = start;
            dep.end = end;
            dep.environment = environment.clone();
        }
        self.idx.dep_env[d] = new_env;
        if active {
            self.idx.link(&self.plan, d);
        }
        self.idx.ensure_horizon(&self.plan, start, end);
        affected.extend(self.groups_touching(d));
        affected.sort();
        affected.dedup();
        let _ = old_env;
        for key in affected {
            if !with_concurrency && matches!(key, GroupKey::Concurrency(_)) {
                continue;
            }
            let conflicts = rules::evaluate(&self.plan, &self.idx, key);
            if conflicts.is_empty() {
                self.groups.remove(&key);
            } else {
                self.groups.insert(key, conflicts);
            }
        }
        Ok(())
    }

    /// Where a deployment could go instead: see [`suggest::suggest`].
    pub fn suggest(&self, id: &DeploymentId) -> Result<Suggestion, EngineError> {
        suggest::suggest(self, id)
    }

    pub(crate) fn index(&self) -> &Index {
        &self.idx
    }
}

pub(crate) fn sort_and_dedup(conflicts: &mut Vec<Conflict>) {
    conflicts.sort_by(|a, b| {
        a.order_key()
            .cmp(&b.order_key())
            .then_with(|| a.severity.cmp(&b.severity))
    });
    conflicts.dedup_by(|a, b| a.identity() == b.identity());
}

impl Index {
    /// Position of a (service, environment) pair in the pair-indexed lists.
    #[inline]
    pub(crate) fn pair(&self, service: usize, env: usize) -> usize {
        service * self.env_of.len() + env
    }

    /// The position of a deployment in the plan.
    pub(crate) fn deployment(&self, plan: &Plan, id: &DeploymentId) -> Option<usize> {
        self.deployment_of
            .get_or_init(|| {
                plan.deployments
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.id.clone(), i))
                    .collect()
            })
            .get(id)
            .copied()
    }

    /// Merged maintenance coverage that applies to a (service, environment) pair.
    pub(crate) fn coverage_for(&self, service: usize, env: usize) -> &[(Instant, Instant)] {
        self.coverage
            .get(self.coverage_of[self.pair(service, env)])
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn build(plan: &Plan) -> Index {
        fn positions<K: Clone + Eq + std::hash::Hash, T>(
            items: &[T],
            id: impl Fn(&T) -> &K,
        ) -> HashMap<K, usize> {
            items
                .iter()
                .enumerate()
                .map(|(i, e)| (id(e).clone(), i))
                .collect()
        }
        let pairs = plan.services.len() * plan.environments.len();
        let n = plan.deployments.len();
        let mut idx = Index {
            env_of: positions(&plan.environments, |e| &e.id),
            service_of: positions(&plan.services, |e| &e.id),
            release_of: positions(&plan.releases, |e| &e.id),
            team_of: positions(&plan.teams, |e| &e.id),
            deployment_of: OnceCell::new(),
            dep_service: Vec::with_capacity(n),
            dep_env: Vec::with_capacity(n),
            dep_release: Vec::with_capacity(n),
            dep_active: Vec::with_capacity(n),
            lanes: HashMap::default(),
            env_by_start: vec![vec![]; plan.environments.len()],
            env_by_end: vec![vec![]; plan.environments.len()],
            release_env: HashMap::default(),
            release_service: HashMap::default(),
            dependents: vec![vec![]; plan.releases.len()],
            providers: vec![vec![]; plan.services.len()],
            blackouts_for: vec![vec![]; pairs],
            maintenance_for: vec![vec![]; pairs],
            coverage_of: vec![0; pairs],
            occurrences: vec![WindowOccurrences::default(); plan.windows.len()],
            coverage: vec![],
            horizon: (Instant::MAX_UTC, Instant::MIN_UTC),
        };
        let cancelled: Vec<bool> = plan
            .releases
            .iter()
            .map(|r| r.status() == ReleaseStatus::Cancelled)
            .collect();
        for d in &plan.deployments {
            // Validated plans resolve every reference; a deployment whose release
            // is unknown is the gate's hypothetical one and belongs to no release.
            let s = idx.service_of.get(&d.service).copied().unwrap_or(0);
            let e = idx.env_of.get(&d.environment).copied().unwrap_or(0);
            let r = idx.release_of.get(&d.release).copied();
            idx.dep_service.push(s);
            idx.dep_env.push(e);
            idx.dep_release.push(r);
            idx.dep_active.push(
                d.status() != DeploymentStatus::RolledBack && !r.is_some_and(|r| cancelled[r]),
            );
        }
        // Sort once by start (and once by end), then distribute: every bucket
        // comes out sorted without sorting each one.
        // Sorting packed integer keys is much faster than comparing instants
        // through the plan; instants fit in i64 nanoseconds until 2262.
        let key = |t: Instant| {
            t.timestamp_nanos_opt().unwrap_or(if t.timestamp() < 0 {
                i64::MIN
            } else {
                i64::MAX
            })
        };
        let sorted_by = |at: &dyn Fn(&Deployment) -> Instant| -> Vec<usize> {
            let mut keyed: Vec<(i64, u32)> = (0..n)
                .filter(|&i| idx.dep_active[i])
                .map(|i| (key(at(&plan.deployments[i])), i as u32))
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, i)| i as usize).collect()
        };
        let by_start = sorted_by(&|d| d.start);
        let by_end = sorted_by(&|d| d.end);
        for &i in &by_start {
            let (s, e, r) = (idx.dep_service[i], idx.dep_env[i], idx.dep_release[i]);
            idx.lanes.entry((s, e)).or_default().push(i);
            idx.env_by_start[e].push(i);
            if let Some(r) = r {
                idx.release_env.entry((r, e)).or_default().push(i);
                idx.release_service.entry((r, s)).or_default().push(i);
            }
        }
        for &i in &by_end {
            idx.env_by_end[idx.dep_env[i]].push(i);
        }
        for (a, r) in plan.releases.iter().enumerate() {
            for b in &r.depends_on {
                if let Some(&b) = idx.release_of.get(b) {
                    if b != a && !idx.dependents[b].contains(&a) {
                        idx.dependents[b].push(a);
                    }
                }
            }
        }
        for (x, s) in plan.services.iter().enumerate() {
            for y in &s.depends_on {
                if let Some(&y) = idx.service_of.get(y) {
                    if y != x && !idx.providers[x].contains(&y) {
                        idx.providers[x].push(y);
                    }
                }
            }
        }
        for (si, s) in plan.services.iter().enumerate() {
            for (ei, e) in plan.environments.iter().enumerate() {
                let pair = idx.pair(si, ei);
                for (wi, w) in plan.windows.iter().enumerate() {
                    if w.scope.matches(&s.id, &e.id) {
                        match w.kind {
                            WindowKind::Blackout => idx.blackouts_for[pair].push(wi),
                            WindowKind::Maintenance => idx.maintenance_for[pair].push(wi),
                        }
                    }
                }
            }
        }
        if let (Some(min), Some(max)) = (
            plan.deployments.iter().map(|d| d.start).min(),
            plan.deployments.iter().map(|d| d.end).max(),
        ) {
            idx.ensure_horizon(plan, min, max);
        }
        idx
    }

    /// Makes sure window occurrences cover `[start, end)`. The horizon grows in
    /// generous steps so that a drag across days does not re-expand every frame.
    pub(crate) fn ensure_horizon(&mut self, plan: &Plan, start: Instant, end: Instant) {
        let (h0, h1) = self.horizon;
        if h0 <= start && end <= h1 {
            return;
        }
        let slack = Duration::days(31);
        let (new0, new1) = if h0 > h1 {
            (start - slack, end + slack)
        } else {
            (
                if h0 <= start { h0 } else { start - slack },
                if end <= h1 { h1 } else { end + slack },
            )
        };
        self.horizon = (new0, new1);
        for (wi, w) in plan.windows.iter().enumerate() {
            let list = occurrences(w, new0, new1);
            let longest = list
                .iter()
                .map(|o| o.end - o.start)
                .max()
                .unwrap_or_else(Duration::zero);
            self.occurrences[wi] = WindowOccurrences { list, longest };
        }
        // One merged coverage per distinct set of matching maintenance windows.
        let mut sets: HashMap<&[usize], usize> = HashMap::default();
        let mut coverage = vec![];
        let mut coverage_of = vec![0; self.maintenance_for.len()];
        for (pair, set) in self.maintenance_for.iter().enumerate() {
            coverage_of[pair] = *sets.entry(set.as_slice()).or_insert_with(|| {
                coverage.push(self.merge_coverage(set));
                coverage.len() - 1
            });
        }
        self.coverage = coverage;
        self.coverage_of = coverage_of;
    }

    /// The union of the occurrences of `windows`, back-to-back ones chained.
    fn merge_coverage(&self, windows: &[usize]) -> Vec<(Instant, Instant)> {
        let mut all: Vec<(Instant, Instant)> = windows
            .iter()
            .flat_map(|&w| self.occurrences[w].list.iter().map(|o| (o.start, o.end)))
            .collect();
        all.sort_unstable();
        let mut merged: Vec<(Instant, Instant)> = Vec::with_capacity(all.len());
        for (s, e) in all {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    fn unlink(&mut self, plan: &Plan, d: usize) {
        let (s, e, r) = (self.dep_service[d], self.dep_env[d], self.dep_release[d]);
        let _ = plan;
        if let Some(l) = self.lanes.get_mut(&(s, e)) {
            remove_item(l, d);
        }
        remove_item(&mut self.env_by_start[e], d);
        remove_item(&mut self.env_by_end[e], d);
        if let Some(r) = r {
            if let Some(l) = self.release_env.get_mut(&(r, e)) {
                remove_item(l, d);
            }
            if let Some(l) = self.release_service.get_mut(&(r, s)) {
                remove_item(l, d);
            }
        }
    }

    fn link(&mut self, plan: &Plan, d: usize) {
        let (s, e, r) = (self.dep_service[d], self.dep_env[d], self.dep_release[d]);
        let start = |i: usize| plan.deployments[i].start;
        let end = |i: usize| plan.deployments[i].end;
        insert_sorted(self.lanes.entry((s, e)).or_default(), d, start);
        insert_sorted(&mut self.env_by_start[e], d, start);
        insert_sorted(&mut self.env_by_end[e], d, end);
        if let Some(r) = r {
            insert_sorted(self.release_env.entry((r, e)).or_default(), d, start);
            insert_sorted(self.release_service.entry((r, s)).or_default(), d, start);
        }
    }
}
