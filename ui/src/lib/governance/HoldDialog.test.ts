import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import HoldDialog from './HoldDialog.svelte';
import type { HoldPreview } from '../types';
import { summary } from '../views/fixtures';

const preview: HoldPreview = {
  deployments: [{
    id: 'd1', release: { id: 'r1', name: 'Payments 7.2' }, service: { id: 'api', name: 'Payments API' },
    environment: { id: 'prod', name: 'Production' }, start: '2027-03-11T09:00:00Z', end: '2027-03-11T10:00:00Z',
  }],
  errorsNow: 1, errorsAfter: 2,
};

describe('HoldDialog', () => {
  let calls: Array<{ cmd: string; args: Record<string, unknown> }>;
  beforeEach(() => {
    calls = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === 'preview_hold') return preview;
      if (cmd === 'place_hold') return summary(2);
      throw { code: 'unexpected', message: cmd };
    });
  });
  afterEach(() => { cleanup(); clearMocks(); });

  const plan = () => summary(1, {
    environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }], asOf: '2027-03-08T07:00:00Z',
  });

  it('previews production from now, until lifted, and puts the hold on with its reason as one call', async () => {
    const onPlaced = vi.fn();
    render(HoldDialog, { props: { plan: plan(), onPlaced, onClose: vi.fn() } });
    await waitFor(() => expect(screen.getByTestId('hold-count').textContent).toBe('1'));
    expect(screen.getByTestId('hold-errors').textContent).toBe('1 → 2');
    expect(screen.getByTestId('hold-preview').textContent).toContain('Payments 7.2 · Payments API · Production');
    expect(calls[0].args).toEqual({ hold: { scope: 'environment', target: 'prod', reason: '', from: '2027-03-08T07:00:00Z', until: null } });
    // Typing the reason asks for no new preview.
    await fireEvent.input(screen.getByTestId('hold-reason'), { target: { value: 'incident INC-1' } });
    await fireEvent.click(screen.getByTestId('hold-confirm'));
    await waitFor(() => expect(onPlaced).toHaveBeenCalledTimes(1));
    expect(calls.map((c) => c.cmd)).toEqual(['preview_hold', 'place_hold']);
    expect(calls[1].args).toEqual({ hold: { scope: 'environment', target: 'prod', reason: 'incident INC-1', from: '2027-03-08T07:00:00Z', until: null } });
  });

  it('an end before the start is shown on the field and nothing is asked', async () => {
    render(HoldDialog, { props: { plan: plan(), onPlaced: vi.fn(), onClose: vi.fn() } });
    await waitFor(() => expect(calls).toHaveLength(1));
    await fireEvent.input(screen.getByTestId('hold-until'), { target: { value: '2027-03-01T08:00' } });
    expect(await screen.findByText('The hold must end after it starts')).toBeTruthy();
    expect((screen.getByTestId('hold-confirm') as HTMLButtonElement).disabled).toBe(true);
    expect(calls).toHaveLength(1);
  });
});
