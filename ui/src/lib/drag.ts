// One drag of a deployment bar, independent of the DOM: pixel deltas (and the
// lane under the pointer) in, snapped targets out. A drag moves the bar, or
// resizes it by its start or end edge, and in environment lanes may move it to
// another environment. The engine is asked at most once per animation frame
// and never with more than one request in flight (the latest position wins,
// see calendar/latestOnly.ts), so a slow answer never queues up stale ones.
import type { Api } from './api';
import type { CommittedMove, DeploymentBar, MovePreview } from './types';
import { SNAP, formatInstant, parseInstant, shiftBy, snap } from './time';
import { LatestOnly, type FrameScheduler } from './calendar/latestOnly';

export type { FrameScheduler };

/** What a drag changes: the whole bar, or one of its edges. */
export type DragKind = 'move' | 'start' | 'end';

export interface DragTarget { start: string; end: string; environment: string }

export interface DragOptions {
  kind?: DragKind;
  /** Snap step of the time shift (ms); 15 minutes by default. */
  step?: number;
  /** Zone whose calendar whole-day shifts follow (see `shiftBy`); UTC by default. */
  tz?: string;
  /** A resize never makes the bar shorter than this (ms); 15 minutes by default. */
  minDuration?: number;
}

/**
 * Where a bar goes when its start and end are shifted by `dStart`/`dEnd` ms
 * (whole days on the zone's calendar, see `shiftBy`) and it is put in
 * `environment`. A resize that would leave less than `minDuration` is held at
 * `minDuration`.
 */
export function shiftedTarget(
  bar: Pick<DeploymentBar, 'start' | 'end' | 'environment'>,
  dStart: number, dEnd: number, environment = bar.environment, tz = 'UTC', minDuration = SNAP,
): DragTarget {
  const s0 = parseInstant(bar.start);
  const e0 = parseInstant(bar.end);
  let s = dStart ? shiftBy(s0, dStart, tz) : s0;
  let e = dEnd ? shiftBy(e0, dEnd, tz) : e0;
  if (dStart !== dEnd) {
    if (dStart === 0 && e - s < minDuration) e = s + Math.min(minDuration, e0 - s0);
    if (dEnd === 0 && e - s < minDuration) s = e - Math.min(minDuration, e0 - s0);
  }
  return { start: formatInstant(s), end: formatInstant(e), environment };
}

export class DragSession {
  shiftMs = 0;
  /** The environment the bar would go to (its own unless dragged to another environment lane). */
  environment: string;
  preview: MovePreview | null = null;
  readonly kind: DragKind;
  private previews: LatestOnly<string, MovePreview>;
  private step: number;
  private tz: string;
  private minDuration: number;

  constructor(
    private api: Pick<Api, 'previewMove' | 'commitMove'>,
    readonly bar: DeploymentBar,
    /** Pixels per millisecond of the track. */
    private pxPerMs: number,
    private onChange: (s: DragSession) => void,
    frame: FrameScheduler = (cb) => requestAnimationFrame(cb),
    opts: DragOptions = {},
  ) {
    this.kind = opts.kind ?? 'move';
    this.step = opts.step ?? SNAP;
    this.tz = opts.tz ?? 'UTC';
    this.minDuration = opts.minDuration ?? SNAP;
    this.environment = bar.environment;
    this.previews = new LatestOnly<string, MovePreview>({
      key: () => this.key(),
      ask: () => {
        if (!this.changed) return null;
        const t = this.target();
        return this.api.previewMove(this.bar.id, t.start, t.end, t.environment);
      },
      answer: (p) => { this.preview = p; this.onChange(this); },
      frame,
    });
  }

  target(shift = this.shiftMs, environment = this.environment): DragTarget {
    const dStart = this.kind === 'end' ? 0 : shift;
    const dEnd = this.kind === 'start' ? 0 : shift;
    return shiftedTarget(this.bar, dStart, dEnd, environment, this.tz, this.minDuration);
  }

  /** Does the current target differ from where the bar is? */
  get changed(): boolean {
    const t = this.target();
    return parseInstant(t.start) !== parseInstant(this.bar.start) || parseInstant(t.end) !== parseInstant(this.bar.end)
      || t.environment !== this.bar.environment;
  }

  /** Is `preview` the engine's answer for the current target (or is there nothing to ask)? */
  get fresh(): boolean {
    return this.previews.fresh;
  }

  private key(): string {
    const t = this.target();
    return `${t.start}|${t.end}|${t.environment}`;
  }

  /** The pointer moved `dx` pixels from where the drag began (and is over `environment`'s lane, if given). */
  move(dx: number, environment?: string): void {
    const shift = snap(dx / this.pxPerMs, this.step);
    const env = this.kind === 'move' && environment ? environment : this.environment;
    if (shift === this.shiftMs && env === this.environment) return;
    this.shiftMs = shift;
    this.environment = env;
    this.onChange(this);
    this.previews.changed();
  }

  /** The pointer was released: commit the change if there is one (one call, see `api.commitMove`). */
  async end(): Promise<CommittedMove | null> {
    this.previews.stop();
    if (!this.changed) return null;
    const t = this.target();
    return this.api.commitMove(this.bar.id, t.start, t.end, t.environment);
  }

  cancel(): void {
    this.previews.stop();
    this.shiftMs = 0;
    this.environment = this.bar.environment;
    this.preview = null;
  }
}
