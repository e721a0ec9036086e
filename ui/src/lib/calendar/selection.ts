// Several bars picked to move together: Ctrl/⌘+click or Space on a bar
// toggles it, Escape or a plain click elsewhere clears the selection, and a
// drag of a selected bar or Alt+←/→ moves them all by one offset (the gaps
// between them stay) as one edit, through the same group move as a release's
// (groupMove.ts). Independent of the DOM: what a press does, what is
// selected, and what the status line says.
import type { CommittedGroupMove, CommittedMove, DeploymentBar, GroupMoveSet } from '../types';

/**
 * The selected deployments by id, each as last seen: a selected bar may leave
 * the loaded period (moved past it, or the user paged away) and still moves
 * with the others.
 */
export type Selection = ReadonlyMap<string, DeploymentBar>;

export const NO_SELECTION: Selection = new Map();

/** The selection with `bar` added, or taken out when it was in. */
export function toggleSelected(sel: Selection, bar: DeploymentBar): Selection {
  const next = new Map(sel);
  if (next.has(bar.id)) next.delete(bar.id);
  else next.set(bar.id, bar);
  return next;
}

/** The selection with its members as `bars` have them now; the same object when none of them is selected. */
export function refreshSelection(sel: Selection, bars: Iterable<DeploymentBar>): Selection {
  if (!sel.size) return sel;
  let next: Map<string, DeploymentBar> | null = null;
  for (const b of bars) {
    if (!sel.has(b.id) || sel.get(b.id) === b) continue;
    next ??= new Map(sel);
    next.set(b.id, b);
  }
  return next ?? sel;
}

/** The bars a commit moved, to refresh the selection with. */
export function committedBars(done: CommittedMove | CommittedGroupMove): DeploymentBar[] {
  return Array.isArray(done.moved) ? done.moved : [done.moved];
}

/** The selected bars as shown now (`shown`: id → bar, for the loaded ones), else as last seen; in selection order. */
export function selectedBars(sel: Selection, shown: ReadonlyMap<string, DeploymentBar>): DeploymentBar[] {
  return [...sel.values()].map((b) => shown.get(b.id) ?? b);
}

/** The selection as a group to move (no release of its own, no dependents, nothing kept). */
export function selectionSet(bars: readonly DeploymentBar[]): GroupMoveSet {
  return { release: '', dependents: [], deployments: [...bars], kept: [] };
}

/** What a pointer press on a bar does to the selection. */
export type Press =
  /** Ctrl/⌘+click: add the bar to the selection or take it out; no drag. */
  | 'toggle'
  /** On a selected bar (of several): drag the whole selection. */
  | 'drag-selection'
  /** Elsewhere than the selection: clear it, then the usual drag. */
  | 'clear'
  /** The usual drag, the selection left as it is. */
  | 'keep';

/** What pressing on a bar does, given whether it is selected and how many are. Shift+drag (a release's move) leaves the selection alone. */
export function pressAction(e: Pick<PointerEvent, 'ctrlKey' | 'metaKey' | 'shiftKey'>, selected: boolean, size: number): Press {
  if (e.shiftKey) return 'keep';
  if (e.ctrlKey || e.metaKey) return 'toggle';
  if (selected) return size > 1 ? 'drag-selection' : 'keep';
  return size > 0 ? 'clear' : 'keep';
}

/** The status line: "3 selected — drag or Alt+←/→ to move; Esc clears"; empty without a selection. */
export function selectionStatus(n: number): string {
  return n ? `${n} selected — drag or Alt+←/→ to move; Esc clears` : '';
}
