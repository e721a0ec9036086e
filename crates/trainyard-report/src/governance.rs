//! What the reports say about release governance (`docs/plan-format.md`,
//! "Release governance"), worked out once from the plan: a release's
//! readiness checklist (the core's [`readiness`], re-exported), the holds and
//! waivers that touch it, and its post-implementation review.

use trainyard_core::*;

pub(crate) use trainyard_core::plan::{readiness, ReadinessLine};

/// The holds that cover one of `release`'s deployments while it runs.
pub(crate) fn holds_on<'p>(plan: &'p Plan, release: &Release) -> Vec<&'p Hold> {
    plan.holds
        .iter()
        .filter(|h| {
            plan.deployments.iter().any(|d| {
                d.release == release.id
                    && h.scope.covers(&d.release, &d.service, &d.environment)
                    && h.overlaps(d.start, d.end)
            })
        })
        .collect()
}

/// The waivers granted to `release`, in plan order.
pub(crate) fn waivers_of<'p>(plan: &'p Plan, release: &Release) -> Vec<&'p Waiver> {
    plan.waivers
        .iter()
        .filter(|w| w.release == release.id)
        .collect()
}

/// Whether the plan records anything the governance parts of the reports
/// show; without it the reports are as they were before governance.
pub(crate) fn plan_has_governance(plan: &Plan) -> bool {
    !plan.holds.is_empty()
        || !plan.waivers.is_empty()
        || !plan.readiness_templates.is_empty()
        || plan.releases.iter().any(|r| !r.governance.is_empty())
}

/// Whether the CAB sheet of `release` has a governance section.
pub(crate) fn release_has_governance(plan: &Plan, release: &Release) -> bool {
    !release.governance.is_empty()
        || !readiness(plan, release).is_empty()
        || !holds_on(plan, release).is_empty()
        || !waivers_of(plan, release).is_empty()
}

/// A hold's scope in words: "the whole plan", "environment Production", …
pub(crate) fn scope_words(plan: &Plan, scope: &HoldScope) -> String {
    let target = scope.target().unwrap_or_default();
    match scope.kind() {
        "environment" => format!(
            "environment {}",
            plan.environment(target)
                .map_or(target, |e| e.display_name())
        ),
        "service" => format!(
            "service {}",
            plan.service(target).map_or(target, |s| s.display_name())
        ),
        "release" => format!(
            "release {}",
            plan.release(target).map_or(target, |r| r.display_name())
        ),
        _ => "the whole plan".to_owned(),
    }
}
