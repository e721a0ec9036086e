// The deployment form's outcome section against a mocked IPC boundary: one
// save carries the recorded outcome, and a read-only plan disables it with
// the reason.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import EntityEditor from './EntityEditor.svelte';
import type { EntityJson, PlanSummary } from '../types';
import { fileLocation } from '../team/team';

const TZ = 'Europe/Berlin';
const plan: PlanSummary = {
  path: '/tmp/p.trainyard', name: 'Payments', timezone: TZ, revision: 3, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'prod', name: 'Production' }], services: [{ id: 'ledger', name: 'Ledger DB' }],
  releases: [{ id: 'r1', name: 'Ledger 4.2', version: '4.2.0', train: null, changeType: 'normal', status: 'planned' }],
  trains: [], teams: [], windows: [],
  counts: { errors: 0, warnings: 0 }, asOf: null, firstStart: null, lastEnd: null, deploymentCount: 1, location: fileLocation(),
};
const deployment: EntityJson = {
  id: 'd1', release: 'r1', service: 'ledger', environment: 'prod', start: '2027-01-05T21:30:00Z', end: '2027-01-05T22:30:00Z',
};

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
beforeEach(() => {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === 'entity') return deployment;
    if (cmd === 'save_entity') return { ...plan, revision: 4 };
    throw { code: 'unexpected', message: cmd };
  });
});
afterEach(() => { cleanup(); clearMocks(); });

function open(p: PlanSummary = plan) {
  const props = { plan: p, kind: 'deployment' as const, id: 'd1', onSaved: vi.fn(), onClose: vi.fn(), onError: vi.fn() };
  render(EntityEditor, { props });
  return props;
}
const field = (label: string) => screen.getByLabelText(new RegExp(`^${label}`)) as HTMLInputElement;

describe('recording an outcome in the deployment form', () => {
  it('saves started, finished, result and an incident as one edit, in UTC', async () => {
    const props = open();
    await fireEvent.click(await screen.findByRole('button', { name: 'Record outcome' }));
    expect(field('Started').value).toBe('2027-01-05T22:30');
    await fireEvent.input(field('Finished'), { target: { value: '2027-01-05T23:45' } });
    await fireEvent.change(field('Result'), { target: { value: 'failed' } });
    await fireEvent.click(screen.getByRole('button', { name: '+ Add incident' }));
    await fireEvent.input(field('Incident id'), { target: { value: 'INC-9' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(props.onSaved).toHaveBeenCalled());
    const saves = calls.filter((c) => c.cmd === 'save_entity');
    expect(saves).toHaveLength(1);
    expect(saves[0].args.value).toEqual({
      ...deployment,
      outcome: { started: '2027-01-05T21:30:00Z', finished: '2027-01-05T22:45:00Z', result: 'failed', incidents: [{ id: 'INC-9' }] },
    });
  });

  it('refuses to save a finished outcome without a result, naming the field', async () => {
    open();
    await fireEvent.click(await screen.findByRole('button', { name: 'Record outcome' }));
    await fireEvent.input(field('Finished'), { target: { value: '2027-01-05T23:45' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('error-outcome.result')).textContent).toContain('A finished deployment needs a result.');
    expect(calls.some((c) => c.cmd === 'save_entity')).toBe(false);
  });

  it('is disabled with the reason on a read-only plan', async () => {
    open({ ...plan, location: fileLocation(true) });
    const record = await screen.findByRole('button', { name: 'Record outcome' });
    expect((record as HTMLButtonElement).closest('fieldset')!.disabled).toBe(true);
    expect(screen.getByTestId('outcome-blocked').textContent).toContain('This plan file is read-only');
  });
});
