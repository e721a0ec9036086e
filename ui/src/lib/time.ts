// Time in the plan's zone. Instants travel as RFC 3339 UTC strings; the
// calendar lays them out on the plan's wall clock ("wall ms": the UTC epoch
// milliseconds of the same wall-clock reading), so day columns are the plan's
// days and a 22:00 Berlin window sits at 22:00 whatever the machine's zone.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** Drags and keyboard moves snap to this. */
export const SNAP = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

// Offsets per zone and 6-hour stretch: calendars ask for thousands of nearby
// instants, and formatToParts is the slow part. A stretch whose two ends have
// different offsets (a transition inside it) is never cached.
const BUCKET = 6 * HOUR;
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in ms (Berlin in winter: +3_600_000). */
export function offsetMs(utcMs: number, tz: string): number {
  let zone = offsetCache.get(tz);
  if (!zone) { zone = new Map(); offsetCache.set(tz, zone); }
  const key = Math.floor(utcMs / BUCKET);
  const hit = zone.get(key);
  if (hit !== undefined) return hit;
  const a = exactOffsetMs(key * BUCKET, tz);
  const b = exactOffsetMs(key * BUCKET + BUCKET - 1000, tz);
  if (a !== b) return exactOffsetMs(utcMs, tz);
  if (zone.size > 200_000) zone.clear();
  zone.set(key, a);
  return a;
}

function exactOffsetMs(utcMs: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of parts(tz).formatToParts(new Date(utcMs))) {
    if (type !== 'literal') p[type] = Number(value);
  }
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

export function toWall(utcMs: number, tz: string): number {
  return utcMs + offsetMs(utcMs, tz);
}

/** The instant of a wall-clock reading (the later offset wins in a fold). */
export function fromWall(wallMs: number, tz: string): number {
  const guess = wallMs - offsetMs(wallMs, tz);
  return wallMs - offsetMs(guess, tz);
}

export function parseInstant(s: string): number {
  return Date.parse(s);
}

/** RFC 3339 UTC without milliseconds, as the core writes instants. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Monday 00:00 (wall) of the week holding a wall time. */
export function weekStartWall(wallMs: number): number {
  const day = Math.floor(wallMs / DAY) * DAY;
  const dow = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - dow * DAY;
}

export function snap(ms: number, step = SNAP): number {
  return Math.round(ms / step) * step;
}

/**
 * An instant moved by `ms`: whole days on the zone's calendar (so a move by a
 * day keeps the wall-clock time across a DST change), the rest exactly.
 */
export function shiftBy(utcMs: number, ms: number, tz: string): number {
  const days = Math.trunc(ms / DAY);
  const rest = ms - days * DAY;
  const base = days === 0 ? utcMs : fromWall(toWall(utcMs, tz) + days * DAY, tz);
  return base + rest;
}

/** `YYYY-MM-DD` of a wall time. */
export function wallDate(wallMs: number): string {
  return new Date(Math.floor(wallMs / DAY) * DAY).toISOString().slice(0, 10);
}

/** Wall ms of 00:00 on a `YYYY-MM-DD` date (NaN when malformed). */
export function parseDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
}

/** The ISO 8601 week number of a wall day (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(wallMs: number): number {
  const day = Math.floor(wallMs / DAY) * DAY;
  const dow = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - dow) * DAY;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / WEEK) + 1;
}

/** The machine's own zone. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Mon 8 Mar" for a wall day. */
export function dayLabel(wallMs: number): string {
  return dayFmt.format(new Date(wallMs));
}

const dateLabels = new Map<number, string>();
/** "Thu, 11 Mar 2027" of a wall day, formatted once per day. */
function dateOf(wallMs: number): string {
  const day = Math.floor(wallMs / DAY);
  let s = dateLabels.get(day);
  if (s === undefined) {
    s = dateFmt.format(new Date(day * DAY));
    if (dateLabels.size > 20_000) dateLabels.clear();
    dateLabels.set(day, s);
  }
  return s;
}

/** "22:00" of a wall time. */
function timeOf(wallMs: number): string {
  const m = Math.floor((((wallMs % DAY) + DAY) % DAY) / MINUTE);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "Thu, 11 Mar 2027 22:00": an instant to the minute, in zone `tz`. */
export function minuteLabel(utcMs: number, tz: string): string {
  const w = toWall(utcMs, tz);
  return `${dateOf(w)} ${timeOf(w)}`;
}

/** "Thu, 11 Mar 2027 22:00–22:45" for an interval, in zone `tz`. */
export function intervalLabel(startUtc: number, endUtc: number, tz: string): string {
  const s = toWall(startUtc, tz);
  const e = toWall(endUtc, tz);
  const sameDay = Math.floor(s / DAY) === Math.floor(e / DAY);
  const head = `${dateOf(s)} ${timeOf(s)}`;
  return sameDay ? `${head}–${timeOf(e)}` : `${head} – ${dateOf(e)} ${timeOf(e)}`;
}

/**
 * "Thu, 11 Mar 2027 22:00:05": an instant on the wall clock of zone `tz` (the
 * machine's own by default), in the same style as the calendar's labels.
 */
export function instantLabel(utcMs: number, tz: string = localZone()): string {
  const w = toWall(utcMs, tz);
  const s = Math.floor((((w % MINUTE) + MINUTE) % MINUTE) / 1000);
  return `${dateOf(w)} ${timeOf(w)}:${String(s).padStart(2, '0')}`;
}
