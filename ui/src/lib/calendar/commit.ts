// What a committed move changes in what the app holds, so a drop redraws from
// its one answer (api.commitMove) without asking for conflicts or the range.
import type { CommittedMove, Conflict, DeploymentBar, PlanSummary, VisibleRange } from '../types';
import { parseInstant } from '../time';

export interface AfterMove { plan: PlanSummary; conflicts: Conflict[]; range: VisibleRange | null }

/** The plan, its conflicts and the loaded range after a committed move. */
export function afterMove(range: VisibleRange | null, done: CommittedMove): AfterMove {
  const { conflicts, moved, recoloured, ...plan } = done;
  return { plan, conflicts, range: range && withBars(range, moved, recoloured) };
}

/**
 * `range` with the moved bar where it is now (gone if it left the range, added
 * if it came in) and the recoloured bars replaced; bars outside it stay out.
 */
export function withBars(range: VisibleRange, moved: DeploymentBar, recoloured: DeploymentBar[]): VisibleRange {
  const inRange = parseInstant(moved.start) < parseInstant(range.to) && parseInstant(moved.end) > parseInstant(range.from);
  const changed = new Map(recoloured.map((b) => [b.id, b]));
  const deployments = range.deployments
    .filter((d) => d.id !== moved.id || inRange)
    .map((d) => (d.id === moved.id ? moved : changed.get(d.id) ?? d));
  if (inRange && !range.deployments.some((d) => d.id === moved.id)) deployments.push(moved);
  return { ...range, deployments };
}
