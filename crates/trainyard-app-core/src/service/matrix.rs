//! Dependency matrices (services, releases, release × service) and toggling
//! a dependency as one edit. A self-dependency or a cycle is allowed: the plan
//! stays valid and the engine reports `dependency-cycle`.

use std::collections::{BTreeMap, HashMap};

use trainyard_core::edit::{Change, Entity};
use trainyard_core::graph::DependencyGraph;
use trainyard_core::{Plan, ReleaseId, ServiceId};

use super::{environments_in_order, named, summary, AppService};
use crate::dto::{
    CycleInfo, DependencyMatrix, MatrixCell, Named, PlanSummary, ReleaseServiceMatrix,
};
use crate::error::{AppError, ErrorCode};

fn matrix<'a>(
    items: Vec<Named>,
    deps: impl Iterator<Item = (&'a str, &'a str)>,
    graph: &DependencyGraph,
) -> DependencyMatrix {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut edges: Vec<(usize, usize)> = deps
        .filter_map(|(a, b)| Some((*index.get(a)?, *index.get(b)?)))
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let name_of = |id: &str| {
        index
            .get(id)
            .map(|&i| items[i].name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let cycles = graph
        .cycles()
        .into_iter()
        .map(|members| {
            let path = graph.cycle_path(&members);
            let name = path
                .iter()
                .map(|id| name_of(id))
                .collect::<Vec<_>>()
                .join(" → ");
            CycleInfo { members, name }
        })
        .collect();
    DependencyMatrix {
        items,
        edges,
        cycles,
    }
}

fn service_matrix(plan: &Plan) -> DependencyMatrix {
    matrix(
        plan.services
            .iter()
            .map(|s| named(s.id.as_str(), s.display_name()))
            .collect(),
        plan.services.iter().flat_map(|s| {
            s.depends_on
                .iter()
                .map(move |d| (s.id.as_str(), d.as_str()))
        }),
        &DependencyGraph::services(plan),
    )
}

fn release_matrix(plan: &Plan) -> DependencyMatrix {
    matrix(
        plan.releases
            .iter()
            .map(|r| named(r.id.as_str(), r.display_name()))
            .collect(),
        plan.releases.iter().flat_map(|r| {
            r.depends_on
                .iter()
                .map(move |d| (r.id.as_str(), d.as_str()))
        }),
        &DependencyGraph::releases(plan),
    )
}

fn release_service_matrix(plan: &Plan) -> ReleaseServiceMatrix {
    let envs = environments_in_order(plan);
    let env_rank: HashMap<&str, usize> = envs
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let rel: HashMap<&str, usize> = plan
        .releases
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let svc: HashMap<&str, usize> = plan
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut cells: BTreeMap<(usize, usize), Vec<&trainyard_core::Deployment>> = BTreeMap::new();
    for d in &plan.deployments {
        if let (Some(&r), Some(&s)) = (rel.get(d.release.as_str()), svc.get(d.service.as_str())) {
            cells.entry((r, s)).or_default().push(d);
        }
    }
    let rank = |e: &str| env_rank.get(e).copied().unwrap_or(usize::MAX);
    ReleaseServiceMatrix {
        releases: plan
            .releases
            .iter()
            .map(|r| named(r.id.as_str(), r.display_name()))
            .collect(),
        services: plan
            .services
            .iter()
            .map(|s| named(s.id.as_str(), s.display_name()))
            .collect(),
        environments: envs
            .iter()
            .map(|e| named(e.id.as_str(), e.display_name()))
            .collect(),
        cells: cells
            .into_iter()
            .map(|((release, service), mut ds)| {
                ds.sort_by(|a, b| {
                    (rank(a.environment.as_str()), a.start, &a.id).cmp(&(
                        rank(b.environment.as_str()),
                        b.start,
                        &b.id,
                    ))
                });
                let mut environments: Vec<String> =
                    ds.iter().map(|d| d.environment.0.clone()).collect();
                environments.dedup();
                MatrixCell {
                    release,
                    service,
                    environments,
                    deployments: ds.iter().map(|d| d.id.0.clone()).collect(),
                }
            })
            .collect(),
    }
}

impl AppService {
    /// Services × services: row depends on column, plus the cycles.
    pub fn service_matrix(&self) -> Result<DependencyMatrix, AppError> {
        self.with_open(|open| Ok(service_matrix(open.plan())))
    }

    /// Releases × releases: row depends on column, plus the cycles.
    pub fn release_matrix(&self) -> Result<DependencyMatrix, AppError> {
        self.with_open(|open| Ok(release_matrix(open.plan())))
    }

    /// Where each release deploys, per service and environment.
    pub fn release_service_matrix(&self) -> Result<ReleaseServiceMatrix, AppError> {
        self.with_open(|open| Ok(release_service_matrix(open.plan())))
    }

    /// Adds or removes "service `from` depends on service `to`" as one edit.
    pub fn toggle_service_dependency(&self, from: &str, to: &str) -> Result<PlanSummary, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let mut s = plan
                .service(from)
                .cloned()
                .ok_or_else(|| unknown("service", from))?;
            if plan.service(to).is_none() {
                return Err(unknown("service", to));
            }
            let label = toggle(&mut s.depends_on, ServiceId::new(to), from, to);
            open.edit(&label, &[Change::put(Entity::Service(s))])?;
            summary(open)
        })
    }

    /// Adds or removes "release `from` depends on release `to`" as one edit.
    pub fn toggle_release_dependency(&self, from: &str, to: &str) -> Result<PlanSummary, AppError> {
        self.with_open(|open| {
            let plan = open.plan();
            let mut r = plan
                .release(from)
                .cloned()
                .ok_or_else(|| unknown("release", from))?;
            if plan.release(to).is_none() {
                return Err(unknown("release", to));
            }
            let label = toggle(&mut r.depends_on, ReleaseId::new(to), from, to);
            open.edit(&label, &[Change::put(Entity::Release(r))])?;
            summary(open)
        })
    }
}

fn unknown(kind: &str, id: &str) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        format!("there is no {kind} {id:?} in the plan"),
    )
}

/// Removes `to` from `list` if there, else appends it; returns the edit's label.
fn toggle<T: PartialEq>(list: &mut Vec<T>, to: T, from_id: &str, to_id: &str) -> String {
    if list.contains(&to) {
        list.retain(|x| *x != to);
        format!("remove dependency {from_id} → {to_id}")
    } else {
        list.push(to);
        format!("add dependency {from_id} → {to_id}")
    }
}
