// Client-side checks that mirror the plan format's obvious rules (the backend
// has the last word), and the input a backend problem is shown at.
import type { EntityKind } from '../types';
import { parseInstant } from '../time';
import { isLocalDateTime, isTimeZone, wallToInstant } from './localTime';
import { isZeroDuration, parseDuration } from './duration';
import type {
  DeploymentForm, EnvironmentForm, Forms, ReleaseForm, ServiceForm, TeamForm, TrainForm, WindowForm,
} from './entityForm';
import type { OutcomeForm } from './outcome';

export interface ValidationContext {
  /** Ids already taken in this kind (checked for new entities). */
  taken: string[];
  isNew: boolean;
  /** The plan's zone (deployment and unavailability times). */
  tz: string;
}

export type Errors = Record<string, string>;

function checkLocal(errors: Errors, field: string, value: string, required: boolean) {
  if (!value.trim()) {
    if (required) errors[field] = 'Required.';
  } else if (!isLocalDateTime(value.trim())) {
    errors[field] = 'Expected a date and time, YYYY-MM-DDTHH:MM.';
  }
}

function checkInt(errors: Errors, field: string, value: string, required: boolean, min?: number, max?: number) {
  const t = value.trim();
  if (!t) {
    if (required) errors[field] = 'Required.';
    return;
  }
  if (!/^[-+]?\d+$/.test(t)) {
    errors[field] = 'Expected a whole number.';
    return;
  }
  const n = Number(t);
  if (min !== undefined && max !== undefined && (n < min || n > max)) errors[field] = `Expected a whole number from ${min} to ${max}.`;
  else if (min !== undefined && n < min) errors[field] = `Expected a whole number ≥ ${min}.`;
}

function checkDuration(errors: Errors, field: string, value: string, required: boolean, positive: boolean) {
  const t = value.trim();
  if (!t) {
    if (required) errors[field] = 'Required.';
    return;
  }
  const d = parseDuration(t);
  if (!d) errors[field] = 'Expected an ISO 8601 duration such as PT4H, P3D or P1DT12H (weeks, days, hours, minutes, seconds).';
  else if (positive && isZeroDuration(d)) errors[field] = 'Must be longer than zero.';
}

function checkZone(errors: Errors, field: string, value: string, required: boolean) {
  const t = value.trim();
  if (!t) {
    if (required) errors[field] = 'Required.';
  } else if (!isTimeZone(t)) {
    errors[field] = 'Not a known IANA time zone (e.g. Europe/Berlin, UTC).';
  }
}

function checkEndAfterStart(errors: Errors, startField: string, endField: string, start: string, end: string, tz: string) {
  if (errors[startField] || errors[endField]) return;
  const s = wallToInstant(start.trim(), tz);
  const e = wallToInstant(end.trim(), tz);
  if (s && e && parseInstant(e) <= parseInstant(s)) errors[endField] = 'Must be after the start.';
}

/** A recorded outcome, as the plan format reads it (fields `outcome.…`, relative to the deployment). */
function checkOutcome(errors: Errors, o: OutcomeForm, tz: string) {
  checkLocal(errors, 'outcome.started', o.started, true);
  checkLocal(errors, 'outcome.finished', o.finished, false);
  if (o.finished.trim()) checkEndAfterStart(errors, 'outcome.started', 'outcome.finished', o.started, o.finished, tz);
  if (o.finished.trim() && !o.result) errors['outcome.result'] = 'A finished deployment needs a result.';
  else if (!o.finished.trim() && o.result) errors['outcome.result'] = 'A deployment still running has no result: give its finish, or leave the result empty.';
  const seen = new Set<string>();
  o.incidents.forEach((row, i) => {
    const at = `outcome.incidents[${i}]`;
    const id = row.id.trim();
    if (!id) errors[`${at}.id`] = 'Required.';
    else if (seen.has(id)) errors[`${at}.id`] = `“${id}” is already an incident of this deployment.`;
    seen.add(id);
    checkLocal(errors, `${at}.opened`, row.opened, false);
    checkLocal(errors, `${at}.resolved`, row.resolved, false);
    if (row.opened.trim() && row.resolved.trim() && !errors[`${at}.opened`] && !errors[`${at}.resolved`]) {
      const opened = wallToInstant(row.opened.trim(), tz);
      const resolved = wallToInstant(row.resolved.trim(), tz);
      if (opened && resolved && parseInstant(resolved) < parseInstant(opened)) errors[`${at}.resolved`] = 'Cannot be before it was opened.';
    }
  });
}

