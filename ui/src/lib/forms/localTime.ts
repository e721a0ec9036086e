// Local wall time in the forms: `YYYY-MM-DDTHH:MM[:SS]` readings of a zone's
// clock ↔ RFC 3339 instants, read as the plan format reads them (DST gaps and
// folds included), and the zone names a form can offer.
import { DAY, HOUR, formatInstant, offsetMs, parseInstant, toWall } from '../time';

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
