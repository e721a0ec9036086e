import { describe, expect, it } from 'vitest';
import { DAY, WEEK, fromWall, offsetMs, parseInstant, toWall, weekStartWall, intervalLabel } from './time';
import { layoutLanes, place } from './layout';
import { digestGroups } from './conflicts';
import type { Conflict, ConflictDigest, DeploymentBar, Rule, WindowBand } from './types';

const TZ = 'Europe/Berlin';

describe('time in the plan zone', () => {
  it('knows Berlin is UTC+1 in winter and UTC+2 in summer', () => {
    expect(offsetMs(parseInstant('2027-02-15T12:00:00Z'), TZ)).toBe(3_600_000);
    expect(offsetMs(parseInstant('2027-07-01T12:00:00Z'), TZ)).toBe(7_200_000);
  });
  it('round-trips wall clock and instants', () => {
    const t = parseInstant('2027-03-11T21:00:00Z');
    expect(fromWall(toWall(t, TZ), TZ)).toBe(t);
  });
  it('starts weeks on Monday of the wall clock', () => {
    // Sunday 14 Feb 2027 23:30 UTC is Monday 15 Feb 00:30 in Berlin.
    const wall = toWall(parseInstant('2027-02-14T23:30:00Z'), TZ);
    expect(new Date(weekStartWall(wall)).toISOString()).toBe('2027-02-15T00:00:00.000Z');
  });
  it('labels an interval in the plan zone', () => {
    expect(intervalLabel(parseInstant('2027-03-11T21:00:00Z'), parseInstant('2027-03-11T21:45:00Z'), TZ))
      .toBe('Thu, 11 Mar 2027 22:00–22:45');
  });
});

const bar = (id: string, service: string, env: string, start: string, end: string): DeploymentBar =>
  ({ id, release: 'r', service, environment: env, start, end, status: 'planned', severity: null });

describe('week layout', () => {
  const week = Date.UTC(2027, 2, 8); // Mon 8 Mar, wall
  const period = { from: fromWall(week, TZ), to: fromWall(week + WEEK, TZ) };
  it('places a Berlin 22:00 deployment at 22:00 of its day column', () => {
    const { left } = place(parseInstant('2027-03-08T21:00:00Z'), parseInstant('2027-03-08T22:00:00Z'), period);
    expect(left).toBeCloseTo(((22 / 24) / 7) * 100, 5);
  });
  it('clips bands to the week', () => {
    const { left, width } = place(parseInstant('2027-03-01T00:00:00Z'), parseInstant('2027-03-20T00:00:00Z'), period);
    expect([left, width]).toEqual([0, 100]);
  });
  it('puts overlapping bars of one lane on separate rows and shows only the chosen environment', () => {
    const lanes = layoutLanes({
      mode: 'service', environment: 'prod', period,
      services: [{ id: 'web', name: 'Web' }], environments: [{ id: 'prod', name: 'Prod' }],
      deployments: [
        bar('a', 'web', 'prod', '2027-03-09T10:00:00Z', '2027-03-09T12:00:00Z'),
        bar('b', 'web', 'prod', '2027-03-09T11:00:00Z', '2027-03-09T13:00:00Z'),
        bar('c', 'web', 'prod', '2027-03-09T12:00:00Z', '2027-03-09T13:00:00Z'),
        bar('d', 'web', 'staging', '2027-03-09T12:00:00Z', '2027-03-09T13:00:00Z'),
      ],
      windows: [
        { window: 'bo', name: 'Summit', kind: 'blackout', start: '2027-03-09T23:00:00Z', end: '2027-03-10T23:00:00Z', environments: [], services: [] },
        { window: 'mw', name: 'Staging', kind: 'maintenance', start: '2027-03-09T17:00:00Z', end: '2027-03-09T22:00:00Z', environments: ['staging'], services: [] },
      ] satisfies WindowBand[],
    });
    expect(lanes[0].bars.map((b) => [b.bar.id, b.row])).toEqual([['a', 0], ['b', 1], ['c', 0]]);
    expect(lanes[0].rows).toBe(2);
    expect(lanes[0].bands.map((b) => b.band.window)).toEqual(['bo']);
    expect(lanes[0].bands[0].left).toBeCloseTo((2 / 7) * 100, 5);
  });
});

describe('conflict grouping', () => {
  const c = (rule: Rule, severity: 'error' | 'warning', message: string): Conflict => ({
    title: rule.toUpperCase(), rule, severity, message, deployments: [], releases: [], services: [],
    environment: null, window: null, team: null, evidence: [], subjects: [],
  });
  const digest: ConflictDigest = {
    total: 5, errors: 4, warnings: 1,
    groups: [
      { severity: 'error', rule: 'overlap', title: 'OVERLAP', total: 1, items: [c('overlap', 'error', '1')] },
      { severity: 'error', rule: 'blackout', title: 'BLACKOUT', total: 3, items: [c('blackout', 'error', '2')] },
      { severity: 'warning', rule: 'blackout', title: 'BLACKOUT', total: 1, items: [c('blackout', 'warning', '3')] },
    ],
  };
  it('lists errors before warnings, counting each group whole, with the cards loaded so far', () => {
    const g = digestGroups(digest);
    expect(g.map((s) => [s.severity, s.count, s.groups.map((r) => [r.key, r.total, r.conflicts.map((x) => x.message).join()])])).toEqual([
      ['error', 4, [['error:overlap', 1, '1'], ['error:blackout', 3, '2']]],
      ['warning', 1, [['warning:blackout', 1, '3']]],
    ]);
  });
  it('puts the cards of "Show more" after a group\'s first ones', () => {
    const more = { 'error:blackout': [c('blackout', 'error', '4'), c('blackout', 'error', '5')] };
    const blackout = digestGroups(digest, more)[0].groups[1];
    expect(blackout.conflicts.map((x) => x.message)).toEqual(['2', '4', '5']);
    expect(blackout.total).toBe(3);
  });
  it('has no severity without conflicts', () => {
    expect(digestGroups({ total: 0, errors: 0, warnings: 0, groups: [] })).toEqual([]);
  });
  it('DAY is a day', () => expect(DAY).toBe(86_400_000));
});
