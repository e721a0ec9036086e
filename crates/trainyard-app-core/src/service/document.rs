//! The open plan in memory, once: the conflict checker owns it, and the store
//! applies every edit (and undo, and redo) to it through [`Document`].
//!
//! A move of one deployment (a drop, a key press, the next free slot, or the
//! undo of one of those) re-checks incrementally; any other edit takes the
//! plan out of the checker, applies the changes and checks it again in full.

use trainyard_core::edit::{Change, Entity};
use trainyard_core::{Checker, Deployment, DeploymentId, EnvironmentId, Plan, PlanError};
use trainyard_store::Document;

/// The open plan and its conflicts.
pub(crate) struct CheckedPlan {
    checker: Checker<'static>,
}

impl CheckedPlan {
    pub(crate) fn checker(&self) -> &Checker<'static> {
        &self.checker
    }

    /// What moving a deployment would break, answered by `answer` while the
    /// deployment is there; the deployment is then moved back. The core has
    /// no way to evaluate a move without making it, so this is the one plan
    /// moved and restored incrementally, never a copy.
    pub(crate) fn try_move<T>(
        &mut self,
        id: &DeploymentId,
        start: trainyard_core::time::Instant,
        end: trainyard_core::time::Instant,
        environment: &EnvironmentId,
        answer: impl FnOnce(&Checker<'static>) -> T,
    ) -> Result<T, trainyard_core::engine::EngineError> {
        let old = self
            .checker
            .deployment(id)
            .map(|d| (d.start, d.end, d.environment.clone()))
            .ok_or_else(|| trainyard_core::engine::EngineError::UnknownDeployment(id.0.clone()))?;
        self.checker.move_deployment(id, start, end, environment)?;
        let out = answer(&self.checker);
        self.checker.move_deployment(id, old.0, old.1, &old.2)?;
        Ok(out)
    }

    /// `changes` as a move of one deployment: a single put of a deployment
    /// that differs from the one in the plan only in where and when it runs,
    /// to an environment that exists, ending after it starts. Anything else
    /// (and every invalid edit, so that its error is the core's) is `None`.
    fn as_move<'c>(&self, changes: &'c [Change]) -> Option<(usize, &'c Deployment)> {
        let [Change::Put {
            entity: Entity::Deployment(new),
            ..
        }] = changes
        else {
            return None;
        };
        let plan = self.checker.plan();
        let old = self.checker.deployment(&new.id)?;
        let mut same_but_moved = old.clone();
        same_but_moved.start = new.start;
        same_but_moved.end = new.end;
        same_but_moved.environment = new.environment.clone();
        let known_environment = plan.environments.iter().any(|e| e.id == new.environment);
        if same_but_moved != *new || !known_environment || new.start >= new.end {
            return None;
        }
        let at = plan.deployments.iter().position(|d| d.id == new.id)?;
        Some((at, new))
    }
}

impl Document for CheckedPlan {
    fn from_plan(plan: Plan) -> Self {
        CheckedPlan {
            checker: Checker::owned(plan),
        }
    }

    fn plan(&self) -> &Plan {
        self.checker.plan()
    }

    fn apply(&mut self, changes: &[Change]) -> Result<Vec<Change>, PlanError> {
        if let Some((at, new)) = self.as_move(changes) {
            let old = self.checker.plan().deployments[at].clone();
            let moved = self
                .checker
                .move_deployment(&new.id, new.start, new.end, &new.environment);
            if moved.is_ok() {
                // The inverse `Plan::apply` gives for a replaced entity.
                return Ok(vec![Change::Put {
                    entity: Entity::Deployment(old),
                    position: Some(at),
                }]);
            }
        }
        let mut plan =
            std::mem::replace(&mut self.checker, Checker::owned(Plan::default())).into_plan();
        // On error the plan is unchanged, but it must be checked again all
        // the same: the checker was handed over above.
        let inverse = plan.apply(changes);
        self.checker = Checker::owned(plan);
        inverse
    }
}
