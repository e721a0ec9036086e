//! The conflict engine: every rule of `conflict-rules.md`, evaluated with sorted
//! structures (sweeps and binary searches, never all pairs), grouped so that
//! moving one deployment re-evaluates only the groups it can affect.
//!
//! Conflicts are grouped by the smallest part of the plan that decides them
//! ([`GroupKey`]): a (service, environment) lane for `overlap`, one deployment
//! for `blackout`/`outside-window`/`team-unavailable`, a (release, environment)
//! for the release rules, a (release, service) for `promotion-order`, one
//! environment for `concurrency`. A move invalidates a handful of groups; the
//! rest of the report is kept. `concurrency` is re-swept only around the old and
//! new intervals of the moved deployment (see `Checker::recheck_concurrency`).
//!
//! Everything the rules read per deployment (service, environment, release,
//! start, end) is copied into dense arrays once, so that rules and sweeps index
//! vectors instead of hashing ids or chasing the plan's strings.

mod human;
pub mod report;
mod rules;
pub mod suggest;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::BuildHasher;
use std::hash::Hash;

use crate::fxhash::{FxBuild, FxHashMap as HashMap};

use chrono::{DateTime, Duration};

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
    Lane {
        service: usize,
        env: usize,
    },
    Deployment(usize),
    ReleaseEnv {
        release: usize,
        env: usize,
    },
    /// A (release, service) group, by its position in [`Index::rs_key`].
    ReleaseService(usize),
    /// An environment's `concurrency` conflicts (a checker keeps them apart,
    /// by interval).
    Concurrency(usize),
}

/// An instant as nanoseconds since the Unix epoch: compared and subtracted in
/// a couple of instructions, where a `DateTime` compares three fields and
/// subtracts through calendar arithmetic. The rules' hot loops and sorts use
/// these; messages use the plan's instants.
///
/// Two widths: `i128` is exact for every instant chrono holds and is what a
/// [`Checker`] keeps (deployments may move anywhere). A full [`check`] of a plan
/// whose deployments all lie within 1824..2115 uses `i64` (half the memory to
/// sweep): deployment instants are then exact, and anything else (a window
/// occurrence or an unavailable period far away) saturates, which keeps every
/// comparison with a deployment instant right, and only those decide.
pub(crate) trait Key: Copy + Ord + Default + fmt::Debug + Hash + 'static {
    /// The key of an instant, saturating.
    fn of(t: Instant) -> Self;
    /// The key of a deployment's instant, if this width holds it, its
    /// differences with the others and the horizon around it exactly.
    fn exact(t: Instant) -> Option<Self>;
    /// The instant of a key (exact for a deployment's).
    fn instant(self) -> Instant;
    /// `self - other`, saturating.
    fn minus(self, other: Self) -> Self;
}

const NANOS_PER_SEC: i128 = 1_000_000_000;

fn nanos_i128(t: Instant) -> i128 {
    i128::from(t.timestamp()) * NANOS_PER_SEC + i128::from(t.timestamp_subsec_nanos())
}

fn instant_i128(n: i128) -> Instant {
    i64::try_from(n.div_euclid(NANOS_PER_SEC))
        .ok()
        .and_then(|secs| DateTime::from_timestamp(secs, n.rem_euclid(NANOS_PER_SEC) as u32))
        .unwrap_or(if n < 0 {
            Instant::MIN_UTC
        } else {
            Instant::MAX_UTC
        })
}

impl Key for i128 {
    fn of(t: Instant) -> Self {
        nanos_i128(t)
    }
    fn exact(t: Instant) -> Option<Self> {
        Some(nanos_i128(t))
    }
    fn instant(self) -> Instant {
        instant_i128(self)
    }
    fn minus(self, other: Self) -> Self {
        self.saturating_sub(other)
    }
}

impl Key for i64 {
    fn of(t: Instant) -> Self {
        let n = nanos_i128(t);
        n.clamp(i64::MIN.into(), i64::MAX.into()) as i64
    }
    /// Within ±2^62 ns of 1970 (1824..2115).
    fn exact(t: Instant) -> Option<Self> {
        let n = nanos_i128(t);
        (n.abs() < 1 << 62).then_some(n as i64)
    }
    fn instant(self) -> Instant {
        instant_i128(self.into())
    }
    fn minus(self, other: Self) -> Self {
        self.saturating_sub(other)
    }
}

/// The instants of a [`Checker`].
pub(crate) type Nanos = i128;

/// Occurrences of one window over the engine's horizon, sorted by start.
#[derive(Debug, Clone, Default)]
pub(crate) struct WindowOccurrences {
    pub(crate) list: Vec<Occurrence>,
}

/// The occurrences of a set of blackout windows, merged into one list sorted by
/// (start, window, position), so that a deployment needs one binary search
/// whatever the number of windows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timeline<K> {
    /// (start, end, window, position in the window's occurrence list).
    pub(crate) entries: Vec<(K, K, usize, usize)>,
    /// The longest occurrence, to bound binary searches.
    pub(crate) longest: K,
}

impl<K: Key> Timeline<K> {
    /// Occurrences that intersect `[start, end)`, by start, given the first
    /// entry that can: the first that starts at or after `start - longest`.
    pub(crate) fn hitting_from(
        &self,
        first: usize,
        start: K,
        end: K,
    ) -> impl Iterator<Item = &(K, K, usize, usize)> {
        self.entries[first..]
            .iter()
            .take_while(move |o| o.0 < end)
            .filter(move |o| o.1 > start)
    }
}

/// No (release, service) group yet for a service, while groups are numbered.
const NO_GROUP: usize = usize::MAX;

/// "None" in the compact per-deployment lists (positions fit in 32 bits).
const NONE: u32 = u32::MAX;

