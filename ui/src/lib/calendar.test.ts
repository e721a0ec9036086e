// The calendar's pure parts: periods per zoom, header ticks (with DST days),
// the time-zone switch, resize edges, lane hit-testing, the virtual window,
// keyboard/drag targets and the row layout of thousands of bars.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, fromWall, offsetMs, parseInstant, shiftBy, isoWeek, formatInstant } from './time';
import {
  EDGE_PX, LABEL_GAP_PX, LANE_PAD, MIN_BAR_PX, ROW_H, barLabel, barsInView, splitBands, edgeAt, laneAt, laneOffsets, layoutLanes, memoizeLast, place, rowsInView, virtualWindow,
} from './layout';
import { shiftedTarget } from './drag';
import { axisFor } from './calendar/axis';
import {
  defaultView, periodLabel, rangeFor, revealView, shiftView, stepFor, zoomBy, type CalendarView,
} from './calendar/view';
import type { DeploymentBar, PlanSummary } from './types';
import { fileLocation } from './team/team';

const TZ = 'Europe/Berlin';
const view = (zoom: CalendarView['zoom'], anchor: string): CalendarView =>
  ({ zoom, anchor, timeZone: 'plan', laneMode: 'service', environment: 'prod', colourBy: 'release' });

const plan = (asOf: string | null): PlanSummary => ({
  path: '/p', name: 'Demo', timezone: TZ, revision: 1, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'dev', name: 'Dev' }, { id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [], releases: [], trains: [], teams: [], windows: [], counts: { errors: 0, warnings: 0 },
  asOf, firstStart: null, lastEnd: null, deploymentCount: 0, location: fileLocation(),
});

describe('the period of each zoom', () => {
  it('is the day, ISO week, month or quarter holding the anchor, from local midnight', () => {
    expect(rangeFor(view('day', '2027-03-11'), TZ)).toEqual({ from: '2027-03-10T23:00:00Z', to: '2027-03-11T23:00:00Z' });
    expect(rangeFor(view('week', '2027-03-11'), TZ)).toEqual({ from: '2027-03-07T23:00:00Z', to: '2027-03-14T23:00:00Z' });
    expect(rangeFor(view('month', '2027-03-11'), TZ)).toEqual({ from: '2027-02-28T23:00:00Z', to: '2027-03-31T22:00:00Z' });
    expect(rangeFor(view('quarter', '2027-05-20'), TZ)).toEqual({ from: '2027-03-31T22:00:00Z', to: '2027-06-30T22:00:00Z' });
    expect(rangeFor(view('week', '2027-03-11'), 'UTC')).toEqual({ from: '2027-03-08T00:00:00Z', to: '2027-03-15T00:00:00Z' });
  });
  it('steps to the previous and next period and zooms keeping a date', () => {
    expect(shiftView(view('week', '2027-03-11'), 1).anchor).toBe('2027-03-15');
    expect(shiftView(view('month', '2027-01-31'), 1).anchor).toBe('2027-02-01');
    expect(shiftView(view('quarter', '2027-01-15'), -1).anchor).toBe('2026-10-01');
    expect(shiftView(view('day', '2027-03-01'), -1).anchor).toBe('2027-02-28');
    expect(zoomBy(view('week', '2027-03-11'), 1)).toMatchObject({ zoom: 'month', anchor: '2027-03-11' });
    expect(zoomBy(view('quarter', '2027-03-11'), 1).zoom).toBe('quarter');
    expect(zoomBy(view('day', '2027-03-11'), -1).zoom).toBe('day');
  });
  it('is labelled for the toolbar', () => {
    expect(periodLabel(view('day', '2027-03-11'))).toBe('Thu, 11 Mar 2027');
    expect(periodLabel(view('week', '2027-03-11'))).toBe('8 – 14 Mar 2027');
    expect(periodLabel(view('week', '2027-03-31'))).toBe('29 Mar – 4 Apr 2027');
    expect(periodLabel(view('week', '2026-12-31'))).toBe('28 Dec 2026 – 3 Jan 2027');
    expect(periodLabel(view('month', '2027-03-11'))).toBe('March 2027');
    expect(periodLabel(view('quarter', '2027-08-01'))).toBe('Q3 2027 (Jul – Sept)');
  });
  it('opens on the week of the plan\'s "as of" time, in production', () => {
    const v = defaultView(plan('2027-02-14T23:30:00Z'), Date.UTC(2020, 0, 1));
    expect(v).toEqual({ zoom: 'week', anchor: '2027-02-15', timeZone: 'plan', laneMode: 'service', environment: 'prod', colourBy: 'release' });
    expect(defaultView(plan(null), Date.UTC(2026, 5, 1, 12)).anchor).toBe('2026-06-01');
  });
  it('reveals a deployment: anchors on its date and shows its environment', () => {
    const bar = { start: '2027-04-02T08:00:00Z', end: '2027-04-02T09:00:00Z', environment: 'staging' };
    expect(revealView(view('week', '2027-03-11'), bar, TZ)).toMatchObject({ anchor: '2027-04-02', environment: 'staging' });
    const shown = view('month', '2027-04-20');
    expect(revealView({ ...shown, environment: 'staging' }, bar, TZ)).toEqual({ ...shown, environment: 'staging' });
  });
  it('has a keyboard step per zoom', () => {
    expect([stepFor('day'), stepFor('week'), stepFor('month'), stepFor('quarter')]).toEqual([15 * MINUTE, 15 * MINUTE, HOUR, DAY]);
  });
});

