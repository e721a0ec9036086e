// The time axis of a view: where its header cells, grid lines and weekend
// shading go. The axis is linear in real time (instants), so a 23-hour DST day
// is 23 hours wide and a bar's width is its true duration; labels read the
// wall clock of the chosen zone.
import { DAY, HOUR, fromWall, isoWeek, toWall, weekStartWall } from '../time';
import { periodWall, type CalendarView, type Zoom } from './view';

export interface Tick {
  /** The instant the cell starts (UTC ms). */
  at: number;
  /** Start and width in % of the axis. */
  left: number;
  width: number;
  label: string;
  /** Longer text for a tooltip / accessible name. */
  title: string;
  weekend?: boolean;
}

export interface Axis {
  /** The instants the axis spans, [from, to). */
  from: number;
  to: number;
  /** Upper header row (days at week zoom, ISO weeks at month zoom, months at quarter zoom, the day at day zoom). */
  major: Tick[];
  /** Lower header row (hours at day zoom, 6-hour marks at week zoom, days at month zoom, weeks at quarter zoom). */
  minor: Tick[];
  /** Weekend days to shade (week and month zoom). */
  weekends: Tick[];
}

/** Position of an instant in % of [from, to). */
export function pct(utcMs: number, from: number, to: number): number {
  return ((utcMs - from) / (to - from)) * 100;
}

const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...o });
const fDayFull = fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const fDayShort = fmt({ weekday: 'short', day: 'numeric', month: 'short' });
const fMonthYear = fmt({ month: 'long', year: 'numeric' });
const fDayMonth = fmt({ day: 'numeric', month: 'short' });
const fWeekday = fmt({ weekday: 'narrow' });
const fWeekdayShort = fmt({ weekday: 'short' });
const pad = (n: number) => String(n).padStart(2, '0');

/** Cells from boundary instants: each runs to the next boundary or the axis end. */
function cells(
  bounds: Array<{ at: number; wall: number }>, from: number, to: number,
  label: (wall: number, at: number, next: number) => { label: string; title: string; weekend?: boolean },
): Tick[] {
  const out: Tick[] = [];
  for (let i = 0; i < bounds.length; i++) {
    const at = Math.max(from, bounds[i].at);
    const next = Math.min(to, i + 1 < bounds.length ? bounds[i + 1].at : to);
    if (next <= at) continue;
    out.push({ at, left: pct(at, from, to), width: pct(next, from, to) - pct(at, from, to), ...label(bounds[i].wall, at, next) });
  }
  return out;
}

/** Wall-clock boundaries every `step` of wall time from `first`, before `end`, as instants. */
function wallBounds(first: number, end: number, step: (w: number) => number, tz: string) {
  const out: Array<{ at: number; wall: number }> = [];
  for (let w = first; w < end; w = step(w)) out.push({ at: fromWall(w, tz), wall: w });
  return out;
}

const nextDay = (w: number) => w + DAY;
const nextWeek = (w: number) => w + 7 * DAY;
const nextMonth = (w: number) => { const d = new Date(w); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); };
const isWeekend = (wall: number) => { const d = new Date(wall).getUTCDay(); return d === 0 || d === 6; };

function dayCells(start: number, end: number, from: number, to: number, tz: string, label: (w: number) => string) {
  return cells(wallBounds(start, end, nextDay, tz), from, to, (w, at, next) => {
    const hours = Math.round((next - at) / HOUR);
    const dst = hours !== 24 ? ` (${hours} hours: clocks change)` : '';
    return { label: label(w), title: fDayFull.format(new Date(w)) + dst, weekend: isWeekend(w) };
  });
}

