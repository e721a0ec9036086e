//! What the reports say about release governance (`docs/plan-format.md`,
//! "Release governance"), worked out once from the plan: a release's
//! readiness checklist against the templates that apply to it, the holds and
//! waivers that touch it, and its post-implementation review.

use trainyard_core::time::Instant;
use trainyard_core::*;

/// One line of a release's readiness checklist: an item it records, a
/// template item it must have, or both.
pub(crate) struct ReadinessLine<'p> {
    pub(crate) id: &'p str,
    pub(crate) title: &'p str,
    /// The release's own item; `None` when a template requires one that the
    /// checklist does not have.
    pub(crate) item: Option<&'p ReadinessItem>,
    /// When a template requires it: the earliest instant it must be done by
    /// (a deployment's start minus the template's lead time).
    pub(crate) due: Option<Instant>,
}

impl ReadinessLine<'_> {
    /// Required, and not done or waived by its due time.
    pub(crate) fn is_missing(&self) -> bool {
        self.due
            .is_some_and(|due| !self.item.is_some_and(|i| i.satisfied_by(due)))
    }
}

/// The checklist of `release`: its items in order, then the items the
/// templates require that it lacks, each with the time it is due by.
pub(crate) fn readiness<'p>(plan: &'p Plan, release: &'p Release) -> Vec<ReadinessLine<'p>> {
    // What the templates require, and by when, over the release's deployments.
    let mut required: Vec<(&'p str, &'p str, Instant)> = vec![];
    for d in plan
        .deployments
        .iter()
        .filter(|d| d.release == release.id && d.status() != DeploymentStatus::RolledBack)
    {
        for t in plan
            .readiness_templates
            .iter()
            .filter(|t| t.applies_to(release.change_type, &d.environment))
        {
            let due = t.lead_time.start_before(d.start, plan.timezone);
            for item in &t.items {
                match required.iter_mut().find(|(id, _, _)| *id == item.id) {
                    Some(r) => r.2 = r.2.min(due),
                    None => required.push((&item.id, &item.title, due)),
                }
            }
        }
    }
    let due_of = |id: &str| required.iter().find(|(r, _, _)| *r == id).map(|r| r.2);
    let mut lines: Vec<ReadinessLine<'p>> = release
        .governance
        .readiness
        .iter()
        .map(|i| ReadinessLine {
            id: &i.id,
            title: i
                .title
                .as_deref()
                .or_else(|| required.iter().find(|r| r.0 == i.id).map(|r| r.1))
                .unwrap_or(&i.id),
            item: Some(i),
            due: due_of(&i.id),
        })
        .collect();
    for (id, title, due) in &required {
        if !lines.iter().any(|l| l.id == *id) {
            lines.push(ReadinessLine {
                id,
                title,
                item: None,
                due: Some(*due),
            });
        }
    }
    lines
}

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
