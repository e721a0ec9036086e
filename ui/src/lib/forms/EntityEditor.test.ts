// The entity editor against a mocked IPC boundary: what it sends, what it
// shows when the backend refuses, and how the window preview is asked for.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import EntityEditor from './EntityEditor.svelte';
import type { EntityJson, EntityKind, PlanSummary, WindowPreview } from '../types';
import { fileLocation } from '../team/team';

const TZ = 'Europe/Berlin';

const plan: PlanSummary = {
  path: '/tmp/p.trainyard', name: 'Payments', timezone: TZ, revision: 3, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [{ id: 'ledger', name: 'Ledger DB' }, { id: 'payments', name: 'Payments API' }],
  releases: [
    { id: 'r1', name: 'Ledger 4.2', version: '4.2.0', train: 't-main', changeType: 'normal', status: 'planned' },
    { id: 'r2', name: 'Payments 7', version: null, train: null, changeType: 'standard', status: 'draft' },
  ],
  trains: [{ id: 't-main', name: 'Main train' }],
  teams: [{ id: 'pay', name: 'Payments' }],
  windows: [{ id: 'mw-prod', name: 'Prod weekly window', kind: 'maintenance' }],
  counts: { errors: 0, warnings: 0 }, asOf: '2027-03-01T08:20:00Z', firstStart: null, lastEnd: null, deploymentCount: 1, location: fileLocation(),
};

const release: EntityJson = {
  id: 'r1', name: 'Ledger 4.2', version: '4.2.0', train: 't-main', change_type: 'normal', status: 'planned', depends_on: [],
  approvals: [{ by: 'alice', role: 'cab', decision: 'approved', at: '2027-01-04T09:00:00Z' }], x: { jira: 'PAY-1' },
};
const windowJson: EntityJson = {
  id: 'mw-prod', kind: 'maintenance', name: 'Prod weekly window', scope: { environments: ['prod'] },
  start: '2027-01-05T22:00', duration: 'PT4H', timezone: TZ, rrule: 'FREQ=WEEKLY;BYDAY=TU,TH',
};
const saved = { ...plan, revision: 4 };

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;
let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
let handler: Handler;

beforeEach(() => {
  calls = [];
  handler = (cmd, args) => {
    if (cmd === 'entity') return args.kind === 'window' ? windowJson : release;
    if (cmd === 'save_entity' || cmd === 'delete_entity') return saved;
    if (cmd === 'preview_window') return { occurrences: [] } satisfies WindowPreview;
    throw { code: 'unexpected', message: cmd };
  };
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    return handler(cmd, args as Record<string, unknown>);
  });
});
afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

function open(kind: EntityKind, id: string | null, extra: Record<string, unknown> = {}) {
  const props = { plan, kind, id, onSaved: vi.fn(), onClose: vi.fn(), onError: vi.fn(), previewDelay: 20, ...extra };
  render(EntityEditor, { props });
  return props;
}

const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const cmds = () => calls.map((c) => c.cmd);

