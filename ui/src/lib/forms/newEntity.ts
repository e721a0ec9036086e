// New entities: unique ids and a sensible blank entity of each kind.
import type { EntityJson, EntityKind, PlanSummary } from '../types';
import { HOUR, formatInstant, parseInstant } from '../time';
import { nextFullHour, wallToInstant } from './localTime';
import { weekdayOf } from './recurrence';

/** The ids of a kind that the plan outline knows (deployments are not in it). */
export function existingIds(kind: EntityKind, plan: PlanSummary): string[] {
  switch (kind) {
    case 'release': return plan.releases.map((r) => r.id);
    case 'service': return plan.services.map((s) => s.id);
    case 'environment': return plan.environments.map((e) => e.id);
    case 'team': return plan.teams.map((t) => t.id);
    case 'train': return plan.trains.map((t) => t.id);
    case 'window': return plan.windows.map((w) => w.id);
    case 'deployment': return [];
  }
}

/** `base`, or `base-2`, `base-3`… the first not among `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The id a new deployment would naturally have: release/service/environment. */
export function deploymentIdFor(release: string, service: string, environment: string): string {
  return [release, service, environment].filter(Boolean).join('/');
}

/** A sensible new entity of a kind (`nowMs`: the plan's "now", its as-of instant when it has one). */
export function blank(kind: EntityKind, plan: PlanSummary, nowMs: number): EntityJson {
  const tz = plan.timezone;
  const ids = existingIds(kind, plan);
  const start = nextFullHour(nowMs, tz);
  switch (kind) {
    case 'release':
      return { id: uniqueId('release', ids), change_type: 'normal', status: 'planned' };
    case 'deployment': {
      const release = plan.releases[0]?.id ?? '';
      const service = plan.services[0]?.id ?? '';
      const environment = plan.environments[0]?.id ?? '';
      const s = wallToInstant(start, tz) ?? formatInstant(nowMs);
      return {
        id: deploymentIdFor(release, service, environment) || 'deployment', release, service, environment,
        start: s, end: formatInstant(parseInstant(s) + HOUR), strategy: 'big-bang', status: 'planned',
      };
    }
    case 'service':
      return { id: uniqueId('service', ids), tier: 3 };
    case 'environment':
      return { id: uniqueId('environment', ids), order: plan.environments.length + 1 };
    case 'team':
      return { id: uniqueId('team', ids), timezone: tz };
    case 'train':
      return { id: uniqueId('train', ids), rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(start)}`, start, freeze: 'P1D' };
    case 'window':
      return { id: uniqueId('window', ids), kind: 'maintenance', start, duration: 'PT4H', timezone: tz };
  }
}

/**
 * A new entity with some fields already given (a deployment drawn on the
 * calendar: its release, service, environment and times); a deployment's id
 * follows its release/service/environment.
 */
export function prefilled(kind: EntityKind, json: EntityJson, fields: Record<string, unknown>): EntityJson {
  const out: EntityJson = { ...json, ...fields };
  if (kind === 'deployment') {
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    out.id = deploymentIdFor(str(out.release), str(out.service), str(out.environment)) || 'deployment';
  }
  return out;
}
