import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import AuditView from './AuditView.svelte';
import { changeKind, compactValue, diffFields, jsonEqual, shortHash } from './audit';
import type { AuditEntry } from '../types';
import { summary } from './fixtures';

describe('diffFields', () => {
  it('lists only the fields that changed, before first then new fields', () => {
    const before = { id: 'd1', start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned' };
    const after = { id: 'd1', start: '2027-03-12T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned', owner: 'ana' };
    expect(diffFields(before, after)).toEqual([
      { field: 'start', before: '2027-03-11T21:00:00Z', after: '2027-03-12T21:00:00Z' },
      { field: 'owner', before: undefined, after: 'ana' },
    ]);
  });

  it('reports removed fields and nested fields as dotted paths; arrays compare whole', () => {
    const before = { id: 'w', scope: { services: ['a', 'b'], environments: ['prod'] }, note: 'x' };
    const after = { id: 'w', scope: { services: ['a', 'c'], environments: ['prod'] } };
    expect(diffFields(before, after)).toEqual([
      { field: 'scope.services', before: ['a', 'b'], after: ['a', 'c'] },
      { field: 'note', before: 'x', after: undefined },
    ]);
  });

  it('ignores key order and reports nothing for equal values', () => {
    expect(diffFields({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 })).toEqual([]);
    expect(diffFields({ a: [1, 2] }, { a: [2, 1] })).toEqual([{ field: 'a', before: [1, 2], after: [2, 1] }]);
  });

  it('lists every field of an added or removed entity', () => {
    expect(diffFields(null, { id: 'e', name: 'Prod' })).toEqual([
      { field: 'id', before: undefined, after: 'e' },
      { field: 'name', before: undefined, after: 'Prod' },
    ]);
    expect(diffFields({ id: 'e' }, null)).toEqual([{ field: 'id', before: 'e', after: undefined }]);
  });

  it('compares non-object values whole', () => {
    expect(diffFields('Europe/Berlin', 'UTC')).toEqual([{ field: '', before: 'Europe/Berlin', after: 'UTC' }]);
    expect(diffFields(3, 3)).toEqual([]);
  });

  it('knows the change kind, compact values and hashes', () => {
    expect(changeKind(null, {})).toBe('added');
    expect(changeKind({}, null)).toBe('removed');
    expect(changeKind({}, {})).toBe('changed');
    expect(compactValue(undefined)).toBe('—');
    expect(compactValue('planned')).toBe('planned');
    expect(compactValue(['a', 1])).toBe('["a",1]');
    expect(compactValue('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
    expect(shortHash('0123456789abcdef')).toBe('0123456789');
    expect(jsonEqual({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
  });
});

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
    expect(rows[0].querySelector('time')?.getAttribute('title')).toBe('2027-03-01T10:00:00Z (UTC)');
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
