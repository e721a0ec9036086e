// Alt+←/→: the selection, or the focused bar's release, moved by one step as
// one commit, each press starting from where the previous one put the bars.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api } from '../api';
import { KeyGroupMove } from './keyGroupMove';
import type { GroupCommitMove } from './groupDrag';
import { HOUR } from '../time';
import type { DeploymentBar, GroupMoveSet } from '../types';

const bar = (id: string, release: string, start: string, end: string): DeploymentBar =>
  ({ id, release, service: id, environment: 'prod', start, end, status: 'planned', severity: null });
const eu = bar('r1/eu', 'r1', '2027-02-16T21:00:00Z', '2027-02-16T22:00:00Z');
const us = bar('r1/us', 'r1', '2027-02-18T21:00:00Z', '2027-02-18T22:00:00Z');
const other = bar('r2/x', 'r2', '2027-02-17T10:00:00Z', '2027-02-17T11:00:00Z');

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
beforeEach(() => {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === 'group_move_set') {
      const set: GroupMoveSet = { release: 'r1', dependents: [], deployments: [eu, us], kept: [] };
      return set;
    }
    if (cmd === 'commit_group_move') return { moved: [], recoloured: [], conflicts: [] };
    throw { code: 'unexpected', message: cmd };
  });
});
afterEach(() => clearMocks());

function host(selected: DeploymentBar[] = []) {
  const shown = new Map<string, DeploymentBar>();
  const commits: GroupCommitMove[][] = [];
  const errors: unknown[] = [];
  const keys = new KeyGroupMove(api, {
    shown: (id) => shown.get(id),
    selected: () => selected.map((b) => shown.get(b.id) ?? b),
    // As the calendar does: the bars are shown at their targets at once.
    commit: (moves, run) => {
      commits.push(moves);
      for (const m of moves) shown.set(m.id, { ...(shown.get(m.id) ?? [eu, us, other].find((b) => b.id === m.id)!), start: m.start, end: m.end });
      return run();
    },
    error: (e) => errors.push(e),
  });
  return { keys, commits, errors };
}

describe('moving a group by keyboard', () => {
  it('moves the selection by one step, one commit, without asking for a release', async () => {
    const h = host([eu, other]);
    expect(await h.keys.move(eu, HOUR, 'UTC', false)).toBe(2);
    expect(calls.map((c) => c.cmd)).toEqual(['commit_group_move']);
    expect(h.commits[0].map((m) => [m.id, m.start, m.severity])).toEqual([
      ['r1/eu', '2027-02-16T22:00:00Z', undefined], ['r2/x', '2027-02-17T11:00:00Z', undefined],
    ]);
  });

  it('without a selection moves the whole release, and presses add up', async () => {
    const h = host();
    void h.keys.move(eu, HOUR, 'UTC', true);
    await h.keys.move(eu, HOUR, 'UTC', true);
    expect(calls.filter((c) => c.cmd === 'group_move_set').map((c) => c.args)).toEqual([
      { release: 'r1', withDependents: true }, { release: 'r1', withDependents: true },
    ]);
    expect(h.commits.map((ms) => ms.map((m) => m.start))).toEqual([
      ['2027-02-16T22:00:00Z', '2027-02-18T22:00:00Z'],
      ['2027-02-16T23:00:00Z', '2027-02-18T23:00:00Z'],
    ]);
  });

  it('passes an error to the host and goes on with the next press', async () => {
    clearMocks();
    mockIPC(() => { throw { code: 'not_found', message: 'no such release' }; });
    const h = host();
    expect(await h.keys.move(eu, HOUR, 'UTC', false)).toBe(0);
    expect(h.errors).toEqual([{ code: 'not_found', message: 'no such release' }]);
  });
});
