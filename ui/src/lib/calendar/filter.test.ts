// The calendar filter on the client (bars of the loaded range). The engine
// filters the conflicts panel (the app-core crate's conflict_page tests).
import { describe, expect, it } from 'vitest';
import {
  NO_FILTER, activeFilterCount, filterBars, isFiltering, severityChosen, toggled, toggledSeverity,
} from './filter';
import type { CalendarFilter, DeploymentBar, Severity } from '../types';

const bar = (id: string, release: string, service: string, status = 'planned', severity: Severity | null = null): DeploymentBar =>
  ({ id, release, service, environment: 'prod', start: '2027-03-09T08:00:00Z', end: '2027-03-09T09:00:00Z', status, severity });
const src = {
  services: [{ id: 'api', name: 'API', team: 'core' }, { id: 'web', name: 'Web', team: 'shop' }, { id: 'ops', name: 'Ops' }],
  releases: [{ id: 'r1', train: 'march' }, { id: 'r2', train: 'april' }, { id: 'hotfix', train: null }],
};
const bars = [
  bar('api-r1', 'r1', 'api', 'planned', 'error'),
  bar('web-r1', 'r1', 'web', 'succeeded'),
  bar('web-r2', 'r2', 'web', 'planned', 'warning'),
  bar('ops-hotfix', 'hotfix', 'ops', 'failed'),
];
const shown = (f: CalendarFilter) => filterBars(bars, f, src).map((b) => b.id);

describe('filtering bars', () => {
  it('lets everything through, as the same array, when nothing is chosen', () => {
    expect(filterBars(bars, NO_FILTER, src)).toBe(bars);
    expect(activeFilterCount(NO_FILTER)).toBe(0);
  });

  it("keeps the bars of the chosen trains, by their release's train; '' is no train", () => {
    expect(shown(toggled(NO_FILTER, 'trains', 'march', true))).toEqual(['api-r1', 'web-r1']);
    expect(shown(toggled(NO_FILTER, 'trains', '', true))).toEqual(['ops-hotfix']);
  });

  it("keeps the bars of the chosen teams, by their service's team", () => {
    expect(shown(toggled(NO_FILTER, 'teams', 'shop', true))).toEqual(['web-r1', 'web-r2']);
    expect(shown(toggled(NO_FILTER, 'teams', '', true))).toEqual(['ops-hotfix']);
  });

  it('combines lists with "and" and choices within a list with "or"', () => {
    let f = toggled(NO_FILTER, 'releases', 'r1', true);
    f = toggled(f, 'releases', 'r2', true);
    expect(shown(f)).toEqual(['api-r1', 'web-r1', 'web-r2']);
    f = toggled(f, 'statuses', 'planned', true);
    expect(shown(f)).toEqual(['api-r1', 'web-r2']);
    expect(activeFilterCount(f)).toBe(2);
    expect(shown(toggled(f, 'releases', 'r1', false))).toEqual(['web-r2']);
  });

  it('filters by worst conflict, "No conflict" meaning bars in none, also on its own', () => {
    expect(shown(toggledSeverity(NO_FILTER, 'error', true))).toEqual(['api-r1']);
    const clean = toggledSeverity(NO_FILTER, 'clean', true);
    expect(severityChosen(clean, 'clean')).toBe(true);
    expect(shown(clean)).toEqual(['web-r1', 'ops-hotfix']);
    expect(shown(toggledSeverity(clean, 'warning', true))).toEqual(['web-r1', 'web-r2', 'ops-hotfix']);
    expect(activeFilterCount(toggledSeverity(clean, 'warning', true))).toBe(1);
    expect(isFiltering(toggledSeverity(clean, 'clean', false))).toBe(false);
  });
});
