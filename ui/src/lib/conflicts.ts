import type { Conflict, Severity } from './types';
import { intervalLabel, parseInstant } from './time';

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

/** A stable key for a conflict: its rule and subjects (never the message). */
export function conflictKey(c: Conflict): string {
  return [c.rule, c.environment ?? '', c.window ?? '', c.team ?? '', c.releases.join(','), c.services.join(','), c.deployments.join(',')].join('|');
}

type Evidence = Conflict['evidence'][number];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** One sentence per piece of evidence, with names and times in the plan's zone. */
export function describeEvidence(ev: Evidence, names: Map<string, string>, tz: string): string {
  const name = (id: unknown) => (typeof id === 'string' ? names.get(id) ?? id : '');
  const span = () => {
    const s = str(ev.start), e = str(ev.end);
    return s && e ? intervalLabel(parseInstant(s), parseInstant(e), tz) : '';
  };
  switch (ev.kind) {
    case 'window_occurrence':
      return `${name(ev.window)} occurs ${span()}`;
    case 'uncovered':
      return `Not inside any maintenance window: ${span()}`;
    case 'other_deployment':
      return `Overlaps ${str(ev.deployment)} (${span()})`;
    case 'dependency_path': {
      const path = Array.isArray(ev.path) ? ev.path.map(name) : [];
      return `Depends: ${path.join(' → ')}`;
    }
    case 'concurrency_peak':
      return `${String(ev.peak)} deployments at once (limit ${String(ev.limit)}) ${span()}`;
    case 'unavailable':
      return `Team unavailable ${span()}${ev.reason ? ` (${str(ev.reason)})` : ''}`;
    case 'approvals': {
      const rejected = Array.isArray(ev.rejected_by) && ev.rejected_by.length ? `; rejected by ${ev.rejected_by.join(', ')}` : '';
      return `${String(ev.counted)} of ${String(ev.required)} required approvals${rejected}`;
    }
    default:
      return ev.kind;
  }
}
