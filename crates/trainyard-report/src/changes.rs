//! What changed in a plan between two of its states: the facts behind the
//! "What changed since …" edition of the release summary, a delay notice.
//!
//! The caller (the command line, which reads the store's audit trail) gives
//! the plan as it was at the point, the plan as it is, and the edits made in
//! between; [`since`] compares the two plans, so an edit and its undo cancel
//! out, and uses the edits only to say who changed what and when. Conflicts
//! are compared by identity (rule and subjects, `docs/conflict-rules.md`).

use std::collections::{HashMap, HashSet};

use trainyard_core::time::Instant;
use trainyard_core::*;

/// Where the comparison starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangePoint {
    /// Just after this store revision (audit entry) was written.
    Revision(u64),
    /// This instant: edits made after it count.
    Instant(Instant),
}

/// One entity touched by one audit entry after the point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The audit entry's sequence number (the revision it made).
    pub seq: u64,
    pub at: Instant,
    pub user: String,
    /// The edit's label, such as `"move d3"` or `"undo: move d3"`.
    pub action: String,
    /// The entity's kind as the plan format names it (`"deployment"`), or
    /// `"plan"` for the plan's name and time zone.
    pub kind: String,
    pub id: String,
}

/// Who made the last edit behind a change, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub user: String,
    pub at: Instant,
    /// How many audit entries touched the subject after the point.
    pub edits: usize,
}

/// Where and when a deployment runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The environment's display name.
    pub environment: String,
    pub start: Instant,
    pub end: Instant,
}

/// What happened to one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A deployment whose start, end or environment differ.
    Moved {
        before: Slot,
        after: Slot,
    },
    DeploymentAdded(Slot),
    DeploymentRemoved(Slot),
    ReleaseAdded,
    ReleaseRemoved,
    ReleaseCancelled,
    /// Any other change of the release's status.
    StatusChanged {
        before: ReleaseStatus,
        after: ReleaseStatus,
    },
    /// Approvals or rejections recorded after the point.
    Decided {
        decision: Decision,
        by: Vec<String>,
    },
    NewConflict(Conflict),
    ResolvedConflict(Conflict),
}

/// One line of the change list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The release it belongs to; `None` for a conflict of no release.
    pub release: Option<ReleaseId>,
    /// The release's display name (from the newer plan when it has it).
    pub release_name: String,
    /// The deployment's id for deployment changes, else empty.
    pub subject: String,
    pub kind: ChangeKind,
    pub by: Option<Attribution>,
}

/// Everything that changed since the point, grouped by release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSummary {
    pub point: ChangePoint,
    /// How many audit entries were made after the point.
    pub entries: usize,
    /// Grouped by release (in the newer plan's order, then releases removed
    /// since, then conflicts of no release); within a release: the release,
    /// then its deployments, then its conflicts.
    pub changes: Vec<Change>,
}

impl ChangeSummary {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many releases have at least one change.
    pub fn releases(&self) -> usize {
        let ids: HashSet<Option<&ReleaseId>> =
            self.changes.iter().map(|c| c.release.as_ref()).collect();
        ids.len()
    }
}

