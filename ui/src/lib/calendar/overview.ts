// The overview strip's geometry and words: where each bucket of the conflict
// overview sits along the plan's span, how strong its mark is, which part
// the calendar shows now, and the view a click or Enter jumps to.
import type { ConflictOverview, OverviewBucket } from '../types';
import { DAY, parseDate } from '../time';
import { periodWall, type CalendarView } from './view';

const fDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const fShort = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "Fri, 12 Mar 2027: 2 errors, 1 warning", or "8 Mar – 21 Mar 2027: …" for longer buckets. */
export function bucketLabel(b: OverviewBucket, bucketDays: number): string {
  const start = parseDate(b.start);
  const when = bucketDays === 1 ? fDay.format(start) : `${fShort.format(start)} – ${fShort.format(start + (bucketDays - 1) * DAY)}`;
  const what = [b.errors ? plural(b.errors, 'error') : '', b.warnings ? plural(b.warnings, 'warning') : '']
    .filter(Boolean).join(', ') || 'no conflicts';
  return `${when}: ${what}`;
}

/**
 * How tall a bucket's errors and warnings stand, 0–1 of the strip: any
 * conflict shows (at least a third), and the busiest bucket fills it.
 */
export function bucketHeights(b: OverviewBucket, max: number): { errors: number; warnings: number } {
  const h = (n: number) => (n === 0 || max === 0 ? 0 : 1 / 3 + (2 / 3) * (n / max));
  const total = h(b.errors + b.warnings);
  const errors = b.errors + b.warnings === 0 ? 0 : total * (b.errors / (b.errors + b.warnings));
  return { errors, warnings: total - errors };
}

/** "6 Jan 2027" – "24 Apr 2027": the strip's first and last day (its `to` is the day after). */
export function spanLabels(o: Pick<ConflictOverview, 'from' | 'to'>): [string, string] {
  if (!o.from || !o.to) return ['', ''];
  return [fShort.format(parseDate(o.from)), fShort.format(parseDate(o.to) - DAY)];
}

/** The largest conflict count of one bucket. */
export function busiest(o: ConflictOverview): number {
  return o.buckets.reduce((m, b) => Math.max(m, b.errors + b.warnings), 0);
}

/** The part of the span the view shows, as fractions [left, right] of the strip (clamped); null when it misses the span. */
export function viewExtent(o: ConflictOverview, view: Pick<CalendarView, 'zoom' | 'anchor'>): { left: number; right: number } | null {
  if (!o.from || !o.to) return null;
  const from = parseDate(o.from);
  const to = parseDate(o.to);
  const p = periodWall(view);
  if (p.end <= from || p.start >= to) return null;
  const f = (t: number) => Math.min(1, Math.max(0, (t - from) / (to - from)));
  return { left: f(p.start), right: f(p.end) };
}

/** The bucket under a fraction of the strip's width. */
export function bucketAt(o: ConflictOverview, fraction: number): number {
  return Math.min(o.buckets.length - 1, Math.max(0, Math.floor(fraction * o.buckets.length)));
}

/** The bucket the view's period starts in (or the first). */
export function bucketOfView(o: ConflictOverview, view: Pick<CalendarView, 'zoom' | 'anchor'>): number {
  if (!o.from || !o.buckets.length) return 0;
  const days = Math.floor((periodWall(view).start - parseDate(o.from)) / DAY);
  return Math.min(o.buckets.length - 1, Math.max(0, Math.floor(days / o.bucketDays)));
}

/** The view anchored on a bucket: the calendar's period that holds the bucket's first day. */
export function jumpTo(view: CalendarView, b: OverviewBucket): CalendarView {
  return { ...view, anchor: b.start };
}

/** The next (+1) or previous (-1) bucket with a conflict from `i`, or `i` when there is none. */
export function nextConflict(o: ConflictOverview, i: number, dir: 1 | -1): number {
  for (let j = i + dir; j >= 0 && j < o.buckets.length; j += dir) {
    if (o.buckets[j].errors + o.buckets[j].warnings > 0) return j;
  }
  return i;
}

/** Where a plan opens: the week with the most errors, else where the view already is. */
export function openingView(view: CalendarView, o: Pick<ConflictOverview, 'busiestErrorWeek'> | null): CalendarView {
  return o?.busiestErrorWeek ? { ...view, anchor: o.busiestErrorWeek } : view;
}

