// Pure layout of the calendar: which lanes, which bars and bands in each,
// where (in % of the shown period) and on which sub-row; which lanes and rows
// a scroll position shows; what is under the pointer. No DOM, so it is
// unit-tested, and cheap enough for thousands of bars.
import type { DeploymentBar, WindowBand } from './types';
import { parseInstant } from './time';
import { NO_GROUP, laneDefs, laneKeyFor, oneEnvironment, type LaneSources } from './lanes';

/** What a lane stands for (see lanes.ts). */
export type LaneMode = 'service' | 'environment' | 'team' | 'train';

/** The shown instants, [from, to), UTC ms. */
export interface Period { from: number; to: number }

export interface PlacedBar {
  bar: DeploymentBar;
  /** Instants, UTC ms. */
  start: number;
  end: number;
  /** Left and width in % of the period (clipped to it). */
  left: number;
  width: number;
  row: number;
  /** The bar goes on before / after the period: that edge cannot be dragged here. */
  clipStart: boolean;
  clipEnd: boolean;
  /**
   * Free space after the bar on its row, in % of the period: to the start of
   * the row's next bar, else to the period's end (0 when the bar goes on past
   * it). Where a label too long for a short bar can go.
   */
  gapAfter: number;
}
export interface PlacedBand { band: WindowBand; left: number; width: number }
export interface Lane {
  id: string;
  name: string;
  rows: number;
  /** In start order. */
  bars: PlacedBar[];
  /** The same bars, per row, each row in start order. */
  byRow: PlacedBar[][];
  bands: PlacedBand[];
}

/** Height of one sub-row of bars, and the padding above and below a lane's rows (px). */
export const ROW_H = 30;
export const LANE_PAD = 4;
/** How close to a bar's edge (px) the pointer must be to resize instead of move. */
export const EDGE_PX = 6;

/** Left and width in % of the period for an instant interval, clipped to it. */
export function place(startUtc: number, endUtc: number, period: Period): { left: number; width: number; clipStart: boolean; clipEnd: boolean } {
  const span = period.to - period.from;
  const s = Math.max(period.from, startUtc);
  const e = Math.min(period.to, endUtc);
  return {
    left: ((s - period.from) / span) * 100,
    width: (Math.max(0, e - s) / span) * 100,
    clipStart: startUtc < period.from,
    clipEnd: endUtc > period.to,
  };
}

// Instants parsed once per bar object (ranges are immutable values).
const parsed = new WeakMap<DeploymentBar, [number, number]>();
function times(bar: DeploymentBar): [number, number] {
  let t = parsed.get(bar);
  if (!t) { t = [parseInstant(bar.start), parseInstant(bar.end)]; parsed.set(bar, t); }
  return t;
}

/**
 * The windows shaded in each lane, in the windows' order: in service lanes
 * those of the shown environment for every service or for the lane's; in
 * environment lanes those for every service, of every environment or the
 * lane's. A team's or train's lane mixes services: a window of some services
 * would shade the others too, so none. Indexed once (not every window tested
 * against every lane: 200 service lanes × thousands of occurrences a quarter).
 */
function windowsByLane(windows: WindowBand[], mode: LaneMode, env: string): (laneId: string) => WindowBand[] {
  if (mode === 'team' || mode === 'train') return () => [];
  const everyLane: number[] = [];
  const byLane = new Map<string, number[]>();
  windows.forEach((w, i) => {
    let keys: string[];
    if (mode === 'service') {
      if (w.environments.length > 0 && !w.environments.includes(env)) return;
      keys = w.services;
    } else {
      if (w.services.length > 0) return;
      keys = w.environments;
    }
    if (keys.length === 0) { everyLane.push(i); return; }
    for (const k of keys) {
      const list = byLane.get(k);
      if (list) list.push(i); else byLane.set(k, [i]);
    }
  });
  return (laneId) => {
    const own = byLane.get(laneId) ?? [];
    const idx = everyLane.length && own.length ? [...everyLane, ...own].sort((a, b) => a - b) : everyLane.length ? everyLane : own;
    return idx.map((i) => windows[i]);
  };
}

// Band instants parsed once per band object, like bars'.
const bandTimes = new WeakMap<WindowBand, [number, number]>();
function bandSpan(band: WindowBand): [number, number] {
  let t = bandTimes.get(band);
  if (!t) { t = [parseInstant(band.start), parseInstant(band.end)]; bandTimes.set(band, t); }
  return t;
}

/**
 * Splits the windows into those shaded the same in every lane (drawn once,
 * across all lanes) and those that depend on the lane (drawn per lane by
 * layoutLanes). Windows that do not touch the lanes' environment are dropped.
 */
export function splitBands(windows: WindowBand[], mode: LaneMode, environment: string, period: Period): { shared: PlacedBand[]; perLane: WindowBand[] } {
  const shared: PlacedBand[] = [];
  const perLane: WindowBand[] = [];
  for (const band of windows) {
    const everyLane = oneEnvironment(mode)
      ? band.services.length === 0 && (band.environments.length === 0 || band.environments.includes(environment))
      : band.environments.length === 0 && band.services.length === 0;
    if (!everyLane) { perLane.push(band); continue; }
    const { left, width } = place(parseInstant(band.start), parseInstant(band.end), period);
    if (width > 0) shared.push({ band, left, width });
  }
  return { shared, perLane };
}

