// The calendar filter on the client (bars of the loaded range) and the
// conflicts panel's list under it (through the IPC boundary).
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api } from '../api';
import {
  NO_FILTER, activeFilterCount, filterBars, isFiltering, severityChosen, toggled, toggledSeverity,
} from './filter';
import { PAGE, conflictsMatching } from './filteredConflicts';
import type { CalendarFilter, Conflict, ConflictPage, DeploymentBar, Severity } from '../types';

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

describe('the conflicts panel under a filter', () => {
  afterEach(() => clearMocks());
  const conflict = (i: number): Conflict => ({
    title: 'Overlap', rule: 'overlap', severity: 'error', message: `c${i}`, deployments: [`d${i}`], releases: [], services: [],
    environment: 'prod', window: null, team: null, evidence: [],
  } as unknown as Conflict);
  const all = [conflict(0), conflict(1)];

  it('asks nothing when nothing is filtered', async () => {
    mockIPC(() => { throw new Error('no call expected'); });
    expect(await conflictsMatching(api, all, NO_FILTER)).toEqual({ conflicts: all, total: 2 });
  });

  it('asks the engine page by page with the filter, until it has them all', async () => {
    const total = PAGE + 5;
    const asked: Array<{ offset: number; limit: number; filter: CalendarFilter }> = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'conflicts_page') throw new Error(cmd);
      const a = args as { offset: number; limit: number; filter: CalendarFilter };
      asked.push(a);
      const items = Array.from({ length: Math.max(0, Math.min(a.limit, total - a.offset)) }, (_, i) => conflict(a.offset + i));
      const page: ConflictPage = { total, errors: total, warnings: 0, offset: a.offset, items };
      return page;
    });
    const f = toggled(NO_FILTER, 'trains', 'march', true);
    const got = await conflictsMatching(api, all, f);
    expect(asked.map((a) => a.offset)).toEqual([0, PAGE]);
    expect(asked[0].filter).toEqual(f);
    expect(got.total).toBe(total);
    expect(got.conflicts.map((c) => c.message).slice(-1)).toEqual([`c${total - 1}`]);
  });

  it('lists none when only bars in no conflict are shown', async () => {
    mockIPC(() => { throw new Error('no call expected'); });
    expect(await conflictsMatching(api, all, toggledSeverity(NO_FILTER, 'clean', true))).toEqual({ conflicts: [], total: 0 });
  });
});
