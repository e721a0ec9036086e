// Bar events are handled once, on the lanes, not on each bar: which bar (by its
// data-id) an event happened on, and which edge of it the pointer grabs.
import { edgeAt, type PlacedBar } from '../layout';

export interface BarHit { el: HTMLElement; at: { lane: number; p: PlacedBar } }

/** The bar an event happened on, looked up in `where` (deployment id → lane and placement); null when none. */
export function barHit(e: Event, where: ReadonlyMap<string, { lane: number; p: PlacedBar }>): BarHit | null {
  const el = (e.target as Element | null)?.closest?.<HTMLElement>('[data-id]');
  const at = el?.dataset.id ? where.get(el.dataset.id) : undefined;
  return el && at ? { el, at } : null;
}

/** The edge of the bar element under `clientX`, unless that edge is clipped by the period (it cannot be dragged here). */
export function grabbedEdge(el: HTMLElement, clientX: number, p: PlacedBar): 'start' | 'end' | null {
  const r = el.getBoundingClientRect();
  const edge = edgeAt(clientX - r.left, r.width);
  return (edge === 'start' && p.clipStart) || (edge === 'end' && p.clipEnd) ? null : edge;
}
