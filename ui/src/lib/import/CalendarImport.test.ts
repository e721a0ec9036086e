// The calendar import dialog against a mocked IPC boundary: the preview it
// shows, previewing again when a choice changes, the kind-change
// confirmation, applying with the preview's revision, stale previews and
// Escape.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import CalendarImport from './CalendarImport.svelte';
import { defaultOptions, importedMessage, previewRows, showLocal } from './calendarImport';
import type { CalendarImportPreview, ImportedWindow, PlanSummary } from '../types';
import { fileLocation } from '../team/team';

const plan: PlanSummary = {
  path: '/tmp/p.trainyard', name: 'Payments', timezone: 'Europe/Berlin', revision: 3, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [{ id: 'ledger', name: 'Ledger DB' }],
  releases: [], trains: [], teams: [], windows: [],
  counts: { errors: 0, warnings: 0 }, asOf: null, firstStart: null, lastEnd: null, deploymentCount: 0, location: fileLocation(),
};

const win = (id: string, kind: 'blackout' | 'maintenance', previousKind: 'blackout' | 'maintenance' | null = null): ImportedWindow => ({
  id, name: `Window ${id}`, kind, previousKind, firstLocal: '2027-01-05T22:00:00+01:00', firstUtc: '2027-01-05T21:00:00Z',
});

const fresh: CalendarImportPreview = {
  path: '/tmp/google.ics', fileName: 'google.ics', revision: 3, fingerprint: 'f1',
  added: [win('ics-a', 'blackout'), win('ics-b', 'blackout')], changed: [], removed: [], unchanged: 0,
  kindChanges: [], warnings: ['ics line 9: a cancelled event is skipped'], needsForce: false,
};
const flipped: CalendarImportPreview = {
  ...fresh, revision: 4, fingerprint: 'f2', added: [],
  changed: [win('ics-a', 'maintenance', 'blackout')], removed: [win('ics-c', 'blackout', 'blackout')], unchanged: 1,
  kindChanges: [win('ics-a', 'maintenance', 'blackout')], needsForce: true,
};
const after = { ...plan, revision: 5 };

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
let handler: (cmd: string, args: Record<string, unknown>) => unknown;

beforeEach(() => {
  calls = [];
  handler = (cmd) => {
    if (cmd === 'preview_chosen_calendar') return flipped;
    if (cmd === 'apply_calendar_import') return after;
    throw { code: 'internal', message: cmd };
  };
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    return handler(cmd, args as Record<string, unknown>);
  });
});
afterEach(() => {
  cleanup();
  clearMocks();
});

function open(preview = fresh) {
  const props = { plan, preview, options: defaultOptions(), onImported: vi.fn(), onClose: vi.fn(), delay: 5 };
  render(CalendarImport, { props });
  return props;
}

describe('CalendarImport', () => {
  it('is a labelled dialog listing the windows with their first occurrence', async () => {
    open();
    const dialog = screen.getByRole('dialog', { name: 'Import calendar google.ics' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getAllByTestId('import-row')).toHaveLength(2);
    expect(screen.getByTestId('import-summary').textContent).toContain('2 to add, 0 to change, 0 to remove');
    expect(dialog.textContent).toContain('Tue 5 Jan 2027 22:00 (+01:00)');
    expect(screen.queryByTestId('import-force')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/Blackout windows/)));
  });

  it('previews again when a choice changes, and asks to confirm kind changes', async () => {
    open();
    await fireEvent.click(screen.getByLabelText(/Maintenance windows/));
    await fireEvent.click(screen.getByRole('checkbox', { name: /Production/ }));
    await waitFor(() => expect(screen.getByTestId('import-force')).toBeTruthy());
    const last = calls.filter((c) => c.cmd === 'preview_chosen_calendar').at(-1)!;
    expect(last.args.options).toEqual({ kind: 'maintenance', environments: ['prod'], services: [], prefix: '' });
    const rows = screen.getAllByTestId('import-row');
    expect(rows.map((r) => r.className.includes('kind-change'))).toEqual([true, false]);
    expect(rows[0].textContent).toContain('blackout → maintenance');
    const apply = screen.getByTestId('import-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: /Change their kind/ }));
    expect(apply.disabled).toBe(false);
  });

  it('applies with the revision and fingerprint of the preview shown, forcing when confirmed', async () => {
    const props = open(flipped);
    await fireEvent.click(screen.getByRole('checkbox', { name: /Change their kind/ }));
    await fireEvent.click(screen.getByTestId('import-apply'));
    await waitFor(() => expect(props.onImported).toHaveBeenCalledWith(after, flipped));
    const applied = calls.find((c) => c.cmd === 'apply_calendar_import')!;
    expect(applied.args).toMatchObject({ force: true, revision: 4, fingerprint: 'f2' });
  });

  it('previews again and says so when the plan changed since the preview', async () => {
    handler = (cmd) => {
      if (cmd === 'apply_calendar_import') throw { code: 'stale', message: 'the plan changed since the preview' };
      if (cmd === 'preview_chosen_calendar') return { ...fresh, revision: 9 };
      throw { code: 'internal', message: cmd };
    };
    const props = open();
    await fireEvent.click(screen.getByTestId('import-apply'));
    await waitFor(() => expect(screen.getByTestId('import-problem').textContent).toContain('changed since this preview'));
    expect(props.onImported).not.toHaveBeenCalled();
    expect(calls.map((c) => c.cmd)).toEqual(['apply_calendar_import', 'preview_chosen_calendar']);
  });

  it('closes on Escape and keeps Tab inside', async () => {
    const props = open();
    const dialog = screen.getByRole('dialog');
    const close = screen.getByRole('button', { name: 'Close' });
    const importButton = screen.getByTestId('import-apply');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/Blackout windows/)));
    importButton.focus();
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(importButton);
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalled();
  });
});

describe('calendarImport', () => {
  it('orders rows and words the toast', () => {
    expect(previewRows(flipped).map((r) => [r.action, r.window.id, r.kindChange])).toEqual([
      ['change', 'ics-a', true], ['remove', 'ics-c', false],
    ]);
    expect(importedMessage(fresh)).toBe('Imported google.ics: 2 windows added, 0 changed, 0 removed.');
    expect(importedMessage({ ...fresh, added: [] })).toBe('google.ics: nothing to import, every window is up to date.');
    expect(showLocal('2027-03-28T03:00:00+02:00')).toBe('Sun 28 Mar 2027 03:00 (+02:00)');
    expect(showLocal(null)).toBe('no occurrence');
  });
});
