// What a committed move changes in what the app holds, so a drop redraws from
// its one answer (api.commitMove, or api.commitGroupMove for a whole release)
// without asking for the range. The conflicts panel asks for its own digest.
import type { CommittedGroupMove, CommittedMove, DeploymentBar, PlanSummary, VisibleRange } from '../types';
import { parseInstant } from '../time';

export interface AfterMove<R extends VisibleRange = VisibleRange> { plan: PlanSummary; range: R | null }

/** The plan and the loaded range after a committed move of one bar or of a group. */
export function afterMove<R extends VisibleRange>(range: R | null, done: CommittedMove | CommittedGroupMove): AfterMove<R> {
  const { moved, recoloured, ...plan } = done;
  return { plan, range: range && withBars(range, moved, recoloured) };
}

/**
 * `range` with the moved bars where they are now (gone if they left the range,
 * added if they came in) and the recoloured bars replaced; bars outside it
 * stay out.
 */
export function withBars<R extends VisibleRange>(range: R, moved: DeploymentBar | DeploymentBar[], recoloured: DeploymentBar[]): R {
  const from = parseInstant(range.from);
  const to = parseInstant(range.to);
  const movedById = new Map((Array.isArray(moved) ? moved : [moved]).map((b) => [b.id, b]));
  const inRange = (b: DeploymentBar) => parseInstant(b.start) < to && parseInstant(b.end) > from;
  const changed = new Map(recoloured.map((b) => [b.id, b]));
  const deployments = range.deployments
    .filter((d) => { const m = movedById.get(d.id); return !m || inRange(m); })
    .map((d) => movedById.get(d.id) ?? changed.get(d.id) ?? d);
  const present = new Set(range.deployments.map((d) => d.id));
  for (const m of movedById.values()) if (inRange(m) && !present.has(m.id)) deployments.push(m);
  return { ...range, deployments };
}
