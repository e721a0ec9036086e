//! A release's readiness checklist read against the templates that apply to
//! it (`docs/plan-format.md`, "Readiness: checklists and templates"): the
//! lines the CAB sheet, the summary and the app's CAB view all show, worked
//! out once here.

use super::{DeploymentStatus, Plan, ReadinessItem, Release};
use crate::time::Instant;

/// One line of a release's readiness checklist: an item it records, a
/// template item it must have, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessLine<'p> {
    pub id: &'p str,
    pub title: &'p str,
    /// The release's own item; `None` when a template requires one that the
    /// checklist does not have.
    pub item: Option<&'p ReadinessItem>,
    /// When a template requires it: the earliest instant it must be done by
    /// (a deployment's start minus the template's lead time).
    pub due: Option<Instant>,
}

impl ReadinessLine<'_> {
    /// Required, and not done or waived by its due time.
    pub fn is_missing(&self) -> bool {
        self.due
            .is_some_and(|due| !self.item.is_some_and(|i| i.satisfied_by(due)))
    }
}

/// The checklist of `release`: its items in order, then the items the
/// templates require that it lacks, each with the time it is due by.
pub fn readiness<'p>(plan: &'p Plan, release: &'p Release) -> Vec<ReadinessLine<'p>> {
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
