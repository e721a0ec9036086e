//! Conflicts for the UI with their deployments by name. A person reads
//! "One-page checkout 1.0.0 · Web storefront · Staging", not
//! `one-page-checkout-1.0.0/storefront/staging`; the names are looked up
//! here, once per answer, so that the UI never needs the whole plan.

use std::collections::HashMap;

use trainyard_core::time::format_instant;
use trainyard_core::{Checker, Conflict};

use crate::dto::{ConflictSubject, ConflictView};

/// `conflicts` as the UI receives them. Names of releases, services and
/// environments come from maps built once per call (a plan's own lookups
/// walk its lists, which a large report would repeat for every subject).
pub(super) fn conflict_views(
    checker: &Checker<'_>,
    conflicts: impl IntoIterator<Item = Conflict>,
) -> Vec<ConflictView> {
    let plan = checker.plan();
    let releases: HashMap<&str, &str> = plan
        .releases
        .iter()
        .map(|r| (r.id.as_str(), r.display_name()))
        .collect();
    let services: HashMap<&str, &str> = plan
        .services
        .iter()
        .map(|s| (s.id.as_str(), s.display_name()))
        .collect();
    let environments: HashMap<&str, &str> = plan
        .environments
        .iter()
        .map(|e| (e.id.as_str(), e.display_name()))
        .collect();
    let name = |map: &HashMap<&str, &str>, id: &str| map.get(id).copied().unwrap_or(id).to_owned();
    conflicts
        .into_iter()
        .map(|c| {
            let subjects = c
                .deployments
                .iter()
                .filter_map(|id| checker.deployment(id))
                .map(|d| ConflictSubject {
                    deployment: d.id.0.clone(),
                    release: d.release.0.clone(),
                    release_name: name(&releases, d.release.as_str()),
                    service: d.service.0.clone(),
                    service_name: name(&services, d.service.as_str()),
                    environment: d.environment.0.clone(),
                    environment_name: name(&environments, d.environment.as_str()),
                    start: format_instant(d.start),
                    end: format_instant(d.end),
                })
                .collect();
            ConflictView::with_subjects(c, subjects)
        })
        .collect()
}