describe('header ticks', () => {
  it('shows hours at day zoom; a spring-forward day in Berlin has 23 of them and no 02', () => {
    const normal = axisFor(view('day', '2027-03-11'), TZ);
    expect(normal.minor.map((t) => t.label)).toEqual(Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')));
    const spring = axisFor(view('day', '2027-03-28'), TZ);
    expect(spring.to - spring.from).toBe(23 * HOUR);
    expect(spring.minor).toHaveLength(23);
    expect(spring.minor.map((t) => t.label).slice(0, 4)).toEqual(['00', '01', '03', '04']);
    expect(spring.minor[2].left).toBeCloseTo((2 / 23) * 100, 6);
    expect(spring.major[0].label).toBe('Sunday, 28 March 2027 · 23 hours (clocks change)');
  });
  it('repeats 02 on a fall-back day (25 hours)', () => {
    const fall = axisFor(view('day', '2027-10-31'), TZ);
    expect(fall.minor).toHaveLength(25);
    expect(fall.minor.map((t) => t.label).slice(0, 5)).toEqual(['00', '01', '02', '02', '03']);
  });
  it('shows days at week zoom, the DST day narrower, and marks the weekend', () => {
    const a = axisFor(view('week', '2027-03-24'), TZ);
    expect(a.major.map((t) => t.label)).toEqual(['Mon 22 Mar', 'Tue 23 Mar', 'Wed 24 Mar', 'Thu 25 Mar', 'Fri 26 Mar', 'Sat 27 Mar', 'Sun 28 Mar']);
    expect(a.major[6].width).toBeCloseTo((23 / 167) * 100, 6);
    expect(a.major[6].title).toContain('23 hours');
    expect(a.weekends.map((t) => t.label)).toEqual(['Sat 27 Mar', 'Sun 28 Mar']);
    expect(a.minor.map((t) => t.label).slice(0, 3)).toEqual(['06', '12', '18']);
  });
  it('shows days with ISO week numbers at month zoom', () => {
    const a = axisFor(view('month', '2027-03-11'), TZ);
    expect(a.minor).toHaveLength(31);
    expect(a.minor[0].label).toBe('M 1');
    expect(a.major.map((t) => t.label)).toEqual(['W9', 'W10', 'W11', 'W12', 'W13']);
    // A month that starts mid-week: its first week cell is clipped to the 1st.
    const apr = axisFor(view('month', '2027-04-11'), TZ);
    expect(apr.major[0]).toMatchObject({ label: 'W13', left: 0 });
    expect(apr.major[0].width).toBeCloseTo((4 / 30) * 100, 6);
  });
  it('shows months and weeks at quarter zoom', () => {
    const a = axisFor(view('quarter', '2027-02-11'), TZ);
    expect(a.major.map((t) => t.label)).toEqual(['January 2027', 'February 2027', 'March 2027']);
    expect(a.minor[0].label).toBe('W53 · 1 Jan');
    expect(a.minor[1].label).toBe('W1 · 4 Jan');
    expect(isoWeek(Date.UTC(2027, 0, 1))).toBe(53);
    expect(isoWeek(Date.UTC(2026, 0, 1))).toBe(1);
  });
});

const bar = (id: string, service: string, env: string, start: string, end: string, release = 'r'): DeploymentBar =>
  ({ id, release, service, environment: env, start, end, status: 'planned', severity: null });

describe('time zone switch', () => {
  it('moves a bar: 21:00Z is 22:00 in Berlin and 16:00 in New York', () => {
    const d = bar('a', 'web', 'prod', '2027-03-11T21:00:00Z', '2027-03-11T22:00:00Z');
    const v = view('day', '2027-03-11');
    const at = (tz: string) => {
      const r = rangeFor(v, tz);
      return place(parseInstant(d.start), parseInstant(d.end), { from: parseInstant(r.from), to: parseInstant(r.to) });
    };
    expect(at(TZ).left).toBeCloseTo((22 / 24) * 100, 6);
    expect(at('America/New_York').left).toBeCloseTo((16 / 24) * 100, 6);
    expect(at('America/New_York').width).toBeCloseTo((1 / 24) * 100, 6);
  });
});

describe('window bands', () => {
  const w = (window: string, environments: string[], services: string[]) =>
    ({ window, name: window, kind: 'maintenance' as const, start: '2027-03-09T20:00:00Z', end: '2027-03-09T22:00:00Z', environments, services });
  const period = { from: parseInstant('2027-03-08T00:00:00Z'), to: parseInstant('2027-03-15T00:00:00Z') };
  const all = [w('everywhere', [], []), w('prod', ['prod'], []), w('dev', ['dev'], []), w('web-prod', ['prod'], ['web'])];
  it('draws a band once when it shades every lane alike, per lane otherwise', () => {
    const svc = splitBands(all, 'service', 'prod', period);
    expect(svc.shared.map((b) => b.band.window)).toEqual(['everywhere', 'prod']);
    expect(svc.perLane.map((b) => b.window)).toEqual(['dev', 'web-prod']);
    const env = splitBands(all, 'environment', 'prod', period);
    expect(env.shared.map((b) => b.band.window)).toEqual(['everywhere']);
    expect(env.perLane.map((b) => b.window)).toEqual(['prod', 'dev', 'web-prod']);
    expect(svc.shared[0].left).toBeCloseTo(((24 + 20) / (7 * 24)) * 100, 6);
  });
});

describe('pointer geometry', () => {
  it('finds the resize edge within 6 px, and none on short bars', () => {
    expect(EDGE_PX).toBe(6);
    expect(edgeAt(2, 100)).toBe('start');
    expect(edgeAt(6, 100)).toBe('start');
    expect(edgeAt(7, 100)).toBeNull();
    expect(edgeAt(50, 100)).toBeNull();
    expect(edgeAt(95, 100)).toBe('end');
    expect(edgeAt(99, 100)).toBe('end');
    expect(edgeAt(1, 12)).toBeNull(); // too short to resize by pointer: always a move
  });
  it('hit-tests lanes by y', () => {
    const offsets = laneOffsets([{ rows: 1 }, { rows: 3 }, { rows: 1 }]);
    expect(offsets).toEqual([0, 38, 136, 174]);
    expect([laneAt(-1, offsets), laneAt(0, offsets), laneAt(37.9, offsets), laneAt(38, offsets), laneAt(135, offsets), laneAt(136, offsets), laneAt(174, offsets)])
      .toEqual([-1, 0, 0, 1, 1, 2, -1]);
    expect(laneAt(5, [0])).toBe(-1);
  });
});

describe('labels of short bars', () => {
  const from = parseInstant('2027-03-08T00:00:00Z');
  const period = { from, to: from + 7 * DAY };
  const at = (h: number) => formatInstant(from + h * HOUR);
  const lane = (deployments: DeploymentBar[]) => layoutLanes({
    mode: 'environment', environment: 'prod', services: [], environments: [{ id: 'prod', name: 'Production' }],
    deployments, windows: [], period,
  })[0];

  it('measures the free space after each bar to the next bar on its row, or to the period end', () => {
    const l = lane([
      bar('a', 's', 'prod', at(10), at(11)), // row 0; the row's next bar is c at 30 h
      bar('b', 's', 'prod', at(10.5), at(12)), // overlaps a: row 1, alone there
      bar('c', 's', 'prod', at(30), at(31)), // row 0; next is d at 160 h
      bar('d', 's', 'prod', at(160), at(200)), // row 0; goes on past the week: no space after
    ]);
    const gap = Object.fromEntries(l.bars.map((p) => [p.bar.id, p.gapAfter]));
    expect(l.byRow.map((r) => r.map((p) => p.bar.id))).toEqual([['a', 'c', 'd'], ['b']]);
    const pct = (hours: number) => (hours / 168) * 100;
    expect(gap.a).toBeCloseTo(pct(30 - 11), 9);
    expect(gap.c).toBeCloseTo(pct(160 - 31), 9);
    expect(gap.b).toBeCloseTo(pct(168 - 12), 9); // last on its row: to the week's end
    expect(gap.d).toBe(0);
    // back to back: no space at all
    const tight = lane([bar('x', 's', 'prod', at(10), at(11)), bar('y', 's', 'prod', at(11), at(12))]);
    expect(tight.bars[0].gapAfter).toBeCloseTo(0, 9);
  });

  it('puts a label inside when it fits, beside a short bar when there is room, else nowhere', () => {
    expect(MIN_BAR_PX).toBe(8);
    // 20 characters ≈ 128 px: fits a 200 px bar
    expect(barLabel(200, 0, 20)).toEqual({ at: 'inside' });
    // a 5 px bar (45 minutes at week zoom) with 300 px free after it: beside it, after its 8 px minimum
    expect(barLabel(5, 300, 20)).toEqual({ at: 'outside', left: MIN_BAR_PX + LABEL_GAP_PX, maxWidth: 300 - 3 - 2 * LABEL_GAP_PX });
    // a 12 px bar: the label starts after the bar's own width
    expect(barLabel(12, 100, 20)).toEqual({ at: 'outside', left: 12 + LABEL_GAP_PX, maxWidth: 100 - 2 * LABEL_GAP_PX });
    // the next bar too close: no label (never over the next bar)
    expect(barLabel(5, 20, 20)).toEqual({ at: 'none' });
    // a mid-size bar keeps its (cut) label inside unless beside it shows more
    expect(barLabel(60, 30, 20)).toEqual({ at: 'inside' });
    expect(barLabel(60, 400, 20)).toMatchObject({ at: 'outside', left: 60 + LABEL_GAP_PX });
  });

  it('never lets a label reach into the next bar', () => {
    for (const [w, gap] of [[1, 40], [5, 33], [7.9, 100], [20, 50], [40, 300]]) {
      const l = barLabel(w, gap, 30);
      if (l.at !== 'outside') continue;
      // the label's right end, from the bar's start, stays LABEL_GAP_PX short of the next bar's start (w + gap)
      expect(l.left + l.maxWidth).toBeLessThanOrEqual(w + gap - LABEL_GAP_PX);
      expect(l.left).toBeGreaterThanOrEqual(Math.max(w, MIN_BAR_PX));
    }
  });
});

describe('virtual window', () => {
  const offsets = laneOffsets(Array.from({ length: 1000 }, (_, i) => ({ rows: i % 5 === 0 ? 3 : 1 })));
  it('returns only the lanes in the viewport, plus overscan', () => {
    const top = offsets[400];
    const { first, last } = virtualWindow(offsets, top, 300, 0);
    expect(first).toBe(400);
    for (let i = first; i < last; i++) expect(offsets[i] < top + 300 && offsets[i + 1] > top).toBe(true);
    expect(offsets[last]).toBeGreaterThanOrEqual(top + 300);
    expect(offsets[last - 1]).toBeLessThan(top + 300);
    const wide = virtualWindow(offsets, top, 300, 200);
    expect(wide.first).toBeLessThan(first);
    expect(wide.last).toBeGreaterThan(last);
    expect(wide.last - wide.first).toBeLessThan(30);
  });
  it('handles the edges: the top, past the end, no lanes', () => {
    expect(virtualWindow(offsets, 0, 100, 0)).toEqual({ first: 0, last: 2 }); // lanes 0–98 and 98–136
    expect(virtualWindow(offsets, 1e9, 100, 0)).toEqual({ first: 1000, last: 1000 });
    expect(virtualWindow([0], 0, 100, 0)).toEqual({ first: 0, last: 0 });
  });
  it('picks the rows of a tall lane that are in view', () => {
    expect(rowsInView(1000, 100, 1000 + LANE_PAD + 10 * ROW_H, 1000 + LANE_PAD + 20 * ROW_H)).toEqual({ from: 10, to: 20 });
    expect(rowsInView(1000, 5, 0, 500)).toEqual({ from: 0, to: 0 });
    expect(rowsInView(0, 5, 0, 10_000)).toEqual({ from: 0, to: 5 });
  });
});

describe('layout of 5,000 bars', () => {
  // A deterministic pseudo-random month of deployments over 40 services and 4 environments.
  let seed = 42;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const from = parseInstant('2027-03-01T00:00:00Z');
  const envs = ['dev', 'test', 'staging', 'prod'];
  const deployments = Array.from({ length: 5000 }, (_, i) => {
    const s = from + Math.floor(rnd() * 30 * 96) * 15 * MINUTE;
    const e = s + (1 + Math.floor(rnd() * 16)) * 15 * MINUTE;
    return bar(`d${i}`, `s${i % 40}`, envs[i % 4], formatInstant(s), formatInstant(e));
  });
  const period = { from, to: from + 31 * DAY };
  const lay = () => layoutLanes({
    mode: 'environment', environment: 'prod', services: [], environments: envs.map((id) => ({ id, name: id })),
    deployments, windows: [], period,
  });

  it('gives each bar the lowest row free at its start, and each lane as many rows as its most bars at once', () => {
    const lanes = lay();
    expect(lanes.reduce((n, l) => n + l.bars.length, 0)).toBe(5000);
    for (const lane of lanes) {
      // No two bars of a row overlap; rows are in start order.
      for (const row of lane.byRow) for (let i = 1; i < row.length; i++) expect(row[i].start).toBeGreaterThanOrEqual(row[i - 1].end);
      // First fit: every lower row is busy at the bar's start.
      for (const p of lane.bars) {
        for (let r = 0; r < p.row; r++) {
          const busy = lane.byRow[r].some((q) => q.start <= p.start && q.end > p.start && q !== p);
          expect(busy).toBe(true);
        }
      }
      // Rows = maximum overlap (sweep).
      const events = lane.bars.flatMap((p) => [[p.start, 1], [p.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let cur = 0; let max = 0;
      for (const [, d] of events) { cur += d; max = Math.max(max, cur); }
      expect(lane.rows).toBe(max);
    }
  });
  it('is memoised: the same inputs give the same lanes without recomputing', () => {
    let runs = 0;
    const f = memoizeLast((o: Parameters<typeof layoutLanes>[0]) => { runs++; return layoutLanes(o); });
    const opts = { mode: 'environment' as const, environment: 'prod', services: [], environments: envs.map((id) => ({ id, name: id })), deployments, windows: [], period };
    const a = f(opts);
    expect(f({ ...opts })).toBe(a);
    expect(runs).toBe(1);
    f({ ...opts, environment: 'dev' });
    expect(runs).toBe(2);
  });
  it('skips bars outside the horizontal viewport and the period', () => {
    const lanes = lay();
    const lane = lanes[3];
    const inView = barsInView(lane, 0, lane.rows, 50, 60);
    expect(inView.length).toBeGreaterThan(0);
    expect(inView.length).toBeLessThan(lane.bars.length / 4);
    for (const p of inView) expect(p.left <= 60 && p.left + p.width >= 50).toBe(true);
    const expected = lane.bars.filter((p) => p.left <= 60 && p.left + p.width >= 50).length;
    expect(inView).toHaveLength(expected);
    const outside = layoutLanes({
      mode: 'environment', environment: 'prod', services: [], environments: [{ id: 'prod', name: 'prod' }],
      deployments: [bar('x', 's', 'prod', '2027-02-01T00:00:00Z', '2027-02-01T01:00:00Z')], windows: [], period,
    });
    expect(outside[0].bars).toEqual([]);
  });
});

describe('keyboard and drag targets', () => {
  const d = bar('a', 'web', 'prod', '2027-03-11T21:00:00Z', '2027-03-11T21:45:00Z');
  it('moves both ends, or the end only, by a step', () => {
    expect(shiftedTarget(d, 15 * MINUTE, 15 * MINUTE)).toEqual({ start: '2027-03-11T21:15:00Z', end: '2027-03-11T22:00:00Z', environment: 'prod' });
    expect(shiftedTarget(d, 0, -15 * MINUTE)).toEqual({ start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:30:00Z', environment: 'prod' });
  });
  it('never resizes below 15 minutes', () => {
    expect(shiftedTarget(d, 0, -HOUR).end).toBe('2027-03-11T21:15:00Z');
    expect(shiftedTarget(d, HOUR, 0).start).toBe('2027-03-11T21:30:00Z');
  });
  it('moves by whole days on the wall clock across a DST change', () => {
    // Sat 27 Mar 22:00 CET → Sun 28 Mar 22:00 CEST: 23 hours later.
    const t = parseInstant('2027-03-27T21:00:00Z');
    expect(shiftBy(t, DAY, TZ) - t).toBe(23 * HOUR);
    expect(shiftBy(t, DAY + 15 * MINUTE, TZ) - t).toBe(23 * HOUR + 15 * MINUTE);
    expect(shiftBy(t, HOUR, TZ) - t).toBe(HOUR);
    expect(fromWall(Date.UTC(2027, 2, 28, 22), TZ)).toBe(parseInstant('2027-03-28T20:00:00Z'));
  });
  it('puts the bar in another environment', () => {
    expect(shiftedTarget(d, 0, 0, 'staging')).toEqual({ start: d.start, end: d.end, environment: 'staging' });
  });
});

describe('zone offsets', () => {
  it('are right on both sides of a transition, also from the cache', () => {
    const change = parseInstant('2027-03-28T01:00:00Z'); // Berlin: 02:00 CET → 03:00 CEST
    for (let round = 0; round < 2; round++) {
      expect(offsetMs(change - 1000, TZ)).toBe(HOUR);
      expect(offsetMs(change, TZ)).toBe(2 * HOUR);
      expect(offsetMs(change + 7 * MINUTE, TZ)).toBe(2 * HOUR);
      expect(offsetMs(change - 7 * MINUTE, TZ)).toBe(HOUR);
    }
    // Kathmandu changed from +05:30 to +05:45 at 1986-01-01T00:00 local (18:30Z).
    const ktm = parseInstant('1985-12-31T18:30:00Z');
    expect(offsetMs(ktm - 1000, 'Asia/Kathmandu')).toBe(5.5 * HOUR);
    expect(offsetMs(ktm + 1000, 'Asia/Kathmandu')).toBe(5.75 * HOUR);
    // Monrovia went from -00:44:30 to UTC at 00:44:30Z: inside a 6-hour stretch, so never cached.
    for (let round = 0; round < 2; round++) {
      expect(offsetMs(parseInstant('1972-01-07T00:40:00Z'), 'Africa/Monrovia')).toBe(-2_670_000);
      expect(offsetMs(parseInstant('1972-01-07T00:44:29Z'), 'Africa/Monrovia')).toBe(-2_670_000);
      expect(offsetMs(parseInstant('1972-01-07T00:44:31Z'), 'Africa/Monrovia')).toBe(0);
    }
  });
});
