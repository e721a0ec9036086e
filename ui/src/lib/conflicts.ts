import type { Conflict, Severity } from './types';

export interface RuleGroup { rule: string; title: string; conflicts: Conflict[] }
export interface SeverityGroup { severity: Severity; groups: RuleGroup[]; count: number }

/** Errors first, then warnings; within each, rules in report order. */
export function groupConflicts(conflicts: Conflict[]): SeverityGroup[] {
  const out: SeverityGroup[] = [];
  for (const severity of ['error', 'warning'] as const) {
    const groups: RuleGroup[] = [];
    for (const c of conflicts.filter((c) => c.severity === severity)) {
      let g = groups.find((g) => g.rule === c.rule);
      if (!g) groups.push((g = { rule: c.rule, title: c.title, conflicts: [] }));
      g.conflicts.push(c);
    }
    const count = groups.reduce((n, g) => n + g.conflicts.length, 0);
    if (count > 0) out.push({ severity, groups, count });
  }
  return out;
}

/** The first instant a conflict's evidence mentions, to scroll the calendar to it. */
export function conflictStart(c: Conflict): string | null {
  for (const e of c.evidence) if (typeof e.start === 'string') return e.start;
  return null;
}
