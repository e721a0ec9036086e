//! What a store keeps in step with its file.
//!
//! By default that is a bare [`Plan`]. A program that keeps more than the
//! plan in memory (the desktop app keeps a conflict checker, which owns its
//! plan) hands the store its own [`Document`], so the open plan exists in
//! memory once and every edit reaches it once, with the inverse the store
//! records for undo.

use trainyard_core::edit::Change;
use trainyard_core::{Plan, PlanError};

/// An in-memory plan that edits are applied to.
pub trait Document {
    /// The document of a plan just read from the file.
    fn from_plan(plan: Plan) -> Self;

    fn plan(&self) -> &Plan;

    /// Applies `changes` all-or-nothing, as [`Plan::apply`] does, and returns
    /// the same inverse changes (undo applies them). On error the document
    /// is unchanged.
    fn apply(&mut self, changes: &[Change]) -> Result<Vec<Change>, PlanError>;
}

impl Document for Plan {
    fn from_plan(plan: Plan) -> Self {
        plan
    }

    fn plan(&self) -> &Plan {
        self
    }

    fn apply(&mut self, changes: &[Change]) -> Result<Vec<Change>, PlanError> {
        Plan::apply(self, changes)
    }
}
