// The drag controller against a mocked IPC boundary: what reaches Rust, how
// often, and with which arguments.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api } from './api';
import { DragSession } from './drag';
import { HOUR, WEEK } from './time';
import type { DeploymentBar, MovePreview } from './types';

const bar: DeploymentBar = {
  id: 'catalog-1.13.0/catalog/prod/eu', release: 'catalog-1.13.0', service: 'catalog', environment: 'prod',
  start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned', severity: null,
};

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
beforeEach(() => {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === 'preview_move') {
      const p: MovePreview = {
        id: bar.id, severity: 'error', counts: { errors: 6, warnings: 3 },
        conflicts: [{ title: 'Deployment in a blackout', rule: 'blackout', severity: 'error', message: 'in the summit', deployments: [bar.id], releases: [], services: [], environment: 'prod', window: 'bo-company-summit', team: null, evidence: [], subjects: [] }],
      };
      return p;
    }
    if (cmd === 'commit_move') return { revision: 2 };
    throw { code: 'unexpected', message: cmd };
  });
});
afterEach(() => clearMocks());

/** A frame scheduler the test steps by hand. */
function frames() {
  const queue: Array<() => void> = [];
  return { schedule: (cb: () => void) => queue.push(cb), run: async () => { const q = queue.splice(0); q.forEach((f) => f()); await new Promise((r) => setTimeout(r, 0)); }, queue };
}

describe('dragging a bar', () => {
  const pxPerMs = 700 / WEEK; // a 700 px week: 100 px a day

  it('asks the engine at most once per frame, with the latest snapped position', async () => {
    const f = frames();
    const s = new DragSession(api, bar, pxPerMs, () => {}, f.schedule);
    s.move(-30); s.move(-60); s.move(-100); // one day earlier, within one frame
    expect(f.queue.length).toBe(1);
    await f.run();
    expect(calls).toEqual([{ cmd: 'preview_move', args: { id: bar.id, start: '2027-03-10T21:00:00Z', end: '2027-03-10T21:45:00Z', environment: 'prod' } }]);
    expect(s.preview?.severity).toBe('error');
  });

  it('snaps to 15 minutes and commits once on release', async () => {
    const f = frames();
    const s = new DragSession(api, bar, pxPerMs, () => {}, f.schedule);
    s.move((HOUR + 7 * 60_000) * pxPerMs); // 1 h 07 min → 1 h
    const summary = await s.end();
    expect(summary).toEqual({ revision: 2 });
    expect(calls.map((c) => c.cmd)).toEqual(['commit_move']);
    expect(calls[0].args).toMatchObject({ start: '2027-03-11T22:00:00Z', end: '2027-03-11T22:45:00Z' });
    await f.run();
    expect(calls.length).toBe(1); // a frame after the drop asks nothing
  });

  it('commits nothing when dropped where it started', async () => {
    const s = new DragSession(api, bar, pxPerMs, () => {}, () => {});
    s.move(0.4); // under half a snap step
    expect(await s.end()).toBeNull();
    expect(calls).toEqual([]);
  });

  it('passes the {code, message} error through', async () => {
    clearMocks();
    mockIPC(() => { throw { code: 'stale', message: 'the plan changed' }; });
    const s = new DragSession(api, bar, pxPerMs, () => {}, () => {});
    s.move(100);
    await expect(s.end()).rejects.toEqual({ code: 'stale', message: 'the plan changed' });
  });
});

describe('resizing and changing environment by drag', () => {
  const pxPerMs = 700 / WEEK;

  it('drags the end edge: only the end moves, snapped', async () => {
    const f = frames();
    const s = new DragSession(api, bar, pxPerMs, () => {}, f.schedule, { kind: 'end' });
    s.move(HOUR * pxPerMs + 0.05); // 1 h 00.7 min → 1 h
    await f.run();
    expect(calls[0]).toEqual({ cmd: 'preview_move', args: { id: bar.id, start: '2027-03-11T21:00:00Z', end: '2027-03-11T22:45:00Z', environment: 'prod' } });
    await s.end();
    expect(calls[1].args).toMatchObject({ start: '2027-03-11T21:00:00Z', end: '2027-03-11T22:45:00Z' });
  });

  it('drags the start edge: never past 15 minutes before the end', async () => {
    const f = frames();
    const s = new DragSession(api, bar, pxPerMs, () => {}, f.schedule, { kind: 'start' });
    s.move(3 * HOUR * pxPerMs);
    expect(s.target()).toEqual({ start: '2027-03-11T21:30:00Z', end: '2027-03-11T21:45:00Z', environment: 'prod' });
    s.move(-HOUR * pxPerMs);
    expect(s.target().start).toBe('2027-03-11T20:00:00Z');
    expect(s.target().end).toBe(bar.end);
  });

  it('moves to the environment lane under the pointer, previewed and committed with it', async () => {
    const f = frames();
    const s = new DragSession(api, bar, pxPerMs, () => {}, f.schedule);
    s.move(0, 'staging');
    expect(s.changed).toBe(true);
    expect(s.fresh).toBe(false);
    await f.run();
    expect(s.fresh).toBe(true);
    expect(calls[0].args).toEqual({ id: bar.id, start: bar.start, end: bar.end, environment: 'staging' });
    await s.end();
    expect(calls[1]).toEqual({ cmd: 'commit_move', args: { id: bar.id, start: bar.start, end: bar.end, environment: 'staging' } });
  });

  it('a resize ignores the lane under the pointer', () => {
    const s = new DragSession(api, bar, pxPerMs, () => {}, () => {}, { kind: 'end' });
    s.move(0, 'staging');
    expect(s.changed).toBe(false);
  });

  it('snaps to the zoom step and keeps the wall-clock time when moving by days', () => {
    const s = new DragSession(api, bar, pxPerMs, () => {}, () => {}, { step: 24 * HOUR, tz: 'Europe/Berlin' });
    s.move(130); // 1.3 days → 1 day
    expect(s.target()).toMatchObject({ start: '2027-03-12T21:00:00Z', end: '2027-03-12T21:45:00Z' });
  });
});
