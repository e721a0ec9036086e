import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import CabViewComponent from './CabView.svelte';
import { approvalStatus, conflictCounts, defaultRelease, filterReleases, problemsByField, validateDecision } from './cab';
import type { CabView, Conflict, ReleaseInfo } from '../types';
import { summary } from './fixtures';

const releases: ReleaseInfo[] = [
  { id: 'cat-1.0', name: 'Catalog', version: '1.0', train: null, changeType: 'standard', status: 'planned' },
  { id: 'pay-2.1', name: 'Payments', version: '2.1', train: null, changeType: 'normal', status: 'planned' },
];

const conflict = (releasesOf: string[]): Conflict => ({
  title: 'Overlapping deployments', rule: 'overlap', severity: 'error', deployments: [], releases: releasesOf, services: [],
  environment: 'prod', window: null, team: null, message: 'Payments overlaps Ledger in prod', evidence: [], subjects: [],
});

const cabData: CabView = {
  release: releases[1], owner: 'ana', description: 'New ledger schema', rollbackPlan: 'Restore snapshot', successCriteria: null,
  servicesTouched: [{ id: 'payments-api', name: 'Payments API' }],
  blastRadius: [{ id: 'checkout', name: 'Checkout' }, { id: 'billing', name: 'Billing' }],
  risk: {
    release: 'pay-2.1', score: 62, level: 'high',
    factors: [
      { key: 'data', label: 'Sensitive data', points: 20, max: 25, detail: 'payments-api holds financial data' },
      { key: 'conflicts', label: 'Open conflicts', points: 10, max: 20, detail: '1 error' },
    ],
  },
  conflicts: [conflict(['pay-2.1'])],
  approvals: [{ by: 'bob', role: 'cab', decision: 'approved', at: '2027-03-01T09:00:00Z', comment: 'fine by me' }],
  requiredApprovals: 2,
  dependencies: [{ id: 'cat-1.0', name: 'Catalog 1.0', status: 'deployed' }],
  deployments: [
    { id: 'pay-2.1/payments-api/staging', release: 'pay-2.1', service: 'payments-api', environment: 'staging', start: '2027-03-10T09:00:00Z', end: '2027-03-10T10:00:00Z', status: 'planned', severity: null },
    { id: 'pay-2.1/payments-api/prod', release: 'pay-2.1', service: 'payments-api', environment: 'prod', start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned', severity: 'error' },
  ],
};

const plan = (revision = 1) => summary(revision, {
  releases,
  environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [{ id: 'payments-api', name: 'Payments API' }],
});

describe('cab functions', () => {
  it('picks the first release with open conflicts, else the first', () => {
    expect(defaultRelease(releases, conflictCounts([{ release: 'pay-2.1', conflicts: 1 }]))).toBe('pay-2.1');
    expect(defaultRelease(releases, new Map())).toBe('cat-1.0');
    expect(defaultRelease([], new Map())).toBeNull();
    expect(conflictCounts([{ release: 'a', conflicts: 2 }, { release: 'b', conflicts: 1 }])).toEqual(new Map([['a', 2], ['b', 1]]));
  });

  it('counts distinct approvers and lets any rejection fail the policy', () => {
    const s = approvalStatus([
      { by: 'bob', decision: 'approved' }, { by: 'bob', decision: 'approved' }, { by: 'cy', decision: 'approved' },
    ], 2);
    expect(s).toMatchObject({ approvedBy: ['bob', 'cy'], satisfied: true, text: '2 of 2 required approvals' });
    const r = approvalStatus([{ by: 'bob', decision: 'approved' }, { by: 'dee', decision: 'rejected' }], 1);
    expect(r.satisfied).toBe(false);
    expect(r.text).toBe('1 of 1 required approval · rejected by dee');
    expect(approvalStatus([], 0).text).toBe('No approvals required · 0 given');
    expect(approvalStatus([{ by: 'bob', decision: 'approved' }, { by: 'cy', decision: 'approved' }], 1).text)
      .toBe('2 approvals (1 required)');
  });

  it('validates the form and places backend problems at fields', () => {
    expect(validateDecision({ by: '  ', role: '', decision: '', comment: '' })).toEqual({
      by: ['Enter the name of the person deciding.'], decision: ['Choose approve or reject.'],
    });
    expect(validateDecision({ by: 'ana', role: '', decision: 'approved', comment: '' })).toEqual({});
    expect(problemsByField([
      { field: 'approvals[3].by', message: 'too long' }, { field: 'role', message: 'unknown role' }, { field: 'status', message: 'frozen' },
    ])).toEqual({ by: ['too long'], role: ['unknown role'], form: ['frozen'] });
    expect(filterReleases(releases, '2.1').map((r) => r.id)).toEqual(['pay-2.1']);
  });
});

describe('CabView', () => {
  let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
  let decisionError: unknown = null;
  let exportResult: unknown = null;
  beforeEach(() => {
    calls = [];
    decisionError = null;
    exportResult = { path: '/home/ana/pay-2.1-cab.pdf', bytes: 1200 };
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === 'release_conflicts') return [{ release: 'pay-2.1', conflicts: 1 }];
      if (cmd === 'cab') return (args as { release: string }).release === 'pay-2.1' ? cabData : { ...cabData, release: releases[0], approvals: [], conflicts: [] };
      if (cmd === 'record_decision') { if (decisionError) throw decisionError; return summary(2); }
      if (cmd === 'export_cab_pdf_dialog') return exportResult;
      if (cmd === 'open_path') return null;
      if (cmd === 'release_governance') return { release: (args as { release: string }).release, emergency: false, checklist: [], decision: null, waivers: [], reviewDue: null, review: null };
      throw { code: 'unexpected', message: cmd };
    });
  });
  afterEach(() => { cleanup(); clearMocks(); });

  function setup() {
    const onChanged = vi.fn();
    const onError = vi.fn();
    const onShowDeployment = vi.fn();
    const r = render(CabViewComponent, { props: { plan: plan(), onChanged, onError, onShowDeployment } });
    return { ...r, onChanged, onError, onShowDeployment };
  }

  it('opens on the release with conflicts and shows risk factors, reach, deployments and approvals', async () => {
    const { onShowDeployment } = setup();
    await screen.findByTestId('risk-score');
    expect(calls.find((c) => c.cmd === 'cab')?.args).toEqual({ release: 'pay-2.1' });
    expect((screen.getByTestId('cab-release') as HTMLSelectElement).value).toBe('pay-2.1');
    // the picker counts each release's conflicts, as the engine sends them
    const labels = [...(screen.getByTestId('cab-release') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(labels).toEqual(['Catalog 1.0', 'Payments 2.1 — 1 conflict']);
    expect(screen.getByTestId('risk-score').textContent).toContain('62');
    expect(screen.getByTestId('risk-score').textContent).toContain('high');
    const factors = screen.getAllByTestId('risk-factor');
    expect(factors).toHaveLength(2);
    expect(factors[0].textContent).toContain('Sensitive data');
    expect(factors[0].textContent).toContain('20/25');
    expect(factors[0].textContent).toContain('payments-api holds financial data');
    expect(within(factors[0]).getByRole('meter').getAttribute('aria-valuenow')).toBe('20');
    expect(screen.getByText('Blast radius').textContent).toContain('2');
    expect(screen.getByText('Checkout')).toBeTruthy();
    const rows = screen.getAllByTestId('cab-deployment');
    expect(rows[1].textContent).toContain('Production');
    expect(rows[1].textContent).toContain('Thu, 11 Mar 2027 22:00–22:45'); // Berlin time
    // a narrow column wraps between the date and the times, never inside them
    expect([...rows[1].querySelectorAll('.when span')].map((s) => s.textContent)).toEqual(['Thu, 11 Mar 2027', '22:00–22:45']);
    await fireEvent.click(rows[1]);
    expect(onShowDeployment).toHaveBeenCalledWith('pay-2.1/payments-api/prod');
    const approvals = screen.getAllByTestId('approval');
    expect(approvals).toHaveLength(1);
    expect(approvals[0].textContent).toContain('bob');
    expect(approvals[0].textContent).toContain('fine by me');
    expect(screen.getByTestId('approval-status').textContent).toBe('1 of 2 required approvals');
    expect(screen.getByText('Payments overlaps Ledger in prod')).toBeTruthy();
  });

  it('records a decision with the entered values, then reports the new summary and reloads', async () => {
    const { onChanged } = setup();
    await screen.findByTestId('risk-score');
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: ' Cy ' } });
    await fireEvent.input(screen.getByLabelText('Role'), { target: { value: 'security' } });
    await fireEvent.click(screen.getByLabelText('Reject'));
    await fireEvent.input(screen.getByLabelText('Comment'), { target: { value: 'no rollback test' } });
    calls = [];
    await fireEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ revision: 2 })));
    expect(calls[0]).toEqual({
      cmd: 'record_decision',
      args: { release: 'pay-2.1', by: 'Cy', role: 'security', decision: 'rejected', comment: 'no rollback test' },
    });
    await waitFor(() => expect(calls.map((c) => c.cmd)).toEqual(['record_decision', 'cab']));
    expect(screen.getByText('Rejection by Cy recorded.')).toBeTruthy();
  });

  it('blocks an empty name at the field without calling the backend', async () => {
    setup();
    await screen.findByTestId('risk-score');
    await fireEvent.click(screen.getByLabelText('Approve'));
    calls = [];
    await fireEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const msg = document.getElementById(name.getAttribute('aria-describedby')!);
    expect(msg?.textContent).toBe('Enter the name of the person deciding.');
    expect(calls).toEqual([]);
  });

  it('shows backend field problems at the matching field', async () => {
    const { onError, onChanged } = setup();
    await screen.findByTestId('risk-score');
    decisionError = { code: 'invalid_entity', message: 'invalid approval', problems: [{ field: 'approvals[1].role', message: 'role must be lowercase' }] };
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'ana' } });
    await fireEvent.input(screen.getByLabelText('Role'), { target: { value: 'CAB' } });
    await fireEvent.click(screen.getByLabelText('Approve'));
    await fireEvent.click(screen.getByRole('button', { name: 'Record decision' }));
    const role = screen.getByLabelText('Role');
    await waitFor(() => expect(role.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(role.getAttribute('aria-describedby')!)?.textContent).toBe('role must be lowercase');
    expect(onError).not.toHaveBeenCalled();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('exports the impact sheet on the chosen paper and offers to open it', async () => {
    setup();
    await screen.findByTestId('risk-score');
    await fireEvent.change(screen.getByLabelText('Paper'), { target: { value: 'letter' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export impact sheet (PDF)' }));
    const saved = await screen.findByRole('status');
    expect(saved.textContent).toContain('Saved to /home/ana/pay-2.1-cab.pdf');
    expect(calls.find((c) => c.cmd === 'export_cab_pdf_dialog')?.args).toEqual({ release: 'pay-2.1', paper: 'letter' });
    await fireEvent.click(within(saved).getByRole('button', { name: 'Open' }));
    expect(calls.at(-1)).toEqual({ cmd: 'open_path', args: { path: '/home/ana/pay-2.1-cab.pdf' } });
  });

  it('shows progress while exporting', async () => {
    setup();
    await screen.findByTestId('risk-score');
    let finish: (v: unknown) => void = () => {};
    exportResult = new Promise((r) => { finish = r; });
    await fireEvent.click(screen.getByRole('button', { name: 'Export impact sheet (PDF)' }));
    const busy = await screen.findByRole('button', { name: 'Exporting…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    finish({ path: '/tmp/x.pdf', bytes: 1 });
    await screen.findByText(/Saved to/);
    expect((screen.getByRole('button', { name: 'Export impact sheet (PDF)' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows nothing when the export is cancelled, and loads another release when picked', async () => {
    setup();
    await screen.findByTestId('risk-score');
    exportResult = null;
    await fireEvent.click(screen.getByRole('button', { name: 'Export impact sheet (PDF)' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Export impact sheet (PDF)' })).toBeTruthy());
    expect(screen.queryByText(/Saved to/)).toBeNull();
    calls = [];
    await fireEvent.change(screen.getByTestId('cab-release'), { target: { value: 'cat-1.0' } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'cab')).toEqual([{ cmd: 'cab', args: { release: 'cat-1.0' } }]));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('Catalog'));
  });

  it('follows the release prop and replaces a release that left the plan without asking for it', async () => {
    const { rerender, onError } = setup();
    await screen.findByTestId('risk-score');
    calls = [];
    await rerender({ release: 'cat-1.0' });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'cab')).toEqual([{ cmd: 'cab', args: { release: 'cat-1.0' } }]));
    calls = [];
    await rerender({ release: null, plan: { ...plan(3), releases: [releases[1]] } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'cab')).toEqual([{ cmd: 'cab', args: { release: 'pay-2.1' } }]));
    expect(onError).not.toHaveBeenCalled();
  });

  it('on a team plan a CAB member decides under their login; other roles see why they cannot', async () => {
    const team = (role: 'coordinator' | 'cab' | 'viewer') => ({
      ...plan(),
      location: {
        kind: 'team' as const, server: 'db.example.com/trainyard', plan: 'q1', login: 'carl', role,
        permissions: { canEdit: role === 'coordinator', canDecide: role === 'cab', readOnly: role === 'viewer' },
      },
    });
    const r = render(CabViewComponent, { props: { plan: team('cab'), onChanged: vi.fn(), onError: vi.fn() } });
    await screen.findByTestId('risk-score');
    const by = screen.getByLabelText('Name') as HTMLInputElement;
    expect(by.value).toBe('carl');
    expect(by.disabled).toBe(true);
    expect(by.title).toMatch(/recorded under your login/);
    const record = screen.getByTestId('record-decision') as HTMLButtonElement;
    expect(record.disabled).toBe(false);

    await r.rerender({ plan: team('coordinator') });
    expect(record.disabled).toBe(true);
    expect(record.title).toBe('Only a CAB member records decisions on a team plan');
    await r.rerender({ plan: team('viewer') });
    expect(record.title).toBe('A viewer may not record decisions');
    await r.rerender({ plan: team('cab'), connection: 'lost' });
    expect(record.disabled).toBe(true);
    expect(record.title).toMatch(/connection to the server is lost/);
  });
});
