// Pure helpers behind the entity forms: plan-format JSON ↔ form state,
// client-side checks that mirror the format's obvious rules, local wall time
// ↔ instants, ISO 8601 durations and the recurrence presets. No IPC here.
import type { EntityJson, EntityKind, PlanSummary } from '../types';
import { DAY, HOUR, formatInstant, offsetMs, parseInstant, toWall } from '../time';

export const KINDS: EntityKind[] = ['release', 'deployment', 'service', 'environment', 'team', 'train', 'window'];

export const KIND_LABEL: Record<EntityKind, string> = {
  release: 'Release', deployment: 'Deployment', service: 'Service', environment: 'Environment',
  team: 'Team', train: 'Train', window: 'Window',
};
export const KIND_PLURAL: Record<EntityKind, string> = {
  release: 'Releases', deployment: 'Deployments', service: 'Services', environment: 'Environments',
  team: 'Teams', train: 'Trains', window: 'Windows',
};

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export const RELEASE_STATUSES = ['draft', 'planned', 'approved', 'scheduled', 'in_progress', 'deployed', 'rolled_back', 'cancelled'] as const;
export const STRATEGIES = ['big-bang', 'blue-green', 'canary', 'rolling', 'phased'] as const;
export const DEPLOYMENT_STATUSES = ['planned', 'succeeded', 'failed', 'rolled_back'] as const;
export const WINDOW_KINDS = ['maintenance', 'blackout'] as const;
export const SENSITIVE_DATA_CLASSES = ['financial', 'customer'];
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABEL: Record<Weekday, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};

/** "in_progress" → "in progress". */
export function humanize(s: string): string {
  return s.replace(/_/g, ' ');
}

