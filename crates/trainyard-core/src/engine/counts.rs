//! The (errors, warnings) tally a checker keeps in step with its groups, so
//! that counting the report costs nothing while a deployment is dragged.

use super::{Checker, Conflict, Severity};

/// Errors and warnings among some conflicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tally {
    errors: usize,
    warnings: usize,
}

impl Tally {
    pub(super) fn of<'c>(conflicts: impl IntoIterator<Item = &'c Conflict>) -> Tally {
        let mut t = Tally::default();
        for c in conflicts {
            t.add(c);
        }
        t
    }

    pub(super) fn add(&mut self, c: &Conflict) {
        match c.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    pub(super) fn remove(&mut self, c: &Conflict) {
        match c.severity {
            Severity::Error => self.errors -= 1,
            Severity::Warning => self.warnings -= 1,
        }
    }
}

impl Checker<'_> {
    /// Number of (errors, warnings) in the report, without building it.
    ///
    /// Every conflict identity belongs to exactly one group (a rule's subjects
    /// decide its group), so the running tally over the groups is the
    /// report's count; the engine's property tests hold it to that.
    pub fn counts(&self) -> (usize, usize) {
        (self.tally.errors, self.tally.warnings)
    }
}
