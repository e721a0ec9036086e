import { describe, expect, it } from 'vitest';
import { actualName, actualView, durationWords, runEnd, runState } from './actual';
import { barView, type BarContext } from './barView';
import { barName } from './names';
import type { ActualRun, DeploymentBar } from '../types';
import { LANE_PAD } from '../layout';
import { parseInstant } from '../time';

// Planned 10:00–12:00 UTC on a day shown as the whole period.
const planned: DeploymentBar = {
  id: 'd1', release: 'r1', service: 'api', environment: 'prod',
  start: '2027-03-10T10:00:00Z', end: '2027-03-10T12:00:00Z', status: 'planned', severity: null,
};
const day = { from: parseInstant('2027-03-10T00:00:00Z'), to: parseInstant('2027-03-11T00:00:00Z') };
const run = (over: Partial<ActualRun>): ActualRun => ({ started: '2027-03-10T10:05:00Z', finished: null, result: null, overrun: false, ...over });
const at = (s: string) => parseInstant(s);

describe('the actual run of a deployment', () => {
  it('is coloured by its result, and running while it has none', () => {
    expect(runState(run({ finished: '2027-03-10T11:00:00Z', result: 'succeeded' }))).toBe('succeeded');
    expect(runState(run({ finished: '2027-03-10T11:00:00Z', result: 'rolled_back' }))).toBe('rolled_back');
    expect(runState(run({}))).toBe('running');
  });

  it('ends when it finished; while running, now, or the planned end when now is before its start', () => {
    const end = at(planned.end);
    expect(runEnd(run({ finished: '2027-03-10T12:30:00Z', result: 'failed' }), end, at('2027-03-10T18:00:00Z'))).toBe(at('2027-03-10T12:30:00Z'));
    expect(runEnd(run({}), end, at('2027-03-10T11:00:00Z'))).toBe(at('2027-03-10T11:00:00Z'));
    expect(runEnd(run({}), end, at('2027-03-01T00:00:00Z'))).toBe(end);
  });

  it('is placed from its start to its end in % of the period, with a name that says the times and result', () => {
    // 10:05–12:30 of a 24 h day: 605/1440 and 145/1440 of it.
    const bar = { ...planned, actual: run({ finished: '2027-03-10T12:30:00Z', result: 'rolled_back', overrun: true }) };
    const v = actualView(bar, day, 0, 'Europe/Berlin')!;
    expect(v.left).toBeCloseTo((605 / 1440) * 100, 10);
    expect(v.width).toBeCloseTo((145 / 1440) * 100, 10);
    expect(v.state).toBe('rolled_back');
    expect(v.overrun).toBe(true);
    // Berlin is UTC+1 in March before the change.
    expect(v.name).toBe('Actual Wed, 10 Mar 2027 11:05–13:30, rolled back, overran the plan by 30 min');
  });

  it('names a running deployment by its start', () => {
    expect(actualName(run({}), at(planned.end), 'UTC')).toBe('Actual from Wed, 10 Mar 2027 10:05, still running');
  });

  it('is left out without an outcome or outside the period', () => {
    expect(actualView(planned, day, 0, 'UTC')).toBeNull();
    const later = { ...planned, actual: run({ started: '2027-03-12T10:00:00Z', finished: '2027-03-12T11:00:00Z', result: 'succeeded' }) };
    expect(actualView(later, day, 0, 'UTC')).toBeNull();
  });

  it('says durations in hours and minutes', () => {
    expect(durationWords(40 * 60_000)).toBe('40 min');
    expect(durationWords(120 * 60_000)).toBe('2 h');
    expect(durationWords(125 * 60_000)).toBe('2 h 5 min');
  });
});

describe('a bar with its actual run', () => {
  const placed = { bar: planned, start: at(planned.start), end: at(planned.end), left: 10, width: 5, row: 0, clipStart: false, clipEnd: false, gapAfter: 50 };
  /** Without `now`, reading the clock throws. */
  function context(now?: number): BarContext {
    const ctx: Omit<BarContext, 'now'> = {
      dragId: null, drag: null, groupIds: null, group: null, period: day, laneMode: 'service', lanes: [], offsets: [0], releases: new Map(),
      serviceNames: new Map(), trainNames: new Map(), colourBy: 'release', pulse: 0, hoverEdge: null, highlighted: new Set(),
      trackW: 2400, name: () => 'n', tz: 'UTC',
    };
    return Object.defineProperty(ctx, 'now', {
      get: () => { if (now === undefined) throw new Error('a bar without an outcome does not read the clock'); return now; },
    }) as BarContext;
  }

  it('draws no actual bar and reads no clock without an outcome', () => {
    expect(barView(placed, 0, context()).actual).toBeNull();
  });

  it('puts the thin bar just under the planned one, with its overrun', () => {
    const bar = { ...planned, actual: run({ finished: '2027-03-10T12:30:00Z', result: 'failed', overrun: true }) };
    const v = barView({ ...placed, bar }, 0, context(0));
    expect(v.actual).toEqual({
      state: 'failed', overrun: true, name: 'Actual Wed, 10 Mar 2027 10:05–12:30, failed, overran the plan by 30 min',
      style: `left: ${(605 / 1440) * 100}%; --w: ${(145 / 1440) * 100}%; top: ${LANE_PAD + 25}px`,
    });
  });

  it('adds the actual run to the planned bar\'s accessible name', () => {
    const bar = { ...planned, actual: run({ finished: '2027-03-10T11:50:00Z', result: 'succeeded' }) };
    const names = { releases: new Map(), serviceNames: new Map([['api', 'API']]), envNames: new Map([['prod', 'Production']]) };
    expect(barName(bar, 'UTC', names)).toBe(
      'r1 on API in Production, Wed, 10 Mar 2027 10:00–12:00; actual Wed, 10 Mar 2027 10:05–11:50, succeeded');
  });
});
