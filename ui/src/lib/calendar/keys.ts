// The calendar's keyboard, independent of the DOM: which key on a focused bar
// does what (open, cancel a drag, move or resize by one step, change the
// environment, select it, move the selection or the whole release), which key
// zooms, and the hint a screen reader hears. The component only performs the
// action it is handed.
import type { DeploymentBar, Named } from '../types';
import type { LaneMode } from '../layout';
import { SNAP } from '../time';
import { shiftedTarget, type DragTarget } from '../drag';
import type { Zoom } from './view';

/** The parts of a key event the calendar reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>;

/**
 * What a key on a bar asks for. `stay`: the key is the calendar's (its default
 * is prevented) but there is nowhere to go. `cancel` only means something while
 * a drag is in flight.
 */
export type BarKeyAction =
  | { kind: 'open' }
  | { kind: 'cancel' }
  | { kind: 'move'; target: DragTarget }
  /** Space (or Ctrl/⌘+Space): add the bar to the selection or take it out (see selection.ts). */
  | { kind: 'select' }
  /**
   * Alt+←/→: move the selection by `shift` ms, or with none the bar's whole
   * release (Alt+Shift+←/→: with the releases that depend on it), one edit.
   */
  | { kind: 'group'; shift: number; withDependents: boolean }
  | { kind: 'stay' };

export interface BarKeyContext {
  /** One arrow press shifts by this much (see `stepFor`). */
  step: number;
  tz: string;
  laneMode: LaneMode;
  /** The plan's environments in lane order (↑/↓ in environment lanes). */
  environments: Named[];
}

/** The action of a key pressed on a bar; null when the key is not the calendar's. */
export function barKeyAction(e: KeyPress, bar: DeploymentBar, ctx: BarKeyContext): BarKeyAction | null {
  switch (e.key) {
    case 'Enter':
      return { kind: 'open' };
    case 'Escape':
      return { kind: 'cancel' };
    case ' ':
      return e.altKey || e.shiftKey ? null : { kind: 'select' };
    case 'ArrowLeft':
    case 'ArrowRight': {
      if (e.ctrlKey || e.metaKey) return null;
      const d = e.key === 'ArrowRight' ? ctx.step : -ctx.step;
      if (e.altKey) return { kind: 'group', shift: d, withDependents: e.shiftKey };
      const target = e.shiftKey
        ? shiftedTarget(bar, 0, d, bar.environment, ctx.tz)
        : shiftedTarget(bar, d, d, bar.environment, ctx.tz);
      return { kind: 'move', target };
    }
    case 'ArrowUp':
    case 'ArrowDown': {
      if (ctx.laneMode !== 'environment' || e.altKey || e.ctrlKey || e.metaKey) return null;
      const envs = ctx.environments;
      const i = envs.findIndex((x) => x.id === bar.environment);
      const j = i + (e.key === 'ArrowDown' ? 1 : -1);
      if (i < 0 || j < 0 || j >= envs.length) return { kind: 'stay' };
      return { kind: 'move', target: { start: bar.start, end: bar.end, environment: envs[j].id } };
    }
  }
  return null;
}

/** + (or =) zooms in (-1 along ZOOMS), − zooms out (+1); null for any other key or with a modifier. */
export function zoomKeyDirection(e: KeyPress): -1 | 1 | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key !== '+' && e.key !== '=' && e.key !== '-') return null;
  return e.key === '-' ? 1 : -1;
}

/** What the keys do on a bar at this zoom and in these lanes, in words (and how to draw a new deployment). */
export function keyHint(step: number, zoom: Zoom, laneMode: LaneMode): string {
  return `Arrow keys move by ${step === SNAP ? '15 minutes' : zoom === 'month' ? '1 hour' : '1 day'}, Shift with arrows changes the end` +
    `${laneMode === 'environment' ? ', up and down change the environment' : ''}; Enter opens the deployment, N adds one after it` +
    ' (drag across an empty part of a lane to draw one). ' +
    'Space selects it; Alt with arrows moves the selection, or without one the whole release (Alt+Shift: with its dependents); Escape clears the selection.';
}
