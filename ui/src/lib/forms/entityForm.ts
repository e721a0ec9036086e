// Plan-format JSON ↔ the form state of each entity kind. Instants are edited
// as wall time in the plan's zone; writing back keeps every field the form did
// not change exactly as it was spelled (and fields the form does not know).
import type { EntityJson, EntityKind } from '../types';
import { instantToWall, localToWallMs, wallToInstant } from './localTime';
import { outcomeFromForm, outcomeToForm, type OutcomeForm } from './outcome';

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
  /** What actually happened (see `outcome.ts`); null when nothing is recorded. */
  outcome: OutcomeForm | null;
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
        outcome: outcomeToForm(j.outcome, tz),
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
      const outcome = outcomeFromForm(f.outcome as OutcomeForm | null, orig.outcome, tz);
      if (outcome === undefined) delete out.outcome;
      else out.outcome = outcome;
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