/// Compares `before` (the plan at the point) with `after` (the plan now).
pub fn since(point: ChangePoint, before: &Plan, after: &Plan, edits: &[Edit]) -> ChangeSummary {
    let who = Who::new(edits);
    let mut changes = Vec::new();
    let name_of = |id: &ReleaseId| {
        after
            .release(id.as_str())
            .or_else(|| before.release(id.as_str()))
            .map_or_else(|| id.to_string(), |r| r.display_name().to_owned())
    };
    let slot = |plan: &Plan, d: &Deployment| Slot {
        environment: plan.environment(d.environment.as_str()).map_or_else(
            || d.environment.to_string(),
            |e| e.display_name().to_owned(),
        ),
        start: d.start,
        end: d.end,
    };
    let mut push = |release: Option<&ReleaseId>, subject: &str, kind, by| {
        changes.push(Change {
            release: release.cloned(),
            release_name: release.map_or_else(|| "No release".to_owned(), &name_of),
            subject: subject.to_owned(),
            kind,
            by,
        })
    };

    for r in &after.releases {
        let by = || who.of("release", r.id.as_str());
        match before.release(r.id.as_str()) {
            None => push(Some(&r.id), "", ChangeKind::ReleaseAdded, by()),
            Some(old) => {
                let (was, is) = (old.status(), r.status());
                if was != is && is == ReleaseStatus::Cancelled {
                    push(Some(&r.id), "", ChangeKind::ReleaseCancelled, by());
                } else if was != is {
                    let kind = ChangeKind::StatusChanged {
                        before: was,
                        after: is,
                    };
                    push(Some(&r.id), "", kind, by());
                }
                for decision in [Decision::Approved, Decision::Rejected] {
                    let new = new_decisions(old, r, decision);
                    if !new.is_empty() {
                        let kind = ChangeKind::Decided { decision, by: new };
                        push(Some(&r.id), "", kind, by());
                    }
                }
            }
        }
    }
    for r in &before.releases {
        if after.release(r.id.as_str()).is_none() {
            let by = who.of("release", r.id.as_str());
            push(Some(&r.id), "", ChangeKind::ReleaseRemoved, by);
        }
    }
    for d in &after.deployments {
        let by = || who.of("deployment", d.id.as_str());
        match before.deployment(d.id.as_str()) {
            None => push(
                Some(&d.release),
                d.id.as_str(),
                ChangeKind::DeploymentAdded(slot(after, d)),
                by(),
            ),
            Some(old)
                if (old.start, old.end, &old.environment) != (d.start, d.end, &d.environment) =>
            {
                let kind = ChangeKind::Moved {
                    before: slot(before, old),
                    after: slot(after, d),
                };
                push(Some(&d.release), d.id.as_str(), kind, by());
            }
            Some(_) => {}
        }
    }
    for d in &before.deployments {
        if after.deployment(d.id.as_str()).is_none() {
            let kind = ChangeKind::DeploymentRemoved(slot(before, d));
            let by = who.of("deployment", d.id.as_str());
            push(Some(&d.release), d.id.as_str(), kind, by);
        }
    }

    let (old_report, new_report) = (check(before), check(after));
    let old_ids: HashSet<_> = old_report.conflicts.iter().map(|c| c.identity()).collect();
    let new_ids: HashSet<_> = new_report.conflicts.iter().map(|c| c.identity()).collect();
    let conflict_release = |plan: &Plan, c: &Conflict| {
        c.releases.first().cloned().or_else(|| {
            c.deployments
                .iter()
                .find_map(|d| plan.deployment(d.as_str()).map(|d| d.release.clone()))
        })
    };
    for c in &new_report.conflicts {
        if !old_ids.contains(&c.identity()) {
            let release = conflict_release(after, c);
            let kind = ChangeKind::NewConflict(c.clone());
            push(release.as_ref(), "", kind, who.of_conflict(c));
        }
    }
    for c in &old_report.conflicts {
        if !new_ids.contains(&c.identity()) {
            let release = conflict_release(before, c);
            let kind = ChangeKind::ResolvedConflict(c.clone());
            push(release.as_ref(), "", kind, who.of_conflict(c));
        }
    }

    // Group by release: the newer plan's order, then removed releases in
    // the older plan's order, then the rest; a stable sort keeps the order
    // of kinds within a release.
    let order: HashMap<&ReleaseId, usize> = after
        .releases
        .iter()
        .chain(
            before
                .releases
                .iter()
                .filter(|r| after.release(r.id.as_str()).is_none()),
        )
        .enumerate()
        .map(|(i, r)| (&r.id, i))
        .collect();
    changes.sort_by_key(|c| {
        c.release
            .as_ref()
            .and_then(|r| order.get(r).copied())
            .unwrap_or(usize::MAX)
    });
    ChangeSummary {
        point,
        entries: edits.iter().map(|e| e.seq).collect::<HashSet<_>>().len(),
        changes,
    }
}

/// Names of those whose `decision` on `new` was not recorded on `old`.
fn new_decisions(old: &Release, new: &Release, decision: Decision) -> Vec<String> {
    let had: HashSet<&str> = old
        .approvals
        .iter()
        .filter(|a| a.decision == decision)
        .map(|a| a.by.as_str())
        .collect();
    new.approvals
        .iter()
        .filter(|a| a.decision == decision && !had.contains(a.by.as_str()))
        .map(|a| a.by.clone())
        .collect()
}

/// The edits, looked up by the entity they touched.
struct Who<'e> {
    by_entity: HashMap<(&'e str, &'e str), Vec<&'e Edit>>,
}

impl<'e> Who<'e> {
    fn new(edits: &'e [Edit]) -> Self {
        let mut by_entity: HashMap<(&str, &str), Vec<&Edit>> = HashMap::new();
        for e in edits {
            by_entity
                .entry((e.kind.as_str(), e.id.as_str()))
                .or_default()
                .push(e);
        }
        Who { by_entity }
    }

    /// The newest edit of one entity, with how many entries touched it.
    fn of(&self, kind: &str, id: &str) -> Option<Attribution> {
        let edits = self.by_entity.get(&(kind, id))?;
        let last = edits.iter().max_by_key(|e| e.seq)?;
        let entries: HashSet<u64> = edits.iter().map(|e| e.seq).collect();
        Some(Attribution {
            user: last.user.clone(),
            at: last.at,
            edits: entries.len(),
        })
    }

    /// A conflict changes because one of its subjects did: the newest edit
    /// of its deployments and releases.
    fn of_conflict(&self, c: &Conflict) -> Option<Attribution> {
        let subjects = c
            .deployments
            .iter()
            .map(|d| ("deployment", d.as_str()))
            .chain(c.releases.iter().map(|r| ("release", r.as_str())));
        subjects
            .filter_map(|(kind, id)| self.of(kind, id))
            .max_by_key(|a| a.at)
    }
}
