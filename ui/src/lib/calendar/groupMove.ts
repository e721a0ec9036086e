// Moving a whole release (optionally with the releases that depend on it) by
// one drag: every deployment api.groupMoveSet returns shifts by the same
// offset, so the gaps between them stay. Like drag.ts, independent of the
// DOM: pixel deltas in, targets out; the engine is asked about the whole group
// in one call (api.previewGroupMove) at most once per frame and never with
// more than one request in flight (the latest offset wins, see latestOnly.ts),
// and the drop is one call and one undoable edit (api.commitGroupMove).
import type { Api } from '../api';
import type { CommittedGroupMove, DeploymentBar, GroupMovePreview, GroupMoveSet, MoveTarget, Severity } from '../types';
import { SNAP, parseInstant, snap } from '../time';
import { shiftedTarget } from '../drag';
import { LatestOnly, type FrameScheduler } from './latestOnly';

/** Where each deployment of the group goes when shifted by `shiftMs` (whole days on `tz`'s calendar, as a single drag). */
export function groupTargets(deployments: readonly DeploymentBar[], shiftMs: number, tz = 'UTC'): MoveTarget[] {
  return deployments.map((d) => ({ id: d.id, ...shiftedTarget(d, shiftMs, shiftMs, d.environment, tz) }));
}

/** The worst of some severities (null: none). */
export function worstSeverity(severities: Iterable<Severity | null | undefined>): Severity | null {
  let worst: Severity | null = null;
  for (const s of severities) {
    if (s === 'error') return 'error';
    if (s === 'warning') worst = 'warning';
  }
  return worst;
}

/** Shift+drag moves the release; with Ctrl (⌘) too, the releases that depend on it as well. */
export function groupDragWanted(e: Pick<PointerEvent, 'shiftKey' | 'ctrlKey' | 'metaKey'>): { withDependents: boolean } | null {
  return e.shiftKey ? { withDependents: e.ctrlKey || e.metaKey } : null;
}

export interface GroupDragOptions {
  /** Snap step of the shift (ms); 15 minutes by default. */
  step?: number;
  /** Zone whose calendar whole-day shifts follow; UTC by default. */
  tz?: string;
}

export class GroupDragSession {
  shiftMs = 0;
  preview: GroupMovePreview | null = null;
  /** Each member's colour in `preview`. */
  severities = new Map<string, Severity | null>();
  readonly ids: ReadonlySet<string>;
  private previews: LatestOnly<number, GroupMovePreview>;
  private step: number;
  private tz: string;

  constructor(
    private api: Pick<Api, 'previewGroupMove' | 'commitGroupMove'>,
    readonly set: GroupMoveSet,
    /** Pixels per millisecond of the track. */
    private pxPerMs: number,
    private onChange: (s: GroupDragSession) => void,
    frame: FrameScheduler = (cb) => requestAnimationFrame(cb),
    opts: GroupDragOptions = {},
  ) {
    this.step = opts.step ?? SNAP;
    this.tz = opts.tz ?? 'UTC';
    this.ids = new Set(set.deployments.map((d) => d.id));
    this.previews = new LatestOnly<number, GroupMovePreview>({
      key: () => this.shiftMs,
      ask: () => (this.shiftMs === 0 ? null : this.api.previewGroupMove(this.targets())),
      answer: (p) => {
        this.preview = p;
        this.severities = new Map(p?.members.map((m) => [m.id, m.severity]) ?? []);
        this.onChange(this);
      },
      frame,
    });
  }

  get changed(): boolean {
    return this.shiftMs !== 0;
  }

  /** Is `preview` the engine's answer for the current offset (or is there nothing to ask)? */
  get fresh(): boolean {
    return this.previews.fresh;
  }

  targets(shift = this.shiftMs): MoveTarget[] {
    return groupTargets(this.set.deployments, shift, this.tz);
  }

  /** Where one member is shown now (UTC ms), or null when it is not a member. */
  shifted(bar: DeploymentBar): { start: number; end: number } | null {
    if (!this.ids.has(bar.id)) return null;
    const t = shiftedTarget(bar, this.shiftMs, this.shiftMs, bar.environment, this.tz);
    return { start: parseInstant(t.start), end: parseInstant(t.end) };
  }

  /** The pointer moved `dx` pixels from where the drag began. */
  move(dx: number): void {
    const shift = snap(dx / this.pxPerMs, this.step);
    if (shift === this.shiftMs) return;
    this.shiftMs = shift;
    this.onChange(this);
    this.previews.changed();
  }

  /** The pointer was released: move the group if it moved (one call, one undoable edit). */
  async end(): Promise<CommittedGroupMove | null> {
    this.previews.stop();
    if (!this.changed || this.set.deployments.length === 0) return null;
    return this.api.commitGroupMove(this.targets());
  }

  cancel(): void {
    this.previews.stop();
    this.shiftMs = 0;
    this.preview = null;
    this.severities = new Map();
  }
}
