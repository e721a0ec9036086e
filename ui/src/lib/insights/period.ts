// The Insights period as the picker shows it: whole local days in the plan's
// zone, the last one included, ↔ the half-open instants `[from, to)` the core
// measures.
import { formatInstant, parseInstant } from '../time';
import { instantToWall, wallToInstant } from '../forms/localTime';

export interface PeriodDates {
  /** `YYYY-MM-DD`, the first day measured. */
  from: string;
  /** `YYYY-MM-DD`, the last day measured (included). */
  to: string;
}

const DAY_MS = 86_400_000;

/** The local days of `[from, to)`: `to` is the midnight after the last day. */
export function datesOf(from: string, to: string, tz: string): PeriodDates {
  return {
    from: instantToWall(from, tz).slice(0, 10),
    to: instantToWall(formatInstant(parseInstant(to) - 1), tz).slice(0, 10),
  };
}

/** The day after a `YYYY-MM-DD` date. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instants of the picked days (local midnight of the first, local
 * midnight after the last), or the field that is wrong and why.
 */
export function instantsOf(dates: PeriodDates, tz: string):
  { from: string; to: string } | { field: 'from' | 'to'; message: string } {
  const from = /^\d{4}-\d{2}-\d{2}$/.test(dates.from) ? wallToInstant(`${dates.from}T00:00`, tz) : null;
  if (!from) return { field: 'from', message: 'Expected a date, YYYY-MM-DD.' };
  const to = /^\d{4}-\d{2}-\d{2}$/.test(dates.to) ? wallToInstant(`${nextDay(dates.to)}T00:00`, tz) : null;
  if (!to) return { field: 'to', message: 'Expected a date, YYYY-MM-DD.' };
  if (parseInstant(to) <= parseInstant(from)) return { field: 'to', message: 'Must not be before the first day.' };
  return { from, to };
}
