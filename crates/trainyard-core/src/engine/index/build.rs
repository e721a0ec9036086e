//! Building the index from a plan: ids to positions, per-deployment arrays,
//! sorted lanes and lists, (release, service) groups, dependency lists and the
//! windows that match each (service, environment).

use std::cell::OnceCell;
use std::hash::Hash;

use super::*;
use crate::fxhash::FxHashMap as HashMap;

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

impl<K: Key> Index<K> {
    pub(crate) fn build(plan: &Plan) -> Index<K> {
        Self::try_build(plan).expect("the wide key holds every instant")
    }

    /// The index, or `None` when a deployment's instant does not fit `K` (see
    /// [`Key::exact`]).
    pub(crate) fn try_build(plan: &Plan) -> Option<Index<K>> {
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
        let mut unsettled: HashMap<usize, Vec<usize>> = HashMap::default();
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
                if let (Some(r), Some(o)) = (r, &d.outcome) {
                    if o.result != Some(OutcomeResult::Succeeded) && !cancelled[r] {
                        unsettled.entry(r).or_default().push(dep_service.len());
                    }
                }
                dep_service.push(s as u32);
                dep_env.push(e as u32);
                dep_release.push(r.map_or(NONE, |r| r as u32));
                dep_active.push(active);
                dep_start.push(K::exact(d.start)?);
                dep_end.push(K::exact(d.end)?);
                // `ran-outside-window` compares actual instants with coverage.
                if let Some(o) = &d.outcome {
                    K::exact(o.started)?;
                    if let Some(finished) = o.finished {
                        K::exact(finished)?;
                    }
                }
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
            unsettled,
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
            horizon: vec![],
        };
        idx.cover_deployments(plan);
        Some(idx)
    }
}