const NO_LANES: ReadonlySet<string> = new Set();

/**
 * Lanes by service, team or train (bars of one environment) or by environment
 * (bars of every service); see lanes.ts. With `onlyWithBars` (a filter is on:
 * a plan of 200 services filtered to one team would otherwise be mostly empty
 * lanes), lanes without a bar in the period are left out, except those in
 * `keep` (lanes whose deployments come counted, not as bars). Bars outside the period are left out. Overlapping bars in a lane
 * go on separate rows: each bar, in start order, takes the lowest row that is
 * free at its start (so a lane has as many rows as its most bars at once).
 * One pass over the deployments, then a sort per lane.
 */
export function layoutLanes(opts: LaneSources & {
  mode: LaneMode;
  environment: string;
  deployments: DeploymentBar[];
  windows: WindowBand[];
  period: Period;
}, onlyWithBars = false, keep: ReadonlySet<string> = NO_LANES): Lane[] {
  const { mode, environment, period } = opts;
  const onlyEnv = oneEnvironment(mode);
  const laneOf = laneKeyFor(mode, opts);
  const laneWindows = windowsByLane(opts.windows, mode, environment);
  const buckets = new Map<string, Array<{ bar: DeploymentBar; s: number; e: number }>>();
  for (const { id } of laneDefs(mode, opts, false)) buckets.set(id, []);
  for (const bar of opts.deployments) {
    if (onlyEnv && bar.environment !== environment) continue;
    const [s, e] = times(bar);
    if (!(s < period.to && e > period.from)) continue;
    const key = laneOf(bar);
    let bucket = buckets.get(key);
    if (!bucket && key === NO_GROUP && (mode === 'team' || mode === 'train')) buckets.set(key, (bucket = []));
    bucket?.push({ bar, s, e });
  }
  const defs = laneDefs(mode, opts, buckets.has(NO_GROUP) || keep.has(NO_GROUP));
  return (onlyWithBars ? defs.filter(({ id }) => (buckets.get(id)?.length ?? 0) > 0 || keep.has(id)) : defs).map(({ id, name }) => {
    const items = buckets.get(id) ?? [];
    items.sort((a, b) => a.s - b.s || a.e - b.e || (a.bar.id < b.bar.id ? -1 : a.bar.id > b.bar.id ? 1 : 0));
    const rowEnds: number[] = [];
    const byRow: PlacedBar[][] = [];
    const bars: PlacedBar[] = items.map(({ bar, s, e }) => {
      let row = rowEnds.findIndex((end) => end <= s);
      if (row < 0) { row = rowEnds.length; rowEnds.push(e); byRow.push([]); } else rowEnds[row] = e;
      const p: PlacedBar = { bar, start: s, end: e, row, ...place(s, e, period), gapAfter: 0 };
      byRow[row].push(p);
      return p;
    });
    for (const r of byRow) setGaps(r);
    const bands: PlacedBand[] = [];
    for (const band of laneWindows(id)) {
      const [s, e] = bandSpan(band);
      const { left, width } = place(s, e, period);
      if (width > 0) bands.push({ band, left, width });
    }
    return { id, name, rows: Math.max(1, rowEnds.length), bars, byRow, bands };
  });
}

/** Sets each bar's `gapAfter` in one row of bars in start order (they do not overlap). */
export function setGaps(row: PlacedBar[]): void {
  for (let i = 0; i < row.length; i++) {
    const p = row[i];
    const next = i + 1 < row.length ? row[i + 1].left : 100;
    p.gapAfter = p.clipEnd ? 0 : Math.max(0, next - (p.left + p.width));
  }
}

/** The narrowest a bar is drawn (px), however short its deployment. */
export const MIN_BAR_PX = 8;
/** Space between a bar and a label beside it, and before the next bar (px). */
export const LABEL_GAP_PX = 4;
/** Below this width (px) a bar shows no text inside. */
export const NARROW_PX = 28;
const BAR_PAD_PX = 12;
const MIN_LABEL_PX = 24;
/** An average character of the bars' 11 px sans-serif text (px); an estimate, the label still ellipsizes. */
export const CHAR_PX = 6.4;

export type BarLabel =
  | { at: 'inside' }
  | { at: 'outside'; left: number; maxWidth: number }
  | { at: 'none' };

/**
 * Where a bar's label goes, Gantt style: inside when it fits; else to the
 * right of the bar, in the free space before the next bar on its row, when
 * that shows more of it than the bar itself would; else inside cut short (a
 * bar wide enough to hold some text) or nowhere. `barPx` is the bar's true
 * width, `gapPx` the free space after it (`gapAfter` in px); the bar is drawn
 * at least MIN_BAR_PX wide, and an outside label starts `left` px after the
 * bar's start and never reaches within LABEL_GAP_PX of the next bar.
 */
