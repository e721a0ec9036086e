import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import EntitiesView from './EntitiesView.svelte';
import EntityWorkspace from './EntityWorkspace.svelte';
import type { PlanSummary, VisibleRange } from '../types';
import { fileLocation } from '../team/team';

const plan: PlanSummary = {
  path: '/tmp/p.trainyard', name: 'Payments', timezone: 'Europe/Berlin', revision: 3, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [{ id: 'ledger', name: 'Ledger DB' }, { id: 'payments', name: 'Payments API' }],
  releases: [
    { id: 'r1', name: 'Ledger 4.2', version: '4.2.0', train: 't-main', changeType: 'normal', status: 'in_progress' },
    { id: 'r2', name: 'Payments 7', version: null, train: null, changeType: 'standard', status: 'draft' },
  ],
  trains: [{ id: 't-main', name: 'Main train' }],
  teams: [{ id: 'pay', name: 'Payments' }],
  windows: [{ id: 'mw-prod', name: 'Prod weekly window', kind: 'maintenance' }, { id: 'bo', name: 'Month-end', kind: 'blackout' }],
  counts: { errors: 0, warnings: 0 }, asOf: null,
  firstStart: '2027-01-05T21:30:00Z', lastEnd: '2027-01-12T22:30:00Z', deploymentCount: 2, location: fileLocation(),
};
const after = { ...plan, revision: 4 };

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
let handler: (cmd: string, args: Record<string, unknown>) => unknown;
beforeEach(() => {
  calls = [];
  handler = (cmd) => {
    if (cmd === 'delete_entity' || cmd === 'set_plan_settings' || cmd === 'save_entity') return after;
    if (cmd === 'entity') return { id: 'r2', name: 'Payments 7', change_type: 'standard', status: 'draft' };
    if (cmd === 'visible_range') {
      return {
        from: '', to: '', windows: [], trains: [], deployments: [
          { id: 'd2', release: 'r2', service: 'payments', environment: 'prod', start: '2027-01-12T21:30:00Z', end: '2027-01-12T22:30:00Z', status: 'planned', severity: null },
          { id: 'd1', release: 'r1', service: 'ledger', environment: 'prod', start: '2027-01-05T21:30:00Z', end: '2027-01-05T22:30:00Z', status: 'succeeded', severity: null },
        ],
      } satisfies VisibleRange;
    }
    throw { code: 'unexpected', message: cmd };
  };
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    return handler(cmd, args as Record<string, unknown>);
  });
});
afterEach(() => { cleanup(); clearMocks(); });

function view() {
  const props = { plan, onChanged: vi.fn(), onError: vi.fn(), onEdit: vi.fn() };
  render(EntitiesView, { props });
  return props;
}
const bodyRows = () => [...document.querySelectorAll('tbody tr')] as HTMLTableRowElement[];

describe('the entities view', () => {
  it('lists releases, filters them, and opens one or a new one', async () => {
    const props = view();
    expect(bodyRows().map((r) => r.cells[0].textContent)).toEqual(['r1', 'r2']);
    expect(bodyRows()[0].textContent).toContain('in progress');
    await fireEvent.input(screen.getByLabelText('Filter releases'), { target: { value: 'payments' } });
    expect(bodyRows().map((r) => r.cells[0].textContent)).toEqual(['r2']);
    await fireEvent.click(bodyRows()[0].cells[1]);
    expect(props.onEdit).toHaveBeenLastCalledWith('release', 'r2');
    await fireEvent.click(screen.getByRole('button', { name: 'New release' }));
    expect(props.onEdit).toHaveBeenLastCalledWith('release', null);
  });

  it('switches kinds with tabs and shows their key column', async () => {
    const props = view();
    await fireEvent.click(screen.getByRole('tab', { name: /Windows/ }));
    expect(screen.getByRole('tab', { name: /Windows/ }).getAttribute('aria-selected')).toBe('true');
    expect(bodyRows().map((r) => [r.cells[0].textContent, r.cells[2].textContent])).toEqual([['mw-prod', 'maintenance'], ['bo', 'blackout']]);
    await fireEvent.click(screen.getByRole('button', { name: 'Edit bo' }));
    expect(props.onEdit).toHaveBeenLastCalledWith('window', 'bo');
    await fireEvent.keyDown(screen.getByRole('tab', { name: /Windows/ }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: /Releases/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('lists deployments through the range query, in start order, with local times', async () => {
    view();
    await fireEvent.click(screen.getByRole('tab', { name: /Deployments/ }));
    await waitFor(() => expect(bodyRows().length).toBe(2));
    expect(calls.find((c) => c.cmd === 'visible_range')?.args).toEqual({ from: '2027-01-05T21:30:00Z', to: '2027-01-12T22:31:00Z' });
    expect(bodyRows().map((r) => [r.cells[0].textContent, r.cells[4].textContent])).toEqual([['d1', '2027-01-05 22:30'], ['d2', '2027-01-12 22:30']]);
  });

  it('shows why a delete was refused, and reports a successful one', async () => {
    handler = (cmd) => {
      if (cmd === 'delete_entity') throw { code: 'referenced', message: 'service ledger is used by deployment d1' };
      throw { code: 'unexpected', message: cmd };
    };
    const props = view();
    await fireEvent.click(screen.getByRole('tab', { name: /Services/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete ledger' }));
    await fireEvent.click(within(bodyRows()[0]).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByTestId('entities-message').textContent).toContain('service ledger is used by deployment d1'));
    expect(props.onChanged).not.toHaveBeenCalled();

    handler = () => after;
    await fireEvent.click(within(bodyRows()[1]).getByRole('button', { name: 'Delete payments' }));
    await fireEvent.click(within(bodyRows()[1]).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(props.onChanged).toHaveBeenCalledWith(after));
    expect(calls.filter((c) => c.cmd === 'delete_entity').map((c) => c.args)).toEqual([
      { kind: 'service', id: 'ledger' }, { kind: 'service', id: 'payments' },
    ]);
  });

  it('saves the plan settings and refuses an unknown zone', async () => {
    const props = view();
    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    expect(zone.value).toBe('Europe/Berlin');
    await fireEvent.input(zone, { target: { value: 'Europe/Nowhere' } });
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(zone, { target: { value: 'America/New_York' } });
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Payments 2027' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(props.onChanged).toHaveBeenCalledWith(after));
    expect(calls.find((c) => c.cmd === 'set_plan_settings')?.args).toEqual({ name: 'Payments 2027', timezone: 'America/New_York' });
  });
});

describe('the entity workspace', () => {
  it('opens the editor from the list and closes it after a save', async () => {
    const onChanged = vi.fn();
    render(EntityWorkspace, { props: { plan, onChanged, onError: vi.fn() } });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit r2' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect((within(dialog).getByLabelText('Version') as HTMLInputElement).value).toBe(''));
    await fireEvent.input(within(dialog).getByLabelText('Version'), { target: { value: '7.0.1' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(after));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.find((c) => c.cmd === 'save_entity')?.args).toEqual({
      kind: 'release', originalId: 'r2', value: { id: 'r2', name: 'Payments 7', change_type: 'standard', status: 'draft', version: '7.0.1' },
    });
  });
});