fn some(v: u32) -> Option<usize> {
    (v != NONE).then_some(v as usize)
}

/// Deployment positions by id without copying the ids: the hash of an id maps
/// to the last deployment with that hash, chained to earlier ones through
/// `next` (collisions are told apart by comparing the ids in the plan).
#[derive(Debug, Clone)]
struct IdTable {
    head: HashMap<u64, usize>,
    next: Vec<usize>,
}

impl IdTable {
    fn new(plan: &Plan) -> Self {
        let hasher = FxBuild::default();
        let mut head: HashMap<u64, usize> = HashMap::default();
        head.reserve(plan.deployments.len());
        let mut next = vec![usize::MAX; plan.deployments.len()];
        for (i, d) in plan.deployments.iter().enumerate() {
            if let Some(prev) = head.insert(hasher.hash_one(d.id.as_str()), i) {
                next[i] = prev;
            }
        }
        IdTable { head, next }
    }

    /// The last deployment with this id (ids are unique in a valid plan).
    fn get(&self, plan: &Plan, id: &str) -> Option<usize> {
        let mut i = *self.head.get(&FxBuild::default().hash_one(id))?;
        while i != usize::MAX {
            if plan.deployments[i].id.as_str() == id {
                return Some(i);
            }
            i = self.next[i];
        }
        None
    }
}

/// A deployment in a list sorted by time, with its interval: sweeps read the
/// list in order instead of looking each deployment up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry<K> {
    pub(crate) start: K,
    pub(crate) end: K,
    pub(crate) d: usize,
}

/// Derived, index-based view of a plan that the rules read.
#[derive(Debug, Clone)]
pub(crate) struct Index<K = Nanos> {
    pub(crate) env_of: HashMap<EnvironmentId, usize>,
    pub(crate) service_of: HashMap<ServiceId, usize>,
    pub(crate) release_of: HashMap<ReleaseId, usize>,
    /// Built on first use: a full check never needs it.
    deployment_of: OnceCell<IdTable>,
    /// Number of environments (the stride of pair-indexed lists).
    envs: usize,
    /// Per service: the position of its team, if it has a known one.
    pub(crate) service_team: Vec<Option<usize>>,
    /// Per service: whether it holds sensitive data.
    pub(crate) service_sensitive: Vec<bool>,
    /// Per deployment: service, environment, release ([`NONE`] for the gate's
    /// hypothetical deployment of no release), whether it takes part in the
    /// rules, and its interval (kept equal to the plan's). Read through
    /// [`Index::dep_service`] and friends.
    dep_service: Vec<u32>,
    dep_env: Vec<u32>,
    dep_release: Vec<u32>,
    pub(crate) dep_active: Vec<bool>,
    pub(crate) dep_start: Vec<K>,
    pub(crate) dep_end: Vec<K>,
    /// Active deployments by (service, environment) lane ([`Index::pair`]),
    /// sorted by (start, index).
    pub(crate) lanes: Vec<Vec<Entry<K>>>,
    /// Active deployments by environment, sorted by (start, index) and by (end,
    /// index). Only environments with `max_concurrent` keep them (only the
    /// `concurrency` rule reads them); the others stay empty.
    pub(crate) env_by_start: Vec<Vec<Entry<K>>>,
    pub(crate) env_by_end: Vec<Vec<Entry<K>>>,
    /// Per environment: at least the length of every deployment in its lists
    /// (it only grows), to find what is running at an instant.
    pub(crate) env_longest: Vec<K>,
    /// Active deployments by (release, environment) ([`Index::release_env`]), in
    /// plan order.
    release_env: Vec<Vec<usize>>,
    /// (release, service) groups. Moves never change a deployment's release or
    /// service, so these are fixed: group `g` is `rs_key[g]`, its members (in plan
    /// order) are `rs_items[rs_start[g]..rs_start[g + 1]]`, and `rs_of[d]` is the
    /// group of deployment `d` ([`NONE`] when it has no release or is inactive).
    pub(crate) rs_key: Vec<(usize, usize)>,
    rs_start: Vec<usize>,
    rs_items: Vec<usize>,
    rs_of: Vec<u32>,
    /// Releases that depend on each release, and that each release depends
    /// on (in `depends_on` order); self-edges and repeats left out.
    pub(crate) dependents: Vec<Vec<usize>>,
    pub(crate) depends: Vec<Vec<usize>>,
    /// Per service: its direct providers (self left out).
    pub(crate) providers: Vec<Vec<usize>>,
    /// Per release: (consumer, provider) pairs of its (release, service)
    /// groups, where the consumer's service depends on the provider's.
    pub(crate) provider_pairs: Vec<Vec<(usize, usize)>>,
    /// Per release: distinct approvers, and whether anyone rejected it.
    pub(crate) approvals: Vec<(u32, bool)>,
    /// Per environment: its promotion order.
    pub(crate) env_order: Vec<i64>,
    /// Per (service, environment): blackout and maintenance windows whose scope matches.
    /// Indexed by [`Index::pair`].
    pub(crate) blackouts_for: Vec<Vec<usize>>,
    pub(crate) maintenance_for: Vec<Vec<usize>>,
    /// Per team: its unavailable periods, in the team's order.
    pub(crate) team_unavailable: Vec<Vec<(K, K)>>,
    /// Per (service, environment) pair: which entry of `coverage` applies.
    pub(crate) coverage_of: Vec<usize>,
    /// Per window: occurrences over `horizon`.
    pub(crate) occurrences: Vec<WindowOccurrences>,
    /// Merged maintenance coverage, one per distinct set of matching windows.
    pub(crate) coverage: Vec<Vec<(K, K)>>,
    /// Per (service, environment) pair: which entry of `blackouts` applies.
    pub(crate) blackouts_of: Vec<usize>,
    /// Blackout occurrences, one timeline per distinct set of matching windows.
    pub(crate) blackouts: Vec<Timeline<K>>,
    pub(crate) horizon: (Instant, Instant),
}

