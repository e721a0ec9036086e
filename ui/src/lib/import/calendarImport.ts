// What the calendar import dialog shows and says, as pure functions: the
// preview's rows, whether Import can be pressed, and the toast afterwards.
import type { CalendarImportOptions, CalendarImportPreview, ImportedWindow, WindowKind } from '../types';

export type RowAction = 'add' | 'change' | 'remove';

export interface PreviewRow {
  action: RowAction;
  window: ImportedWindow;
  /** The import changes this window's kind (blackout ↔ maintenance). */
  kindChange: boolean;
}

export function defaultOptions(kind: WindowKind = 'blackout'): CalendarImportOptions {
  return { kind, environments: [], services: [], prefix: '' };
}

/** Added, changed and removed windows, in that order. */
export function previewRows(p: CalendarImportPreview): PreviewRow[] {
  const changedKind = new Set(p.kindChanges.map((w) => w.id));
  return [
    ...p.added.map((window) => ({ action: 'add' as const, window, kindChange: false })),
    ...p.changed.map((window) => ({ action: 'change' as const, window, kindChange: changedKind.has(window.id) })),
    ...p.removed.map((window) => ({ action: 'remove' as const, window, kindChange: false })),
  ];
}

export function changeCount(p: CalendarImportPreview): number {
  return p.added.length + p.changed.length + p.removed.length;
}

/** Import is possible when it changes something and any kind change is confirmed. */
export function canImport(p: CalendarImportPreview, force: boolean): boolean {
  return changeCount(p) > 0 && (!p.needsForce || force);
}

function windows(n: number): string {
  return n === 1 ? '1 window' : `${n} windows`;
}

/** `Imported google.ics: 3 windows added, 1 changed, 0 removed.` */
export function importedMessage(p: CalendarImportPreview): string {
  if (changeCount(p) === 0) return `${p.fileName}: nothing to import, every window is up to date.`;
  return `Imported ${p.fileName}: ${windows(p.added.length)} added, ${p.changed.length} changed, ${p.removed.length} removed.`;
}

/** A preview's summary line: `3 to add, 1 to change, 0 to remove, 2 unchanged`. */
export function previewSummary(p: CalendarImportPreview): string {
  return `${p.added.length} to add, ${p.changed.length} to change, ${p.removed.length} to remove, ${p.unchanged} unchanged`;
}

/** `Tue 5 Jan 2027 22:00 (+01:00)` from `2027-01-05T22:00:00+01:00`. */
export function showLocal(local: string | null): string {
  if (!local) return 'no occurrence';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})$/.exec(local);
  if (!m) return local;
  const [, y, mo, d, hm, off] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d));
  const day = date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${day.replace(',', '')} ${hm} (${off === 'Z' ? 'UTC' : off})`;
}
