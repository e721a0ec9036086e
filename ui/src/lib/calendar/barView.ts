// Everything a bar's element shows (class, text, accessible name, position,
// colour, the label beside a short bar), worked out in one pass so a bar gets
// one update when something changes. The context is read lazily: only the
// dragged bar reads the drag, so the other bars do not follow its every move.
import type { DeploymentBar, ReleaseInfo } from '../types';
import { LANE_PAD, ROW_H, barLabel, place, releaseHue, type Lane, type LaneMode, type Period, type PlacedBar } from '../layout';
import { releaseName } from './names';
import type { DragView } from './dragView';
import type { GroupView } from './groupDrag';
import type { ColourBy } from './view';
import { actualView, type RunState } from './actual';

export interface BarContext {
  dragId: string | null;
  drag: DragView | null;
  /** The members of a group drag (fixed for the drag, so other bars do not follow it), and the drag itself. */
  groupIds: ReadonlySet<string> | null;
  group: GroupView | null;
  period: Period;
  laneMode: LaneMode;
  lanes: Lane[];
  /** Lane tops in px (see `laneOffsets`). */
  offsets: number[];
  releases: ReadonlyMap<string, ReleaseInfo>;
  serviceNames: ReadonlyMap<string, string>;
  trainNames: ReadonlyMap<string, string>;
  colourBy: ColourBy;
  /** Counts highlight requests; its parity picks the pulse animation so a new request restarts it. */
  pulse: number;
  /** The bar whose edge the pointer hovers (resize cursor). */
  hoverEdge: string | null;
  highlighted: ReadonlySet<string>;
  /** The selected deployments (see selection.ts); none when left out. */
  selected?: { has(id: string): boolean; readonly size: number };
  trackW: number;
  /** The bar's accessible name (see `barName`). */
  name: (bar: DeploymentBar) => string;
  /** "Now" (UTC ms), where a run still going ends; and the zone of the names. */
  now: number;
  tz: string;
}

/** The thin bar of the actual run under the planned one (see `actual.ts`). */
export interface ActualBar {
  state: RunState;
  overrun: boolean;
  name: string;
  style: string;
}

export interface BarView {
  cls: string;
  dragging: boolean;
  /** aria-pressed: whether the bar is selected, while there is a selection (undefined without one). */
  pressed: boolean | undefined;
  text: string;
  name: string;
  style: string;
  /** The style of the label beside the bar, null when the label fits inside (or is left out). */
  outside: string | null;
  /** The actual run, null without an outcome (and while dragged: the run stays where it was). */
  actual: ActualBar | null;
}

/** The actual run just under the planned bar, in the 6 px between rows. */
export const ACTUAL_BELOW_PX = 25;

/** What the bar placed at `p` in lane `laneIdx` shows. */
export function barView(p: PlacedBar, laneIdx: number, ctx: BarContext): BarView {
  const bar = p.bar;
  let left = p.left;
  let width = p.width;
  let top = LANE_PAD + p.row * ROW_H;
  let sev = bar.severity;
  // Only the dragged bar depends on the drag's every move.
  const dragging = ctx.dragId === bar.id && ctx.drag !== null;
  const drag = dragging ? ctx.drag : null;
  if (dragging && drag) {
    const pl = place(drag.start, drag.end, ctx.period);
    left = pl.left;
    width = pl.width;
    if (drag.changed) sev = drag.severity;
    if (drag.environment !== bar.environment && ctx.laneMode === 'environment') {
      const target = ctx.lanes.findIndex((l) => l.id === drag.environment);
      if (target >= 0) top = ctx.offsets[target] + LANE_PAD - ctx.offsets[laneIdx];
    }
  }
  // A member of a group drag: where the group's offset puts it, coloured by the engine's answer for it.
  const group = ctx.groupIds?.has(bar.id) ? ctx.group : null;
  if (group) {
    const at = dragging ? null : group.session.shifted(bar);
    if (at) { const pl = place(at.start, at.end, ctx.period); left = pl.left; width = pl.width; }
    if (group.changed && group.severities.has(bar.id)) sev = group.severities.get(bar.id) ?? null;
  }
  const release = ctx.releases.get(bar.release);
  let hue: number;
  let sat = 65;
  if (ctx.colourBy === 'train') {
    if (release?.train) { hue = releaseHue(release.train); sat = 60; } else { hue = 220; sat = 8; }
  } else hue = releaseHue(bar.release);
  let cls = `bar pulse${ctx.pulse % 2}`;
  if (sev) cls += ` ${sev}`;
  if (dragging) cls += drag && drag.kind !== 'move' ? ' dragging resizing' : ' dragging';
  else if (group) cls += ' dragging grouped';
  if (ctx.hoverEdge === bar.id) cls += ' edge';
  if (ctx.highlighted.has(bar.id)) cls += ' highlighted';
  const selection = ctx.selected;
  const pressed = selection?.size ? selection.has(bar.id) : undefined;
  if (pressed) cls += ' selected';
  if (bar.status !== 'planned') cls += ' history';
  if (p.clipStart) cls += ' clip-start';
  if (p.clipEnd) cls += ' clip-end';
  const service = ctx.serviceNames.get(bar.service) ?? bar.service;
  // What the lane does not already say: a service lane's bars name their release, an environment
  // lane's their service, a team's or train's both (lead with what tells them apart there).
  const rel = releaseName(ctx.releases, bar.release);
  const text = (ctx.laneMode === 'service' ? rel : ctx.laneMode === 'environment' ? service
    : ctx.laneMode === 'team' ? `${service} · ${rel}` : `${rel} · ${service}`)
    + (ctx.colourBy === 'train' && release?.train ? ` · ${ctx.trainNames.get(release.train) ?? release.train}` : '');
  // A label too long for a short bar goes beside it, in the free space before the row's next bar.
  // (Not while dragged: the space beside it is that of where it was.)
  const trackW = ctx.trackW;
  const label = barLabel((width / 100) * trackW, dragging ? 0 : (p.gapAfter / 100) * trackW, text.length);
  if (label.at !== 'inside') cls += ' narrow';
  let actual: ActualBar | null = null;
  if (bar.actual && !dragging) {
    const a = actualView(bar, ctx.period, ctx.now, ctx.tz);
    if (a) actual = { state: a.state, overrun: a.overrun, name: a.name, style: `left: ${a.left}%; --w: ${a.width}%; top: ${top + ACTUAL_BELOW_PX}px` };
  }
  return {
    cls, dragging, pressed, text,
    name: ctx.name(bar),
    style: `left: ${left}%; --w: ${width}%; top: ${top}px; --hue: ${hue}; --sat: ${sat}%`,
    outside: label.at === 'outside'
      ? `--at: ${left}%; --past: ${label.left}px; max-width: ${label.maxWidth}px; top: ${top}px` : null,
    actual,
  };
}
