import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import ReleaseGovernance from './ReleaseGovernance.svelte';
import type { ReleaseGovernanceView } from '../types';
import { summary } from '../views/fixtures';

const view: ReleaseGovernanceView = {
  release: 'pay-2.1', emergency: true,
  checklist: [
    { id: 'runbook', title: 'Runbook updated', owner: 'core', state: 'done', doneAt: '2027-03-01T09:00:00Z', note: null, due: '2027-03-09T09:00:00Z', missing: false },
    { id: 'rollback', title: 'Rollback rehearsed', owner: null, state: null, doneAt: null, note: null, due: '2027-03-09T09:00:00Z', missing: true },
  ],
  decision: null,
  waivers: [{ id: 'w1', rules: ['on-hold'], grantedBy: 'cab', reason: 'the fix', grantedAt: '2027-03-01T00:00:00Z', expires: '2027-03-20T00:00:00Z' }],
  reviewDue: '2027-03-16T13:00:00Z', review: null,
};

describe('ReleaseGovernance', () => {
  let calls: Array<{ cmd: string; args: Record<string, unknown> }>;
  beforeEach(() => {
    calls = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === 'release_governance') return view;
      if (cmd === 'edit_checklist' || cmd === 'record_go_no_go' || cmd === 'record_review' || cmd === 'grant_waiver') return summary(2);
      throw { code: 'unexpected', message: cmd };
    });
  });
  afterEach(() => { cleanup(); clearMocks(); });

  function setup(props: Record<string, unknown> = {}) {
    const onChanged = vi.fn();
    const onError = vi.fn();
    render(ReleaseGovernance, { props: { plan: summary(1), release: 'pay-2.1', onChanged, onError, ...props } });
    return { onChanged, onError };
  }

  it('lists the checklist with the missing item and its due time, the waivers and the review due', async () => {
    setup();
    const rows = await screen.findAllByTestId('checklist-item');
    expect(rows[1].textContent).toContain('Rollback rehearsed');
    expect(rows[1].textContent).toContain('missing');
    expect(rows[1].textContent).toContain('9 Mar 2027, 10:00'); // Berlin
    expect(screen.getByTestId('checklist-summary').textContent).toBe('1 of 2 done · 1 missing');
    expect(screen.getByTestId('waiver').textContent).toContain('granted by cab');
    expect(screen.getByTestId('review-due').textContent).toContain('16 Mar 2027');
  });

  it('ticking an item done is one edit_checklist call, and its summary goes to the app', async () => {
    const { onChanged } = setup();
    const rows = await screen.findAllByTestId('checklist-item');
    await fireEvent.click(rows[1].querySelector('[data-testid=item-done]')!);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls.find((c) => c.cmd === 'edit_checklist')?.args).toEqual({ release: 'pay-2.1', edit: { action: 'done', item: 'rollback' } });
  });

  it('granting a waiver sends the chosen rules, the reason and the expiry as an instant in the plan zone', async () => {
    const { onChanged } = setup();
    const form = await screen.findByTestId('grant-waiver');
    await fireEvent.click(screen.getByLabelText('blackout'));
    await fireEvent.click(screen.getByLabelText('on-hold'));
    await fireEvent.input(screen.getByLabelText('Why the waiver is granted'), { target: { value: 'INC-9 hotfix' } });
    await fireEvent.input(form.querySelector('input[type=datetime-local]')!, { target: { value: '2027-03-20T18:00' } });
    await fireEvent.submit(form);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    // 18:00 in Berlin (CET, UTC+1) is 17:00 UTC.
    expect(calls.find((c) => c.cmd === 'grant_waiver')?.args).toEqual({
      release: 'pay-2.1', rules: ['blackout', 'on-hold'], reason: 'INC-9 hotfix', expires: '2027-03-20T17:00:00Z',
    });
  });

  it('a read-only user sees the actions disabled, with the reason', async () => {
    setup({ editReason: 'A viewer may not change the plan' });
    const rows = await screen.findAllByTestId('checklist-item');
    const done = rows[1].querySelector('[data-testid=item-done]') as HTMLButtonElement;
    expect(done.disabled).toBe(true);
    expect(done.title).toBe('A viewer may not change the plan');
  });
});
