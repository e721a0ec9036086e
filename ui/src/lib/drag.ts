// One drag of a deployment bar, independent of the DOM: pixel deltas in,
// snapped time shifts out; the engine is asked at most once per animation
// frame and never with more than one request in flight (the latest position
// wins), so a slow answer never queues up stale ones.
import type { Api } from './api';
import type { DeploymentBar, MovePreview, PlanSummary } from './types';
import { formatInstant, parseInstant, snap } from './time';

export type FrameScheduler = (cb: () => void) => unknown;

export interface DragTarget { start: string; end: string; environment: string }

export class DragSession {
  shiftMs = 0;
  preview: MovePreview | null = null;
  private sentShift = 0;
  private scheduled = false;
  private inFlight = false;
  private ended = false;

  constructor(
    private api: Pick<Api, 'previewMove' | 'commitMove'>,
    readonly bar: DeploymentBar,
    /** Pixels per millisecond of the track. */
    private pxPerMs: number,
    private onChange: (s: DragSession) => void,
    private frame: FrameScheduler = (cb) => requestAnimationFrame(cb),
  ) {}

  target(shift = this.shiftMs): DragTarget {
    return {
      start: formatInstant(parseInstant(this.bar.start) + shift),
      end: formatInstant(parseInstant(this.bar.end) + shift),
      environment: this.bar.environment,
    };
  }

  /** The pointer moved `dx` pixels from where the drag began. */
  move(dx: number): void {
    const shift = snap(dx / this.pxPerMs);
    if (shift === this.shiftMs) return;
    this.shiftMs = shift;
    this.onChange(this);
    if (!this.scheduled && !this.inFlight) {
      this.scheduled = true;
      this.frame(() => this.send());
    }
  }

  private async send(): Promise<void> {
    this.scheduled = false;
    if (this.ended) return;
    const shift = this.shiftMs;
    if (shift === 0) {
      this.preview = null;
      this.sentShift = 0;
      this.onChange(this);
      return;
    }
    this.inFlight = true;
    const t = this.target(shift);
    try {
      const p = await this.api.previewMove(this.bar.id, t.start, t.end, t.environment);
      this.sentShift = shift;
      if (!this.ended) { this.preview = p; this.onChange(this); }
    } finally {
      this.inFlight = false;
    }
    if (!this.ended && this.shiftMs !== this.sentShift && !this.scheduled) {
      this.scheduled = true;
      this.frame(() => this.send());
    }
  }

  /** The pointer was released: commit the move if there is one. */
  async end(): Promise<PlanSummary | null> {
    this.ended = true;
    if (this.shiftMs === 0) return null;
    const t = this.target();
    return this.api.commitMove(this.bar.id, t.start, t.end, t.environment);
  }

  cancel(): void {
    this.ended = true;
    this.shiftMs = 0;
    this.preview = null;
  }
}
