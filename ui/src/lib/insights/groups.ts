// The groups of the headline figures by name: a service, team or
// environment id as the plan names it, and the services without a team.
import type { GroupMeasures, InsightGroupBy, PlanSummary } from '../types';

export type GroupChoice = 'overall' | InsightGroupBy;

export const GROUP_CHOICES: Array<{ id: GroupChoice; label: string }> = [
  { id: 'overall', label: 'Overall' },
  { id: 'service', label: 'By service' },
  { id: 'team', label: 'By team' },
  { id: 'environment', label: 'By environment' },
];

/** The name of a group's key ("(no team)" for the services without one). */
export function groupName(plan: Pick<PlanSummary, 'services' | 'teams' | 'environments'>, by: InsightGroupBy, key: string | null): string {
  if (key === null) return '(no team)';
  const list = by === 'service' ? plan.services : by === 'team' ? plan.teams : plan.environments;
  return list.find((x) => x.id === key)?.name ?? key;
}

/** The groups with their names, in the core's order (by key, the null key first). */
export function namedGroups(plan: Pick<PlanSummary, 'services' | 'teams' | 'environments'>, by: InsightGroupBy, groups: GroupMeasures[]) {
  return groups.map((g) => ({ ...g, name: groupName(plan, by, g.key) }));
}
