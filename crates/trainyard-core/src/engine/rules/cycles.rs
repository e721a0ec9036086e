//! `dependency-cycle`: releases or services that depend on each other in a
//! loop, with a fast test that most plans pass without building the graph.

use super::*;

impl<K: Key> Cx<'_, K> {
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

    pub(super) fn cycles(&self, out: &mut Vec<Conflict>) {
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
}
