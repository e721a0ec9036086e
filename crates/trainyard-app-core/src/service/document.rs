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

    /// [`Self::try_move`] for several deployments at once: each is moved
    /// incrementally, `answer` reads the checker, and they are moved back in
    /// reverse order. A move the checker refuses undoes the ones before it.
    pub(crate) fn try_moves<T>(
        &mut self,
        moves: &[Move],
        answer: impl FnOnce(&Checker<'static>) -> T,
    ) -> Result<T, trainyard_core::engine::EngineError> {
        let mut undo: Vec<Move> = Vec::with_capacity(moves.len());
        let result = moves.iter().try_for_each(|m| {
            let old = self.where_is(&m.id)?;
            self.checker
                .move_deployment(&m.id, m.start, m.end, &m.environment)?;
            undo.push(old);
            Ok(())
        });
        let out = result.map(|()| answer(&self.checker));
        for m in undo.iter().rev() {
            self.checker
                .move_deployment(&m.id, m.start, m.end, &m.environment)?;
        }
        out
    }

    fn where_is(&self, id: &DeploymentId) -> Result<Move, trainyard_core::engine::EngineError> {
        self.checker
            .deployment(id)
            .map(|d| Move {
                id: id.clone(),
                start: d.start,
                end: d.end,
                environment: d.environment.clone(),
            })
            .ok_or_else(|| trainyard_core::engine::EngineError::UnknownDeployment(id.0.clone()))
    }

    /// `changes` as moves of deployments: puts of distinct deployments, each
    /// differing from the one in the plan only in where and when it runs, to
    /// an environment that exists, ending after it starts (a drop, a key
    /// press, the next free slot, a release dragged with its dependents, or
    /// the undo of one of those). Anything else (and every invalid edit, so
    /// that its error is the core's) is `None`.
    fn as_moves<'c>(&self, changes: &'c [Change]) -> Option<Vec<(usize, &'c Deployment)>> {
        let plan = self.checker.plan();
        let mut seen = std::collections::HashSet::new();
        changes
            .iter()
            .map(|change| {
                let Change::Put {
                    entity: Entity::Deployment(new),
                    ..
                } = change
                else {
                    return None;
                };
                let old = self.checker.deployment(&new.id)?;
                let mut same_but_moved = old.clone();
                same_but_moved.start = new.start;
                same_but_moved.end = new.end;
                same_but_moved.environment = new.environment.clone();
                let known_environment = plan.environments.iter().any(|e| e.id == new.environment);
                if same_but_moved != *new
                    || !known_environment
                    || new.start >= new.end
                    || !seen.insert(new.id.as_str())
                {
                    return None;
                }
                let at = plan.deployments.iter().position(|d| d.id == new.id)?;
                Some((at, new))
            })
            .collect()
    }
}

/// Where one deployment runs: what a move changes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Move {
    pub(crate) id: DeploymentId,
    pub(crate) start: trainyard_core::time::Instant,
    pub(crate) end: trainyard_core::time::Instant,
    pub(crate) environment: EnvironmentId,
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
        if let Some(moves) = self.as_moves(changes) {
            let mut inverse = Vec::with_capacity(moves.len());
            for (at, new) in moves {
                let old = self.checker.plan().deployments[at].clone();
                if self
                    .checker
                    .move_deployment(&new.id, new.start, new.end, &new.environment)
                    .is_err()
                {
                    // Not reachable for validated moves; the full path below
                    // starts from the plan as it is now, so take the moves
                    // made so far back first.
                    for change in inverse.into_iter().rev() {
                        if let Change::Put {
                            entity: Entity::Deployment(d),
                            ..
                        } = change
                        {
                            let _ =
                                self.checker
                                    .move_deployment(&d.id, d.start, d.end, &d.environment);
                        }
                    }
                    return self.apply_in_full(changes);
                }
                // The inverse `Plan::apply` gives for a replaced entity.
                inverse.push(Change::Put {
                    entity: Entity::Deployment(old),
                    position: Some(at),
                });
            }
            // Inverses apply in reverse order, as the core's do.
            inverse.reverse();
            return Ok(inverse);
        }
        self.apply_in_full(changes)
    }
}

impl CheckedPlan {
    /// Any edit: the plan leaves the checker, takes the changes, and is
    /// checked again in full.
    fn apply_in_full(&mut self, changes: &[Change]) -> Result<Vec<Change>, PlanError> {
        let mut plan =
            std::mem::replace(&mut self.checker, Checker::owned(Plan::default())).into_plan();
        // On error the plan is unchanged, but it must be checked again all
        // the same: the checker was handed over above.
        let inverse = plan.apply(changes);
        self.checker = Checker::owned(plan);
        inverse
    }
}
