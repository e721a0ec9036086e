import type { Conflict, ConflictDigest, ConflictGroupKey, Evidence, Rule, Severity } from './types';
import { instantLabel, intervalLabel, parseInstant } from './time';

/** A rule's group of the panel: the cards loaded so far of `total`. */
export interface RuleGroup extends ConflictGroupKey { key: string; title: string; conflicts: Conflict[]; total: number }
export interface SeverityGroup { severity: Severity; groups: RuleGroup[]; count: number }

/** Cards a group of the panel lists before "Show more". */
export const FIRST_CARDS = 20;
/** Cards each "Show more" adds. */
export const MORE_CARDS = 200;

/** The key of a group of the panel: its severity and rule. */
export function groupKey(g: ConflictGroupKey): string {
  return `${g.severity}:${g.rule}`;
}

/**
 * The panel's groups from the engine's digest (errors first, then warnings;
 * within each, rules in report order) with the cards of "Show more" (`more`,
 * by group key) after each group's first cards.
 */
export function digestGroups(digest: ConflictDigest, more: Record<string, Conflict[]> = {}): SeverityGroup[] {
  const out: SeverityGroup[] = [];
  for (const severity of ['error', 'warning'] as const) {
    const groups: RuleGroup[] = digest.groups
      .filter((g) => g.severity === severity)
      .map((g) => {
        const key = groupKey(g);
        return { key, severity, rule: g.rule, title: g.title, total: g.total, conflicts: [...g.items, ...(more[key] ?? [])] };
      });
    const count = groups.reduce((n, g) => n + g.total, 0);
    if (count > 0) out.push({ severity, groups, count });
  }
  return out;
}

/** The first instant a conflict's evidence mentions, to scroll the calendar to it. */
export function conflictStart(c: Conflict): string | null {
  for (const e of c.evidence) if ('start' in e) return e.start;
  return null;
}

/** A stable key for a conflict: its rule and subjects (never the message). */
export function conflictKey(c: Conflict): string {
  return [c.rule, c.environment ?? '', c.window ?? '', c.team ?? '', c.releases.join(','), c.services.join(','), c.deployments.join(','), (c.holds ?? []).join(','), (c.bookings ?? []).join(',')].join('|');
}

/** One sentence per piece of evidence, with names and times in the plan's zone. */
export function describeEvidence(ev: Evidence, names: Map<string, string>, tz: string): string {
  const name = (id: string) => names.get(id) ?? id;
  const span = (e: { start: string; end: string }) => intervalLabel(parseInstant(e.start), parseInstant(e.end), tz);
  switch (ev.kind) {
    case 'window_occurrence':
      return `${name(ev.window)} occurs ${span(ev)}`;
    case 'uncovered':
      return `Not inside any maintenance window: ${span(ev)}`;
    case 'other_deployment':
      return `Overlaps ${name(ev.deployment)} (${span(ev)})`;
    case 'dependency_path':
      return `Depends: ${ev.path.map(name).join(' → ')}`;
    case 'concurrency_peak':
      return `${ev.peak} deployments at once (limit ${ev.limit}) ${span(ev)}`;
    case 'unavailable':
      return `Team unavailable ${span(ev)}${ev.reason ? ` (${ev.reason})` : ''}`;
    case 'approvals': {
      const rejected = ev.rejected_by.length ? `; rejected by ${ev.rejected_by.join(', ')}` : '';
      return `${ev.counted} of ${ev.required} required approvals${rejected}`;
    }
    case 'hold': {
      const when = ev.until ? span({ start: ev.from, end: ev.until }) : `from ${instantLabel(parseInstant(ev.from), tz)}, until lifted`;
      return `Hold ${ev.hold} ${when}${ev.reason ? ` (${ev.reason})` : ''}`;
    }
    case 'booking':
      return `Booked by ${ev.holder_kind} ${name(ev.holder)} ${span({ start: ev.from, end: ev.until })}${ev.exclusive ? ' (exclusive)' : ''}`;
    case 'readiness':
      return `${ev.title} not done by ${instantLabel(parseInstant(ev.due), tz)}`;
    case 'review':
      return `Review due ${instantLabel(parseInstant(ev.due), tz)}, not recorded`;
    case 'waiver':
      return `Waived by ${ev.waiver} (granted by ${ev.granted_by})`;
  }
}
