// Words and small checks of the CAB view's governance section.
import type { ChecklistLine } from '../types';

/** "2 of 3 done · 1 missing", or that no template asks for anything. */
export function checklistSummary(lines: ChecklistLine[]): string {
  if (!lines.length) return 'No checklist: no readiness template applies and none is recorded.';
  const done = lines.filter((l) => l.state === 'done' || l.state === 'waived').length;
  const missing = lines.filter((l) => l.missing).length;
  return `${done} of ${lines.length} done${missing ? ` · ${missing} missing` : ' · ready'}`;
}

/** What a line's state reads as: missing lines say so even while open. */
export function stateLabel(l: ChecklistLine): string {
  if (l.state === null) return 'missing';
  if (l.missing && l.state !== 'open') return `${l.state} late`;
  return l.state;
}

/** The non-empty lines of a text area (conditions, follow-ups). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Problems of the add-item form: an id, not one the checklist has. */
export function newItemProblem(id: string, lines: ChecklistLine[]): string | null {
  const t = id.trim();
  if (!t) return 'Give the item an id (a template item id, or a new one)';
  if (lines.some((l) => l.id === t && l.state !== null)) return `The checklist already has ${t}`;
  return null;
}
