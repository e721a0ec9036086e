// The conflicts panel: evidence in words, and the "move to next free slot"
// action, against a mocked IPC boundary.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import ConflictsPanel from './ConflictsPanel.svelte';
import { conflictKey, describeEvidence } from './conflicts';
import type { Conflict, ConflictDigest, ConflictPage, PlanSummary } from './types';
import { NO_FILTER, toggled } from './calendar/filter';
import { instantLabel, intervalLabel, parseInstant } from './time';
import { fileLocation } from './team/team';

const label = (a: string, b: string) => intervalLabel(parseInstant(a), parseInstant(b), TZ);

const TZ = 'Europe/Berlin';
const names = new Map([['bo-summit', 'Company summit'], ['ledger', 'Ledger DB'], ['payments', 'Payments API']]);

const overlap: Conflict = {
  title: 'Overlapping deployments', rule: 'overlap', severity: 'error',
  deployments: ['d1', 'd2'], releases: [], services: [], environment: 'prod', window: null, team: null,
  message: 'd1 and d2 of ledger overlap in prod',
  evidence: [{ kind: 'other_deployment', deployment: 'd2', start: '2027-03-10T09:00:00Z', end: '2027-03-10T10:00:00Z' }],
  subjects: [],
};
const cycle: Conflict = {
  title: 'Dependency cycle', rule: 'dependency-cycle', severity: 'error',
  deployments: [], releases: [], services: ['ledger', 'payments'], environment: null, window: null, team: null,
  message: 'services depend on each other in a loop', evidence: [{ kind: 'dependency_path', path: ['ledger', 'payments', 'ledger'] }],
  subjects: [],
};

const plan = {
  path: '/p.trainyard', name: 'P', timezone: TZ, revision: 3, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'prod', name: 'Production' }], services: [{ id: 'ledger', name: 'Ledger DB' }, { id: 'payments', name: 'Payments API' }],
  releases: [], trains: [], teams: [], windows: [], counts: { errors: 2, warnings: 0 }, asOf: null, firstStart: null, lastEnd: null, deploymentCount: 2, location: fileLocation(),
} satisfies PlanSummary;

describe('evidence in words', () => {
  it('names windows and times in the plan zone', () => {
    const s = describeEvidence({ kind: 'window_occurrence', window: 'bo-summit', start: '2027-03-10T08:00:00Z', end: '2027-03-10T16:00:00Z' }, names, TZ);
    expect(s).toBe(`Company summit occurs ${label('2027-03-10T08:00:00Z', '2027-03-10T16:00:00Z')}`);
    expect(s).toMatch(/10 Mar 2027 09:00–17:00$/);
  });
  it('spells a dependency path with names', () => {
    expect(describeEvidence(cycle.evidence[0], names, TZ)).toBe('Depends: Ledger DB → Payments API → Ledger DB');
  });
  it('counts approvals and rejections', () => {
    expect(describeEvidence({ kind: 'approvals', required: 2, counted: 1, rejected_by: ['bob'] }, names, TZ))
      .toBe('1 of 2 required approvals; rejected by bob');
  });
  it('keys conflicts by rule and subjects, not message', () => {
    expect(conflictKey(overlap)).toBe(conflictKey({ ...overlap, message: 'other words' }));
    expect(conflictKey(overlap)).not.toBe(conflictKey({ ...overlap, deployments: ['d1', 'd3'] }));
  });
  it('tells two holds on one deployment apart and words holds and waivers', () => {
    const onHold: Conflict = { ...overlap, rule: 'on-hold', deployments: ['d1'], holds: ['h1'], evidence: [] };
    expect(conflictKey(onHold)).not.toBe(conflictKey({ ...onHold, holds: ['h2'] }));
    expect(describeEvidence({ kind: 'hold', hold: 'h1', from: '2027-03-10T08:00:00Z', until: null, reason: 'incident', by: null, allow_waiver: false }, names, TZ))
      .toBe(`Hold h1 from ${instantLabel(parseInstant('2027-03-10T08:00:00Z'), TZ)}, until lifted (incident)`);
    expect(describeEvidence({ kind: 'waiver', waiver: 'w1', granted_by: 'cab', granted_at: '2027-03-01T00:00:00Z', expires: '2027-03-20T00:00:00Z' }, names, TZ))
      .toBe('Waived by w1 (granted by cab)');
  });
});

/** The digest the engine would send for `conflicts`: groups in report order, errors first, `first` cards each. */
function digestOf(conflicts: Conflict[], first = 20): ConflictDigest {
  const groups: ConflictDigest['groups'] = [];
  for (const severity of ['error', 'warning'] as const) {
    for (const c of conflicts.filter((c) => c.severity === severity)) {
      let g = groups.find((g) => g.severity === severity && g.rule === c.rule);
      if (!g) groups.push((g = { severity, rule: c.rule, title: c.title, total: 0, items: [] }));
      g.total++;
      if (g.items.length < first) g.items.push(c);
    }
  }
  const count = (s: string) => conflicts.filter((c) => c.severity === s).length;
  return { total: conflicts.length, errors: count('error'), warnings: count('warning'), groups };
}

