// What the calendar shows of a drag in flight: a plain snapshot of the
// DragSession (where the bar would go, what the engine said about it, where
// the pointer is) that the dragged bar and the tooltip render from.
import type { Severity } from '../types';
import { parseInstant } from '../time';
import type { DragKind, DragSession } from '../drag';
import { namedMessage } from '../conflictCard';

export interface DragView {
  id: string; kind: DragKind; lane: number; start: number; end: number; environment: string;
  changed: boolean; fresh: boolean; severity: Severity | null; messages: string[]; x: number; y: number;
}

/** The snapshot of a session whose bar sits in lane `lane`, with the pointer at (`x`, `y`). */
export function dragView(
  s: Pick<DragSession, 'bar' | 'kind' | 'target' | 'changed' | 'fresh' | 'preview'>, lane: number, x: number, y: number,
): DragView {
  const t = s.target();
  return {
    id: s.bar.id, kind: s.kind, lane, start: parseInstant(t.start), end: parseInstant(t.end), environment: t.environment,
    changed: s.changed, fresh: s.fresh, severity: s.preview?.severity ?? null,
    messages: s.preview?.conflicts.map((c) => `${c.title}: ${namedMessage(c)}`) ?? [], x, y,
  };
}