describe('editing an existing release', () => {
  it('saves the changed version with the original id and keeps the other fields', async () => {
    const props = open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    expect(input(/^Id/).readOnly).toBe(true);
    await fireEvent.input(input('Version'), { target: { value: '4.3.0' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(props.onSaved).toHaveBeenCalledWith(saved));
    expect(calls.find((c) => c.cmd === 'save_entity')?.args).toEqual({
      kind: 'release', originalId: 'r1', value: { ...release, version: '4.3.0' },
    });
  });

  it('shows a rejected save’s problem next to its field and stays open', async () => {
    handler = (cmd) => {
      if (cmd === 'entity') return release;
      if (cmd === 'save_entity') {
        throw { code: 'invalid_entity', message: 'the release is not valid', problems: [
          { field: 'version', message: 'version must not be blank' },
          { field: 'approvals[0].by', message: 'approval needs a name' },
        ] };
      }
      throw { code: 'unexpected', message: cmd };
    };
    const props = open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    await fireEvent.input(input('Version'), { target: { value: ' ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const version = input('Version');
    await waitFor(() => expect(version.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = version.getAttribute('aria-describedby')!.split(' ');
    const messages = describedBy.map((id) => document.getElementById(id)?.textContent ?? '');
    expect(messages).toContain('version must not be blank');
    // The problem without an input goes to the summary at the top.
    expect(screen.getByTestId('editor-summary').textContent).toContain('approvals[0].by: approval needs a name');
    expect(screen.getByTestId('entity-editor')).toBeTruthy();
    expect(props.onClose).not.toHaveBeenCalled();
    expect(props.onSaved).not.toHaveBeenCalled();
    // Editing the field clears its backend message.
    await fireEvent.input(version, { target: { value: '4.3' } });
    expect(version.getAttribute('aria-invalid')).toBeNull();
  });

  it('saves with Ctrl+Enter', async () => {
    const props = open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    await fireEvent.input(input('Owner'), { target: { value: 'bob' } });
    await fireEvent.keyDown(input('Owner'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(props.onSaved).toHaveBeenCalled());
    expect((calls.find((c) => c.cmd === 'save_entity')?.args.value as EntityJson).owner).toBe('bob');
  });

  it('closes on Escape when nothing changed, and asks first when something did', async () => {
    const props = open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    await fireEvent.input(input('Version'), { target: { value: '5' } });
    await fireEvent.keyDown(input('Version'), { key: 'Escape' });
    expect(props.onClose).not.toHaveBeenCalled();
    expect(screen.getByTestId('editor-confirm').textContent).toContain('Discard');
    await fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(props.onClose).toHaveBeenCalledTimes(1);

    cleanup();
    const again = open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    await fireEvent.keyDown(input('Version'), { key: 'Escape' });
    expect(again.onClose).toHaveBeenCalledTimes(1);
  });

  it('shows why a delete is refused', async () => {
    handler = (cmd) => {
      if (cmd === 'entity') return release;
      if (cmd === 'delete_entity') throw { code: 'referenced', message: 'release r1 is used by deployment d1' };
      throw { code: 'unexpected', message: cmd };
    };
    const props = open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByTestId('editor-summary').textContent).toContain('release r1 is used by deployment d1'));
    expect(calls.find((c) => c.cmd === 'delete_entity')?.args).toEqual({ kind: 'release', id: 'r1' });
    expect(props.onSaved).not.toHaveBeenCalled();
  });

  it('keeps focus inside the dialog', async () => {
    open('release', 'r1');
    await waitFor(() => expect(input('Version').value).toBe('4.2.0'));
    const save = screen.getByRole('button', { name: 'Save' });
    save.focus();
    await fireEvent.keyDown(save, { key: 'Tab' });
    expect(screen.getByTestId('entity-editor').contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(save);
  });
});

describe('a new entity', () => {
  it('prefills a unique id, focuses it, and refuses a duplicate before sending', async () => {
    const props = open('release', null);
    await waitFor(() => expect(input(/^Id/).value).toBe('release'));
    await waitFor(() => expect(document.activeElement).toBe(input(/^Id/)));
    expect(input(/^Id/).readOnly).toBe(false);
    await fireEvent.input(input(/^Id/), { target: { value: 'r1' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('error-id').textContent).toContain('“r1” is already taken.'));
    expect(input(/^Id/).getAttribute('aria-invalid')).toBe('true');
    expect(cmds()).not.toContain('save_entity');
    expect(props.onSaved).not.toHaveBeenCalled();

    await fireEvent.input(input(/^Id/), { target: { value: 'r3' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(props.onSaved).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'save_entity')?.args).toEqual({
      kind: 'release', originalId: null, value: { id: 'r3', change_type: 'normal', status: 'planned' },
    });
  });

  it('defaults a deployment to the first release/service/environment at the next full hour, converted to UTC', async () => {
    const props = open('deployment', null);
    await waitFor(() => expect(input(/^Start/).value).toBe('2027-03-01T10:00'));
    expect(input(/^End/).value).toBe('2027-03-01T11:00');
    // The id follows the selects until it is edited.
    await fireEvent.change(screen.getByLabelText(/^Environment/), { target: { value: 'prod' } });
    expect(input(/^Id/).value).toBe('r1/ledger/prod');
    await fireEvent.input(input(/^End/), { target: { value: '2027-03-01T12:30' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(props.onSaved).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'save_entity')?.args.value).toEqual({
      id: 'r1/ledger/prod', release: 'r1', service: 'ledger', environment: 'prod',
      start: '2027-03-01T09:00:00Z', end: '2027-03-01T11:30:00Z', strategy: 'big-bang', status: 'planned',
    });
  });

  it('a deployment drawn on the calendar: its fields shown in the plan zone, the release to choose, one save; Cancel sends nothing', async () => {
    const prefill = { release: '', service: 'payments', environment: 'prod', start: '2027-03-02T09:00:00Z', end: '2027-03-02T10:30:00Z' };
    const props = open('deployment', null, { prefill });
    await waitFor(() => expect(input(/^Start/).value).toBe('2027-03-02T10:00'));
    expect(input(/^End/).value).toBe('2027-03-02T11:30');
    expect((screen.getByLabelText(/^Service/) as HTMLSelectElement).value).toBe('payments');
    expect((screen.getByLabelText(/^Environment/) as HTMLSelectElement).value).toBe('prod');
    expect((screen.getByLabelText(/^Release/) as HTMLSelectElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/^Release/))); // the choice left to make
    expect(screen.queryByText('● unsaved')).toBeNull(); // nothing typed yet: Cancel closes at once
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('error-release').textContent).toContain('Required.'));
    expect(cmds()).not.toContain('save_entity');
    await fireEvent.change(screen.getByLabelText(/^Release/), { target: { value: 'r2' } });
    expect(input(/^Id/).value).toBe('r2/payments/prod');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(props.onSaved).toHaveBeenCalledWith(saved));
    expect(calls.filter((c) => c.cmd === 'save_entity').map((c) => c.args)).toEqual([{
      kind: 'deployment', originalId: null,
      value: { id: 'r2/payments/prod', ...prefill, release: 'r2', strategy: 'big-bang', status: 'planned' },
    }]);

    cleanup();
    calls = [];
    const cancelled = open('deployment', null, { prefill });
    await waitFor(() => expect(input(/^Start/).value).toBe('2027-03-02T10:00'));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancelled.onClose).toHaveBeenCalled();
    expect(cmds()).not.toContain('save_entity');
  });

  it('checks end after start at the field before sending', async () => {
    open('deployment', null);
    await waitFor(() => expect(input(/^Start/).value).toBe('2027-03-01T10:00'));
    await fireEvent.input(input(/^End/), { target: { value: '2027-03-01T09:00' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('error-end').textContent).toContain('Must be after the start.'));
    expect(cmds()).not.toContain('save_entity');
  });
});

describe('the window form', () => {
  const previews = () => calls.filter((c) => c.cmd === 'preview_window');

  it('writes the RRULE from a preset and previews the latest version once', async () => {
    open('window', 'mw-prod');
    const rrule = await waitFor(() => input('RRULE'));
    expect(rrule.value).toBe('FREQ=WEEKLY;BYDAY=TU,TH');
    await waitFor(() => expect(previews().length).toBe(1));
    expect(previews()[0].args).toEqual({ value: windowJson, from: '2027-03-01T08:20:00Z', count: 10 });

    const repeats = screen.getByLabelText('Repeats') as HTMLSelectElement;
    expect(repeats.value).toBe('weekly');
    await fireEvent.change(repeats, { target: { value: 'nth' } });
    // 5 Jan 2027 is a Tuesday: the last Tuesday of the month.
    expect(rrule.value).toBe('FREQ=MONTHLY;BYDAY=-1TU');
    await fireEvent.change(screen.getByLabelText('Which week of the month'), { target: { value: '2' } });
    expect(rrule.value).toBe('FREQ=MONTHLY;BYDAY=2TU');
    await waitFor(() => expect(previews().length).toBe(2));
    expect((previews()[1].args.value as EntityJson).rrule).toBe('FREQ=MONTHLY;BYDAY=2TU');
    await new Promise((r) => setTimeout(r, 60));
    expect(previews().length).toBe(2);
  });

  it('selects the matching preset when the raw RRULE is edited, and writes month-end close with its duration', async () => {
    open('window', 'mw-prod');
    const rrule = await waitFor(() => input('RRULE'));
    const repeats = screen.getByLabelText('Repeats') as HTMLSelectElement;
    await fireEvent.input(rrule, { target: { value: 'FREQ=MONTHLY;BYMONTHDAY=-1' } });
    expect(repeats.value).toBe('lastday');
    await fireEvent.input(rrule, { target: { value: 'FREQ=DAILY;INTERVAL=2' } });
    expect(repeats.value).toBe('custom');
    await fireEvent.change(repeats, { target: { value: 'monthend' } });
    expect(rrule.value).toBe('FREQ=MONTHLY;BYMONTHDAY=-3');
    expect(input(/^Duration/).value).toBe('P3D');
    expect(screen.getByText(/^= 3 days/)).toBeTruthy();
  });

  it('flags occurrences across a clock change and shows the note', async () => {
    handler = (cmd) => {
      if (cmd === 'entity') return windowJson;
      if (cmd === 'preview_window') {
        return { occurrences: [
          { localStart: '2027-03-25T22:00', localEnd: '2027-03-26T02:00', start: '2027-03-25T21:00:00Z', end: '2027-03-26T01:00:00Z', offset: '+01:00', dstShift: false, note: null },
          { localStart: '2027-03-30T22:00', localEnd: '2027-03-31T02:00', start: '2027-03-30T20:00:00Z', end: '2027-03-31T00:00:00Z', offset: '+02:00', dstShift: true, note: 'clocks changed: +01:00 → +02:00' },
        ] } satisfies WindowPreview;
      }
      throw { code: 'unexpected', message: cmd };
    };
    open('window', 'mw-prod');
    const table = await waitFor(() => screen.getByTestId('preview-table'));
    const rows = table.querySelectorAll('tbody tr');
    expect(rows.length).toBe(2);
    expect(rows[0].querySelector('[data-testid="dst-flag"]')).toBeNull();
    expect(rows[1].querySelector('[data-testid="dst-flag"]')?.getAttribute('title')).toBe('clocks changed: +01:00 → +02:00');
    expect(rows[1].textContent).toContain('clocks changed: +01:00 → +02:00');
    expect(rows[1].textContent).toContain('+02:00');
  });

  it('shows preview problems at their fields', async () => {
    handler = (cmd) => {
      if (cmd === 'entity') return windowJson;
      if (cmd === 'preview_window') throw { code: 'invalid_entity', message: 'bad', problems: [{ field: 'rrule', message: 'BYMONTHDAY cannot be used with WEEKLY' }] };
      throw { code: 'unexpected', message: cmd };
    };
    open('window', 'mw-prod');
    await waitFor(() => expect(screen.getByTestId('error-rrule').textContent).toContain('BYMONTHDAY cannot be used with WEEKLY'));
    expect(input('RRULE').getAttribute('aria-invalid')).toBe('true');
  });

  it('does not ask for a preview while the duration is malformed', async () => {
    open('window', 'mw-prod');
    await waitFor(() => expect(previews().length).toBe(1));
    await fireEvent.input(input(/^Duration/), { target: { value: 'P4' } });
    await new Promise((r) => setTimeout(r, 60));
    expect(previews().length).toBe(1);
    expect(screen.getByText('Not a valid duration yet.')).toBeTruthy();
  });
});
