// Pure functions of the audit view: which fields of an entity an edit changed,
// and compact text for their values.

/** Entries per page of the audit view. */
export const AUDIT_PAGE = 50;

export interface FieldDiff { field: string; before: unknown; after: unknown }

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Leaf fields of a JSON object as dotted paths (arrays are leaves), in key order. */
function flatten(v: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0 && prefix) out.set(prefix, v);
    for (const k of keys) flatten(v[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (v !== undefined) {
    out.set(prefix, v);
  }
}

/**
 * The fields that differ between two versions of an entity, as dotted paths
 * (`scope.services`), before's fields first, then fields only after has. A
 * missing side (null: the entity was added or removed) lists every field of
 * the other with `undefined` for the absent side. Values that are not objects
 * compare whole under the field "".
 */
export function diffFields(before: unknown, after: unknown): FieldDiff[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b !== undefined && !isPlainObject(b)) || (a !== undefined && !isPlainObject(a))) {
    return jsonEqual(b, a) ? [] : [{ field: '', before: b, after: a }];
  }
  const fb = new Map<string, unknown>();
  const fa = new Map<string, unknown>();
  flatten(b, '', fb);
  flatten(a, '', fa);
  const out: FieldDiff[] = [];
  for (const [field, value] of fb) {
    const other = fa.get(field);
    if (!jsonEqual(value, other)) out.push({ field, before: value, after: other });
  }
  for (const [field, value] of fa) {
    if (!fb.has(field)) out.push({ field, before: undefined, after: value });
  }
  return out;
}

/** How an audit change reads: an entity added, removed or changed. */
export function changeKind(before: unknown, after: unknown): 'added' | 'removed' | 'changed' {
  if (before === null || before === undefined) return 'added';
  if (after === null || after === undefined) return 'removed';
  return 'changed';
}

/** A value as short text: strings as they are, "—" for absent, other values as JSON, cut at `max` characters. */
export function compactValue(v: unknown, max = 60): string {
  const s = v === undefined ? '—' : typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A hash's first characters for display. */
export function shortHash(hash: string, n = 10): string {
  return hash.length > n ? hash.slice(0, n) : hash;
}
