//! The open plan's outline ([`PlanSummary`]) and the small views of plan
//! entities that several commands share.

use trainyard_core::time::format_instant;
use trainyard_core::Plan;

use super::open::Open;
use crate::dto::{
    Counts, LocationKind, Named, Permissions, PlanLocationInfo, PlanSummary, ReleaseInfo,
    ServiceInfo, TeamRole, WindowInfo,
};
use crate::error::AppError;

pub(super) fn counts(checker: &trainyard_core::Checker<'_>) -> Counts {
    let (errors, warnings) = checker.counts();
    Counts { errors, warnings }
}

pub(super) fn named(id: &str, name: &str) -> Named {
    Named {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

pub(super) fn release_info(r: &trainyard_core::Release) -> ReleaseInfo {
    ReleaseInfo {
        id: r.id.0.clone(),
        name: r.display_name().to_owned(),
        version: r.version.clone(),
        train: r.train.as_ref().map(|t| t.0.clone()),
        change_type: r.change_type.into(),
        status: r.status().as_str().to_owned(),
    }
}

/// Environments in promotion order (`order`, then id).
pub(super) fn environments_in_order(plan: &Plan) -> Vec<&trainyard_core::Environment> {
    let mut environments: Vec<_> = plan.environments.iter().collect();
    environments.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    environments
}

pub(super) fn plan_name(open: &Open) -> String {
    open.plan().name.clone().unwrap_or_else(|| {
        if let Some(name) = open.team.as_ref().and_then(|a| a.plan.clone()) {
            return name;
        }
        open.store
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

/// Where the open plan lives, and what its user may do with it.
pub(super) fn location(open: &Open) -> PlanLocationInfo {
    let read_only = open.store.is_read_only();
    let (Some(address), Some(access)) = (&open.team, open.store.team_access()) else {
        return PlanLocationInfo {
            kind: LocationKind::File,
            server: None,
            plan: None,
            login: None,
            role: None,
            permissions: Permissions {
                can_edit: !read_only,
                can_decide: !read_only,
                read_only,
            },
        };
    };
    let role = if access.coordinator {
        Some(TeamRole::Coordinator)
    } else if access.cab {
        Some(TeamRole::Cab)
    } else if access.pipeline {
        Some(TeamRole::Pipeline)
    } else if access.viewer {
        Some(TeamRole::Viewer)
    } else {
        None
    };
    let host = if address.host.contains(':') && !address.host.starts_with('/') {
        format!("[{}]", address.host)
    } else {
        address.host.clone()
    };
    let port = if address.port == 5432 {
        String::new()
    } else {
        format!(":{}", address.port)
    };
    PlanLocationInfo {
        kind: LocationKind::Team,
        server: Some(format!("{host}{port}/{}", address.dbname)),
        plan: address.plan.clone(),
        login: Some(access.login.clone()),
        role,
        permissions: Permissions {
            can_edit: access.coordinator && !read_only,
            can_decide: access.cab && !read_only,
            read_only,
        },
    }
}

/// The "now" a demo plan lives at (`x.demo.as_of`), as written there.
pub(super) fn as_of(plan: &Plan) -> Option<String> {
    plan.x
        .as_ref()
        .and_then(|x| x.get("demo"))
        .and_then(|d| d.get("as_of"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

pub(super) fn summary(open: &Open) -> Result<PlanSummary, AppError> {
    let plan = open.plan();
    let as_of = as_of(plan);
    Ok(PlanSummary {
        path: open.store.path().to_string_lossy().into_owned(),
        name: plan_name(open),
        timezone: plan.timezone.name().to_owned(),
        revision: open.store.revision(),
        saved: true,
        can_undo: open.store.can_undo()?,
        can_redo: open.store.can_redo()?,
        environments: environments_in_order(plan)
            .into_iter()
            .map(|e| named(e.id.as_str(), e.display_name()))
            .collect(),
        services: plan
            .services
            .iter()
            .map(|s| ServiceInfo {
                id: s.id.as_str().to_owned(),
                name: s.display_name().to_owned(),
                team: s.team.as_ref().map(|t| t.as_str().to_owned()),
            })
            .collect(),
        releases: plan.releases.iter().map(release_info).collect(),
        trains: plan
            .trains
            .iter()
            .map(|t| named(t.id.as_str(), t.display_name()))
            .collect(),
        teams: plan
            .teams
            .iter()
            .map(|t| named(t.id.as_str(), t.display_name()))
            .collect(),
        windows: plan
            .windows
            .iter()
            .map(|w| WindowInfo {
                id: w.id.0.clone(),
                name: w.display_name().to_owned(),
                kind: w.kind.into(),
            })
            .collect(),
        counts: counts(open.checker()),
        as_of,
        first_start: plan
            .deployments
            .iter()
            .map(|d| d.start)
            .min()
            .map(format_instant),
        last_end: plan
            .deployments
            .iter()
            .map(|d| d.end)
            .max()
            .map(format_instant),
        deployment_count: plan.deployments.len(),
        location: location(open),
    })
}
