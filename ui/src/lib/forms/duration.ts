// ISO 8601 durations as the plan format writes them (`P[nW][nD][T[nH][nM][nS]]`):
// parsing, writing and saying them in words.

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
