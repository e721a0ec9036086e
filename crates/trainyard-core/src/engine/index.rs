//! The index: an integer-based view of the plan that the rules read (lanes,
//! per-environment timelines, release × environment buckets, window
//! occurrences, merged maintenance coverage), and how a moved deployment is
//! taken out of its lists and put back. `build` makes it from a plan;
//! `horizon` keeps window occurrences covering the deployments.

mod build;
mod governance;
mod horizon;

pub(crate) use governance::{Governance, Required};

use std::cell::OnceCell;
use std::hash::BuildHasher;

use super::Key;
use super::Nanos;
use crate::fxhash::{FxBuild, FxHashMap as HashMap};
use crate::plan::*;
use crate::time::Instant;
use crate::windows::Occurrence;

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
    pub(super) dep_env: Vec<u32>,
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
    /// Per release: its deployments whose recorded outcome is not a success
    /// (failed, rolled back or still running), active or not, in plan order.
    /// Empty for a plan without outcomes.
    pub(crate) unsettled: HashMap<usize, Vec<usize>>,
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
    /// Where window occurrences are known: disjoint stretches, by start.
    pub(crate) horizon: Vec<(Instant, Instant)>,
    /// Holds, bookings, readiness requirements and waivers.
    pub(crate) gov: Governance<K>,
    /// The reference time `review-overdue` is judged at, when the caller
    /// gave one (the engine has no clock).
    pub(crate) as_of: Option<Instant>,
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

    /// The number of environments.
    pub(crate) fn envs(&self) -> usize {
        self.envs
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

    /// Takes an active deployment out of the lists that depend on its
    /// environment or start (before they change).
    pub(crate) fn unlink(&mut self, d: usize) {
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
    pub(crate) fn link(&mut self, plan: &Plan, d: usize) {
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
