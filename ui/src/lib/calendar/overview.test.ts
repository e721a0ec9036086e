// The overview strip's arithmetic: labels, heights, the outline of the shown
// period, the bucket under a click, and where a plan opens.
import { describe, expect, it } from 'vitest';
import type { ConflictOverview } from '../types';
import { bucketAt, spanLabels, bucketHeights, bucketLabel, bucketOfView, busiest, jumpTo, nextConflict, openingView, viewExtent } from './overview';
import type { CalendarView } from './view';

const days: ConflictOverview = {
  from: '2027-03-01', to: '2027-03-29', bucketDays: 1, busiestErrorWeek: '2027-03-08',
  buckets: Array.from({ length: 28 }, (_, i) => ({
    start: `2027-03-${String(i + 1).padStart(2, '0')}`, errors: i === 11 ? 2 : 0, warnings: i === 20 ? 1 : 0,
  })),
};
const view: CalendarView = { zoom: 'week', anchor: '2027-03-10', timeZone: 'plan', laneMode: 'service', environment: 'prod', colourBy: 'release' };

describe('the overview strip', () => {
  it('says what a bucket holds, by day or by stretch of weeks', () => {
    expect(bucketLabel(days.buckets[11], 1)).toMatch(/^Fri,? 12 Mar 2027: 2 errors$/);
    expect(bucketLabel(days.buckets[20], 1)).toMatch(/^Sun,? 21 Mar 2027: 1 warning$/);
    expect(bucketLabel({ start: '2027-03-01', errors: 3, warnings: 2 }, 1)).toMatch(/1 Mar 2027: 3 errors, 2 warnings$/);
    expect(bucketLabel(days.buckets[0], 14)).toBe('1 Mar 2027 – 14 Mar 2027: no conflicts');
  });

  it('labels the strip\'s ends as dates', () => {
    expect(spanLabels({ from: '2027-01-06', to: '2027-04-25' })).toEqual(['6 Jan 2027', '24 Apr 2027']);
    expect(spanLabels({ from: null, to: null })).toEqual(['', '']);
  });

  it('shows every conflict and lets the busiest bucket fill the strip', () => {
    expect(busiest(days)).toBe(2);
    expect(bucketHeights(days.buckets[11], 2)).toEqual({ errors: 1, warnings: 0 });
    const one = bucketHeights(days.buckets[20], 2);
    expect(one.errors).toBe(0);
    expect(one.warnings).toBeCloseTo(2 / 3);
    const both = bucketHeights({ start: '', errors: 1, warnings: 1 }, 2);
    expect(both.errors).toBeCloseTo(0.5);
    expect(bucketHeights(days.buckets[0], 2)).toEqual({ errors: 0, warnings: 0 });
  });

  it('outlines the week the calendar shows, and nothing outside the span', () => {
    const e = viewExtent(days, view)!;
    expect(e.left).toBeCloseTo(7 / 28);
    expect(e.right).toBeCloseTo(14 / 28);
    expect(viewExtent(days, { ...view, anchor: '2027-06-01' })).toBeNull();
    expect(viewExtent(days, { ...view, zoom: 'quarter' })).toEqual({ left: 0, right: 1 });
  });

  it('finds the bucket under the pointer and the view\'s own bucket', () => {
    expect(bucketAt(days, 0)).toBe(0);
    expect(bucketAt(days, 11.5 / 28)).toBe(11);
    expect(bucketAt(days, 1)).toBe(27);
    expect(bucketOfView(days, view)).toBe(7);
    expect(bucketOfView({ ...days, bucketDays: 7, buckets: days.buckets.slice(0, 4) }, view)).toBe(1);
  });

  it('jumps to a bucket and steps between buckets with conflicts', () => {
    expect(jumpTo(view, days.buckets[20]).anchor).toBe('2027-03-21');
    expect(nextConflict(days, 0, 1)).toBe(11);
    expect(nextConflict(days, 11, 1)).toBe(20);
    expect(nextConflict(days, 20, 1)).toBe(20);
    expect(nextConflict(days, 20, -1)).toBe(11);
  });

  it('opens a plan on the week with the most errors, else where it was', () => {
    expect(openingView(view, days).anchor).toBe('2027-03-08');
    expect(openingView(view, { busiestErrorWeek: null })).toBe(view);
    expect(openingView(view, null)).toBe(view);
  });
});
