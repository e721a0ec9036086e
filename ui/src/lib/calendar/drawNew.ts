// Drawing a new deployment on the calendar, as calendar apps create events:
// pointer down on an empty part of a lane's track and drag across it; an
// outline follows, snapped to the zoom's step (calendar/interval.ts); letting
// go opens the editor for a new deployment, prefilled from the lane and the
// filter (`newDeployment`). A click without a drag does nothing; Escape
// cancels the drag. N does the same from the keyboard (`keyInterval`,
// `afterBar`). Pure, but for `emptyTrackAt` (which element a pointer is on)
// and `DrawNew` (one pointer followed, no DOM).
import type { CalendarFilter } from '../types';
import type { LaneMode, Period, PlacedBar } from '../layout';
import { NO_GROUP } from '../lanes';
import { HOUR, formatInstant } from '../time';
import { dragInterval, snapTime } from './interval';
import type { KeyPress } from './keys';

/** How far the pointer must move before a press on a track becomes a drawing (a click stays a click). */
export const DRAW_THRESHOLD_PX = 4;

/** A new deployment's fields the calendar knows: '' where the user has to choose. Instants are RFC 3339 UTC. */
export interface NewDeployment {
  release: string;
  service: string;
  environment: string;
  start: string;
  end: string;
}

export interface Interval { from: number; to: number }

/** What `newDeployment` reads: the view's environment, the calendar's filter and the plan's outline. */
export interface NewDeploymentContext {
  /** The environment the service, team and train lanes show. */
  environment: string;
  filter: CalendarFilter;
  services: ReadonlyArray<{ id: string; team?: string | null }>;
  releases: ReadonlyArray<{ id: string; train: string | null }>;
}

const only = (ids: string[]) => (ids.length === 1 ? ids[0] : '');
const allows = (list: string[], value: string) => list.length === 0 || list.includes(value);

/**
 * A new deployment drawn in a lane (null: no lane, from the keyboard with no
 * bar focused) over an interval. Each of release, service and environment is
 * filled when the lane and the filter leave exactly one choice, else left to
 * choose:
 * - environment: an environment lane's, else the view's environment;
 * - service: a service lane's; in a team lane the team's one service; else
 *   the one service of the filtered teams;
 * - release: the one release the filter (releases, trains) and a train lane
 *   allow.
 */
export function newDeployment(lane: { mode: LaneMode; id: string } | null, at: Interval, ctx: NewDeploymentContext): NewDeployment {
  const { filter } = ctx;
  const environment = lane?.mode === 'environment' ? lane.id : ctx.environment;
  const service = lane?.mode === 'service' ? lane.id : only(ctx.services
    .filter((s) => allows(filter.teams, s.team ?? NO_GROUP) && (lane?.mode !== 'team' || (s.team ?? NO_GROUP) === lane.id))
    .map((s) => s.id));
  const release = only(ctx.releases
    .filter((r) => allows(filter.releases, r.id) && allows(filter.trains, r.train ?? NO_GROUP)
      && (lane?.mode !== 'train' || (r.train ?? NO_GROUP) === lane.id))
    .map((r) => r.id));
  return { release, service, environment, start: formatInstant(at.from), end: formatInstant(at.to) };
}

/** N (no modifier) adds a deployment from the keyboard. */
export function isNewKey(e: KeyPress): boolean {
  return (e.key === 'n' || e.key === 'N') && !e.ctrlKey && !e.metaKey && !e.altKey;
}

/**
 * N with no bar focused: an hour (or one step, when longer) from "now" when it
 * is in view, else from the start of what is in view, snapped up to the step;
 * inside the period.
 */
export function keyInterval(o: { period: Period; inView: Interval; now: number; step: number; tz: string }): Interval {
  const { period, inView, now, step, tz } = o;
  const length = Math.max(step, HOUR);
  const base = now >= inView.from && now < inView.to ? now : inView.from;
  let from = Math.max(period.from, snapTime(base, step, period, tz, 'ceil'));
  let to = from + length;
  if (to > period.to) { to = period.to; from = Math.max(period.from, to - length); }
  return { from, to };
}

/** N on a focused bar: as long as it, right after it. */
export function afterBar(p: Pick<PlacedBar, 'start' | 'end'>): Interval {
  return { from: p.end, to: p.end + (p.end - p.start) };
}

/**
 * The lane track a pointer press may start drawing on: the track itself or a
 * shading in it, not a bar, a button, a label or a counted lane's density
 * band (a click there zooms in). Null elsewhere.
 */
export function emptyTrackAt(target: EventTarget | null, within: Element): { track: HTMLElement; lane: string } | null {
  const el = target as Element | null;
  if (!el?.closest || el.closest('[data-id], button, a, input, select, textarea, .density')) return null;
  const track = el.closest<HTMLElement>('.track');
  const lane = track?.parentElement?.dataset.lane;
  return track && lane !== undefined && within.contains(track) ? { track, lane } : null;
}

/** The outline shown while drawing: the lane and the snapped interval. */
export interface DrawView { lane: string; from: number; to: number }

export interface DrawHost {
  trackW: () => number;
  period: () => Period;
  step: () => number;
  tz: () => string;
  /** Show the outline (null: none). */
  show: (v: DrawView | null) => void;
  /** A drawing was let go: the lane's id and the interval. */
  done: (lane: string, at: Interval) => void;
}

/** One press on a track followed: nothing until it moves past the threshold, then the outline. */
export class DrawNew {
  private at: { lane: string; x0: number; drawing: boolean } | null = null;

  constructor(private host: DrawHost) {}

  /** A press is being followed (it may not be drawing yet). */
  get pressed(): boolean { return this.at !== null; }

  /** Pointer down at x px from the left of lane `lane`'s track. */
  down(lane: string, x: number): void {
    this.at = { lane, x0: x, drawing: false };
  }

  /** The pointer at x: true when this move started the drawing (the caller captures the pointer then). */
  move(x: number): boolean {
    const a = this.at;
    if (!a) return false;
    const started = !a.drawing && Math.abs(x - a.x0) >= DRAW_THRESHOLD_PX;
    if (started) a.drawing = true;
    if (a.drawing) this.host.show({ lane: a.lane, ...this.interval(a.x0, x) });
    return started;
  }

  /** Let go at x: a drawing hands its interval over; a click does nothing. */
  up(x: number): void {
    const a = this.at;
    this.at = null;
    if (!a?.drawing) return;
    this.host.show(null);
    this.host.done(a.lane, this.interval(a.x0, x));
  }

  /** Escape, or the pointer lost: true when there was a drawing to cancel. */
  cancel(): boolean {
    const drawing = !!this.at?.drawing;
    this.at = null;
    if (drawing) this.host.show(null);
    return drawing;
  }

  private interval(x0: number, x: number): Interval {
    const h = this.host;
    return dragInterval(x0, x, h.trackW(), h.period(), h.step(), h.tz());
  }
}