// ---------------------------------------------------------------- local time

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Wall-clock ms (UTC epoch ms of the same reading) of `YYYY-MM-DDTHH:MM[:SS]`, or null when it is not a real date-time. */
export function localToWallMs(s: string): number | null {
  const m = LOCAL_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

export function isLocalDateTime(s: string): boolean {
  return localToWallMs(s) !== null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero. */
export function wallMsToLocal(ms: number): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCSeconds() ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

export function isTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant (RFC 3339 UTC) of a local date-time in a zone, read as the plan
 * format reads wall-clock times: a time in a spring-forward gap takes the
 * offset in force before the gap (02:30 → 03:30 CEST), an ambiguous fall-back
 * time the earlier instant. Null when the text or the zone is not valid.
 */
export function wallToInstant(local: string, tz: string): string | null {
  const wall = localToWallMs(local);
  if (wall === null || !isTimeZone(tz)) return null;
  const before = offsetMs(wall - DAY, tz);
  const after = offsetMs(wall + DAY, tz);
  const candidates = [...new Set([before, after])]
    .map((o) => wall - o)
    .filter((t) => toWall(t, tz) === wall)
    .sort((a, b) => a - b);
  return formatInstant(candidates.length ? candidates[0] : wall - before);
}

/** The local wall-clock reading of an instant in a zone, `YYYY-MM-DDTHH:MM[:SS]`; '' when unreadable. */
export function instantToWall(instant: string, tz: string): string {
  const t = parseInstant(instant);
  if (!Number.isFinite(t) || !isTimeZone(tz)) return '';
  return wallMsToLocal(toWall(t, tz));
}

/** The local time of the next full hour after `nowMs` in a zone. */
export function nextFullHour(nowMs: number, tz: string): string {
  const zone = isTimeZone(tz) ? tz : 'UTC';
  const wall = toWall(nowMs, zone);
  return wallMsToLocal(Math.floor(wall / HOUR) * HOUR + HOUR);
}

/** A local date-time plus a number of hours of wall clock. */
export function addWallHours(local: string, hours: number): string {
  const w = localToWallMs(local);
  return w === null ? local : wallMsToLocal(w + hours * HOUR);
}

// ---------------------------------------------------------------- durations

export interface Duration { weeks: number; days: number; hours: number; minutes: number; seconds: number }

const DURATION_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses `P[nW][nD][T[nH][nM][nS]]` (upper case, integers); null when malformed. */
export function parseDuration(s: string): Duration | null {
  const m = DURATION_RE.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return null;
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return { weeks, days, hours, minutes, seconds };
}

export function formatDuration(d: Duration): string {
  let s = 'P';
  if (d.weeks) s += `${d.weeks}W`;
  if (d.days) s += `${d.days}D`;
  const t = (d.hours ? `${d.hours}H` : '') + (d.minutes ? `${d.minutes}M` : '') + (d.seconds ? `${d.seconds}S` : '');
  if (t) s += `T${t}`;
  return s === 'P' ? 'PT0S' : s;
}

export function isZeroDuration(d: Duration): boolean {
  return !d.weeks && !d.days && !d.hours && !d.minutes && !d.seconds;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "4 hours", "3 days", "1 week 2 days 4 hours (calendar days)"; null when malformed. */
export function describeDuration(s: string): string | null {
  const d = parseDuration(s);
  if (!d) return null;
  if (isZeroDuration(d)) return 'zero';
  const parts: string[] = [];
  if (d.weeks) parts.push(plural(d.weeks, 'week'));
  if (d.days) parts.push(plural(d.days, 'day'));
  if (d.hours) parts.push(plural(d.hours, 'hour'));
  if (d.minutes) parts.push(plural(d.minutes, 'minute'));
  if (d.seconds) parts.push(plural(d.seconds, 'second'));
  let text = parts.join(' ');
  const exactHours = d.hours + d.minutes / 60 + d.seconds / 3600;
  if (!d.weeks && !d.days && exactHours >= 24) {
    text += ` (${+(exactHours / 24).toFixed(2)} days)`;
  }
  if (d.weeks || d.days) text += ' (calendar days: same wall-clock time across DST)';
  return text;
}

// ---------------------------------------------------------------- recurrence presets

export type Preset =
  | { kind: 'none' }
  /** Every week on these days (none: the start's weekday). */
  | { kind: 'weekly'; days: Weekday[] }
  /** The nth (1–4, or -1 for last) weekday of each month. */
  | { kind: 'nth'; n: number; day: Weekday }
  | { kind: 'lastday' }
  /** Starts `days` days before the month's end (BYMONTHDAY=-days), lasting `days` days. */
  | { kind: 'monthend'; days: number }
  | { kind: 'custom' };

export type PresetKind = Preset['kind'];

export const PRESET_LABEL: Record<PresetKind, string> = {
  none: 'Does not repeat',
  weekly: 'Weekly on days…',
  nth: 'Nth weekday of month',
  lastday: 'Last day of month',
  monthend: 'Month-end close (last N days)',
  custom: 'Custom RRULE',
};

export const NTH_LABEL: Record<string, string> = { '1': '1st', '2': '2nd', '3': '3rd', '4': '4th', '-1': 'last' };

/** The RRULE a preset writes ('' for "does not repeat"); null for custom (the raw text stays). */
export function presetToRrule(p: Preset): string | null {
  switch (p.kind) {
    case 'none': return '';
    case 'weekly': {
      const days = WEEKDAYS.filter((d) => p.days.includes(d));
      return days.length ? `FREQ=WEEKLY;BYDAY=${days.join(',')}` : 'FREQ=WEEKLY';
    }
    case 'nth': return `FREQ=MONTHLY;BYDAY=${p.n}${p.day}`;
    case 'lastday': return 'FREQ=MONTHLY;BYMONTHDAY=-1';
    case 'monthend': return p.days <= 1 ? 'FREQ=MONTHLY;BYMONTHDAY=-1' : `FREQ=MONTHLY;BYMONTHDAY=-${p.days}`;
    case 'custom': return null;
  }
}

/** The duration a preset implies (month-end close: its number of days), else null. */
export function presetDuration(p: Preset): string | null {
  return p.kind === 'monthend' ? `P${Math.max(1, p.days)}D` : null;
}

/** Reads an RRULE as one of the presets when it is exactly one; anything else is custom. */
export function rruleToPreset(rrule: string): Preset {
  const text = rrule.trim();
  if (text === '') return { kind: 'none' };
  const parts: Record<string, string> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { kind: 'custom' };
    const key = part.slice(0, eq).toUpperCase();
    if (key in parts) return { kind: 'custom' };
    parts[key] = part.slice(eq + 1).toUpperCase();
  }
  const keys = Object.keys(parts).sort().join(',');
  if (parts.FREQ === 'WEEKLY') {
    if (keys === 'FREQ') return { kind: 'weekly', days: [] };
    if (keys === 'BYDAY,FREQ') {
      const days = parts.BYDAY.split(',');
      if (days.every((d) => (WEEKDAYS as readonly string[]).includes(d)) && new Set(days).size === days.length) {
        return { kind: 'weekly', days: WEEKDAYS.filter((d) => days.includes(d)) };
      }
    }
    return { kind: 'custom' };
  }
  if (parts.FREQ === 'MONTHLY') {
    if (keys === 'BYDAY,FREQ') {
      const m = /^(\+?[1-4]|-1)(MO|TU|WE|TH|FR|SA|SU)$/.exec(parts.BYDAY);
      if (m) return { kind: 'nth', n: Number(m[1]), day: m[2] as Weekday };
    }
    if (keys === 'BYMONTHDAY,FREQ') {
      const m = /^-(\d{1,2})$/.exec(parts.BYMONTHDAY);
      if (m) {
        const n = Number(m[1]);
        if (n === 1) return { kind: 'lastday' };
        if (n >= 2 && n <= 28) return { kind: 'monthend', days: n };
      }
    }
  }
  return { kind: 'custom' };
}

/** The two-letter weekday of a local date-time ('MO' when unreadable). */
export function weekdayOf(local: string): Weekday {
  const w = localToWallMs(local);
  if (w === null) return 'MO';
  return WEEKDAYS[(new Date(w).getUTCDay() + 6) % 7];
}

/** A preset of a kind with sensible parameters (taken from the current preset or the start). */
export function defaultPreset(kind: PresetKind, current: Preset, start: string): Preset {
  const day = weekdayOf(start);
  switch (kind) {
    case 'none': return { kind };
    case 'weekly': return current.kind === 'weekly' ? current : { kind, days: [day] };
    case 'nth': return current.kind === 'nth' ? current : { kind, n: -1, day };
    case 'lastday': return { kind };
    case 'monthend': return current.kind === 'monthend' ? current : { kind, days: 3 };
    case 'custom': return { kind };
  }
}

// ---------------------------------------------------------------- form state

export interface ReleaseForm {
  id: string; name: string; version: string; train: string; owner: string;
  change_type: string; status: string; depends_on: string[];
  description: string; rollback_plan: string; success_criteria: string; known_issues: string;
}
export interface DeploymentForm {
  id: string; release: string; service: string; environment: string;
  /** Local wall time in the plan's zone. */
  start: string; end: string;
  strategy: string; wave: string; status: string;
}
export interface ServiceForm { id: string; name: string; team: string; tier: string; data_classes: string[]; depends_on: string[] }
export interface EnvironmentForm {
  id: string; name: string; order: string; requires_window: boolean; requires_approval: boolean; max_concurrent: string;
}
export interface UnavailableRow {
  /** Local wall times in the plan's zone. */
  start: string; end: string; reason: string;
  /** The period's own JSON (keeps `x` and exact instants when unchanged). */
  raw: Record<string, unknown>;
}
export interface TeamForm { id: string; name: string; timezone: string; unavailable: UnavailableRow[] }
export interface TrainForm { id: string; name: string; rrule: string; start: string; freeze: string }
export interface WindowForm {
  id: string; kind: string; name: string;
  scope: { environments: string[]; services: string[] };
  start: string; duration: string; timezone: string; rrule: string; exdates: string[]; allow_emergency: boolean;
}

export interface Forms {
  release: ReleaseForm; deployment: DeploymentForm; service: ServiceForm; environment: EnvironmentForm;
  team: TeamForm; train: TrainForm; window: WindowForm;
}
export type AnyForm = Forms[EntityKind];

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown): string => (typeof v === 'number' ? String(v) : str(v));
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** The form state of an entity's JSON; instants are shown as wall time in `tz` (the plan's zone). */
export function toForm<K extends EntityKind>(kind: K, json: EntityJson, tz: string): Forms[K] {
  const j = json as Json;
  const id = str(j.id);
  const name = str(j.name);
  let f: AnyForm;
  switch (kind) {
    case 'release':
      f = {
        id, name, version: str(j.version), train: str(j.train), owner: str(j.owner),
        change_type: str(j.change_type) || 'normal', status: str(j.status) || 'planned', depends_on: strs(j.depends_on),
        description: str(j.description), rollback_plan: str(j.rollback_plan),
        success_criteria: str(j.success_criteria), known_issues: str(j.known_issues),
      } satisfies ReleaseForm;
      break;
    case 'deployment':
      f = {
        id, release: str(j.release), service: str(j.service), environment: str(j.environment),
        start: j.start ? instantToWall(str(j.start), tz) : '', end: j.end ? instantToWall(str(j.end), tz) : '',
        strategy: str(j.strategy) || 'big-bang', wave: str(j.wave), status: str(j.status) || 'planned',
      } satisfies DeploymentForm;
      break;
    case 'service':
      f = { id, name, team: str(j.team), tier: num(j.tier ?? 3), data_classes: strs(j.data_classes), depends_on: strs(j.depends_on) } satisfies ServiceForm;
      break;
    case 'environment':
      f = {
        id, name, order: num(j.order), requires_window: j.requires_window === true,
        requires_approval: j.requires_approval === true, max_concurrent: num(j.max_concurrent),
      } satisfies EnvironmentForm;
      break;
    case 'team':
      f = {
        id, name, timezone: str(j.timezone),
        unavailable: (Array.isArray(j.unavailable) ? j.unavailable : []).map((u) => {
          const r = obj(u);
          return { start: r.start ? instantToWall(str(r.start), tz) : '', end: r.end ? instantToWall(str(r.end), tz) : '', reason: str(r.reason), raw: r };
        }),
      } satisfies TeamForm;
      break;
    case 'train':
      f = { id, name, rrule: str(j.rrule), start: str(j.start), freeze: str(j.freeze) } satisfies TrainForm;
      break;
    case 'window': {
      const scope = obj(j.scope);
      f = {
        id, kind: str(j.kind) || 'maintenance', name,
        scope: { environments: strs(scope.environments), services: strs(scope.services) },
        start: str(j.start), duration: str(j.duration), timezone: str(j.timezone), rrule: str(j.rrule),
        exdates: strs(j.exdates), allow_emergency: j.allow_emergency === true,
      } satisfies WindowForm;
      break;
    }
    default:
      throw new Error(`unknown entity kind ${String(kind)}`);
  }
  return f as Forms[K];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isEmpty = (v: unknown) => v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** Same local date-time, whatever the spelling of zero seconds. */
function sameLocal(a: string, b: string): boolean {
  const x = localToWallMs(a);
  return x !== null && x === localToWallMs(b);
}

/**
 * The entity's JSON from its form: the original JSON with the edited fields
 * written over it. A field whose form value is unchanged keeps the original's
 * exact spelling (and unknown fields such as `approvals` and `x` stay as they
 * were); an emptied optional field is removed.
 */
export function fromForm<K extends EntityKind>(kind: K, form: Forms[K], original: EntityJson | null, tz: string): EntityJson {
  const orig: Json = original ? { ...original } : {};
  const base = toForm(kind, (original ?? { id: '' }) as EntityJson, tz) as unknown as Json;
  const f = form as unknown as Json;
  const out: Json = { ...orig };
  /** Writes key (converted) unless the form value equals the original's form value. */
  const put = (key: string, convert: (v: unknown) => unknown = (v) => v) => {
    if (same(f[key], base[key])) return;
    const value = convert(f[key]);
    if (isEmpty(value)) delete out[key];
    else out[key] = value;
  };
  const int = (v: unknown) => {
    const t = str(v).trim();
    return /^[-+]?\d+$/.test(t) ? Number(t) : t;
  };
  const trimmed = (v: unknown) => str(v).trim();
  out.id = str(f.id).trim();
  switch (kind) {
    case 'release':
      for (const k of ['name', 'version', 'train', 'owner', 'change_type', 'status', 'depends_on']) put(k);
      for (const k of ['description', 'rollback_plan', 'success_criteria', 'known_issues']) put(k);
      break;
    case 'deployment': {
      for (const k of ['release', 'service', 'environment', 'strategy', 'wave', 'status']) put(k);
      for (const k of ['start', 'end'] as const) {
        const local = str(f[k]);
        if (orig[k] && sameLocal(local, str(base[k]))) continue;
        out[k] = wallToInstant(local, tz) ?? local;
      }
      break;
    }
    case 'service':
      for (const k of ['name', 'team', 'data_classes', 'depends_on']) put(k);
      put('tier', int);
      break;
    case 'environment':
      put('name');
      put('order', int);
      put('max_concurrent', int);
      for (const k of ['requires_window', 'requires_approval']) put(k, (v) => (v ? true : undefined));
      break;
    case 'team': {
      put('name');
      put('timezone', trimmed);
      const rows = (f.unavailable as UnavailableRow[]);
      const origRows = base.unavailable as UnavailableRow[];
      if (!same(rows.map(({ start, end, reason }) => [start, end, reason]), origRows.map(({ start, end, reason }) => [start, end, reason]))) {
        const list = rows.map((r) => {
          const o: Json = { ...r.raw };
          for (const k of ['start', 'end'] as const) {
            if (r.raw[k] && sameLocal(r[k], instantToWall(str(r.raw[k]), tz))) continue;
            o[k] = wallToInstant(r[k], tz) ?? r[k];
          }
          if (r.reason) o.reason = r.reason;
          else delete o.reason;
          return o;
        });
        if (list.length) out.unavailable = list;
        else delete out.unavailable;
      }
      break;
    }
    case 'train':
      for (const k of ['name', 'rrule', 'start', 'freeze']) put(k, trimmed);
      if (orig.start && sameLocal(str(f.start), str(orig.start))) out.start = orig.start;
      break;
    case 'window': {
      for (const k of ['kind', 'name', 'duration', 'timezone', 'rrule']) put(k, trimmed);
      put('start', trimmed);
      if (orig.start && sameLocal(str(f.start), str(orig.start))) out.start = orig.start;
      put('exdates', (v) => (v as string[]).map((s) => s.trim()).filter((s) => s !== ''));
      put('allow_emergency', (v) => (v ? true : undefined));
      const scope = f.scope as WindowForm['scope'];
      const baseScope = base.scope as WindowForm['scope'];
      if (!same(scope, baseScope)) {
        const s: Json = { ...obj(orig.scope) };
        for (const k of ['environments', 'services'] as const) {
          if (scope[k].length) s[k] = [...scope[k]];
          else delete s[k];
        }
        if (Object.keys(s).length) out.scope = s;
        else delete out.scope;
      }
      break;
    }
  }
  return out as EntityJson;
}

// ---------------------------------------------------------------- new entities

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

// ---------------------------------------------------------------- validation

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

/** IANA zone names for a datalist (empty when the engine cannot list them). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    const list = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
    return list.includes('UTC') ? list : ['UTC', ...list];
  } catch {
    return ['UTC'];
  }
}
