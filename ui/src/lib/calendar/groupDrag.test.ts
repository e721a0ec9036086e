// The calendar's group drag: the group is asked for once, the pointer may run
// ahead of it, and the drop hands every member's target to the commit queue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api } from '../api';
import { GroupDrag, groupHeadline, type GroupCommitMove, type GroupView } from './groupDrag';
import type { DragView } from './dragView';
import { DAY, WEEK } from '../time';
import type { DeploymentBar, GroupMoveSet, ReleaseInfo } from '../types';
import type { PlacedBar } from '../layout';

const bar = (id: string, start: string, end: string): DeploymentBar =>
  ({ id, release: 'r1', service: id, environment: 'prod', start, end, status: 'planned', severity: null });
const members = [bar('api', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'), bar('web', '2027-03-09T10:00:00Z', '2027-03-09T11:00:00Z')];
const placed = (b: DeploymentBar) => ({ bar: b }) as PlacedBar;
const release = (id: string, name: string, version: string) => [id, { id, name, version }] as [string, ReleaseInfo];
const names = { releases: new Map([release('r1', 'Storefront', '3.9.0'), release('r2', 'Search 5.8.1', '5.8.1'), release('r3', 'Checkout', '2.0.0')]) };

let calls: string[] = [];
let release_: () => void = () => {};
beforeEach(() => {
  calls = [];
  mockIPC(async (cmd, args) => {
    calls.push(cmd);
    if (cmd === 'group_move_set') {
      await new Promise<void>((r) => { release_ = r; });
      const set: GroupMoveSet = { release: (args as { release: string }).release, dependents: [], deployments: members, kept: [] };
      return set;
    }
    if (cmd === 'preview_group_move') {
      const conflicts = [{
        title: 'Overlapping deployments', rule: 'overlap', severity: 'warning', message: 'api (Storefront 3.9.0, 09:00–10:00) overlaps other of Search 5.8.1',
        deployments: ['api', 'other'], releases: [], services: [], environment: 'prod', window: null, team: null, evidence: [],
        subjects: [
          { deployment: 'api', releaseName: 'Storefront 3.9.0', serviceName: 'API', environmentName: 'Production', start: '', end: '' },
          { deployment: 'other', releaseName: 'Search 5.8.1', serviceName: 'Search', environmentName: 'Production', start: '', end: '' },
        ],
      }];
      return { members: [{ id: 'api', severity: 'warning' }, { id: 'web', severity: null }], conflicts, counts: { errors: 0, warnings: 1 } };
    }
    if (cmd === 'commit_group_move') return { moved: [], recoloured: [], conflicts: [] };
    throw new Error(cmd);
  });
});
afterEach(() => clearMocks());
const flush = () => new Promise((r) => setTimeout(r, 0));

function host() {
  const shown: Array<{ group: GroupView | null; drag: DragView | null }> = [];
  const commits: GroupCommitMove[][] = [];
  const errors: unknown[] = [];
  const drag = new GroupDrag(api, {
    pxPerMs: () => 700 / WEEK, step: () => 15 * 60_000, tz: () => 'UTC',
    show: (group, d) => shown.push({ group, drag: d }),
    commit: (moves, run) => { commits.push(moves); return run(); },
    error: (e) => errors.push(e),
    names: () => names,
  });
  return { drag, shown, commits, errors };
}

describe('a group drag in the calendar', () => {
  it('starts from where the pointer is once the group is known, and commits every member on the drop', async () => {
    const h = host();
    h.drag.start(placed(members[0]), 0, 500, 40, false);
    expect(h.drag.move({ clientX: 600, clientY: 40 })).toBe(true); // one day, before the group is known
    release_();
    await flush();
    const last = h.shown[h.shown.length - 1];
    expect([...last.group!.ids]).toEqual(['api', 'web']);
    expect(last.drag!.start - Date.parse(members[0].start)).toBe(DAY);
    expect(last.drag!.messages).toEqual(['Moving 2 deployments of Storefront 3.9.0', 'Checking…']);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    await flush();
    // The engine's message speaks of deployments by id: the tooltip names them.
    expect(h.shown[h.shown.length - 1].drag!.messages).toEqual([
      'Moving 2 deployments of Storefront 3.9.0',
      'Overlapping deployments: Storefront 3.9.0 (09:00–10:00) overlaps Search 5.8.1 on Search',
    ]);
    h.drag.drop();
    await flush();
    expect(h.commits).toHaveLength(1);
    expect(h.commits[0].map((m) => [m.id, m.start, m.severity])).toEqual([
      ['api', '2027-03-10T08:00:00Z', 'warning'], ['web', '2027-03-10T10:00:00Z', null],
    ]);
    expect(calls).toEqual(['group_move_set', 'preview_group_move', 'commit_group_move']);
    expect(h.shown[h.shown.length - 1]).toEqual({ group: null, drag: null });
    expect(h.drag.move({ clientX: 700, clientY: 40 })).toBe(false);
  });

  it('does nothing when released before the group is known, or when it did not move', async () => {
    const h = host();
    h.drag.start(placed(members[0]), 0, 500, 40, true);
    h.drag.drop();
    release_();
    await flush();
    h.drag.start(placed(members[0]), 0, 500, 40, false);
    release_();
    await flush();
    h.drag.drop();
    await flush();
    expect(h.commits).toEqual([]);
    expect(calls).toEqual(['group_move_set', 'group_move_set']);
  });
});

describe('a selection dragged in the calendar', () => {
  it('moves the selected bars by one offset, asking for no release, in one commit', async () => {
    const h = host();
    const other = { ...bar('other', '2027-03-10T12:00:00Z', '2027-03-10T13:00:00Z'), release: 'r2' };
    h.drag.startSelection(placed(members[1]), 0, 500, 40, [members[1], other]);
    await flush();
    h.drag.move({ clientX: 600, clientY: 40 });
    const last = h.shown[h.shown.length - 1];
    expect([...last.group!.ids]).toEqual(['web', 'other']);
    expect(last.drag!.id).toBe('web');
    expect(last.drag!.messages[0]).toBe('Moving 2 selected deployments of Storefront 3.9.0, Search 5.8.1');
    h.drag.drop();
    await flush();
    expect(h.commits[0].map((m) => [m.id, m.start])).toEqual([['web', '2027-03-10T10:00:00Z'], ['other', '2027-03-11T12:00:00Z']]);
    expect(calls.filter((c) => c !== 'preview_group_move')).toEqual(['commit_group_move']);
  });
});

describe('the group tooltip’s headline', () => {
  const set = (over: Partial<GroupMoveSet>): GroupMoveSet => ({ release: 'r1', dependents: [], deployments: members, kept: [], ...over });
  it('names the release, its dependents and what stays', () => {
    expect(groupHeadline(set({ dependents: ['r3'], kept: ['x'] }), false, names))
      .toBe('Moving 2 deployments of Storefront 3.9.0 and its dependent release Checkout 2.0.0 (1 that ran stays)');
    expect(groupHeadline(set({ dependents: ['r2', 'r3'], kept: ['x', 'y'] }), false, names))
      .toBe('Moving 2 deployments of Storefront 3.9.0 and its dependent releases Search 5.8.1, Checkout 2.0.0 (2 that ran stay)');
    expect(groupHeadline(set({ release: 'gone' }), false, names)).toBe('Moving 2 deployments of gone');
  });
  it('names a selection’s releases, then counts them past three', () => {
    expect(groupHeadline(set({ deployments: [members[0]] }), true, names)).toBe('Moving 1 selected deployment of Storefront 3.9.0');
    const many = ['r1', 'r2', 'r3', 'r4'].map((r, i) => ({ ...members[0], id: `d${i}`, release: r }));
    expect(groupHeadline(set({ deployments: many }), true, names)).toBe('Moving 4 selected deployments of 4 releases');
  });
});
