// The zoomed-out calendar: past a budget of bars, a lane's deployments are
// counted per slice of time (the engine's calendar_range) and drawn as a
// density band, so a quarter of a 100k-deployment plan draws a few hundred
// bars and a band per busy lane, not 25,000 bars. Zooming in shows bars again
// as the counts fall within the budget; a lane's "Show bars" expands it.
import type { BarBudget, CalendarDensity, DensityLane } from '../types';
import type { Lane, Period } from '../layout';
import { intervalLabel } from '../time';
import type { Zoom } from './view';

const HOUR = 3_600_000;

/**
 * Bars per lane and in all before lanes are counted, by zoom. A day is never
 * counted. At week zoom a lane of 250 bars is already a wall of slivers; the
 * totals keep the drawn bars to what the window redraws within a frame
 * (docs/benchmarks.md, "Desktop app").
 */
export const BUDGETS: Record<Zoom, { perLane: number; total: number }> = {
  day: { perLane: 1_000_000, total: 1_000_000 },
  week: { perLane: 250, total: 1_500 },
  month: { perLane: 80, total: 1_000 },
  quarter: { perLane: 40, total: 800 },
};

/** The slice a counted lane is cut into: finer than a day only where a day is wide. */
export const SLICE_MS: Record<Zoom, number> = { day: HOUR / 4, week: HOUR, month: 6 * HOUR, quarter: 24 * HOUR };

/** What to ask calendar_range for at `zoom` over `period`, with the lanes the user expanded. */
export function budgetFor(zoom: Zoom, period: Period, expanded: readonly string[]): BarBudget {
  const slices = Math.min(2_000, Math.max(1, Math.round((period.to - period.from) / SLICE_MS[zoom])));
  return { slices, ...BUDGETS[zoom], expanded: [...expanded] };
}

/** A lane drawn as counts: its density, COUNTED_ROWS high. */
export type CountedLane = Lane & { counted: DensityLane };

export function isCounted(lane: Lane): lane is CountedLane {
  return (lane as Partial<CountedLane>).counted !== undefined;
}

/** A counted lane is two rows high: enough for the band's columns to read as heights. */
export const COUNTED_ROWS = 2;

/** The lanes with the counted ones marked (no bars, COUNTED_ROWS high); the others as they are. */
export function withCounts(lanes: Lane[], density: CalendarDensity | null | undefined): Lane[] {
  if (!density?.lanes.length) return lanes;
  const byKey = new Map(density.lanes.map((l) => [l.key, l]));
  return lanes.map((lane) => {
    const counted = byKey.get(lane.id);
    return counted ? { ...lane, rows: COUNTED_ROWS, bars: [], byRow: [], counted } : lane;
  });
}

export interface DensityColumn {
  slice: number;
  n: number;
  /** Of the band's height, 0–1: all, and the error and warning parts at its foot. */
  all: number;
  errors: number;
  warnings: number;
}

/** One column per slice with deployments, scaled to `peak` (the busiest slice of any counted lane). */
export function densityColumns(lane: DensityLane, density: Pick<CalendarDensity, 'peak'>): DensityColumn[] {
  const peak = Math.max(1, density.peak);
  const out: DensityColumn[] = [];
  lane.deployments.forEach((n, slice) => {
    if (!n) return;
    out.push({ slice, n, all: n / peak, errors: (lane.errors[slice] ?? 0) / peak, warnings: (lane.warnings[slice] ?? 0) / peak });
  });
  return out;
}

/**
 * The columns as three SVG paths in a `0 0 slices 100` box (one element per
 * series, not per slice: a quarter of 26 counted lanes in view would
 * otherwise be thousands of nodes): every deployment, then warnings stacked
 * on errors at the foot.
 */
export function densityPaths(columns: DensityColumn[]): { all: string; warnings: string; errors: string } {
  const bar = (x: number, from: number, to: number) => (to > from ? `M${x} ${r(100 - to * 100)}H${x + 1}V${r(100 - from * 100)}H${x}Z` : '');
  const r = (y: number) => Math.round(y * 100) / 100;
  let all = '', warnings = '', errors = '';
  for (const c of columns) {
    all += bar(c.slice, 0, c.all);
    errors += bar(c.slice, 0, c.errors);
    warnings += bar(c.slice, c.errors, c.errors + c.warnings);
  }
  return { all, warnings, errors };
}

/** The slice at a fraction (0–1) across the band. */
export function sliceAt(density: Pick<CalendarDensity, 'slices'>, fraction: number): number {
  return Math.min(density.slices - 1, Math.max(0, Math.floor(fraction * density.slices)));
}

/** A slice in words, for the pointer's tooltip: "Tue, 2 Mar 2027 00:00 – …: 5 deployments (2 with errors)". */
export function sliceLabel(lane: DensityLane, density: Pick<CalendarDensity, 'from' | 'to' | 'slices'>, slice: number, tz: string): string {
  const from = Date.parse(density.from);
  const step = (Date.parse(density.to) - from) / density.slices;
  const n = lane.deployments[slice] ?? 0;
  const errors = lane.errors[slice] ?? 0;
  const warnings = lane.warnings[slice] ?? 0;
  const when = intervalLabel(from + slice * step, from + (slice + 1) * step, tz);
  const parts = [errors && `${errors} with errors`, warnings && `${warnings} with warnings`].filter(Boolean).join(', ');
  return `${when}: ${n} deployment${n === 1 ? '' : 's'}${parts ? ` (${parts})` : ''}`;
}

/** What a counted lane holds, in words, for its accessible name. */
export function densitySummary(name: string, lane: DensityLane, density: Pick<CalendarDensity, 'from' | 'to' | 'slices'>, tz: string): string {
  let busiest = -1;
  lane.deployments.forEach((n, i) => { if (busiest < 0 || n > lane.deployments[busiest]) busiest = i; });
  const most = busiest >= 0 ? lane.deployments[busiest] : 0;
  if (!most) return `${name}: no deployments in this period`;
  const from = Date.parse(density.from);
  const step = (Date.parse(density.to) - from) / density.slices;
  const withErrors = lane.errors.filter((n) => n > 0).length;
  const when = intervalLabel(from + busiest * step, from + (busiest + 1) * step, tz);
  return `${name}: too many deployments to draw one by one; busiest ${when} with ${most}`
    + (withErrors ? `; errors in ${withErrors} of ${density.slices} slices` : '; no errors');
}

/** The instant at a fraction (0–1) across a counted period: where a click on a band zooms in. */
export function instantAt(density: Pick<CalendarDensity, 'from' | 'to'>, fraction: number): number {
  const from = Date.parse(density.from);
  const to = Date.parse(density.to);
  return from + Math.min(1, Math.max(0, fraction)) * (to - from);
}