/** The header rows and shading of a view in zone `tz`. */
export function axisFor(view: Pick<CalendarView, 'zoom' | 'anchor'>, tz: string): Axis {
  const { start, end } = periodWall(view);
  const from = fromWall(start, tz);
  const to = fromWall(end, tz);
  let major: Tick[] = [];
  let minor: Tick[] = [];
  let weekends: Tick[] = [];
  switch (view.zoom) {
    case 'day': {
      const hours = Math.round((to - from) / HOUR);
      const note = hours !== 24 ? ` · ${hours} hours (clocks change)` : '';
      major = [{ at: from, left: 0, width: 100, label: fDayFull.format(new Date(start)) + note, title: fDayFull.format(new Date(start)) + note }];
      // Hour by hour in real time: a spring-forward day has no 02, a fall-back day has 02 twice.
      const bounds: Array<{ at: number; wall: number }> = [];
      for (let t = from; t < to; t += HOUR) bounds.push({ at: t, wall: toWall(t, tz) });
      minor = cells(bounds, from, to, (w) => {
        const h = pad(new Date(w).getUTCHours());
        const m = new Date(w).getUTCMinutes();
        return { label: m ? `${h}:${pad(m)}` : h, title: `${h}:${pad(m)}` };
      });
      break;
    }
    case 'week': {
      major = dayCells(start, end, from, to, tz, (w) => fDayShort.format(new Date(w)));
      const bounds = wallBounds(start, end, (w) => w + 6 * HOUR, tz).filter((b) => new Date(b.wall).getUTCHours() !== 0);
      minor = bounds.map((b) => ({ at: b.at, left: pct(b.at, from, to), width: 0, label: pad(new Date(b.wall).getUTCHours()), title: `${pad(new Date(b.wall).getUTCHours())}:00` }));
      weekends = major.filter((t) => t.weekend);
      break;
    }
    case 'month': {
      minor = dayCells(start, end, from, to, tz, (w) => `${fWeekday.format(new Date(w))} ${new Date(w).getUTCDate()}`);
      const mondays = wallBounds(weekStartWall(start), end, nextWeek, tz);
      major = cells(mondays, from, to, (w) => ({ label: `W${isoWeek(w)}`, title: `Week ${isoWeek(w)}, from ${fDayMonth.format(new Date(w))}` }));
      weekends = minor.filter((t) => t.weekend);
      break;
    }
    case 'quarter': {
      major = cells(wallBounds(start, end, nextMonth, tz), from, to, (w) => ({ label: fMonthYear.format(new Date(w)), title: fMonthYear.format(new Date(w)) }));
      const mondays = wallBounds(weekStartWall(start), end, nextWeek, tz);
      minor = cells(mondays, from, to, (w, at) => {
        const shown = Math.max(w, start);
        return {
          label: `W${isoWeek(w)} · ${fDayMonth.format(new Date(shown))}`,
          title: `Week ${isoWeek(w)}, from ${fDayMonth.format(new Date(w))}${at === from && w < start ? ' (begins the month before)' : ''}`,
        };
      });
      break;
    }
  }
  return { from, to, major, minor, weekends };
}

/** How many hours apart a second zone's marks are at each zoom (month and quarter mark days and weeks). */
const SECOND_ZONE_EVERY: Record<Zoom, number> = { day: 1, week: 6, month: 24, quarter: 24 };

/**
 * The marks of a second zone's clock over [from, to), for teams elsewhere:
 * every instant its wall clock reads a whole hour (every hour at day zoom,
 * every 6 hours at week zoom, each midnight at month zoom, each Monday's at
 * quarter zoom). The axis is real time, so the zone's own DST changes show as
 * they happen: a skipped hour has no mark, a repeated hour has two. Zones off
 * the hour (Asia/Kolkata) get their marks between the main axis's hours.
 */
export function secondZoneTicks(from: number, to: number, zoom: Zoom, tz: string): Tick[] {
  const every = SECOND_ZONE_EVERY[zoom];
  const out: Tick[] = [];
  const w0 = toWall(from, tz);
  for (let t = from + ((HOUR - (w0 % HOUR)) % HOUR); t < to; t += HOUR) {
    const w = toWall(t, tz);
    // An offset that changes by part of an hour would leave whole hours between the steps: realign.
    if (w % HOUR !== 0) { t += ((HOUR - (w % HOUR)) % HOUR) - HOUR; continue; }
    const d = new Date(w);
    const h = d.getUTCHours();
    if (h % every !== 0 || (zoom === 'quarter' && d.getUTCDay() !== 1)) continue;
    // Short enough to sit between the 6-hour marks of a week: "Tue 16".
    const label = h !== 0 ? pad(h)
      : zoom === 'month' ? String(d.getUTCDate())
      : zoom === 'quarter' ? fDayMonth.format(d)
      : `${fWeekdayShort.format(d)} ${d.getUTCDate()}`;
    out.push({ at: t, left: pct(t, from, to), width: 0, label, title: `${pad(h)}:00 ${fDayFull.format(d)} in ${tz}` });
  }
  return out;
}

/** Is `tz` an IANA zone this machine knows? */
export function isZone(tz: string): boolean {
  if (!tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
