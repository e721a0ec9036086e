// The calendar's side of a group drag (Shift+drag on a bar, see groupMove.ts,
// or a drag of a selected bar, see selection.ts), without the DOM: asks which
// deployments move, follows the pointer, and on the drop hands the targets to
// the calendar's commit queue. The pointer may move (or be released) before
// the group is known; the drag then starts from where the pointer is, or not
// at all. The tooltip speaks in names: releases, and the engine's messages
// with deployment ids named (see conflictCard.ts).
import type { Api } from '../api';
import type { CommittedGroupMove, DeploymentBar, GroupMoveSet, Severity } from '../types';
import type { PlacedBar } from '../layout';
import type { DragTarget } from '../drag';
import type { DragView } from './dragView';
import { GroupDragSession, worstSeverity } from './groupMove';
import { namedMessage } from '../conflictCard';
import { releaseName, type BarNames } from './names';
import { selectionSet } from './selection';

/** What the bars of a group drag render from: members, where they are shown, their colours. */
export interface GroupView {
  ids: ReadonlySet<string>;
  session: GroupDragSession;
  changed: boolean;
  fresh: boolean;
  severities: ReadonlyMap<string, Severity | null>;
}

/** A group's move of one deployment, as the calendar's commit queue takes it. */
export type GroupCommitMove = { id: string; severity: Severity | null | undefined } & DragTarget;

export interface GroupDragHost {
  pxPerMs: () => number;
  step: () => number;
  tz: () => string;
  /** Show the group (null: no group drag) and the tooltip's drag of the grabbed bar. */
  show: (group: GroupView | null, drag: DragView | null) => void;
  commit: (moves: GroupCommitMove[], run: () => Promise<CommittedGroupMove | null>) => unknown;
  error: (err: unknown) => void;
  /** Release, service and environment names for the tooltip. */
  names: () => Pick<BarNames, 'releases'>;
}

/** At most this many of the engine's messages in the tooltip. */
const MAX_MESSAGES = 5;
/** Releases named one by one up to this many, then counted. */
const MAX_NAMES = 3;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function listed(ids: readonly string[], names: Pick<BarNames, 'releases'>, what: string): string {
  return ids.length <= MAX_NAMES ? ids.map((id) => releaseName(names.releases, id)).join(', ') : plural(ids.length, what);
}

/**
 * The tooltip's first line: "Moving 2 deployments of Storefront 3.9.0 and its
 * dependent release Checkout 2.0 (1 that ran stays)", or for a selection
 * "Moving 3 selected deployments of Storefront 3.9.0, Search 5.8.1".
 */
export function groupHeadline(set: GroupMoveSet, selection: boolean, names: Pick<BarNames, 'releases'>): string {
  const n = set.deployments.length;
  if (selection) {
    const releases = [...new Set(set.deployments.map((d) => d.release))];
    return `Moving ${plural(n, 'selected deployment')} of ${listed(releases, names, 'release')}`;
  }
  const deps = set.dependents.length;
  return `Moving ${plural(n, 'deployment')} of ${releaseName(names.releases, set.release)}`
    + (deps ? ` and ${deps === 1 ? 'its dependent release' : 'its dependent releases'} ${listed(set.dependents, names, 'release')}` : '')
    + (set.kept.length ? ` (${set.kept.length} that ran ${set.kept.length === 1 ? 'stays' : 'stay'})` : '');
}

interface Grab { p: PlacedBar; lane: number; x0: number; x: number; y: number; over: boolean; selection: boolean }

export class GroupDrag {
  private grab: Grab | null = null;
  private session: GroupDragSession | null = null;

  constructor(private api: Pick<Api, 'groupMoveSet' | 'previewGroupMove' | 'commitGroupMove'>, private host: GroupDragHost) {}

  /** Shift+pointer down on the bar at `p`: find the group, then follow the pointer. */
  start(p: PlacedBar, lane: number, x: number, y: number, withDependents: boolean): void {
    this.begin(p, lane, x, y, this.api.groupMoveSet(p.bar.release, withDependents), false);
  }

  /** Pointer down on the selected bar at `p`: move `selected` (the selection, as shown now) with it. */
  startSelection(p: PlacedBar, lane: number, x: number, y: number, selected: readonly DeploymentBar[]): void {
    this.begin(p, lane, x, y, Promise.resolve(selectionSet(selected)), true);
  }

  private begin(p: PlacedBar, lane: number, x: number, y: number, group: Promise<GroupMoveSet>, selection: boolean): void {
    this.cancel();
    const grab: Grab = { p, lane, x0: x, x, y, over: false, selection };
    this.grab = grab;
    group.then((set) => {
      if (grab.over) return;
      const s = new GroupDragSession(this.api, set, this.host.pxPerMs(), () => this.update(), undefined,
        { step: this.host.step(), tz: this.host.tz() });
      this.session = s;
      s.move(grab.x - grab.x0);
      this.update();
    }, (err) => {
      if (grab.over) return;
      this.grab = null;
      this.host.error(err);
    });
  }

  /** A pointer move; false when no group drag is going on. */
  move(e: Pick<PointerEvent, 'clientX' | 'clientY'>): boolean {
    const g = this.grab;
    if (!g) return false;
    g.x = e.clientX;
    g.y = e.clientY;
    if (this.session) { this.session.move(g.x - g.x0); this.update(); }
    return true;
  }

  /** The pointer was released: commit the group's move if it moved. */
  drop(): void {
    const g = this.grab;
    const s = this.session;
    if (!g) return;
    this.end(g);
    if (!s || !s.changed) { s?.cancel(); return; }
    const sev = s.severities;
    const moves = s.targets().map((t) => ({ ...t, severity: s.fresh ? sev.get(t.id) ?? null : undefined }));
    void this.host.commit(moves, () => s.end());
  }

  cancel(): void {
    const g = this.grab;
    if (!g) return;
    this.session?.cancel();
    this.end(g);
  }

  private end(g: Grab) {
    g.over = true;
    this.grab = null;
    this.session = null;
    this.host.show(null, null);
  }

  private update() {
    const g = this.grab;
    const s = this.session;
    if (!g || !s) return;
    const group: GroupView = { ids: s.ids, session: s, changed: s.changed, fresh: s.fresh, severities: s.severities };
    // The tooltip follows the grabbed bar (or the group's first when it stays, having run).
    const lead = s.ids.has(g.p.bar.id) ? g.p.bar : s.set.deployments[0];
    if (!lead) { this.host.show(group, null); return; }
    const at = s.shifted(lead)!;
    const conflicts = s.preview?.conflicts ?? [];
    const head = groupHeadline(s.set, g.selection, this.host.names());
    const found = conflicts.length
      ? [...conflicts.slice(0, MAX_MESSAGES).map((c) => `${c.title}: ${namedMessage(c)}`),
        ...(conflicts.length > MAX_MESSAGES ? [`… and ${conflicts.length - MAX_MESSAGES} more`] : [])]
      : ['No conflicts here'];
    const messages = !s.changed ? [head] : !s.fresh ? [head, 'Checking…'] : [head, ...found];
    const drag: DragView = {
      id: lead.id, kind: 'move', lane: g.lane, start: at.start, end: at.end, environment: lead.environment,
      changed: s.changed, fresh: s.fresh, severity: s.changed ? worstSeverity(s.severities.values()) : null,
      messages, x: g.x, y: g.y,
    };
    this.host.show(group, drag);
  }
}
