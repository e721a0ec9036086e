// A second zone's clock on the axis, across DST changes that the two zones
// make on different dates (Europe/Berlin and America/New_York in March 2027:
// New York on the 14th, Berlin on the 28th).
import { describe, expect, it } from 'vitest';
import { axisFor, isZone, secondZoneTicks } from './axis';
import { HOUR, parseInstant } from '../time';
import type { CalendarView } from './view';

const view = (zoom: CalendarView['zoom'], anchor: string) => ({ zoom, anchor });
const labelsAt = (zoom: CalendarView['zoom'], anchor: string, main: string, second: string) => {
  const a = axisFor(view(zoom, anchor), main);
  return { a, ticks: secondZoneTicks(a.from, a.to, zoom, second) };
};
const utc = (s: string) => parseInstant(s);

describe('a second zone on the axis', () => {
  it("marks New York's hours on Berlin's 14 March 2027, when New York skips 02:00", () => {
    const { a, ticks } = labelsAt('day', '2027-03-14', 'Europe/Berlin', 'America/New_York');
    expect(a.to - a.from).toBe(24 * HOUR); // Berlin's day is a normal one
    expect(ticks.map((t) => t.label)).toEqual([
      '18', '19', '20', '21', '22', '23', 'Sun 14', '01', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18',
    ]);
    // 00:00 in New York (EST, UTC−5) is 06:00 in Berlin; 03:00 (EDT, UTC−4) is 08:00: one hour later in real time than 01:00.
    const at = (label: string) => ticks.find((t) => t.label === label)!.at;
    expect(at('Sun 14')).toBe(utc('2027-03-14T05:00:00Z'));
    expect(at('03') - at('01')).toBe(HOUR);
    expect(ticks[6].left).toBeCloseTo((6 / 24) * 100, 9);
  });

  it("keeps New York's 6-hour marks 6 real hours apart through Berlin's 23-hour 28 March", () => {
    const { a, ticks } = labelsAt('week', '2027-03-24', 'Europe/Berlin', 'America/New_York');
    expect(a.to - a.from).toBe(167 * HOUR);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].at - ticks[i - 1].at).toBe(6 * HOUR);
    expect(ticks.map((t) => t.label).slice(0, 5)).toEqual(['Mon 22', '06', '12', '18', 'Tue 23']);
    // New York's midnight is 05:00 in Berlin before Berlin's change, 06:00 after it.
    const berlinHour = (t: number) => new Date(t + (t < utc('2027-03-28T01:00:00Z') ? HOUR : 2 * HOUR)).getUTCHours();
    expect(berlinHour(ticks.find((t) => t.label === 'Sat 27')!.at)).toBe(5);
    expect(berlinHour(ticks.find((t) => t.label === 'Sun 28')!.at)).toBe(6);
  });

  it('marks the hour twice when the second zone falls back (New York, 7 November 2027)', () => {
    const { ticks } = labelsAt('day', '2027-11-07', 'Europe/Berlin', 'America/New_York');
    expect(ticks.filter((t) => t.label === '01')).toHaveLength(2);
    expect(ticks.length).toBe(24);
  });

  it('puts a half-hour zone between the main hours', () => {
    const { a, ticks } = labelsAt('day', '2027-03-10', 'Europe/Berlin', 'Asia/Kolkata');
    expect(ticks).toHaveLength(24);
    expect((ticks[0].at - a.from) % HOUR).toBe(HOUR / 2);
  });

  it('marks days at month zoom and Mondays at quarter zoom', () => {
    const month = labelsAt('month', '2027-03-01', 'Europe/Berlin', 'America/New_York').ticks;
    expect(month).toHaveLength(31);
    expect(month[0].label).toBe('1');
    const quarter = labelsAt('quarter', '2027-01-01', 'Europe/Berlin', 'America/New_York').ticks;
    expect(quarter.map((t) => t.label).slice(0, 2)).toEqual(['4 Jan', '11 Jan']);
    expect(quarter.every((t) => new Date(t.at - 5 * HOUR).getUTCDay() === 1 || new Date(t.at - 4 * HOUR).getUTCDay() === 1)).toBe(true);
  });

  it('knows a zone from a typo', () => {
    expect(isZone('Asia/Tokyo')).toBe(true);
    expect(isZone('Asia/Tokio')).toBe(false);
    expect(isZone('')).toBe(false);
  });
});
