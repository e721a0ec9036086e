//! The incremental re-check: moving one deployment re-evaluates only the
//! groups it touches, and re-sweeps `concurrency` only around its old and new
//! intervals.

use super::{rules, Checker, EngineError, GroupKey, Key, Nanos};
use crate::plan::*;
use crate::time::Instant;

impl Checker<'_> {
    /// Moves (and/or resizes, and/or re-targets) one deployment and re-checks
    /// only what that can change. The report afterwards equals a full check of
    /// the changed plan.
    pub fn move_deployment(
        &mut self,
        id: &DeploymentId,
        start: Instant,
        end: Instant,
        environment: &EnvironmentId,
    ) -> Result<(), EngineError> {
        self.move_deployment_inner(id, start, end, environment, true)
    }

    /// See [`Checker::move_deployment`]; without `with_concurrency` the
    /// `concurrency` conflicts are left stale (suggest's scratch copy only asks
    /// about errors, and `concurrency` is a warning).
    pub(super) fn move_deployment_inner(
        &mut self,
        id: &DeploymentId,
        start: Instant,
        end: Instant,
        environment: &EnvironmentId,
        with_concurrency: bool,
    ) -> Result<(), EngineError> {
        let d = self
            .idx
            .deployment(&self.plan, id)
            .ok_or_else(|| EngineError::UnknownDeployment(id.0.clone()))?;
        let new_env = *self
            .idx
            .env_of
            .get(environment)
            .ok_or_else(|| EngineError::UnknownEnvironment(environment.0.clone()))?;
        if end <= start {
            return Err(EngineError::EmptyInterval);
        }
        let mut affected = self.groups_touching(d);
        let old = (
            self.idx.dep_env(d),
            self.idx.dep_start[d],
            self.idx.dep_end[d],
        );
        let (start_n, end_n) = (Nanos::of(start), Nanos::of(end));
        let active = self.idx.dep_active[d];
        if active {
            self.idx.unlink(d);
        }
        {
            let dep = &mut self.plan.to_mut().deployments[d];
            dep.start = start;
            dep.end = end;
            dep.environment = environment.clone();
        }
        self.idx.dep_env[d] = new_env as u32;
        self.idx.dep_start[d] = start_n;
        self.idx.dep_end[d] = end_n;
        if active {
            self.idx.link(&self.plan, d);
        }
        self.idx.ensure_horizon(&self.plan, start, end);
        affected.extend(self.groups_touching(d));
        affected.sort();
        affected.dedup();
        let evaluator = rules::Evaluator::new(&self.plan, &self.idx);
        let mut fresh = vec![];
        for key in affected {
            if matches!(key, GroupKey::Concurrency(_)) {
                continue;
            }
            let mut conflicts = vec![];
            evaluator.evaluate(key, &mut conflicts);
            fresh.push((key, conflicts));
        }
        for (key, conflicts) in fresh {
            let old = if conflicts.is_empty() {
                self.groups.remove(&key)
            } else {
                for c in &conflicts {
                    self.tally.add(c);
                }
                self.groups.insert(key, conflicts)
            };
            for c in old.iter().flatten() {
                self.tally.remove(c);
            }
        }
        if with_concurrency && active {
            self.recheck_concurrency(&[old, (new_env, start_n, end_n)]);
        }
        Ok(())
    }

    /// Re-sweeps `concurrency` after a move changed the count in the given
    /// (environment, start, end) intervals: the old one (one fewer) and the new
    /// one (one more).
    ///
    /// Outside those intervals the count is what it was. Each interval is
    /// widened to a region `[r0, r1]` whose edges are not over the limit (just
    /// before `r0`, and at `r1`): no maximal over-limit interval crosses such an
    /// edge, before or after the move, so the conflicts wholly inside the region
    /// are the only ones that can change, and a sweep of the region alone
    /// recomputes them. Far from the limit that region is the interval itself.
    fn recheck_concurrency(&mut self, changed: &[(usize, Nanos, Nanos)]) {
        let mut envs: Vec<usize> = changed.iter().map(|c| c.0).collect();
        envs.sort_unstable();
        envs.dedup();
        for env in envs {
            let Some(limit) = self.plan.environments[env].max_concurrent else {
                continue;
            };
            let mut regions: Vec<(Nanos, Nanos)> = changed
                .iter()
                .filter(|c| c.0 == env)
                .map(|&(_, s, e)| {
                    (
                        rules::settle_before(&self.idx, env, limit, s),
                        rules::settle_after(&self.idx, env, limit, e),
                    )
                })
                .collect();
            regions.sort();
            let mut merged: Vec<(Nanos, Nanos)> = Vec::with_capacity(regions.len());
            for r in regions {
                match merged.last_mut() {
                    Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
                    _ => merged.push(r),
                }
            }
            let kept = &mut self.concurrency[env];
            for (r0, r1) in merged {
                let (mut fresh, mut spans) = (vec![], vec![]);
                rules::concurrency(
                    &self.plan,
                    &self.idx,
                    env,
                    Some((r0, r1)),
                    &mut fresh,
                    &mut spans,
                );
                // The old conflicts inside the region, by their start.
                let stale: Vec<Nanos> = kept.range(r0..=r1).map(|(&from, _)| from).collect();
                for from in stale {
                    if let Some((_, c)) = kept.remove(&from) {
                        self.tally.remove(&c);
                    }
                }
                for c in &fresh {
                    self.tally.add(c);
                }
                kept.extend(
                    spans
                        .into_iter()
                        .zip(fresh)
                        .map(|((from, to), c)| (from, (to, c))),
                );
            }
        }
    }
}
