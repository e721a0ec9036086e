//! Groups: the smallest part of the plan that decides a set of conflicts. A
//! full check evaluates every group; a move re-evaluates the groups its
//! deployment touches before and after it moves.

use super::{Checker, Index, Key};
use crate::plan::Plan;

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
    /// Bookings of an environment that clash with each other. No move
    /// touches them: bookings do not move with deployments.
    Bookings(usize),
    /// A release's own rules (`review-overdue`, when there is a reference
    /// time): its deployments' last end decides.
    Release(usize),
}

/// Every group but the `Concurrency` ones (which keep their intervals too), in
/// a fixed order.
pub(super) fn group_keys<'a, K: Key>(
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
        .filter(|&g| idx.rs_members(g).len() >= 2 || idx.unsettled.contains_key(&idx.rs_key[g].0))
        .map(GroupKey::ReleaseService);
    let bookings = (0..idx.gov.bookings_in.len())
        .filter(|&e| idx.gov.bookings_in[e].len() >= 2)
        .map(GroupKey::Bookings);
    let releases = (0..plan.releases.len())
        .filter(|_| idx.as_of.is_some())
        .map(GroupKey::Release);
    std::iter::once(GroupKey::Cycles)
        .chain(lanes)
        .chain(deployments)
        .chain(release_envs)
        .chain(release_services)
        .chain(bookings)
        .chain(releases)
}

impl Checker<'_> {
    /// Groups whose conflicts can involve deployment `d` where it is now.
    pub(super) fn groups_touching(&self, d: usize) -> Vec<GroupKey> {
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
            } else if self
                .idx
                .unsettled
                .get(&release)
                .is_some_and(|list| list.contains(&d))
            {
                // An unsuccessful deployment that takes part in no other rule
                // (rolled back) still holds back its (release, service) group.
                if let Some(g) = self
                    .idx
                    .rs_key
                    .iter()
                    .position(|&k| k == (release, service))
                {
                    keys.push(GroupKey::ReleaseService(g));
                }
            }
            for &a in &self.idx.dependents[release] {
                keys.push(GroupKey::ReleaseEnv { release: a, env });
            }
            if self.idx.as_of.is_some() {
                keys.push(GroupKey::Release(release));
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}
