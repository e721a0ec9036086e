// What the calendar shows: a zoom level, an anchor date, a time zone, lanes
// and colours. A plain value the app keeps and the calendar asks to change
// (onViewChange); everything here is pure so the app can compute the range to
// load (rangeFor) without the component.
import type { DeploymentBar, Named, PlanSummary } from '../types';
import type { LaneMode } from '../layout';
import { oneEnvironment } from '../lanes';
import {
  DAY, HOUR, SNAP, WEEK, formatInstant, fromWall, localZone, parseDate, parseInstant, toWall, wallDate, weekStartWall,
} from '../time';

export const ZOOMS = ['day', 'week', 'month', 'quarter'] as const;
export type Zoom = (typeof ZOOMS)[number];
/** `plan`: the plan's own zone; `local`: the machine's zone. */
export type ZoneChoice = 'plan' | 'local';
export type ColourBy = 'release' | 'train';

export interface CalendarView {
  zoom: Zoom;
  /** A calendar date, `YYYY-MM-DD`: the period shown is the day, ISO week, month or quarter holding it. */
  anchor: string;
  timeZone: ZoneChoice;
  laneMode: LaneMode;
  /** The environment shown when lanes are services. */
  environment: string;
  colourBy: ColourBy;
  /** Another IANA zone whose clock the axis shows too (for teams elsewhere), or none. */
  secondZone?: string | null;
}

/** The production-most environment: the last in promotion order. */
function defaultEnvironment(envs: Named[]): string {
  return envs.length ? envs[envs.length - 1].id : '';
}

/** Week zoom on the week of the plan's "as of" instant (or now), in the plan's zone. */
export function defaultView(plan: PlanSummary, now = Date.now()): CalendarView {
  return {
    zoom: 'week',
    anchor: todayAnchor(plan, 'plan', now),
    timeZone: 'plan',
    laneMode: 'service',
    environment: defaultEnvironment(plan.environments),
    colourBy: 'release',
  };
}

/** The IANA zone a view lays out in. */
export function zoneFor(view: Pick<CalendarView, 'timeZone'>, planTz: string): string {
  return view.timeZone === 'local' ? localZone() : planTz;
}

/** "Now" for the calendar: the plan's `asOf` when it has one (demo plans live in the future), else the clock. */
export function nowFor(plan: Pick<PlanSummary, 'asOf'>, clock = Date.now()): number {
  return plan.asOf ? parseInstant(plan.asOf) : clock;
}

/** Today's date in the view's zone. */
export function todayAnchor(plan: PlanSummary, timeZone: ZoneChoice, clock = Date.now()): string {
  return wallDate(toWall(nowFor(plan, clock), zoneFor({ timeZone }, plan.timezone)));
}

function addMonths(wall: number, months: number): number {
  const d = new Date(wall);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

/** The period's bounds as wall ms (00:00 of its first day, 00:00 after its last). */
export function periodWall(view: Pick<CalendarView, 'zoom' | 'anchor'>): { start: number; end: number } {
  let d = parseDate(view.anchor);
  if (Number.isNaN(d)) d = Math.floor(Date.now() / DAY) * DAY;
  switch (view.zoom) {
    case 'day': return { start: d, end: d + DAY };
    case 'week': { const s = weekStartWall(d); return { start: s, end: s + WEEK }; }
    case 'month': { const s = addMonths(d, 0); return { start: s, end: addMonths(s, 1) }; }
    case 'quarter': {
      const m = new Date(d).getUTCMonth();
      const s = addMonths(d, -(m % 3));
      return { start: s, end: addMonths(s, 3) };
    }
  }
}

/** The instants [from, to) the view shows in zone `tz`, as epoch ms. */
export function rangeMs(view: Pick<CalendarView, 'zoom' | 'anchor'>, tz: string): { from: number; to: number } {
  const p = periodWall(view);
  return { from: fromWall(p.start, tz), to: fromWall(p.end, tz) };
}

/** What to ask `api.calendarRange(from, to, …)` for: the view's period in zone `tz`. */
export function rangeFor(view: Pick<CalendarView, 'zoom' | 'anchor'>, tz: string): { from: string; to: string } {
  const r = rangeMs(view, tz);
  return { from: formatInstant(r.from), to: formatInstant(r.to) };
}

/** The previous (-1) or next (+1) period; the anchor becomes that period's first day. */
export function shiftView(view: CalendarView, dir: number): CalendarView {
  const { start } = periodWall(view);
  let next: number;
  switch (view.zoom) {
    case 'day': next = start + dir * DAY; break;
    case 'week': next = start + dir * WEEK; break;
    case 'month': next = addMonths(start, dir); break;
    case 'quarter': next = addMonths(start, 3 * dir); break;
  }
  return { ...view, anchor: wallDate(next) };
}

/** One zoom level in (-1: towards day) or out (+1: towards quarter); `anchor` keeps a date in view. */
export function zoomBy(view: CalendarView, dir: number, anchor = view.anchor): CalendarView {
  const i = Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(view.zoom) + dir));
  return { ...view, zoom: ZOOMS[i], anchor };
}

