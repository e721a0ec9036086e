import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import AuditView from './AuditView.svelte';
import { changeKind, diffFields, diffItems, formatValue, jsonEqual, shortHash } from './audit';
import { instantLabel } from '../time';
import type { AuditEntry } from '../types';
import { summary } from './fixtures';

describe('diffFields', () => {
  it('lists only the fields that changed, before first then new fields', () => {
    const before = { id: 'd1', start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned' };
    const after = { id: 'd1', start: '2027-03-12T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned', owner: 'ana' };
    expect(diffFields(before, after)).toEqual([
      { field: 'start', kind: 'value', before: '2027-03-11T21:00:00Z', after: '2027-03-12T21:00:00Z' },
      { field: 'owner', kind: 'value', before: undefined, after: 'ana' },
    ]);
  });

  it('reports removed fields and nested fields as dotted paths', () => {
    const before = { id: 'w', scope: { environments: ['prod'], owner: 'ops' }, note: 'x' };
    const after = { id: 'w', scope: { environments: ['prod'], owner: 'sre' } };
    expect(diffFields(before, after)).toEqual([
      { field: 'scope.owner', kind: 'value', before: 'ops', after: 'sre' },
      { field: 'note', kind: 'value', before: 'x', after: undefined },
    ]);
  });

  const cab = { by: 'Ingrid Ødegaard', role: 'cab', decision: 'approved', at: '2027-02-10T14:20:00Z', comment: 'Approved at the Q1 CAB.' };
  const sec = { by: 'Mara Lindqvist', role: 'security', decision: 'approved', at: '2026-11-22T01:58:14Z', comment: 'Security review closed.' };

  it('diffs an added approval item by item: only the new approval, however long the list', () => {
    const before = { id: 'r', name: 'Payments API', approvals: [cab] };
    const after = { id: 'r', name: 'Payments API', approvals: [cab, sec] };
    expect(diffFields(before, after)).toEqual([
      { field: 'approvals', kind: 'items', added: [sec], removed: [], reordered: false, before: [cab], after: [cab, sec] },
    ]);
  });

  it('diffs a removed dependency and a changed list item as removed and added items', () => {
    const before = { id: 'r', depends_on: ['ledger-db-5.0.0', 'auth-3.4.1', 'api-gateway-5.4.0'] };
    const after = { id: 'r', depends_on: ['ledger-db-5.0.0', 'api-gateway-5.4.0'] };
    const [d] = diffFields(before, after);
    expect(d).toMatchObject({ field: 'depends_on', kind: 'items', added: [], removed: ['auth-3.4.1'], reordered: false });
    // an edited approval: the old one removed, the new one added
    const edited = { ...cab, comment: 'Approved, pending the security review.' };
    expect(diffFields({ approvals: [cab, sec] }, { approvals: [edited, sec] })).toMatchObject([
      { field: 'approvals', kind: 'items', removed: [cab], added: [edited] },
    ]);
  });

  it('matches duplicate items once each and treats a list that appears or goes as items', () => {
    expect(diffFields({ a: ['x', 'x', 'y'] }, { a: ['x', 'y'] })).toMatchObject([{ kind: 'items', removed: ['x'], added: [] }]);
    expect(diffFields({ id: 'r' }, { id: 'r', depends_on: ['a'] })).toMatchObject([
      { field: 'depends_on', kind: 'items', added: ['a'], removed: [], before: [] },
    ]);
    expect(diffFields({ id: 'r', tags: ['a'] }, { id: 'r' })).toMatchObject([{ field: 'tags', kind: 'items', added: [], removed: ['a'] }]);
  });

  it('reports a reordered list as reordered with no items added or removed', () => {
    expect(diffFields({ a: [1, 2] }, { a: [2, 1] })).toEqual([
      { field: 'a', kind: 'items', added: [], removed: [], reordered: true, before: [1, 2], after: [2, 1] },
    ]);
  });

  it('ignores key order and reports nothing for equal values', () => {
    expect(diffFields({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 })).toEqual([]);
    expect(diffFields({ a: [{ x: 1, y: 2 }] }, { a: [{ y: 2, x: 1 }] })).toEqual([]);
  });

  it('lists every field of an added or removed entity as values', () => {
    expect(diffFields(null, { id: 'e', name: 'Prod', tags: ['eu'] })).toEqual([
      { field: 'id', kind: 'value', before: undefined, after: 'e' },
      { field: 'name', kind: 'value', before: undefined, after: 'Prod' },
      { field: 'tags', kind: 'value', before: undefined, after: ['eu'] },
    ]);
    expect(diffFields({ id: 'e' }, null)).toEqual([{ field: 'id', kind: 'value', before: 'e', after: undefined }]);
  });

  it('compares non-object values whole, and top-level lists item by item', () => {
    expect(diffFields('Europe/Berlin', 'UTC')).toEqual([{ field: '', kind: 'value', before: 'Europe/Berlin', after: 'UTC' }]);
    expect(diffFields(3, 3)).toEqual([]);
    expect(diffFields(['a'], ['a', 'b'])).toMatchObject([{ field: '', kind: 'items', added: ['b'], removed: [] }]);
  });

  it('diffItems keeps list order within added and removed', () => {
    expect(diffItems([1, 2, 3, 4], [4, 5, 2, 6])).toEqual({ removed: [1, 3], added: [5, 6] });
  });
});

describe('formatValue', () => {
  it('writes objects as key: value pairs without JSON quotes, in full', () => {
    expect(formatValue(sample)).toBe(
      '{by: Mara Lindqvist, role: security, decision: approved, at: 2026-11-22T01:58:14Z, comment: "Closed, with notes."}');
    expect(formatValue({ a: { b: [1, true, null] }, c: undefined })).toBe('{a: {b: [1, true, null]}}');
    const long = 'x'.repeat(500);
    expect(formatValue({ comment: long })).toBe(`{comment: ${long}}`);
  });

  it('writes plain strings as they are and quotes ambiguous ones inside lists and objects', () => {
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('planned')).toBe('planned');
    expect(formatValue('')).toBe('""');
    expect(formatValue(['a', 1])).toBe('[a, 1]');
    expect(formatValue(['', ' pad', 'a,b', '[x]', 'say "hi"', 'Ødegaard'])).toBe('["", " pad", "a,b", "[x]", "say \\"hi\\"", Ødegaard]');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(42)).toBe('42');
  });

  it('labels instants en-GB, 24 h, with seconds, in the zone asked for', () => {
    const t = Date.parse('2027-03-01T22:00:05Z');
    expect(instantLabel(t, 'Europe/Berlin')).toMatch(/^Mon,? 1 Mar 2027 23:00:05$/);
    expect(instantLabel(t, 'Asia/Tokyo')).toMatch(/^Tue,? 2 Mar 2027 07:00:05$/);
    expect(instantLabel(Date.parse('2027-07-04T00:00:00Z'), 'America/New_York')).toMatch(/^Sat,? 3 Jul 2027 20:00:00$/);
  });

  it('knows the change kind and short hashes', () => {
    expect(changeKind(null, {})).toBe('added');
    expect(changeKind({}, null)).toBe('removed');
    expect(changeKind({}, {})).toBe('changed');
    expect(shortHash('0123456789abcdef')).toBe('0123456789');
    expect(jsonEqual({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
  });
});

const sample = { by: 'Mara Lindqvist', role: 'security', decision: 'approved', at: '2026-11-22T01:58:14Z', comment: 'Closed, with notes.' };

function entry(seq: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq, at: `2027-03-01T10:${String(seq % 60).padStart(2, '0')}:00Z`, user: 'ana', action: `Edit ${seq}`,
    changes: [], hash: `${seq}`.padStart(64, 'f'), ...extra,
  };
}

describe('AuditView', () => {
  let calls: Array<Record<string, unknown>> = [];
  let pages: Map<number | null, AuditEntry[]>;
  beforeEach(() => {
    calls = [];
    const first = Array.from({ length: 50 }, (_, i) => entry(120 - i));
    first[0] = entry(120, {
      user: 'bob', action: 'Move deployment',
      changes: [
        { kind: 'deployment', id: 'pay/api/prod', before: { id: 'pay/api/prod', start: '2027-03-11T21:00:00Z', status: 'planned' }, after: { id: 'pay/api/prod', start: '2027-03-12T21:00:00Z', status: 'planned' } },
        { kind: 'team', id: 'core', before: null, after: { id: 'core', name: 'Core' } },
      ],
    });
    pages = new Map([[null, first], [71, [entry(70), entry(69)]]]);
    mockIPC((cmd, args) => {
      if (cmd !== 'audit_log') throw { code: 'unexpected', message: cmd };
      const a = args as { limit: number; beforeSeq: number | null };
      calls.push(a);
      return pages.get(a.beforeSeq) ?? [];
    });
  });
  afterEach(() => { cleanup(); clearMocks(); });

  it('renders entries newest first with user, action, UTC tooltip and a short hash', async () => {
    render(AuditView, { props: { plan: summary(1), onChanged: vi.fn(), onError: vi.fn() } });
    const rows = await screen.findAllByTestId('audit-entry');
    expect(rows).toHaveLength(50);
    expect(calls[0]).toEqual({ limit: 50, beforeSeq: null });
    const top = within(rows[0]);
    expect(top.getByText('bob')).toBeTruthy();
    expect(top.getByText('Move deployment')).toBeTruthy();
    const time = rows[0].querySelector('time')!;
    expect(time.getAttribute('title')).toBe('2027-03-01T10:00:00Z (UTC)');
    expect(time.textContent).toBe(instantLabel(Date.parse('2027-03-01T10:00:00Z')));
    expect(time.textContent).toMatch(/^\w{3},? \d{1,2} Mar 2027 \d{2}:\d{2}:00$/);
    const hash = rows[0].querySelector('.hash')!;
    expect(hash.textContent).toBe('ffffffffff');
    expect(hash.getAttribute('title')).toBe(entry(120).hash);
  });

  it('expands an entry into its changes with a before → after diff', async () => {
    render(AuditView, { props: { plan: summary(1), onChanged: vi.fn(), onError: vi.fn() } });
    const rows = await screen.findAllByTestId('audit-entry');
    const toggle = within(rows[0]).getByRole('button', { name: /2 changes/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const diffRows = rows[0].querySelectorAll('.diff tr');
    expect(diffRows).toHaveLength(1); // only start changed; status and id did not
    expect(diffRows[0].textContent).toContain('start');
    expect(diffRows[0].querySelector('.before')?.textContent).toBe('2027-03-11T21:00:00Z');
    expect(diffRows[0].querySelector('.after')?.textContent).toBe('2027-03-12T21:00:00Z');
    expect(within(rows[0]).getByText('added')).toBeTruthy();
  });

  it('shows an approval added to a release as that one item, in full, and a removed dependency', async () => {
    const cab = { by: 'Ingrid Ødegaard', role: 'cab', decision: 'approved', at: '2027-02-10T14:20:00Z', comment: 'Approved at the Q1 CAB subject to the security review.' };
    const sec = { by: 'Mara Lindqvist', role: 'security', decision: 'approved', comment: 'Security review of the payout API closed.' };
    pages.set(null, [entry(7, {
      action: 'approve payments-api-7.2.0 (Mara Lindqvist)',
      changes: [{ kind: 'release', id: 'payments-api-7.2.0',
        before: { id: 'payments-api-7.2.0', approvals: [cab], depends_on: ['ledger-db-5.0.0', 'auth-3.4.1'] },
        after: { id: 'payments-api-7.2.0', approvals: [cab, sec], depends_on: ['ledger-db-5.0.0'] } }],
    })]);
    render(AuditView, { props: { plan: summary(1), onChanged: vi.fn(), onError: vi.fn() } });
    const [row] = await screen.findAllByTestId('audit-entry');
    await fireEvent.click(within(row).getByRole('button', { name: /1 change/ }));
    const trs = row.querySelectorAll('.diff tr');
    expect([...trs].map((t) => t.querySelector('th')?.textContent)).toEqual(['approvals', 'depends_on']);
    const added = trs[0].querySelectorAll('.item.added');
    expect(added).toHaveLength(1);
    expect(trs[0].querySelectorAll('.item.removed')).toHaveLength(0);
    expect(added[0].textContent).toBe('+{by: Mara Lindqvist, role: security, decision: approved, comment: Security review of the payout API closed.}');
    expect(trs[0].textContent).not.toContain('Ødegaard');
    const removed = trs[1].querySelectorAll('.item.removed');
    expect([...removed].map((r) => r.textContent)).toEqual(['−auth-3.4.1']);
    expect(trs[1].querySelectorAll('.item.added')).toHaveLength(0);
  });

  it('"Load older" asks for the page before the last entry and appends it', async () => {
    render(AuditView, { props: { plan: summary(1), onChanged: vi.fn(), onError: vi.fn() } });
    await screen.findAllByTestId('audit-entry');
    await fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-entry')).toHaveLength(52));
    expect(calls[1]).toEqual({ limit: 50, beforeSeq: 71 });
    // a short page is the end of the trail
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
  });

  it('reloads from the newest when the plan revision changes, and reports errors', async () => {
    const onError = vi.fn();
    const r = render(AuditView, { props: { plan: summary(1), onChanged: vi.fn(), onError } });
    await screen.findAllByTestId('audit-entry');
    pages.set(null, [entry(121, { action: 'Rename plan' })]);
    await r.rerender({ plan: summary(1) }); // a new summary object of the same revision: nothing to reload
    expect(calls).toHaveLength(1);
    await r.rerender({ plan: summary(2) });
    await waitFor(() => expect(screen.getAllByTestId('audit-entry')).toHaveLength(1));
    expect(screen.getByText('Rename plan')).toBeTruthy();
    expect(calls.map((c) => c.beforeSeq)).toEqual([null, null]);
    clearMocks();
    mockIPC(() => { throw { code: 'io', message: 'disk gone' }; });
    await r.rerender({ plan: summary(3) });
    await waitFor(() => expect(onError).toHaveBeenCalledWith({ code: 'io', message: 'disk gone' }));
  });
});
