//! The part of the index that release governance reads: holds and exclusive
//! bookings as interval lists per scope, the readiness items each (change
//! type, environment) requires, and each release's waivers. None of these
//! move when a deployment moves, so they are built once.

use super::*;
use crate::fxhash::FxHashMap as HashMap;
use crate::time::NominalDuration;

/// Intervals `[from, until)` sorted by start, to find those that meet a
/// deployment without comparing it with all of them: only intervals that start
/// in `[start - longest, end)` can meet `[start, end)`. Open-ended intervals
/// (a hold with no `until`) are kept apart, sorted by start: they meet every
/// deployment that ends after they begin.
#[derive(Debug, Clone)]
pub(crate) struct Intervals<K> {
    /// (from, until, item), sorted.
    bounded: Vec<(K, K, usize)>,
    longest: K,
    /// (from, item), sorted.
    open: Vec<(K, usize)>,
}

impl<K: Key> Default for Intervals<K> {
    fn default() -> Self {
        Intervals {
            bounded: vec![],
            longest: K::default(),
            open: vec![],
        }
    }
}

impl<K: Key> Intervals<K> {
    fn push(&mut self, from: K, until: Option<K>, item: usize) {
        match until {
            Some(until) => {
                self.longest = self.longest.max(until.minus(from));
                self.bounded.push((from, until, item));
            }
            None => self.open.push((from, item)),
        }
    }

    fn seal(&mut self) {
        self.bounded.sort_unstable();
        self.open.sort_unstable();
    }

    /// The items whose interval meets `[start, end)`, in no particular order.
    pub(crate) fn meeting(&self, start: K, end: K) -> impl Iterator<Item = usize> + '_ {
        let lo = start.minus(self.longest);
        let first = self.bounded.partition_point(|e| e.0 < lo);
        let bounded = self.bounded[first..]
            .iter()
            .take_while(move |e| e.0 < end)
            .filter(move |e| e.1 > start)
            .map(|e| e.2);
        let open_end = self.open.partition_point(|e| e.0 < end);
        bounded.chain(self.open[..open_end].iter().map(|e| e.1))
    }
}

/// A readiness item that a (change type, environment) requires.
#[derive(Debug, Clone)]
pub(crate) struct Required {
    pub(crate) item: String,
    pub(crate) title: String,
    /// The lead times of the templates that list it: the item is due at the
    /// earliest of the deadlines they give.
    pub(crate) lead_times: Vec<NominalDuration>,
}

#[derive(Debug, Clone)]
pub(crate) struct Governance<K> {
    pub(crate) holds_plan: Intervals<K>,
    pub(crate) holds_env: Vec<Intervals<K>>,
    pub(crate) holds_service: Vec<Intervals<K>>,
    pub(crate) holds_release: Vec<Intervals<K>>,
    /// Exclusive bookings per environment (shared ones block no deployment).
    pub(crate) exclusive: Vec<Intervals<K>>,
    /// Per environment: its bookings (positions in the plan), for the sweep
    /// that compares bookings with each other.
    pub(crate) bookings_in: Vec<Vec<usize>>,
    /// Per (change type, environment): the items required, in template
    /// order. Empty without templates.
    pub(crate) required: Vec<Vec<Required>>,
    /// Per release: its waivers (positions in the plan), by id.
    pub(crate) waivers: HashMap<usize, Vec<usize>>,
}

impl<K: Key> Governance<K> {
    pub(crate) fn build(
        plan: &Plan,
        env_of: &HashMap<EnvironmentId, usize>,
        service_of: &HashMap<ServiceId, usize>,
        release_of: &HashMap<ReleaseId, usize>,
    ) -> Self {
        let envs = plan.environments.len();
        let mut g = Governance {
            holds_plan: Intervals::default(),
            holds_env: vec![Intervals::default(); if plan.holds.is_empty() { 0 } else { envs }],
            holds_service: vec![],
            holds_release: vec![],
            exclusive: vec![Intervals::default(); if plan.bookings.is_empty() { 0 } else { envs }],
            bookings_in: vec![vec![]; if plan.bookings.is_empty() { 0 } else { envs }],
            required: vec![],
            waivers: HashMap::default(),
        };
        if !plan.holds.is_empty() {
            g.holds_service = vec![Intervals::default(); plan.services.len()];
            g.holds_release = vec![Intervals::default(); plan.releases.len()];
        }
        for (h, hold) in plan.holds.iter().enumerate() {
            let (from, until) = (K::of(hold.from), hold.until.map(K::of));
            let list = match &hold.scope {
                HoldScope::Plan => Some(&mut g.holds_plan),
                HoldScope::Environment(e) => env_of.get(e).map(|&e| &mut g.holds_env[e]),
                HoldScope::Service(s) => service_of.get(s).map(|&s| &mut g.holds_service[s]),
                HoldScope::Release(r) => release_of.get(r).map(|&r| &mut g.holds_release[r]),
            };
            if let Some(list) = list {
                list.push(from, until, h);
            }
        }
        for (b, booking) in plan.bookings.iter().enumerate() {
            let Some(&e) = env_of.get(&booking.environment) else {
                continue;
            };
            g.bookings_in[e].push(b);
            if booking.exclusive {
                g.exclusive[e].push(K::of(booking.from), Some(K::of(booking.until)), b);
            }
        }
        for list in g
            .holds_env
            .iter_mut()
            .chain(&mut g.holds_service)
            .chain(&mut g.holds_release)
            .chain(&mut g.exclusive)
            .chain(std::iter::once(&mut g.holds_plan))
        {
            list.seal();
        }
        if !plan.readiness_templates.is_empty() {
            for ct in ChangeType::ALL {
                for env in &plan.environments {
                    let mut req: Vec<Required> = vec![];
                    for t in plan
                        .readiness_templates
                        .iter()
                        .filter(|t| t.applies_to(ct, &env.id))
                    {
                        for item in &t.items {
                            match req.iter_mut().find(|r| r.item == item.id) {
                                Some(r) => r.lead_times.push(t.lead_time),
                                None => req.push(Required {
                                    item: item.id.clone(),
                                    title: item.title.clone(),
                                    lead_times: vec![t.lead_time],
                                }),
                            }
                        }
                    }
                    g.required.push(req);
                }
            }
        }
        for (w, waiver) in plan.waivers.iter().enumerate() {
            if let Some(&r) = release_of.get(&waiver.release) {
                g.waivers.entry(r).or_default().push(w);
            }
        }
        for list in g.waivers.values_mut() {
            list.sort_by(|&a, &b| plan.waivers[a].id.cmp(&plan.waivers[b].id));
        }
        g
    }

    /// The items a release of change type `ct` must have done before
    /// deploying to environment `env`.
    pub(crate) fn required(&self, ct: ChangeType, env: usize, envs: usize) -> &[Required] {
        let ct = ChangeType::ALL.iter().position(|&c| c == ct).unwrap_or(0);
        self.required
            .get(ct * envs + env)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}