/** Is an instant inside the view's period? */
export function inView(view: CalendarView, utcMs: number, tz: string): boolean {
  const r = rangeMs(view, tz);
  return utcMs >= r.from && utcMs < r.to;
}

/**
 * The view that shows a deployment: same view when it already does, else
 * anchored on its start's date; in service lanes, its environment.
 */
export function revealView(view: CalendarView, bar: Pick<DeploymentBar, 'start' | 'end' | 'environment'>, tz: string): CalendarView {
  let next = view;
  const s = parseInstant(bar.start);
  const e = parseInstant(bar.end);
  const r = rangeMs(view, tz);
  if (!(s < r.to && e > r.from)) next = { ...next, anchor: wallDate(toWall(s, tz)) };
  if (oneEnvironment(next.laneMode) && next.environment !== bar.environment) next = { ...next, environment: bar.environment };
  return next;
}

/**
 * The step of a keyboard move or resize, and the snap of a drag: 15 minutes
 * at day and week zoom, 1 hour at month zoom, 1 day (same wall-clock time) at
 * quarter zoom.
 */
export function stepFor(zoom: Zoom): number {
  return zoom === 'quarter' ? DAY : zoom === 'month' ? HOUR : SNAP;
}

/** The least width of the time axis in px, so that labels stay legible (wider windows stretch it). */
export function minTrackWidth(view: Pick<CalendarView, 'zoom' | 'anchor'>): number {
  const p = periodWall(view);
  const days = Math.round((p.end - p.start) / DAY);
  switch (view.zoom) {
    case 'day': return 24 * 56;
    case 'week': return 7 * 120;
    case 'month': return days * 36;
    case 'quarter': return days * 12;
  }
}

const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...o });
const fDayLong = fmt({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const fDay = fmt({ day: 'numeric' });
const fDayMonth = fmt({ day: 'numeric', month: 'short' });
const fDayMonthYear = fmt({ day: 'numeric', month: 'short', year: 'numeric' });
const fMonthYear = fmt({ month: 'long', year: 'numeric' });
const fMonth = fmt({ month: 'short' });

/** "Thu, 11 Mar 2027", "8 – 14 Mar 2027", "March 2027", "Q1 2027 (Jan – Mar)". */
export function periodLabel(view: Pick<CalendarView, 'zoom' | 'anchor'>): string {
  const { start, end } = periodWall(view);
  const last = new Date(end - DAY);
  const first = new Date(start);
  switch (view.zoom) {
    case 'day': return fDayLong.format(first);
    case 'week': {
      const sameMonth = first.getUTCMonth() === last.getUTCMonth();
      const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
      const head = sameMonth && sameYear ? fDay.format(first) : sameYear ? fDayMonth.format(first) : fDayMonthYear.format(first);
      return `${head} – ${fDayMonthYear.format(last)}`;
    }
    case 'month': return fMonthYear.format(first);
    case 'quarter':
      return `Q${Math.floor(first.getUTCMonth() / 3) + 1} ${first.getUTCFullYear()} (${fMonth.format(first)} – ${fMonth.format(last)})`;
  }
}

export const ZOOM_NAMES: Record<Zoom, string> = { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter' };
