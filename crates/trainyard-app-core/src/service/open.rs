//! The open plan file: its store, whose document is the one in-memory plan
//! (inside the conflict checker, see `document.rs`), the conflict report of
//! the plan as it is, and the worst severity per deployment that colours the
//! calendar's bars.

use std::collections::HashMap;

use trainyard_core::edit::Change;
use trainyard_core::{Checker, Conflict, Plan, Report};
use trainyard_store::{DocumentStore, TeamAddress};

use super::document::CheckedPlan;
use crate::dto::Severity;
use crate::error::AppError;

/// A plan file whose plan lives in its checker.
pub(crate) type PlanStore = DocumentStore<CheckedPlan>;

pub(crate) struct Open {
    pub(crate) store: PlanStore,
    /// A team plan's address, with the password it was opened with (in
    /// memory only, for the listener that hears other users' edits).
    pub(crate) team: Option<TeamAddress>,
    /// The checker's report, read once per change: the conflicts panel, the
    /// overview and the CAB view read it, and at 100k deployments putting
    /// it in report order costs more than they do.
    report: Report,
    /// Worst severity per deployment id, for colouring bars.
    worst: HashMap<String, Severity>,
}

/// What a change did to the conflicts: the deployments whose worst severity
/// changed.
pub(crate) struct Recheck {
    pub(crate) recoloured: Vec<String>,
}

impl Open {
    pub(crate) fn new(store: PlanStore, team: Option<TeamAddress>) -> Open {
        let mut open = Open {
            store,
            team,
            report: Report::default(),
            worst: HashMap::new(),
        };
        open.rechecked();
        open
    }

    pub(crate) fn plan(&self) -> &Plan {
        self.store.plan()
    }

    pub(crate) fn checker(&self) -> &Checker<'static> {
        self.store.document().checker()
    }

    /// Every conflict of the plan as it is, in report order. Every change
    /// goes through `rechecked`, which reads it again.
    pub(crate) fn report(&self) -> &Report {
        &self.report
    }

    /// The worst severity among the conflicts a deployment is in.
    pub(crate) fn worst(&self, deployment: &str) -> Option<Severity> {
        self.worst.get(deployment).copied()
    }

    /// Reads the report once after a change: refreshes the bar colours and
    /// says which changed.
    pub(crate) fn rechecked(&mut self) -> Recheck {
        self.report = self.checker().report();
        let worst = worst_by_deployment(&self.report.conflicts);
        let old = std::mem::replace(&mut self.worst, worst);
        let mut recoloured: Vec<String> = old
            .iter()
            .filter(|(id, s)| self.worst.get(*id) != Some(s))
            .map(|(id, _)| id.clone())
            .chain(
                self.worst
                    .keys()
                    .filter(|id| !old.contains_key(*id))
                    .cloned(),
            )
            .collect();
        recoloured.sort();
        Recheck { recoloured }
    }

    /// Applies `changes` as one saved, undoable edit labelled `label`; the
    /// checker follows (see `document.rs`).
    pub(crate) fn edit(&mut self, label: &str, changes: &[Change]) -> Result<Recheck, AppError> {
        let base = self.store.revision();
        self.store.apply(base, label, changes)?;
        Ok(self.rechecked())
    }

    pub(crate) fn undo(&mut self) -> Result<Recheck, AppError> {
        let base = self.store.revision();
        self.store.undo(base)?;
        Ok(self.rechecked())
    }

    pub(crate) fn redo(&mut self) -> Result<Recheck, AppError> {
        let base = self.store.revision();
        self.store.redo(base)?;
        Ok(self.rechecked())
    }
}

fn worst_by_deployment(conflicts: &[Conflict]) -> HashMap<String, Severity> {
    let mut worst: HashMap<String, Severity> = HashMap::new();
    for c in conflicts {
        let severity = Severity::from(c.severity);
        for d in &c.deployments {
            let e = worst.entry(d.0.clone()).or_insert(severity);
            // Error < Warning in `Severity`'s order: keep the smaller.
            if severity < *e {
                *e = severity;
            }
        }
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::super::AppService;

    /// The store's plan is the checker's: one copy, which a move reaches
    /// once and which matches the file afterwards.
    #[test]
    fn the_open_plan_is_held_once_and_matches_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppService::new(dir.path()).with_user("tester");
        app.open_demo().unwrap();
        let id = "catalog-1.13.0/catalog/prod/eu";
        app.preview_move(id, "2027-03-10T10:00:00Z", "2027-03-10T10:30:00Z", "prod")
            .unwrap();
        app.commit_move(id, "2027-03-10T10:00:00Z", "2027-03-10T10:30:00Z", "prod")
            .unwrap();
        app.with_open(|open| {
            assert!(std::ptr::eq(open.plan(), open.checker().plan()));
            let on_disk = trainyard_store::Store::open_read_only(open.store.path()).unwrap();
            assert_eq!(open.plan(), &on_disk);
            let fresh = trainyard_core::check(&on_disk);
            assert_eq!(open.checker().report(), fresh, "the incremental re-check");
            assert_eq!(*open.report(), fresh, "the report read after the change");
            Ok(())
        })
        .unwrap();
    }
}