/// A plan with its conflicts, able to re-check cheaply after a deployment moves.
#[derive(Debug, Clone)]
pub struct Checker<'p> {
    plan: Cow<'p, Plan>,
    idx: Index,
    /// Conflicts by group, `concurrency` ones aside.
    groups: HashMap<GroupKey, Vec<Conflict>>,
    /// Per environment: its `concurrency` conflicts by the start of their
    /// interval, with its end (the intervals are disjoint). A move replaces the
    /// few around it; an environment can have thousands.
    concurrency: Vec<BTreeMap<Nanos, (Nanos, Conflict)>>,
    /// (errors, warnings) over `groups` and `concurrency`, kept in step with
    /// every change to them, so a drag frame's counts cost nothing.
    tally: Tally,
}

/// Errors and warnings among some conflicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    errors: usize,
    warnings: usize,
}

impl Tally {
    fn of<'c>(conflicts: impl IntoIterator<Item = &'c Conflict>) -> Tally {
        let mut t = Tally::default();
        for c in conflicts {
            t.add(c);
        }
        t
    }

    fn add(&mut self, c: &Conflict) {
        match c.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    fn remove(&mut self, c: &Conflict) {
        match c.severity {
            Severity::Error => self.errors -= 1,
            Severity::Warning => self.warnings -= 1,
        }
    }
}

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

/// Every group but the `Concurrency` ones (which keep their intervals too), in
/// a fixed order.
fn group_keys<'a, K: Key>(
    plan: &'a Plan,
    idx: &'a Index<K>,
) -> impl Iterator<Item = GroupKey> + 'a {
    let lanes = idx
        .lanes
        .iter()
        .enumerate()
        .filter(|(_, lane)| lane.len() >= 2)
        .map(|(pair, _)| {
            let (service, env) = idx.unpair(pair);
            GroupKey::Lane { service, env }
        });
    let deployments = (0..plan.deployments.len())
        .filter(|&d| idx.dep_active[d])
        .map(GroupKey::Deployment);
    let release_envs = idx
        .release_envs()
        .map(|(release, env)| GroupKey::ReleaseEnv { release, env });
    let release_services = (0..idx.rs_key.len())
        .filter(|&g| idx.rs_members(g).len() >= 2)
        .map(GroupKey::ReleaseService);
    std::iter::once(GroupKey::Cycles)
        .chain(lanes)
        .chain(deployments)
        .chain(release_envs)
        .chain(release_services)
}

/// Looks ids up, remembering the last answer: deployments of one release (or
/// service, or environment) often come together, and comparing a short string
/// is cheaper than hashing it.
struct Resolver<'a, Id> {
    map: &'a HashMap<Id, usize>,
    last: Option<(&'a str, Option<usize>)>,
}

