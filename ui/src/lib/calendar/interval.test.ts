import { describe, expect, it } from 'vitest';
import { dragInterval, snapTime, timeAt } from './interval';
import { DAY, HOUR, MINUTE, SNAP, parseInstant } from '../time';

// Mon 8 – Mon 15 Mar 2027, UTC.
const week = { from: parseInstant('2027-03-08T00:00:00Z'), to: parseInstant('2027-03-15T00:00:00Z') };

describe('dragInterval', () => {
  const trackW = 700; // 100 px a day
  it('snaps the dragged span to the step, whichever way it was dragged', () => {
    const r = dragInterval(260, 110, trackW, week, HOUR);
    // 110 px = 1.1 days = 26.4 h → 26 h; 260 px = 62.4 h → 62 h.
    expect(r.from - week.from).toBe(26 * HOUR);
    expect(r.to - week.from).toBe(62 * HOUR);
  });
  it('is at least one step long, and stays in the period', () => {
    const click = dragInterval(100, 101, trackW, week, HOUR);
    expect(click.to - click.from).toBe(HOUR);
    const end = dragInterval(699, 760, trackW, week, DAY);
    expect(end).toEqual({ from: week.to - DAY, to: week.to });
    const before = dragInterval(-50, 20, trackW, week, HOUR);
    expect(before.from).toBe(week.from);
  });
  it('snaps on the wall clock of a zone: whole local days across a DST change', () => {
    // Berlin, two weeks over the spring change (Sun 28 Mar 2027): from Mon 22 Mar 00:00 CET.
    const tz = 'Europe/Berlin';
    const p = { from: parseInstant('2027-03-21T23:00:00Z'), to: parseInstant('2027-04-04T22:00:00Z') };
    const x = (iso: string) => ((parseInstant(iso) - p.from) / (p.to - p.from)) * 1400;
    // Wed 31 Mar 00:30 CEST – Thu 1 Apr 23:20 CEST → Wed 00:00 – Fri 00:00 local, not 01:00.
    expect(dragInterval(x('2027-03-30T22:30:00Z'), x('2027-04-01T21:20:00Z'), 1400, p, DAY, tz))
      .toEqual({ from: parseInstant('2027-03-30T22:00:00Z'), to: parseInstant('2027-04-01T22:00:00Z') });
    expect(dragInterval(x('2027-03-30T22:30:00Z'), x('2027-04-01T21:20:00Z'), 1400, p, DAY).from)
      .toBe(parseInstant('2027-03-30T23:00:00Z'));
  });
});

describe('snapTime and timeAt', () => {
  it('rounds or ceils to the zone\'s quarter hours', () => {
    const tz = 'Asia/Kathmandu'; // +05:45: a UTC quarter hour is a local one, an hour is not
    const t = parseInstant('2027-03-08T04:20:00Z'); // 10:05 local
    expect(snapTime(t, SNAP, week, tz)).toBe(parseInstant('2027-03-08T04:15:00Z'));
    expect(snapTime(t, HOUR, week, tz)).toBe(parseInstant('2027-03-08T04:15:00Z')); // 10:00 local
    expect(snapTime(t, HOUR, week, tz, 'ceil')).toBe(parseInstant('2027-03-08T05:15:00Z')); // 11:00 local
    expect(snapTime(week.from + 20 * MINUTE, SNAP, week)).toBe(week.from + 15 * MINUTE);
  });
  it('reads x on the track, clamped to it', () => {
    expect(timeAt(350, 700, week)).toBe(week.from + 3.5 * DAY);
    expect(timeAt(-5, 700, week)).toBe(week.from);
    expect(timeAt(800, 700, week)).toBe(week.to);
  });
});
