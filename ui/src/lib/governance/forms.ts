// The hold and booking dialogs' forms: defaults, checks before anything is
// sent, and what is sent (a hold request; a booking in the plan format).
import type { HoldRequest, Named, PlanSummary } from '../types';
import { wallToInstant } from '../forms/localTime';
import { formatInstant } from '../time';

export type HoldScopeKind = 'plan' | 'environment' | 'service' | 'release';

export interface HoldForm {
  scope: HoldScopeKind;
  /** The environment, service or release id ('' for the whole plan). */
  target: string;
  reason: string;
  /** Local date-times in the plan's zone; `until` may be ''. */
  from: string;
  until: string;
}

export type Problems = Partial<Record<string, string>>;

/** Production: the last environment in promotion order ('' without environments). */
export function productionOf(plan: Pick<PlanSummary, 'environments'>): string {
  return plan.environments.at(-1)?.id ?? '';
}

/** The choices of target for a scope. */
export function targetsFor(plan: PlanSummary, scope: HoldScopeKind): Named[] {
  switch (scope) {
    case 'environment': return plan.environments;
    case 'service': return plan.services;
    case 'release': return plan.releases.map((r) => ({ id: r.id, name: r.name }));
    default: return [];
  }
}

/** The hold request of a form, or the problems by field. */
export function holdRequest(form: HoldForm, tz: string): { request: HoldRequest | null; problems: Problems } {
  const problems: Problems = {};
  if (form.scope !== 'plan' && !form.target) problems.target = `Choose the ${form.scope}`;
  const from = wallToInstant(form.from, tz);
  if (!from) problems.from = 'Give the date and time the hold starts';
  let until: string | null = null;
  if (form.until.trim()) {
    until = wallToInstant(form.until, tz);
    if (!until) problems.until = 'Give a date and time, or leave it empty for a hold until lifted';
    else if (from && until <= from) problems.until = 'The hold must end after it starts';
  }
  if (Object.keys(problems).length || !from) return { request: null, problems };
  return {
    request: { scope: form.scope, target: form.scope === 'plan' ? null : form.target, reason: form.reason.trim(), from, until },
    problems,
  };
}

export type HolderKind = 'train' | 'team' | 'release';

export interface BookingForm {
  holderKind: HolderKind;
  holder: string;
  exclusive: boolean;
  note: string;
}

export function holdersFor(plan: PlanSummary, kind: HolderKind): Named[] {
  switch (kind) {
    case 'train': return plan.trains;
    case 'team': return plan.teams;
    case 'release': return plan.releases.map((r) => ({ id: r.id, name: r.name }));
  }
}

/** The first free booking id `booking-<environment>-N`. */
export function newBookingId(environment: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `booking-${environment}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** The booking entity (plan format JSON) of a form over [from, to), or the problems by field. */
export function bookingEntity(
  form: BookingForm, environment: string, from: number, to: number, id: string,
): { entity: Record<string, unknown> | null; problems: Problems } {
  const problems: Problems = {};
  if (!form.holder) problems.holder = `Choose the ${form.holderKind} that holds ${environment}`;
  if (!(to > from)) problems.until = 'The booking must end after it starts';
  if (Object.keys(problems).length) return { entity: null, problems };
  const entity: Record<string, unknown> = {
    id, environment, holder_kind: form.holderKind, holder: form.holder,
    from: formatInstant(from), until: formatInstant(to), exclusive: form.exclusive,
  };
  if (form.note.trim()) entity.note = form.note.trim();
  return { entity, problems };
}