impl<'a, Id: std::borrow::Borrow<str> + Hash + Eq> Resolver<'a, Id> {
    fn new(map: &'a HashMap<Id, usize>) -> Self {
        Resolver { map, last: None }
    }
    fn get(&mut self, id: &'a str) -> Option<usize> {
        if let Some((last, found)) = self.last {
            if last == id {
                return found;
            }
        }
        let found = self.map.get(id).copied();
        self.last = Some((id, found));
        found
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

    /// Number of (errors, warnings) in the report, without building it.
    ///
    /// Every conflict identity belongs to exactly one group (a rule's subjects
    /// decide its group), so the running tally over the groups is the
    /// report's count; the engine's property tests hold it to that.
    pub fn counts(&self) -> (usize, usize) {
        (self.tally.errors, self.tally.warnings)
    }

    /// Groups whose conflicts can involve deployment `d` where it is now.
    fn groups_touching(&self, d: usize) -> Vec<GroupKey> {
        let (service, env) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let mut keys = vec![
            GroupKey::Deployment(d),
            GroupKey::Lane { service, env },
            GroupKey::Concurrency(env),
        ];
        if let Some(release) = self.idx.dep_release(d) {
            keys.push(GroupKey::ReleaseEnv { release, env });
            if let Some(g) = self.idx.rs_of(d) {
                keys.push(GroupKey::ReleaseService(g));
            }
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

    /// See [`Checker::move_deployment`]; without `with_concurrency` the
    /// `concurrency` conflicts are left stale (suggest's scratch copy only asks
    /// about errors, and `concurrency` is a warning).
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
        let old = (
            self.idx.dep_env(d),
            self.idx.dep_start[d],
            self.idx.dep_end[d],
        );
        let (start_n, end_n) = (Nanos::of(start), Nanos::of(end));
        let active = self.idx.dep_active[d];
        if active {
            self.idx.unlink(d);
        }
        {
            let dep = &mut self.plan.to_mut().deployments[d];
            dep.start = start;
            dep.end = end;
            dep.environment = environment.clone();
        }
        self.idx.dep_env[d] = new_env as u32;
        self.idx.dep_start[d] = start_n;
        self.idx.dep_end[d] = end_n;
        if active {
            self.idx.link(&self.plan, d);
        }
        self.idx.ensure_horizon(&self.plan, start, end);
        affected.extend(self.groups_touching(d));
        affected.sort();
        affected.dedup();
        let evaluator = rules::Evaluator::new(&self.plan, &self.idx);
        let mut fresh = vec![];
        for key in affected {
            if matches!(key, GroupKey::Concurrency(_)) {
                continue;
            }
            let mut conflicts = vec![];
            evaluator.evaluate(key, &mut conflicts);
            fresh.push((key, conflicts));
        }
        for (key, conflicts) in fresh {
            let old = if conflicts.is_empty() {
                self.groups.remove(&key)
            } else {
                for c in &conflicts {
                    self.tally.add(c);
                }
                self.groups.insert(key, conflicts)
            };
            for c in old.iter().flatten() {
                self.tally.remove(c);
            }
        }
        if with_concurrency && active {
            self.recheck_concurrency(&[old, (new_env, start_n, end_n)]);
        }
        Ok(())
    }

    /// Re-sweeps `concurrency` after a move changed the count in the given
    /// (environment, start, end) intervals: the old one (one fewer) and the new
    /// one (one more).
    ///
    /// Outside those intervals the count is what it was. Each interval is
    /// widened to a region `[r0, r1]` whose edges are not over the limit (just
    /// before `r0`, and at `r1`): no maximal over-limit interval crosses such an
    /// edge, before or after the move, so the conflicts wholly inside the region
    /// are the only ones that can change, and a sweep of the region alone
    /// recomputes them. Far from the limit that region is the interval itself.
    fn recheck_concurrency(&mut self, changed: &[(usize, Nanos, Nanos)]) {
        let mut envs: Vec<usize> = changed.iter().map(|c| c.0).collect();
        envs.sort_unstable();
        envs.dedup();
        for env in envs {
            let Some(limit) = self.plan.environments[env].max_concurrent else {
                continue;
            };
            let mut regions: Vec<(Nanos, Nanos)> = changed
                .iter()
                .filter(|c| c.0 == env)
                .map(|&(_, s, e)| {
                    (
                        rules::settle_before(&self.idx, env, limit, s),
                        rules::settle_after(&self.idx, env, limit, e),
                    )
                })
                .collect();
            regions.sort();
            let mut merged: Vec<(Nanos, Nanos)> = Vec::with_capacity(regions.len());
            for r in regions {
                match merged.last_mut() {
                    Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
                    _ => merged.push(r),
                }
            }
            let kept = &mut self.concurrency[env];
            for (r0, r1) in merged {
                let (mut fresh, mut spans) = (vec![], vec![]);
                rules::concurrency(
                    &self.plan,
                    &self.idx,
                    env,
                    Some((r0, r1)),
                    &mut fresh,
                    &mut spans,
                );
                // The old conflicts inside the region, by their start.
                let stale: Vec<Nanos> = kept.range(r0..=r1).map(|(&from, _)| from).collect();
                for from in stale {
                    if let Some((_, c)) = kept.remove(&from) {
                        self.tally.remove(&c);
                    }
                }
                for c in &fresh {
                    self.tally.add(c);
                }
                kept.extend(
                    spans
                        .into_iter()
                        .zip(fresh)
                        .map(|((from, to), c)| (from, (to, c))),
                );
            }
        }
    }

    /// Where a deployment could go instead: see [`suggest::suggest`].
    pub fn suggest(&self, id: &DeploymentId) -> Result<Suggestion, EngineError> {
        suggest::suggest(self, id)
    }

    pub(crate) fn index(&self) -> &Index {
        &self.idx
    }
}

/// The first eight bytes of an id (zero-padded, big-endian, so that integers
/// compare as the bytes do) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IdPrefix(u64, usize);

impl IdPrefix {
    fn of(s: &str) -> Self {
        let b = s.as_bytes();
        let mut w = [0u8; 8];
        let n = b.len().min(8);
        w[..n].copy_from_slice(&b[..n]);
        IdPrefix(u64::from_be_bytes(w), b.len())
    }

    /// Compares two ids by their prefixes, reading the strings only when the
    /// prefixes cannot tell.
    fn cmp_ids(self, a: &str, other: Self, b: &str) -> Ordering {
        if self.0 != other.0 {
            self.0.cmp(&other.0)
        } else if self.1 <= 8 && other.1 <= 8 {
            // Equal zero-padded prefixes of short ids: the shorter one is a
            // prefix of the longer one.
            self.1.cmp(&other.1)
        } else {
            a.cmp(b)
        }
    }
}

/// What the report order looks at first, precomputed: rule, environment and
/// first deployment (the subjects that usually decide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SortKey {
    rule: Rule,
    env: Option<IdPrefix>,
    first: Option<IdPrefix>,
}

impl SortKey {
    fn of(c: &Conflict) -> Self {
        SortKey {
            rule: c.rule,
            env: c.environment.as_ref().map(|e| IdPrefix::of(e.as_str())),
            first: c.deployments.first().map(|d| IdPrefix::of(d.as_str())),
        }
    }
}

/// The report order: rule, then subjects (`Conflict::order_key`), then
/// severity, using the precomputed keys where they decide.
fn report_cmp(x: &Conflict, kx: &SortKey, y: &Conflict, ky: &SortKey) -> Ordering {
    fn opt(
        a: Option<IdPrefix>,
        sa: Option<&str>,
        b: Option<IdPrefix>,
        sb: Option<&str>,
    ) -> Ordering {
        match (a.zip(sa), b.zip(sb)) {
            (Some((pa, sa)), Some((pb, sb))) => pa.cmp_ids(sa, pb, sb),
            (a, b) => a.is_some().cmp(&b.is_some()),
        }
    }
    kx.rule
        .cmp(&ky.rule)
        .then_with(|| {
            opt(
                kx.env,
                x.environment.as_ref().map(|e| e.as_str()),
                ky.env,
                y.environment.as_ref().map(|e| e.as_str()),
            )
        })
        .then_with(|| {
            opt(
                kx.first,
                x.deployments.first().map(|d| d.as_str()),
                ky.first,
                y.deployments.first().map(|d| d.as_str()),
            )
        })
        .then_with(|| x.order_key().cmp(&y.order_key()))
        .then_with(|| x.severity.cmp(&y.severity))
}

/// The report order of conflicts (rule, then subjects, then severity; ties
/// keep their order), each identity once: positions into `conflicts`.
/// Sorting small keys with positions moves a few bytes per swap instead of a
/// whole conflict, and compares integers where ids would be compared.
fn report_order<C: std::borrow::Borrow<Conflict>>(conflicts: &[C]) -> Vec<usize> {
    let c = |i: usize| conflicts[i].borrow();
    let mut keyed: Vec<(SortKey, usize)> = (0..conflicts.len())
        .map(|i| (SortKey::of(c(i)), i))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| report_cmp(c(*a), ka, c(*b), kb));
    // Neighbours with different keys have different identities.
    keyed.dedup_by(|(ka, a), (kb, b)| {
        ka.rule == kb.rule
            && ka.env == kb.env
            && ka.first == kb.first
            && c(*a).identity() == c(*b).identity()
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Sorts conflicts into report order and keeps each identity once.
pub(crate) fn sort_and_dedup(conflicts: &mut Vec<Conflict>) {
    let order = report_order(conflicts);
    let mut slots: Vec<Option<Conflict>> =
        std::mem::take(conflicts).into_iter().map(Some).collect();
    conflicts.reserve_exact(order.len());
    conflicts.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The positions a scope list names (all `count` when it is empty), sorted,
/// each once. An id that names nothing matches nothing.
fn scope_positions<K: std::hash::Hash + Eq>(
    ids: &[K],
    map: &HashMap<K, usize>,
    count: usize,
) -> Vec<usize> {
    if ids.is_empty() {
        return (0..count).collect();
    }
    let mut v: Vec<usize> = ids.iter().filter_map(|id| map.get(id).copied()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// One value per distinct set (of windows), and for each pair the position of
/// its set's value.
fn per_set<T>(sets: &[Vec<usize>], make: impl Fn(&[usize]) -> T) -> (Vec<T>, Vec<usize>) {
    let mut seen: HashMap<&[usize], usize> = HashMap::default();
    let mut values = vec![];
    let of = sets
        .iter()
        .map(|set| {
            *seen.entry(set.as_slice()).or_insert_with(|| {
                values.push(make(set));
                values.len() - 1
            })
        })
        .collect();
    (values, of)
}

/// Removes deployment `d` from a list sorted by `key` (which the entry's
/// fields give; they are the deployment's interval when it was inserted).
fn remove_entry<K: Key>(
    list: &mut Vec<Entry<K>>,
    entry: Entry<K>,
    key: fn(&Entry<K>) -> (K, usize),
) {
    let k = key(&entry);
    let pos = list.partition_point(|x| key(x) < k);
    if list.get(pos).is_some_and(|x| x.d == entry.d) {
        list.remove(pos);
    } else if let Some(pos) = list.iter().position(|x| x.d == entry.d) {
        // Not where its key says: cannot happen while lists and keys agree.
        list.remove(pos);
    }
}

/// Inserts an entry into a list sorted by `key`.
fn insert_entry<K: Key>(
    list: &mut Vec<Entry<K>>,
    entry: Entry<K>,
    key: fn(&Entry<K>) -> (K, usize),
) {
    let k = key(&entry);
    let pos = list.partition_point(|x| key(x) < k);
    list.insert(pos, entry);
}

fn by_start<K: Key>(x: &Entry<K>) -> (K, usize) {
    (x.start, x.d)
}

fn by_end<K: Key>(x: &Entry<K>) -> (K, usize) {
    (x.end, x.d)
}

/// Inserts `d` into a list in index order.
fn insert_in_order(list: &mut Vec<usize>, d: usize) {
    let pos = list.partition_point(|&j| j < d);
    list.insert(pos, d);
}

/// Removes `d` from a list in index order.
fn remove_in_order(list: &mut Vec<usize>, d: usize) {
    if let Ok(pos) = list.binary_search(&d) {
        list.remove(pos);
    }
}

impl<K: Key> Index<K> {
    /// The service, environment, release and (release, service) group of a
    /// deployment (kept in 32 bits each: they are read for every deployment).
    #[inline]
    pub(crate) fn dep_service(&self, d: usize) -> usize {
        self.dep_service[d] as usize
    }
    #[inline]
    pub(crate) fn dep_env(&self, d: usize) -> usize {
        self.dep_env[d] as usize
    }
    #[inline]
    pub(crate) fn dep_release(&self, d: usize) -> Option<usize> {
        some(self.dep_release[d])
    }
    #[inline]
    pub(crate) fn rs_of(&self, d: usize) -> Option<usize> {
        some(self.rs_of[d])
    }

    /// Position of a (service, environment) pair in the pair-indexed lists.
    #[inline]
    pub(crate) fn pair(&self, service: usize, env: usize) -> usize {
        service * self.envs + env
    }

    /// The (service, environment) of a pair position.
    pub(crate) fn unpair(&self, pair: usize) -> (usize, usize) {
        (pair / self.envs, pair % self.envs)
    }

    /// Every (release, environment) where the release has active deployments.
    pub(crate) fn release_envs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.release_env
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(i, _)| (i / self.envs, i % self.envs))
    }

    /// Active deployments of a release in an environment, in plan order.
    pub(crate) fn release_env(&self, release: usize, env: usize) -> &[usize] {
        self.release_env
            .get(release * self.envs + env)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Members of a (release, service) group, in plan order.
    pub(crate) fn rs_members(&self, g: usize) -> &[usize] {
        &self.rs_items[self.rs_start[g]..self.rs_start[g + 1]]
    }

    /// The position of a deployment in the plan.
    pub(crate) fn deployment(&self, plan: &Plan, id: &DeploymentId) -> Option<usize> {
        self.deployment_of
            .get_or_init(|| IdTable::new(plan))
            .get(plan, id.as_str())
    }

    /// Merged maintenance coverage that applies to a (service, environment) pair.
    pub(crate) fn coverage_for(&self, service: usize, env: usize) -> &[(K, K)] {
        self.coverage
            .get(self.coverage_of[self.pair(service, env)])
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn build(plan: &Plan) -> Index<K> {
        Self::try_build(plan).expect("the wide key holds every instant")
    }

    /// The index, or `None` when a deployment's instant does not fit `K` (see
    /// [`Key::exact`]).
    fn try_build(plan: &Plan) -> Option<Index<K>> {
        fn positions<K: Clone + Eq + std::hash::Hash, T>(
            items: &[T],
            id: impl Fn(&T) -> &K,
        ) -> HashMap<K, usize> {
            let mut map = HashMap::default();
            map.reserve(items.len());
            for (i, e) in items.iter().enumerate() {
                map.insert(id(e).clone(), i);
            }
            map
        }
        let envs = plan.environments.len();
        let pairs = plan.services.len() * envs;
        let n = plan.deployments.len();
        let env_of = positions(&plan.environments, |e| &e.id);
        let service_of = positions(&plan.services, |e| &e.id);
        let release_of = positions(&plan.releases, |e| &e.id);
        let team_of = positions(&plan.teams, |e| &e.id);

        // One pass over the deployments, in plan order.
        let cancelled: Vec<bool> = plan
            .releases
            .iter()
            .map(|r| r.status() == ReleaseStatus::Cancelled)
            .collect();
        let releases = plan.releases.len();
        let limited: Vec<bool> = plan
            .environments
            .iter()
            .map(|e| e.max_concurrent.is_some())
            .collect();
        let mut dep_service = Vec::with_capacity(n);
        let mut dep_env = Vec::with_capacity(n);
        let mut dep_release = Vec::with_capacity(n);
        let mut dep_active = Vec::with_capacity(n);
        let mut dep_start = Vec::with_capacity(n);
        let mut dep_end = Vec::with_capacity(n);
        // The sizes of the lists below, so that each is allocated once.
        let mut lane_len = vec![0usize; pairs];
        let mut release_env_len = vec![0usize; releases * envs];
        let mut env_len = vec![0usize; envs];
        {
            let mut services = Resolver::new(&service_of);
            let mut environments = Resolver::new(&env_of);
            // A handful of environments: comparing the id with each is
            // cheaper than hashing it.
            let few: Option<Vec<&str>> =
                (envs <= 8).then(|| plan.environments.iter().map(|e| e.id.as_str()).collect());
            let mut releases = Resolver::new(&release_of);
            for d in &plan.deployments {
                // Validated plans resolve every reference; a deployment whose
                // release is unknown is the gate's hypothetical one and belongs
                // to no release.
                let r = releases.get(d.release.as_str());
                let s = services.get(d.service.as_str()).unwrap_or(0);
                let e = match &few {
                    Some(ids) => ids.iter().position(|&id| id == d.environment.as_str()),
                    None => environments.get(d.environment.as_str()),
                }
                .unwrap_or(0);
                let active =
                    d.status() != DeploymentStatus::RolledBack && !r.is_some_and(|r| cancelled[r]);
                if active {
                    lane_len[s * envs + e] += 1;
                    if let Some(r) = r {
                        release_env_len[r * envs + e] += 1;
                    }
                    if limited[e] {
                        env_len[e] += 1;
                    }
                }
                dep_service.push(s as u32);
                dep_env.push(e as u32);
                dep_release.push(r.map_or(NONE, |r| r as u32));
                dep_active.push(active);
                dep_start.push(K::exact(d.start)?);
                dep_end.push(K::exact(d.end)?);
            }
        }
        // The lists, filled in plan order.
        fn sized<T>(lens: Vec<usize>) -> Vec<Vec<T>> {
            lens.into_iter().map(Vec::with_capacity).collect()
        }
        let mut lanes: Vec<Vec<Entry<K>>> = sized(lane_len);
        let mut release_env: Vec<Vec<usize>> = sized(release_env_len);
        // Only `concurrency` reads the per-environment timelines.
        let mut env_by_start: Vec<Vec<Entry<K>>> = sized(env_len);
        for i in (0..n).filter(|&i| dep_active[i]) {
            let entry = Entry {
                start: dep_start[i],
                end: dep_end[i],
                d: i,
            };
            let (s, e) = (dep_service[i] as usize, dep_env[i] as usize);
            lanes[s * envs + e].push(entry);
            if let Some(r) = some(dep_release[i]) {
                release_env[r * envs + e].push(i);
            }
            if limited[e] {
                env_by_start[e].push(entry);
            }
        }
        // Lanes by (start, index): a stable sort by start of a list in index
        // order. Plans usually list a lane in time order already, which the
        // sort notices in one pass.
        for lane in &mut lanes {
            lane.sort_by_key(|x| x.start);
        }
        // Stable sorts of lists in index order give (time, index) order; they
        // are fast on runs, and plans come in runs (by release, by day), as
        // do ends once sorted by start.
        let mut env_longest: Vec<K> = vec![K::default(); envs];
        for (e, list) in env_by_start.iter_mut().enumerate() {
            list.sort_by_key(|x| x.start);
            env_longest[e] = list
                .iter()
                .map(|x| x.end.minus(x.start))
                .max()
                .unwrap_or_default();
        }
        let mut env_by_end = env_by_start.clone();
        for list in &mut env_by_end {
            list.sort_by_key(|x| (x.end, x.d));
        }
        // (release, service) groups, numbered release by release: a release's
        // deployments (from its per-environment lists) are counted by service,
        // then placed.
        let mut providers: Vec<Vec<usize>> = vec![vec![]; plan.services.len()];
        for (x, s) in plan.services.iter().enumerate() {
            for y in &s.depends_on {
                if let Some(&y) = service_of.get(y) {
                    if y != x && !providers[x].contains(&y) {
                        providers[x].push(y);
                    }
                }
            }
        }
        let mut rs_key = vec![];
        let mut rs_start = vec![0];
        let mut provider_pairs: Vec<Vec<(usize, usize)>> = vec![vec![]; releases];
        let mut rs_of = vec![NONE; n];
        let mut slot = vec![NO_GROUP; plan.services.len()];
        for r in 0..releases {
            let lists = &release_env[r * envs..(r + 1) * envs];
            let first = rs_key.len();
            for &i in lists.iter().flatten() {
                let s = dep_service[i] as usize;
                if slot[s] == NO_GROUP {
                    slot[s] = rs_key.len();
                    rs_key.push((r, s));
                    rs_start.push(0);
                }
                rs_of[i] = slot[s] as u32;
                rs_start[slot[s] + 1] += 1;
            }
            for g in first..rs_key.len() {
                for &y in &providers[rs_key[g].1] {
                    if slot[y] != NO_GROUP {
                        provider_pairs[r].push((g, slot[y]));
                    }
                }
            }
            for g in first..rs_key.len() {
                slot[rs_key[g].1] = NO_GROUP;
                rs_start[g + 1] += rs_start[g];
            }
        }
        let mut rs_items = vec![0; rs_start[rs_key.len()]];
        {
            // Placed in plan order.
            let mut fill = rs_start.clone();
            for (i, &g) in rs_of.iter().enumerate() {
                if g != NONE {
                    rs_items[fill[g as usize]] = i;
                    fill[g as usize] += 1;
                }
            }
        }
        let mut dependents: Vec<Vec<usize>> = vec![vec![]; releases];
        let mut depends: Vec<Vec<usize>> = vec![vec![]; releases];
        for (a, r) in plan.releases.iter().enumerate() {
            for b in &r.depends_on {
                if let Some(&b) = release_of.get(b) {
                    if b != a && !depends[a].contains(&b) {
                        depends[a].push(b);
                        dependents[b].push(a);
                    }
                }
            }
        }
        let approvals = plan
            .releases
            .iter()
            .map(|r| {
                let mut approvers: Vec<&str> = r
                    .approvals
                    .iter()
                    .filter(|a| a.decision == Decision::Approved)
                    .map(|a| a.by.as_str())
                    .collect();
                approvers.sort_unstable();
                approvers.dedup();
                let rejected = r.approvals.iter().any(|a| a.decision == Decision::Rejected);
                (approvers.len() as u32, rejected)
            })
            .collect();
        let env_order = plan.environments.iter().map(|e| e.order).collect();
        let service_team = plan
            .services
            .iter()
            .map(|s| s.team.as_ref().and_then(|t| team_of.get(t).copied()))
            .collect();
        let service_sensitive = plan.services.iter().map(Service::is_sensitive).collect();
        let team_unavailable = plan
            .teams
            .iter()
            .map(|t| {
                t.unavailable
                    .iter()
                    .map(|u| (K::of(u.start), K::of(u.end)))
                    .collect()
            })
            .collect();

        // Windows by the (service, environment) pairs their scope matches, in
        // window order. A scope id that names nothing matches nothing.
        let mut blackouts_for = vec![vec![]; pairs];
        let mut maintenance_for = vec![vec![]; pairs];
        for (wi, w) in plan.windows.iter().enumerate() {
            let scope_envs = scope_positions(&w.scope.environments, &env_of, envs);
            let scope_services =
                scope_positions(&w.scope.services, &service_of, plan.services.len());
            let target = match w.kind {
                WindowKind::Blackout => &mut blackouts_for,
                WindowKind::Maintenance => &mut maintenance_for,
            };
            for &s in &scope_services {
                for &e in &scope_envs {
                    target[s * envs + e].push(wi);
                }
            }
        }
        let mut idx = Index {
            env_of,
            service_of,
            release_of,
            deployment_of: OnceCell::new(),
            envs,
            service_team,
            service_sensitive,
            dep_service,
            dep_env,
            dep_release,
            dep_active,
            dep_start,
            dep_end,
            lanes,
            env_by_start,
            env_by_end,
            env_longest,
            release_env,
            rs_key,
            rs_start,
            rs_items,
            rs_of,
            dependents,
            depends,
            providers,
            provider_pairs,
            approvals,
            env_order,
            blackouts_for,
            maintenance_for,
            team_unavailable,
            coverage_of: vec![0; pairs],
            occurrences: vec![WindowOccurrences::default(); plan.windows.len()],
            coverage: vec![],
            blackouts_of: vec![0; pairs],
            blackouts: vec![],
            horizon: (Instant::MAX_UTC, Instant::MIN_UTC),
        };
        if let (Some(&min), Some(&max)) = (idx.dep_start.iter().min(), idx.dep_end.iter().max()) {
            idx.ensure_horizon(plan, min.instant(), max.instant());
        }
        Some(idx)
    }

    /// Makes sure window occurrences cover `[start, end)`. The horizon grows on
    /// the side that is short by its own length (at least a month, at most a
    /// year), so a drag past its edge re-expands the windows rarely, not on
    /// every frame.
    pub(crate) fn ensure_horizon(&mut self, plan: &Plan, start: Instant, end: Instant) {
        let (h0, h1) = self.horizon;
        if h0 <= start && end <= h1 {
            return;
        }
        let slack = Duration::days(31);
        let (new0, new1) = if h0 > h1 {
            (start - slack, end + slack)
        } else {
            // Doubling, but by a year at most: each growth re-expands the
            // windows over the whole horizon.
            let grow = (h1 - h0).clamp(slack, Duration::days(366));
            (
                if h0 <= start {
                    h0
                } else {
                    start.min(h0 - grow)
                },
                if end <= h1 { h1 } else { end.max(h1 + grow) },
            )
        };
        self.horizon = (new0, new1);
        for (wi, w) in plan.windows.iter().enumerate() {
            self.occurrences[wi] = WindowOccurrences {
                list: occurrences(w, new0, new1),
            };
        }
        // One merged coverage per distinct set of matching maintenance windows,
        // one timeline per distinct set of matching blackout windows.
        let (coverage, coverage_of) =
            per_set(&self.maintenance_for, |set| self.merge_coverage(set));
        let (blackouts, blackouts_of) = per_set(&self.blackouts_for, |set| self.timeline(set));
        self.coverage = coverage;
        self.coverage_of = coverage_of;
        self.blackouts = blackouts;
        self.blackouts_of = blackouts_of;
    }

    /// The occurrences of `windows` in one list by (start, window, position).
    fn timeline(&self, windows: &[usize]) -> Timeline<K> {
        let mut entries: Vec<(K, K, usize, usize)> = windows
            .iter()
            .flat_map(|&w| {
                self.occurrences[w]
                    .list
                    .iter()
                    .enumerate()
                    .map(move |(k, o)| (K::of(o.start), K::of(o.end), w, k))
            })
            .collect();
        entries.sort_unstable_by_key(|&(start, _, w, k)| (start, w, k));
        let longest = entries
            .iter()
            .map(|o| o.1.minus(o.0))
            .max()
            .unwrap_or_default();
        Timeline { entries, longest }
    }

    /// The union of the occurrences of `windows`, back-to-back ones chained.
    fn merge_coverage(&self, windows: &[usize]) -> Vec<(K, K)> {
        let mut all: Vec<(K, K)> = windows
            .iter()
            .flat_map(|&w| {
                self.occurrences[w]
                    .list
                    .iter()
                    .map(|o| (K::of(o.start), K::of(o.end)))
            })
            .collect();
        all.sort_unstable();
        let mut merged: Vec<(K, K)> = Vec::with_capacity(all.len());
        for (s, e) in all {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// Takes an active deployment out of the lists that depend on its
    /// environment or start (before they change).
    fn unlink(&mut self, d: usize) {
        let (s, e, r) = (self.dep_service(d), self.dep_env(d), self.dep_release(d));
        let entry = self.entry(d);
        let pair = self.pair(s, e);
        remove_entry(&mut self.lanes[pair], entry, by_start);
        if !self.env_by_start[e].is_empty() {
            remove_entry(&mut self.env_by_start[e], entry, by_start);
            remove_entry(&mut self.env_by_end[e], entry, by_end);
        }
        if let Some(r) = r {
            remove_in_order(&mut self.release_env[r * self.envs + e], d);
        }
    }

    /// Puts an active deployment back, where its environment and interval now say.
    fn link(&mut self, plan: &Plan, d: usize) {
        let (s, e, r) = (self.dep_service(d), self.dep_env(d), self.dep_release(d));
        let entry = self.entry(d);
        let pair = self.pair(s, e);
        insert_entry(&mut self.lanes[pair], entry, by_start);
        if plan.environments[e].max_concurrent.is_some() {
            insert_entry(&mut self.env_by_start[e], entry, by_start);
            insert_entry(&mut self.env_by_end[e], entry, by_end);
            self.env_longest[e] = self.env_longest[e].max(entry.end.minus(entry.start));
        }
        if let Some(r) = r {
            insert_in_order(&mut self.release_env[r * self.envs + e], d);
        }
    }

    fn entry(&self, d: usize) -> Entry<K> {
        Entry {
            start: self.dep_start[d],
            end: self.dep_end[d],
            d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The precomputed keys give exactly `order_key` then severity, with ids
    /// that share long prefixes, end in NUL bytes or are absent.
    #[test]
    fn the_report_order_is_order_key_then_severity() {
        let ids = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghA",
            "abcdefghZ",
            "abcdefgh0123",
            "abcdefgi",
            "b",
            "d10",
            "d2",
            "é",
        ];
        let mut state = 11u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut conflicts = vec![];
        for _ in 0..3000 {
            let pick = |k: usize| ids[k].to_owned();
            let deployments = (0..next(3))
                .map(|_| DeploymentId(pick(next(ids.len()))))
                .collect();
            conflicts.push(Conflict {
                rule: Rule::ALL[next(3)],
                severity: if next(2) == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                deployments,
                releases: (0..next(2))
                    .map(|_| ReleaseId(pick(next(ids.len()))))
                    .collect(),
                services: vec![],
                environment: (next(4) > 0).then(|| EnvironmentId(pick(next(ids.len())))),
                window: (next(2) == 0).then(|| WindowId(pick(next(ids.len())))),
                team: None,
                message: String::new(),
                evidence: vec![],
            });
        }
        let mut expected: Vec<usize> = (0..conflicts.len()).collect();
        expected.sort_by(|&a, &b| {
            let (x, y) = (&conflicts[a], &conflicts[b]);
            x.order_key()
                .cmp(&y.order_key())
                .then_with(|| x.severity.cmp(&y.severity))
        });
        expected.dedup_by(|a, b| conflicts[*a].identity() == conflicts[*b].identity());
        assert_eq!(report_order(&conflicts), expected);
    }
}