export function barLabel(barPx: number, gapPx: number, chars: number): BarLabel {
  const textPx = chars * CHAR_PX;
  const inside = barPx - BAR_PAD_PX;
  if (barPx >= NARROW_PX && textPx <= inside) return { at: 'inside' };
  const shown = Math.max(barPx, MIN_BAR_PX);
  const outside = Math.floor(gapPx - (shown - barPx) - 2 * LABEL_GAP_PX);
  if (outside >= MIN_LABEL_PX && (barPx < NARROW_PX || outside > inside)) {
    return { at: 'outside', left: shown + LABEL_GAP_PX, maxWidth: outside };
  }
  return barPx >= NARROW_PX ? { at: 'inside' } : { at: 'none' };
}

/**
 * A function that remembers its last call: called again with the same
 * arguments (compared with ===, and one level into plain objects) it returns
 * the same result without recomputing.
 */
export function memoizeLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  const same = (a: unknown, b: unknown): boolean => {
    if (a === b) return true;
    if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
  };
  return (...args: A) => {
    if (last && last.args.length === args.length && args.every((a, i) => same(a, last!.args[i]))) return last.result;
    const result = fn(...args);
    last = { args, result };
    return result;
  };
}

export function laneHeight(rows: number): number {
  return rows * ROW_H + 2 * LANE_PAD;
}

/** Top of each lane, and the total height last: `offsets[i]` to `offsets[i + 1]` is lane i. */
export function laneOffsets(lanes: Array<Pick<Lane, 'rows'>>): number[] {
  const out = new Array<number>(lanes.length + 1);
  out[0] = 0;
  for (let i = 0; i < lanes.length; i++) out[i + 1] = out[i] + laneHeight(lanes[i].rows);
  return out;
}

/** The first offset index whose value is > y (binary search). */
function upper(offsets: number[], y: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] <= y) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The lanes [first, last) that a viewport of `height` px scrolled to `top`
 * shows, widened by `overscan` px on both sides.
 */
export function virtualWindow(offsets: number[], top: number, height: number, overscan = 0): { first: number; last: number } {
  const n = offsets.length - 1;
  if (n <= 0) return { first: 0, last: 0 };
  const y0 = top - overscan;
  const y1 = top + height + overscan;
  const first = Math.min(n, Math.max(0, upper(offsets, y0) - 1));
  const last = Math.min(n, Math.max(first, upper(offsets, y1 - 1e-9)));
  return { first, last: y1 <= 0 ? 0 : last };
}

/** The lane at `y` px from the top of the lanes (-1 above or below them all). */
export function laneAt(y: number, offsets: number[]): number {
  if (offsets.length < 2 || y < 0 || y >= offsets[offsets.length - 1]) return -1;
  return upper(offsets, y) - 1;
}

/** The rows [from, to) of a lane at `laneTop` that lie within [top, bottom) (px). */
export function rowsInView(laneTop: number, rows: number, top: number, bottom: number): { from: number; to: number } {
  const y0 = top - laneTop - LANE_PAD;
  const y1 = bottom - laneTop - LANE_PAD;
  const from = Math.max(0, Math.floor(y0 / ROW_H));
  const to = Math.min(rows, Math.max(from, Math.ceil(y1 / ROW_H)));
  return { from, to };
}

/** The first index in [0, n) for which `after(i)` holds, given it is false then true (binary search). */
function firstWhere(n: number, after: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (after(mid)) hi = mid; else lo = mid + 1; }
  return lo;
}

/**
 * The lane's bars on rows [rowFrom, rowTo) that reach into [leftPct, rightPct]
 * of the period. The bars of a row do not overlap and are in start order, so
 * their ends are in order too: two binary searches per row.
 */
export function barsInView(lane: Lane, rowFrom: number, rowTo: number, leftPct: number, rightPct: number): PlacedBar[] {
  const out: PlacedBar[] = [];
  for (let r = Math.max(0, rowFrom); r < rowTo && r < lane.byRow.length; r++) {
    const row = lane.byRow[r];
    const i0 = firstWhere(row.length, (i) => row[i].left + row[i].width >= leftPct);
    const i1 = firstWhere(row.length, (i) => row[i].left > rightPct);
    for (let i = i0; i < i1; i++) out.push(row[i]);
  }
  return out;
}

/**
 * Which edge a pointer `x` px into a bar `width` px wide is on: `start`,
 * `end`, or null (the middle: a move). Bars narrower than three edge zones
 * only move, so that a short bar can always be grabbed.
 */
export function edgeAt(x: number, width: number, zone = EDGE_PX): 'start' | 'end' | null {
  if (width < 3 * zone) return null;
  if (x <= zone) return 'start';
  if (x >= width - zone) return 'end';
  return null;
}

/** A stable hue per release or train (same id, same colour, across periods). */
export function releaseHue(release: string): number {
  let h = 2166136261;
  for (let i = 0; i < release.length; i++) h = Math.imul(h ^ release.charCodeAt(i), 16777619);
  // 170–330: blues, purples, teals and pinks; never the red and amber of conflicts.
  return 170 + ((h >>> 0) % 160);
}