describe('conflicts panel', () => {
  let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
  /** What conflicts_page pages through, in report order. */
  let report: Conflict[] = [];
  beforeEach(() => {
    calls = [];
    report = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      if (cmd === 'conflicts_page') {
        const a = args as { offset: number; limit: number };
        const page: ConflictPage = { total: report.length, errors: report.length, warnings: 0, offset: a.offset, items: report.slice(a.offset, a.offset + a.limit) };
        return page;
      }
      if (cmd === 'suggest_slot') return { id: 'd1', start: '2027-03-10T10:00:00Z', end: '2027-03-10T11:00:00Z', environment: 'prod', reason: 'first slot without conflicts' };
      if (cmd === 'apply_suggestion') return { ...plan, revision: 4, counts: { errors: 1, warnings: 0 } };
      throw { code: 'unexpected', message: cmd };
    });
  });
  afterEach(() => { cleanup(); clearMocks(); });

  it('expands a conflict to its evidence and applies the next free slot as one edit', async () => {
    const changed: PlanSummary[] = [];
    const selected: Conflict[] = [];
    render(ConflictsPanel, { digest: digestOf([overlap, cycle]), filter: NO_FILTER, plan, onSelect: (c: Conflict) => selected.push(c), onChanged: (p: PlanSummary) => changed.push(p), onError: (e: unknown) => { throw e; } });
    await fireEvent.click(screen.getByText(overlap.message));
    expect(selected).toEqual([overlap]);
    expect(screen.getByTestId('conflict-detail').textContent).toContain(`Overlaps d2 (${label('2027-03-10T09:00:00Z', '2027-03-10T10:00:00Z')})`);
    await fireEvent.click(screen.getAllByText('Find next free slot')[0]);
    await waitFor(() => expect(screen.getByTestId('apply-slot')).toBeTruthy());
    expect(screen.getByText(label('2027-03-10T10:00:00Z', '2027-03-10T11:00:00Z'))).toBeTruthy();
    await fireEvent.click(screen.getByTestId('apply-slot'));
    await waitFor(() => expect(changed.length).toBe(1));
    expect(changed[0].revision).toBe(4);
    expect(calls.map((c) => c.cmd)).toEqual(['suggest_slot', 'apply_suggestion']);
    expect(calls[1].args).toEqual({ id: 'd1' });
  });

  it('lists a rule\'s first 20 conflicts and asks the engine for more of that rule, with the full count in the heading', async () => {
    const many = Array.from({ length: 320 }, (_, i) => ({ ...overlap, deployments: [`d${i}`, `e${i}`], message: `overlap number ${i}` }));
    report = many;
    const filter = toggled(NO_FILTER, 'trains', 'march', true);
    render(ConflictsPanel, { digest: digestOf(many), filter, plan, onSelect: () => {}, onChanged: () => {}, onError: (e: unknown) => { throw e; } });
    const cards = () => document.querySelectorAll('button.conflict').length;
    expect(cards()).toBe(20);
    expect(screen.getByText('Errors (320)')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Show 200 more (300 not listed)' }));
    await waitFor(() => expect(cards()).toBe(220));
    expect(calls.at(-1)).toEqual({ cmd: 'conflicts_page', args: { offset: 20, limit: 200, filter, group: { severity: 'error', rule: 'overlap' } } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show 100 more (100 not listed)' }));
    await waitFor(() => expect(cards()).toBe(320));
    expect(calls.at(-1)?.args.offset).toBe(220);
    expect(screen.queryByTestId('more-conflicts')).toBeNull();
    expect(screen.getByText('overlap number 319')).toBeTruthy();
  });

  it('starts again from the first cards when a new digest comes', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...overlap, deployments: [`d${i}`], message: `overlap number ${i}` }));
    report = many;
    const props = { digest: digestOf(many), filter: NO_FILTER, plan, onSelect: () => {}, onChanged: () => {}, onError: (e: unknown) => { throw e; } };
    const { rerender } = render(ConflictsPanel, props);
    const cards = () => document.querySelectorAll('button.conflict').length;
    await fireEvent.click(screen.getByTestId('more-conflicts'));
    await waitFor(() => expect(cards()).toBe(60));
    await rerender({ ...props, digest: digestOf(many.slice(1)) });
    await waitFor(() => expect(cards()).toBe(20));
    expect(screen.getByText('Errors (59)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show 39 more (39 not listed)' })).toBeTruthy();
  });

  it('says so when the filter lets no conflict through', () => {
    render(ConflictsPanel, { digest: digestOf([]), filter: NO_FILTER, plan, onSelect: () => {}, onChanged: () => {}, onError: () => {} });
    expect(screen.getByText('No conflicts. Nice.')).toBeTruthy();
  });

  it('filters by severity and offers no slot for conflicts without deployments', async () => {
    render(ConflictsPanel, { digest: digestOf([overlap, cycle]), filter: NO_FILTER, plan, onSelect: () => {}, onChanged: () => {}, onError: () => {} });
    await fireEvent.click(screen.getByText(cycle.message));
    expect(screen.queryByText('Find next free slot')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Warnings' }));
    expect(screen.queryByText(cycle.message)).toBeNull();
  });
});