/** Client-side checks of the format's obvious rules; the backend has the last word. Keys are field paths. */
export function validate<K extends EntityKind>(kind: K, form: Forms[K], ctx: ValidationContext): Errors {
  const errors: Errors = {};
  const id = form.id.trim();
  if (!id) errors.id = 'Required.';
  else if ([...id].length > 128) errors.id = 'At most 128 characters.';
  else if (ctx.isNew && ctx.taken.includes(id)) errors.id = `“${id}” is already taken.`;
  switch (kind) {
    case 'release': {
      const f = form as ReleaseForm;
      if (!f.change_type) errors.change_type = 'Required.';
      if (f.depends_on.includes(id)) errors.depends_on = 'A release cannot depend on itself.';
      break;
    }
    case 'deployment': {
      const f = form as DeploymentForm;
      for (const k of ['release', 'service', 'environment'] as const) if (!f[k]) errors[k] = 'Required.';
      checkLocal(errors, 'start', f.start, true);
      checkLocal(errors, 'end', f.end, true);
      checkEndAfterStart(errors, 'start', 'end', f.start, f.end, ctx.tz);
      if (f.outcome) checkOutcome(errors, f.outcome, ctx.tz);
      break;
    }
    case 'service': {
      const f = form as ServiceForm;
      checkInt(errors, 'tier', f.tier, false, 1, 4);
      if (f.depends_on.includes(id)) errors.depends_on = 'A service cannot depend on itself.';
      break;
    }
    case 'environment': {
      const f = form as EnvironmentForm;
      checkInt(errors, 'order', f.order, true);
      checkInt(errors, 'max_concurrent', f.max_concurrent, false, 1);
      break;
    }
    case 'team': {
      const f = form as TeamForm;
      checkZone(errors, 'timezone', f.timezone, false);
      f.unavailable.forEach((r, i) => {
        checkLocal(errors, `unavailable[${i}].start`, r.start, true);
        checkLocal(errors, `unavailable[${i}].end`, r.end, true);
        checkEndAfterStart(errors, `unavailable[${i}].start`, `unavailable[${i}].end`, r.start, r.end, ctx.tz);
      });
      break;
    }
    case 'train': {
      const f = form as TrainForm;
      checkLocal(errors, 'start', f.start, false);
      checkDuration(errors, 'freeze', f.freeze, false, false);
      if (/\s/.test(f.rrule.trim())) errors.rrule = 'An RRULE has no spaces.';
      break;
    }
    case 'window': {
      const f = form as WindowForm;
      if (!f.kind) errors.kind = 'Required.';
      checkLocal(errors, 'start', f.start, true);
      checkDuration(errors, 'duration', f.duration, true, true);
      checkZone(errors, 'timezone', f.timezone, true);
      if (/\s/.test(f.rrule.trim())) errors.rrule = 'An RRULE has no spaces.';
      f.exdates.forEach((d, i) => checkLocal(errors, `exdates[${i}]`, d, true));
      break;
    }
  }
  return errors;
}

/**
 * The input a backend problem belongs to: its own field when the form has
 * one, else the nearest enclosing field (`scope.services[1]` → `scope.services`,
 * `unavailable[0].x` → `unavailable[0]` → `unavailable`); null when none (shown
 * in the summary).
 */
export function problemTarget(field: string, known: Set<string>): string | null {
  let f = field.replace(/^\$\./, '');
  while (f) {
    if (known.has(f)) return f;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) break;
    f = f.slice(0, cut);
  }
  return null;
}
