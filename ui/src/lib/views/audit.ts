// Pure functions of the audit view: which fields of an entity an edit changed,
// and readable text for their values.

/** Entries per page of the audit view. */
export const AUDIT_PAGE = 50;

/** A field whose value changed: `before` → `after` (undefined: absent on that side). */
export interface ValueDiff { field: string; kind: 'value'; before: unknown; after: unknown }
/**
 * A list field, item by item: the items only before has (`removed`) and only
 * after has (`added`), matched as a multiset of JSON values. A list that holds
 * the same items in another order has no added or removed items and
 * `reordered` set; `before`/`after` keep the whole lists for that case.
 */
export interface ItemsDiff {
  field: string; kind: 'items'; added: unknown[]; removed: unknown[]; reordered: boolean;
  before: unknown[]; after: unknown[];
}
export type FieldDiff = ValueDiff | ItemsDiff;

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
 * The items of `after` that `before` lacks and those of `before` that `after`
 * lacks, each value matched once (so duplicates count), in list order.
 */
export function diffItems(before: unknown[], after: unknown[]): { added: unknown[]; removed: unknown[] } {
  const used = new Array<boolean>(after.length).fill(false);
  const removed: unknown[] = [];
  for (const x of before) {
    const j = after.findIndex((y, i) => !used[i] && jsonEqual(x, y));
    if (j < 0) removed.push(x);
    else used[j] = true;
  }
  return { removed, added: after.filter((_, i) => !used[i]) };
}

function fieldDiff(field: string, before: unknown, after: unknown, whole: boolean): FieldDiff {
  const listB = Array.isArray(before) ? before : before === undefined ? [] : null;
  const listA = Array.isArray(after) ? after : after === undefined ? [] : null;
  if (!whole && listB && listA && (Array.isArray(before) || Array.isArray(after))) {
    const { added, removed } = diffItems(listB, listA);
    return { field, kind: 'items', added, removed, reordered: added.length === 0 && removed.length === 0, before: listB, after: listA };
  }
  return { field, kind: 'value', before, after };
}

/**
 * The fields that differ between two versions of an entity, as dotted paths
 * (`scope.services`), before's fields first, then fields only after has.
 * Lists diff item by item (`kind: 'items'`): an approval added to a release
 * reads as that one approval added, whatever the list's length; a list that
 * only changed order is reported with `reordered` and no items, since the
 * edit did change the stored entity. A missing side (null: the entity was
 * added or removed) lists every field of the other as a value with
 * `undefined` for the absent side. Values that are not objects compare whole
 * under the field "".
 */
export function diffFields(before: unknown, after: unknown): FieldDiff[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b !== undefined && !isPlainObject(b)) || (a !== undefined && !isPlainObject(a))) {
    return jsonEqual(b, a) ? [] : [fieldDiff('', b, a, b === undefined || a === undefined)];
  }
  const whole = b === undefined || a === undefined;
  const fb = new Map<string, unknown>();
  const fa = new Map<string, unknown>();
  flatten(b, '', fb);
  flatten(a, '', fa);
  const out: FieldDiff[] = [];
  for (const [field, value] of fb) {
    const other = fa.get(field);
    if (!jsonEqual(value, other)) out.push(fieldDiff(field, value, other, whole));
  }
  for (const [field, value] of fa) {
    if (!fb.has(field)) out.push(fieldDiff(field, undefined, value, whole));
  }
  return out;
}

/** How an audit change reads: an entity added, removed or changed. */
export function changeKind(before: unknown, after: unknown): 'added' | 'removed' | 'changed' {
  if (before === null || before === undefined) return 'added';
  if (after === null || after === undefined) return 'removed';
  return 'changed';
}

const PLAIN = /^[^\s"'{}[\],:][^"{}[\],]*$/;

/**
 * A value as readable text, never cut: strings as they are ("" for the empty
 * string), "—" for absent, lists as `[a, b]` and objects as
 * `{key: value, …}` with strings unquoted unless they would read ambiguously
 * (empty, padded, or holding brackets, commas or quotes).
 */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return inner(v);
}

function inner(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return PLAIN.test(v) && v.trim() === v ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inner).join(', ')}]`;
  if (isPlainObject(v)) {
    const parts = Object.keys(v).filter((k) => v[k] !== undefined).map((k) => `${k}: ${inner(v[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return String(v);
}

/** A hash's first characters for display. */
export function shortHash(hash: string, n = 10): string {
  return hash.length > n ? hash.slice(0, n) : hash;
}
