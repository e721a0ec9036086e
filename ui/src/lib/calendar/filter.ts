// The calendar's filter (release, train, team, status, severity): which bars
// of the loaded range are drawn, decided here on the client so a change of
// filter redraws at once without asking the engine. Same meaning as the
// engine's CalendarFilter (service/density.rs): an empty list allows
// everything, and "" in trains or teams means "no train" / "no team". One
// difference: "clean" alone shows only bars in no conflict (the engine reads
// includeClean only beside severities).
import type { CalendarFilter, DeploymentBar, Severity } from '../types';
import { NO_GROUP, type LaneSources } from '../lanes';

export const NO_FILTER: CalendarFilter = {
  releases: [], trains: [], teams: [], environments: [], statuses: [], severities: [], includeClean: false,
};

/** Deployment statuses in the plan format, with their names. */
export const STATUSES: ReadonlyArray<{ id: string; name: string }> = [
  { id: 'planned', name: 'Planned' },
  { id: 'succeeded', name: 'Succeeded' },
  { id: 'failed', name: 'Failed' },
  { id: 'rolled_back', name: 'Rolled back' },
];

/** A bar's colour class: its worst conflict, or none. */
export type SeverityChoice = Severity | 'clean';
export const SEVERITIES: ReadonlyArray<{ id: SeverityChoice; name: string }> = [
  { id: 'error', name: 'Errors' },
  { id: 'warning', name: 'Warnings' },
  { id: 'clean', name: 'No conflict' },
];

/** The lists the filter bar edits (environments are the lanes' business). */
export type FilterList = 'releases' | 'trains' | 'teams' | 'statuses';

/** How many of release, train, team, status and severity narrow the calendar. */
export function activeFilterCount(f: CalendarFilter): number {
  const lists = [f.releases, f.trains, f.teams, f.statuses].filter((l) => l.length > 0).length;
  return lists + (f.severities.length > 0 || f.includeClean ? 1 : 0);
}

export function isFiltering(f: CalendarFilter): boolean {
  return activeFilterCount(f) > 0 || f.environments.length > 0;
}

/** `f` with `id` added to or taken from one of its lists. */
export function toggled(f: CalendarFilter, list: FilterList, id: string, on: boolean): CalendarFilter {
  const now = f[list].filter((x) => x !== id);
  return { ...f, [list]: on ? [...now, id] : now };
}

/** `f` with a severity choice ("clean" is `includeClean`) switched on or off. */
export function toggledSeverity(f: CalendarFilter, id: SeverityChoice, on: boolean): CalendarFilter {
  if (id === 'clean') return { ...f, includeClean: on };
  const now = f.severities.filter((x) => x !== id);
  return { ...f, severities: on ? [...now, id] : now };
}

export function severityChosen(f: CalendarFilter, id: SeverityChoice): boolean {
  return id === 'clean' ? f.includeClean : f.severities.includes(id);
}

/** The test a bar must pass; the maps from the summary are built once per filter. */
export function barFilter(f: CalendarFilter, src: Pick<LaneSources, 'services' | 'releases'>): (bar: DeploymentBar) => boolean {
  const teamOf = new Map(src.services.map((s) => [s.id, s.team ?? NO_GROUP]));
  const trainOf = new Map((src.releases ?? []).map((r) => [r.id, r.train ?? NO_GROUP]));
  const allows = (list: string[], value: string) => list.length === 0 || list.includes(value);
  const bySeverity = f.severities.length > 0 || f.includeClean;
  return (bar) => allows(f.releases, bar.release)
    && allows(f.trains, trainOf.get(bar.release) ?? NO_GROUP)
    && allows(f.teams, teamOf.get(bar.service) ?? NO_GROUP)
    && allows(f.environments, bar.environment)
    && allows(f.statuses, bar.status)
    && (!bySeverity || (bar.severity ? f.severities.includes(bar.severity) : f.includeClean));
}

/** The bars `f` lets through (the same array when nothing is filtered, so layouts stay memoized). */
export function filterBars(bars: DeploymentBar[], f: CalendarFilter, src: Pick<LaneSources, 'services' | 'releases'>): DeploymentBar[] {
  if (!isFiltering(f)) return bars;
  return bars.filter(barFilter(f, src));
}
