// Recurrence presets (weekly on days, nth weekday, month end…) ↔ the RRULE
// they write; an RRULE that is exactly one preset reads back as it, anything
// else stays a custom rule.
import { localToWallMs } from './localTime';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABEL: Record<Weekday, string> = {
  MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday',
};


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
