// What a conflict card says: release, service and environment by name and
// the time in the plan's zone, with the ids kept for "Ids" on demand. The
// engine's message names deployments by id; here they are named instead.
import type { Conflict, ConflictSubject } from './types';
import { intervalLabel, parseInstant } from './time';

/** "One-page checkout 1.0.0 · Web storefront · Staging". */
export function subjectName(s: ConflictSubject): string {
  return `${s.releaseName} · ${s.serviceName} · ${s.environmentName}`;
}

/** When a subject runs, in zone `tz`: "Fri, 12 Mar 2027 18:30–19:30". */
export function subjectWhen(s: ConflictSubject, tz: string): string {
  return intervalLabel(parseInstant(s.start), parseInstant(s.end), tz);
}

/**
 * The card's first line: its first deployment by name (and how many more),
 * or, for a conflict about releases alone, the releases and environment.
 */
export function cardHeadline(c: Conflict, names: Map<string, string>): string {
  const name = (id: string) => names.get(id) ?? id;
  const [first, ...rest] = c.subjects;
  if (first) return rest.length ? `${subjectName(first)} and ${rest.length} more` : subjectName(first);
  const who = [...c.releases, ...c.services].map(name);
  if (c.environment) who.push(name(c.environment));
  return who.join(' · ') || c.title;
}

/** The card's time: its first deployment's, in the plan's zone; empty without one. */
export function cardWhen(c: Conflict, tz: string): string {
  return c.subjects.length ? subjectWhen(c.subjects[0], tz) : '';
}

/**
 * The engine's message with every deployment id replaced by names: the
 * engine writes "ID (Release, time)", which becomes "Release (time)", and a
 * bare "ID" (or "ID of Release"), which becomes "Release on Service".
 */
export function namedMessage(c: Pick<Conflict, 'message' | 'subjects'>): string {
  let m = c.message;
  // Longest ids first, so an id that starts another is never replaced inside it.
  const subjects = [...c.subjects].sort((a, b) => b.deployment.length - a.deployment.length);
  for (const s of subjects) {
    m = m.split(`${s.deployment} (${s.releaseName}, `).join(`${s.releaseName} (`);
    // "ID of Release" says the release twice once the id is named.
    m = m.split(`${s.deployment} of ${s.releaseName}`).join(`${s.releaseName} on ${s.serviceName}`);
    m = m.split(s.deployment).join(`${s.releaseName} on ${s.serviceName}`);
  }
  return m;
}

/** Every id a conflict names, once each, in a fixed order: what "Ids" lists and copies. */
export function conflictIds(c: Conflict): Array<{ label: string; id: string }> {
  const out: Array<{ label: string; id: string }> = [];
  const add = (label: string, ids: Array<string | null>) => {
    for (const id of ids) if (id && !out.some((o) => o.id === id && o.label === label)) out.push({ label, id });
  };
  add('deployment', c.deployments);
  add('release', c.releases);
  add('service', c.services);
  add('environment', [c.environment]);
  add('window', [c.window]);
  add('team', [c.team]);
  return out;
}

/** Deployment ids named "Release · Service · Environment", for evidence that mentions them. */
export function withSubjectNames(names: Map<string, string>, c: Conflict): Map<string, string> {
  if (!c.subjects.length) return names;
  const m = new Map(names);
  for (const s of c.subjects) m.set(s.deployment, subjectName(s));
  return m;
}
