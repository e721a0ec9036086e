//! Dependency graphs of services and of releases. Every algorithm here is
//! iterative: plans are user data and a dependency chain can be a million long
//! (petgraph's `tarjan_scc` recurses and overflows the stack on such chains;
//! `kosaraju_scc` does not).

use std::collections::{HashMap, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::plan::{Plan, ReleaseId, ServiceId};

/// A directed graph over string ids: an edge a → b means "a depends on b".
#[derive(Debug, Clone)]
pub struct DependencyGraph {
    ids: Vec<String>,
    index: HashMap<String, usize>,
    /// a → b: a depends on b.
    depends_on: Vec<Vec<usize>>,
    /// b → a: a depends on b.
    depended_by: Vec<Vec<usize>>,
}

impl DependencyGraph {
    fn build<'a>(
        nodes: impl Iterator<Item = &'a str>,
        edges: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let ids: Vec<String> = nodes.map(str::to_owned).collect();
        let index: HashMap<String, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i))
            .collect();
        let mut depends_on = vec![vec![]; ids.len()];
        let mut depended_by = vec![vec![]; ids.len()];
        for (a, b) in edges {
            if let (Some(&a), Some(&b)) = (index.get(a), index.get(b)) {
                if !depends_on[a].contains(&b) {
                    depends_on[a].push(b);
                    depended_by[b].push(a);
                }
            }
        }
        DependencyGraph {
            ids,
            index,
            depends_on,
            depended_by,
        }
    }

    /// Services: edges from `depends_on`.
    pub fn services(plan: &Plan) -> Self {
        Self::build(
            plan.services.iter().map(|s| s.id.as_str()),
            plan.services.iter().flat_map(|s| {
                s.depends_on
                    .iter()
                    .map(move |d| (s.id.as_str(), d.as_str()))
            }),
        )
    }

    /// Releases: edges from `depends_on`.
    pub fn releases(plan: &Plan) -> Self {
        Self::build(
            plan.releases.iter().map(|r| r.id.as_str()),
            plan.releases.iter().flat_map(|r| {
                r.depends_on
                    .iter()
                    .map(move |d| (r.id.as_str(), d.as_str()))
            }),
        )
    }

    /// Groups of nodes that depend on each other in a loop: strongly connected
    /// components of two or more, or one node that depends on itself. Each group
    /// is sorted; groups are sorted by their first member.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(self.ids.len(), 0);
        for _ in &self.ids {
            g.add_node(());
        }
        for (a, bs) in self.depends_on.iter().enumerate() {
            for &b in bs {
                g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
        }
        let mut out: Vec<Vec<String>> = kosaraju_scc(&g)
            .into_iter()
            .filter(|c| c.len() > 1 || self.depends_on[c[0].index()].contains(&c[0].index()))
            .map(|c| {
                let mut ids: Vec<String> = c.iter().map(|n| self.ids[n.index()].clone()).collect();
                ids.sort();
                ids
            })
            .collect();
        out.sort();
        out
    }

    /// Everything that transitively depends on any of `roots` (not the roots
    /// themselves unless a loop leads back to them), sorted.
    pub fn dependents_of<'a>(&self, roots: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        self.reach(roots, &self.depended_by)
    }

    /// Everything any of `roots` transitively depends on, sorted.
    pub fn dependencies_of<'a>(&self, roots: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        self.reach(roots, &self.depends_on)
    }

    fn reach<'a>(
        &self,
        roots: impl IntoIterator<Item = &'a str>,
        edges: &[Vec<usize>],
    ) -> Vec<String> {
        let mut seen = vec![false; self.ids.len()];
        let mut queue: VecDeque<usize> = roots
            .into_iter()
            .filter_map(|r| self.index.get(r).copied())
            .collect();
        let roots: Vec<usize> = queue.iter().copied().collect();
        let mut out = vec![];
        while let Some(n) = queue.pop_front() {
            for &m in &edges[n] {
                if !seen[m] {
                    seen[m] = true;
                    out.push(self.ids[m].clone());
                    queue.push_back(m);
                }
            }
        }
        let _ = roots;
        out.sort();
        out
    }

    /// A shortest dependency path from `from` to `to` (both included), if any.
    pub fn path(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let (&a, &b) = (self.index.get(from)?, self.index.get(to)?);
        let mut prev: Vec<Option<usize>> = vec![None; self.ids.len()];
        let mut seen = vec![false; self.ids.len()];
        let mut queue = VecDeque::from([a]);
        seen[a] = true;
        while let Some(n) = queue.pop_front() {
            if n == b {
                let mut path = vec![self.ids[b].clone()];
                let mut cur = b;
                while let Some(p) = prev[cur] {
                    path.push(self.ids[p].clone());
                    cur = p;
                }
                path.reverse();
                return Some(path);
            }
            for &m in &self.depends_on[n] {
                if !seen[m] {
                    seen[m] = true;
                    prev[m] = Some(n);
                    queue.push_back(m);
                }
            }
        }
        None
    }

    /// A loop through the members of one cycle group, for explaining it:
    /// `a → b → c → a`.
    pub fn cycle_path(&self, members: &[String]) -> Vec<String> {
        let Some(first) = members.first() else {
            return vec![];
        };
        let Some(&a) = self.index.get(first.as_str()) else {
            return vec![];
        };
        if self.depends_on[a].contains(&a) {
            return vec![first.clone(), first.clone()];
        }
        // Shortest path from a successor of `first` back to `first`.
        self.depends_on[a]
            .iter()
            .filter_map(|&n| self.path(&self.ids[n], first))
            .min_by_key(Vec::len)
            .map(|mut p| {
                p.insert(0, first.clone());
                p
            })
            .unwrap_or_default()
    }
}

/// Services that transitively depend on the given ones (the blast radius).
pub fn blast_radius(plan: &Plan, touched: &[ServiceId]) -> Vec<ServiceId> {
    blast_radius_in(&DependencyGraph::services(plan), touched)
}

/// [`blast_radius`] in a service graph built once for many questions.
pub fn blast_radius_in(g: &DependencyGraph, touched: &[ServiceId]) -> Vec<ServiceId> {
    let touched_set: Vec<&str> = touched.iter().map(|s| s.as_str()).collect();
    g.dependents_of(touched_set.iter().copied())
        .into_iter()
        .filter(|s| !touched_set.contains(&s.as_str()))
        .map(ServiceId)
        .collect()
}

/// Releases that `release` depends on, transitively.
pub fn release_dependencies(plan: &Plan, release: &ReleaseId) -> Vec<ReleaseId> {
    DependencyGraph::releases(plan)
        .dependencies_of([release.as_str()])
        .into_iter()
        .map(ReleaseId)
        .collect()
}
