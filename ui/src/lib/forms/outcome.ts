// A deployment's `outcome` (what actually happened) ↔ its form state.
// Instants are edited as wall time in the plan's zone; writing back keeps an
// unchanged outcome (or incident, or instant) exactly as it was spelled, and
// the fields the form does not know (`x`).
import { instantToWall, localToWallMs, wallToInstant } from './localTime';

type Json = Record<string, unknown>;

export interface IncidentRow {
  id: string; url: string;
  /** Local wall times in the plan's zone; '' when not given. */
  opened: string; resolved: string;
  severity: string;
  /** The incident's own JSON (keeps `x` and exact instants when unchanged). */
  raw: Json;
}

export interface OutcomeForm {
  /** Local wall times in the plan's zone; `finished` '' while running. */
  started: string; finished: string;
  /** '' while running. */
  result: string;
  incidents: IncidentRow[];
  /** The outcome's own JSON. */
  raw: Json;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const wall = (v: unknown, tz: string) => (typeof v === 'string' && v ? instantToWall(v, tz) : '');

/** The form of an outcome's JSON; null when the deployment has none. */
export function outcomeToForm(value: unknown, tz: string): OutcomeForm | null {
  if (value === undefined || value === null) return null;
  const o = obj(value);
  return {
    started: wall(o.started, tz), finished: wall(o.finished, tz), result: str(o.result),
    incidents: (Array.isArray(o.incidents) ? o.incidents : []).map((v) => {
      const i = obj(v);
      return { id: str(i.id), url: str(i.url), opened: wall(i.opened, tz), resolved: wall(i.resolved, tz), severity: str(i.severity), raw: i };
    }),
    raw: o,
  };
}

/** A new outcome: started at the planned start, still running. */
export function blankOutcome(plannedStart: string): OutcomeForm {
  return { started: plannedStart, finished: '', result: '', incidents: [], raw: {} };
}

export function blankIncident(): IncidentRow {
  return { id: '', url: '', opened: '', resolved: '', severity: '', raw: {} };
}

/** `key` of `out` from the wall time `local`: kept as spelled when it reads the same, removed when emptied. */
function putInstant(out: Json, key: string, local: string, original: unknown, tz: string) {
  const t = local.trim();
  if (!t) { delete out[key]; return; }
  if (typeof original === 'string' && original && localToWallMs(t) !== null && localToWallMs(t) === localToWallMs(instantToWall(original, tz))) {
    out[key] = original;
    return;
  }
  // An unreadable time is sent as typed: the client check (or the backend) names the field.
  out[key] = wallToInstant(t, tz) ?? t;
}

function putText(out: Json, key: string, value: string) {
  const t = value.trim();
  if (t) out[key] = t;
  else delete out[key];
}

const sameForm = (a: OutcomeForm | null, b: OutcomeForm | null) =>
  JSON.stringify(a, (k, v) => (k === 'raw' ? undefined : v)) === JSON.stringify(b, (k, v) => (k === 'raw' ? undefined : v));

/**
 * The outcome's JSON from its form (undefined: the deployment has no outcome).
 * An outcome whose form is unchanged is returned exactly as `original`.
 */
export function outcomeFromForm(form: OutcomeForm | null, original: unknown, tz: string): Json | undefined {
  if (form === null) return undefined;
  if (original !== undefined && original !== null && sameForm(form, outcomeToForm(original, tz))) return original as Json;
  const out: Json = { ...form.raw };
  putInstant(out, 'started', form.started, form.raw.started, tz);
  putInstant(out, 'finished', form.finished, form.raw.finished, tz);
  putText(out, 'result', form.result);
  const incidents = form.incidents.map((row) => {
    const i: Json = { ...row.raw };
    i.id = row.id.trim();
    putText(i, 'url', row.url);
    putInstant(i, 'opened', row.opened, row.raw.opened, tz);
    putInstant(i, 'resolved', row.resolved, row.raw.resolved, tz);
    putText(i, 'severity', row.severity);
    return i;
  });
  if (incidents.length) out.incidents = incidents;
  else delete out.incidents;
  return out;
}
