import { describe, expect, it } from 'vitest';
import { instantToWall, wallToInstant } from './localTime';

const TZ = 'Europe/Berlin';

describe('local wall time ↔ instants in Europe/Berlin', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    expect(wallToInstant('2027-01-05T22:30', TZ)).toBe('2027-01-05T21:30:00Z');
    expect(wallToInstant('2027-07-05T22:30', TZ)).toBe('2027-07-05T20:30:00Z');
    expect(instantToWall('2027-07-05T20:30:00Z', TZ)).toBe('2027-07-05T22:30');
    expect(instantToWall('2027-01-05T21:30:00Z', TZ)).toBe('2027-01-05T22:30');
  });
  it('reads a time in the spring-forward gap with the offset before the gap', () => {
    // 28 Mar 2027: 02:00 → 03:00. 02:30 is read as 02:30+01:00 = 03:30 CEST.
    expect(wallToInstant('2027-03-28T02:30', TZ)).toBe('2027-03-28T01:30:00Z');
    expect(instantToWall('2027-03-28T01:30:00Z', TZ)).toBe('2027-03-28T03:30');
  });
  it('takes the earlier instant of an ambiguous fall-back time', () => {
    // 31 Oct 2027: 03:00 → 02:00. 02:30 happens twice; the first is 02:30+02:00.
    expect(wallToInstant('2027-10-31T02:30', TZ)).toBe('2027-10-31T00:30:00Z');
    expect(instantToWall('2027-10-31T00:30:00Z', TZ)).toBe('2027-10-31T02:30');
    expect(instantToWall('2027-10-31T01:30:00Z', TZ)).toBe('2027-10-31T02:30');
  });
  it('round-trips every hour across both DST days', () => {
    for (const day of ['2027-03-28', '2027-10-31']) {
      const from = Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000;
      for (let h = 0; h < 30; h++) {
        const t = new Date(from + h * 3_600_000).toISOString().replace('.000Z', 'Z');
        const wall = instantToWall(t, TZ);
        const back = wallToInstant(wall, TZ)!;
        // The only instants that do not come back are the second pass through the fold.
        if (back !== t) expect(Date.parse(t) - Date.parse(back)).toBe(3_600_000);
      }
    }
  });
  it('refuses malformed times and zones', () => {
    expect(wallToInstant('2027-02-30T10:00', TZ)).toBeNull();
    expect(wallToInstant('2027-01-05 10:00', TZ)).toBeNull();
    expect(wallToInstant('2027-01-05T10:00', 'Mars/Olympus')).toBeNull();
  });
});
