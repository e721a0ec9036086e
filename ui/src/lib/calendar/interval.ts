// Pointer x on a lane's track → an interval of time, snapped to the zoom's
// step: what a drag across a track draws (booking an environment, a new
// deployment). Pure, so the geometry is tested without a window.
import type { Period } from '../layout';
import { fromWall, toWall } from '../time';

/**
 * An instant snapped to a multiple of `step` (`round` to the nearest, `ceil`
 * up): on the wall clock of `tz` when given (so a day is a local day across a
 * DST change and 15 minutes are the zone's quarter hours), else counted from
 * the period's start.
 */
export function snapTime(t: number, step: number, period: Period, tz?: string, how: 'round' | 'ceil' = 'round'): number {
  const f = how === 'ceil' ? Math.ceil : Math.round;
  if (tz) return fromWall(f(toWall(t, tz) / step) * step, tz);
  return period.from + f((t - period.from) / step) * step;
}

/** The instant at `x` px from the left of a track `trackW` px wide showing `period` (clamped to the track). */
export function timeAt(x: number, trackW: number, period: Period): number {
  return period.from + (Math.min(Math.max(x, 0), trackW) / trackW) * (period.to - period.from);
}

/**
 * The interval a drag across a track from x0 to x1 (px from the track's left)
 * draws: snapped to `step` (see `snapTime`), in the order dragged either way,
 * at least one step long, inside the period.
 */
export function dragInterval(
  x0: number, x1: number, trackW: number, period: Period, step: number, tz?: string,
): { from: number; to: number } {
  let from = snapTime(timeAt(Math.min(x0, x1), trackW, period), step, period, tz);
  let to = snapTime(timeAt(Math.max(x0, x1), trackW, period), step, period, tz);
  from = Math.max(from, period.from);
  if (to - from < step) to = from + step;
  if (to > period.to) { to = period.to; from = Math.max(period.from, to - step); }
  return { from, to };
}
