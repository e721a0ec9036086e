// Moving a whole release: the shared offset, and what reaches Rust during a
// drag and on the drop (IPC mocked at the boundary).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api } from '../api';
import { GroupDragSession, groupDragWanted, groupTargets, worstSeverity } from './groupMove';
import { DAY, WEEK, parseInstant } from '../time';
import type { DeploymentBar, GroupMovePreview, GroupMoveSet, MoveTarget } from '../types';

const bar = (id: string, start: string, end: string, environment = 'prod'): DeploymentBar =>
  ({ id, release: 'r1', service: id, environment, start, end, status: 'planned', severity: null });
const set: GroupMoveSet = {
  release: 'r1', dependents: ['r2'], kept: [],
  deployments: [
    bar('api', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'),
    bar('web', '2027-03-09T10:00:00Z', '2027-03-09T10:30:00Z', 'staging'),
    bar('r2-app', '2027-03-11T20:00:00Z', '2027-03-11T22:00:00Z'),
  ],
};

describe('the offset of a group', () => {
  it('shifts every member by the same amount, keeping gaps, durations and environments', () => {
    const t = groupTargets(set.deployments, 90 * 60_000);
    expect(t).toEqual([
      { id: 'api', start: '2027-03-09T09:30:00Z', end: '2027-03-09T10:30:00Z', environment: 'prod' },
      { id: 'web', start: '2027-03-09T11:30:00Z', end: '2027-03-09T12:00:00Z', environment: 'staging' },
      { id: 'r2-app', start: '2027-03-11T21:30:00Z', end: '2027-03-11T23:30:00Z', environment: 'prod' },
    ]);
    const gap = (ts: MoveTarget[]) => parseInstant(ts[2].start) - parseInstant(ts[0].end);
    expect(gap(t)).toBe(gap(groupTargets(set.deployments, 0)));
  });

  it('moves whole days on the calendar of the zone, across its DST change', () => {
    // Berlin springs forward on 28 March 2027: a week later, 09:00 Berlin is 07:00 UTC, not 08:00.
    const [api] = groupTargets(set.deployments.slice(0, 1).map((d) => ({ ...d, start: '2027-03-25T08:00:00Z', end: '2027-03-25T09:00:00Z' })), WEEK, 'Europe/Berlin');
    expect(api.start).toBe('2027-04-01T07:00:00Z');
  });

  it('picks the worst member colour, and Shift (with Ctrl or ⌘ for dependents) for a group drag', () => {
    expect(worstSeverity([null, 'warning', null])).toBe('warning');
    expect(worstSeverity([null, 'warning', 'error'])).toBe('error');
    expect(worstSeverity([])).toBeNull();
    expect(groupDragWanted({ shiftKey: false, ctrlKey: true, metaKey: false })).toBeNull();
    expect(groupDragWanted({ shiftKey: true, ctrlKey: false, metaKey: false })).toEqual({ withDependents: false });
    expect(groupDragWanted({ shiftKey: true, ctrlKey: false, metaKey: true })).toEqual({ withDependents: true });
  });
});

describe('dragging a group', () => {
  let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
  let answer: (() => void) | null = null;
  beforeEach(() => {
    calls = [];
    mockIPC(async (cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === 'preview_group_move') {
        await new Promise<void>((r) => { answer = r; });
        const moves = (args as { moves: MoveTarget[] }).moves;
        const p: GroupMovePreview = {
          members: moves.map((m, i) => ({ id: m.id, severity: i === 0 ? 'error' : null })),
          conflicts: [], counts: { errors: 1, warnings: 0 },
        };
        return p;
      }
      if (cmd === 'commit_group_move') return { moved: [], recoloured: [], conflicts: [] };
      throw new Error(cmd);
    });
  });
  afterEach(() => clearMocks());

  const frames = () => {
    const queue: Array<() => void> = [];
    return { schedule: (cb: () => void) => queue.push(cb), run: () => queue.splice(0).forEach((f) => f()), queue };
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const pxPerMs = 700 / WEEK; // 100 px a day

  it('asks about the whole group in one call, one at a time, the latest offset winning', async () => {
    const f = frames();
    const told: boolean[] = [];
    const s = new GroupDragSession(api, set, pxPerMs, (ds) => told.push(ds.fresh), f.schedule);
    s.move(100 / 24); // one hour
    s.move(200 / 24);
    f.run();
    await flush();
    expect(calls.map((c) => c.cmd)).toEqual(['preview_group_move']);
    expect((calls[0].args.moves as MoveTarget[]).map((m) => m.id)).toEqual(['api', 'web', 'r2-app']);
    // Moves while the answer is pending queue nothing more.
    s.move(300 / 24);
    s.move(400 / 24);
    expect(f.queue).toHaveLength(0);
    expect(s.fresh).toBe(false);
    answer!();
    await flush();
    expect(s.severities.get('api')).toBe('error');
    // Then the latest offset (4 hours) is asked, once.
    f.run();
    await flush();
    expect(calls).toHaveLength(2);
    expect((calls[1].args.moves as MoveTarget[])[0].start).toBe('2027-03-09T12:00:00Z');
    answer!();
    await flush();
    expect(s.fresh).toBe(true);
    // The answer for the latest offset is told as fresh (the tooltip stops saying "Checking…").
    expect(told[told.length - 1]).toBe(true);
    expect(s.shifted(set.deployments[1])).toEqual({ start: parseInstant('2027-03-09T14:00:00Z'), end: parseInstant('2027-03-09T14:30:00Z') });
    expect(s.shifted(bar('other', '2027-03-09T14:00:00Z', '2027-03-09T15:00:00Z'))).toBeNull();
  });

  it('commits every member in one call on the drop, and nothing when it did not move', async () => {
    const s = new GroupDragSession(api, set, pxPerMs, () => {}, () => {});
    s.move(100); // one day
    await s.end();
    const commits = calls.filter((c) => c.cmd === 'commit_group_move');
    expect(commits).toHaveLength(1);
    expect((commits[0].args.moves as MoveTarget[]).map((m) => parseInstant(m.start) - DAY))
      .toEqual(set.deployments.map((d) => parseInstant(d.start)));
    const still = new GroupDragSession(api, set, pxPerMs, () => {}, () => {});
    still.move(0.5); // 7 minutes: less than half a snap step
    expect(await still.end()).toBeNull();
    expect(calls.filter((c) => c.cmd === 'commit_group_move')).toHaveLength(1);
  });
});
