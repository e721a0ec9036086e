import { describe, expect, it } from 'vitest';
import { afterMove, withBars } from './commit';
import type { CommittedMove, DeploymentBar, PlanSummary, VisibleRange } from '../types';
import { fileLocation } from '../team/team';

const bar = (id: string, start: string, end: string, severity: DeploymentBar['severity'] = null): DeploymentBar =>
  ({ id, release: 'r', service: 's', environment: 'prod', start, end, status: 'planned', severity });

const range: VisibleRange = {
  from: '2027-03-08T00:00:00Z', to: '2027-03-15T00:00:00Z',
  deployments: [bar('a', '2027-03-09T10:00:00Z', '2027-03-09T11:00:00Z', 'error'), bar('b', '2027-03-09T10:30:00Z', '2027-03-09T12:00:00Z', 'error')],
  windows: [], trains: [],
};

const summary: PlanSummary = {
  path: '/p.trainyard', name: 'P', timezone: 'UTC', revision: 2, saved: true, canUndo: 'move a', canRedo: null,
  environments: [], services: [], releases: [], trains: [], teams: [], windows: [],
  counts: { errors: 0, warnings: 0 }, asOf: null, firstStart: null, lastEnd: null, deploymentCount: 2, location: fileLocation(),
};

describe('a committed move', () => {
  it('moves the bar and recolours the others in the loaded range', () => {
    const moved = bar('a', '2027-03-10T10:00:00Z', '2027-03-10T11:00:00Z');
    const r = withBars(range, moved, [bar('b', '2027-03-09T10:30:00Z', '2027-03-09T12:00:00Z')]);
    expect(r.deployments.map((d) => [d.id, d.start, d.severity])).toEqual([
      ['a', '2027-03-10T10:00:00Z', null], ['b', '2027-03-09T10:30:00Z', null],
    ]);
    expect(r.from).toBe(range.from);
  });

  it('drops a bar that left the range, adds one that came in, and ignores recoloured bars outside it', () => {
    const out = withBars(range, bar('a', '2027-04-01T10:00:00Z', '2027-04-01T11:00:00Z'), [bar('z', '2027-04-01T10:00:00Z', '2027-04-01T12:00:00Z')]);
    expect(out.deployments.map((d) => d.id)).toEqual(['b']);
    const back = withBars(out, bar('a', '2027-03-09T10:00:00Z', '2027-03-09T11:00:00Z'), []);
    expect(back.deployments.map((d) => d.id)).toEqual(['b', 'a']);
  });

  it('splits the answer into the summary and the range', () => {
    const done: CommittedMove = { ...summary, moved: bar('a', '2027-03-10T10:00:00Z', '2027-03-10T11:00:00Z'), recoloured: [] };
    const next = afterMove(range, done);
    expect(next.plan).toEqual(summary);
    expect(next.range?.deployments[0].start).toBe('2027-03-10T10:00:00Z');
    expect(afterMove(null, done).range).toBeNull();
  });
});

describe('a committed group move', () => {
  it('moves every bar of the group, drops those that left the range, adds those that came in', () => {
    const r = withBars(range, [
      bar('a', '2027-03-20T10:00:00Z', '2027-03-20T11:00:00Z'), // left the week
      bar('b', '2027-03-10T10:30:00Z', '2027-03-10T12:00:00Z', 'warning'),
      bar('c', '2027-03-11T08:00:00Z', '2027-03-11T09:00:00Z'), // came in from the week before
    ], []);
    expect(r.deployments.map((d) => [d.id, d.start, d.severity])).toEqual([
      ['b', '2027-03-10T10:30:00Z', 'warning'], ['c', '2027-03-11T08:00:00Z', null],
    ]);
  });
});
