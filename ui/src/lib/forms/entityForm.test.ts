import { describe, expect, it } from 'vitest';
import { fromForm, toForm } from './entityForm';
import type { EntityJson, EntityKind } from '../types';

const TZ = 'Europe/Berlin';

const examples: Array<[EntityKind, EntityJson]> = [
  ['environment', { id: 'prod', name: 'Production', order: 3, requires_window: true, max_concurrent: 2, requires_approval: true, x: { color: 'red' } }],
  ['environment', { id: 'dev', order: -1, requires_window: false }],
  ['team', { id: 'pay', name: 'Payments', timezone: 'America/New_York', unavailable: [{ start: '2027-01-01T00:00:00Z', end: '2027-01-02T00:00:00+01:00', reason: 'holiday', x: { src: 'hr' } }] }],
  ['service', { id: 'ledger', name: 'Ledger DB', team: 'pay', tier: 1, data_classes: ['financial'], depends_on: [] }],
  ['service', { id: 'payments', team: null, depends_on: ['ledger'] }],
  ['train', { id: 't-main', name: 'Main train', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', start: '2027-01-05T10:00:00', freeze: 'P2D' }],
  ['window', {
    id: 'mw-prod', kind: 'maintenance', name: 'Prod weekly window', scope: { environments: ['prod'], x: { a: 1 } },
    start: '2027-01-05T22:00', duration: 'PT4H', timezone: TZ, rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', exdates: ['2027-01-07T22:00'],
  }],
  ['window', { id: 'bo', kind: 'blackout', start: '2027-01-29T00:00', duration: 'P3D', timezone: TZ, rrule: 'FREQ=MONTHLY;BYMONTHDAY=-3', allow_emergency: true }],
  ['release', {
    id: 'r1', name: 'Ledger 4.2', version: '4.2.0', train: 't-main', change_type: 'normal', status: 'planned', depends_on: [],
    approvals: [{ by: 'alice', role: 'cab', decision: 'approved', at: '2027-01-04T09:00:00Z' }], description: '…', x: { jira: 'PAY-1' },
  }],
  ['release', { id: 'r2', change_type: 'emergency' }],
  ['deployment', {
    id: 'd1', release: 'r1', service: 'ledger', environment: 'prod', start: '2027-01-05T22:30:00+01:00', end: '2027-01-05T23:30:15Z',
    strategy: 'blue-green', wave: 'eu', x: { ticket: 7 },
  }],
];

describe('JSON → form → JSON', () => {
  for (const [kind, json] of examples) {
    it(`keeps a ${kind} (${json.id}) exactly as it was when nothing is edited`, () => {
      const form = toForm(kind, json, TZ);
      expect(fromForm(kind, form, json, TZ)).toEqual(json);
    });
  }

  it('writes an edited release field and keeps approvals and x', () => {
    const json = examples.find(([k, j]) => k === 'release' && j.id === 'r1')![1];
    const form = toForm('release', json, TZ);
    form.version = '4.3.0';
    form.description = '';
    form.depends_on = ['r2'];
    const out = fromForm('release', form, json, TZ);
    expect(out.version).toBe('4.3.0');
    expect(out.depends_on).toEqual(['r2']);
    expect('description' in out).toBe(false);
    expect(out.approvals).toEqual(json.approvals);
    expect(out.x).toEqual({ jira: 'PAY-1' });
  });

  it('writes integers as JSON numbers and drops an emptied optional one', () => {
    const json: EntityJson = { id: 'prod', order: 3, max_concurrent: 2 };
    const form = toForm('environment', json, TZ);
    form.order = '5';
    form.max_concurrent = '';
    form.requires_window = true;
    expect(fromForm('environment', form, json, TZ)).toEqual({ id: 'prod', order: 5, requires_window: true });
  });

  it('converts an edited deployment time from plan wall time to UTC and keeps the other one', () => {
    const json = examples.find(([k]) => k === 'deployment')![1];
    const form = toForm('deployment', json, TZ);
    expect(form.start).toBe('2027-01-05T22:30');
    expect(form.end).toBe('2027-01-06T00:30:15');
    form.start = '2027-01-05T23:00';
    const out = fromForm('deployment', form, json, TZ);
    expect(out.start).toBe('2027-01-05T22:00:00Z');
    expect(out.end).toBe('2027-01-05T23:30:15Z');
    expect(out.x).toEqual({ ticket: 7 });
  });

  it('rebuilds window scope lists and removes an emptied scope', () => {
    const json = examples.find(([k]) => k === 'window')![1];
    const form = toForm('window', json, TZ);
    form.scope.services = ['ledger'];
    form.scope.environments = [];
    expect(fromForm('window', form, json, TZ).scope).toEqual({ services: ['ledger'], x: { a: 1 } });
    const plain: EntityJson = { id: 'w', kind: 'maintenance', start: '2027-01-05T22:00', duration: 'PT1H', timezone: TZ, scope: { environments: ['prod'] } };
    const f2 = toForm('window', plain, TZ);
    f2.scope.environments = [];
    expect('scope' in fromForm('window', f2, plain, TZ)).toBe(false);
  });

  it('keeps an unavailable period’s x and exact instants when another row changes', () => {
    const json = examples.find(([k]) => k === 'team')![1];
    const form = toForm('team', json, TZ);
    expect(form.unavailable[0].start).toBe('2027-01-01T01:00');
    form.unavailable.push({ start: '2027-07-01T09:00', end: '2027-07-01T17:00', reason: '', raw: {} });
    const out = fromForm('team', form, json, TZ);
    expect(out.unavailable).toEqual([
      (json.unavailable as unknown[])[0],
      { start: '2027-07-01T07:00:00Z', end: '2027-07-01T15:00:00Z' },
    ]);
  });

  it('keeps a local start spelled with seconds when the input drops zero seconds', () => {
    const json = examples.find(([k]) => k === 'train')![1];
    const form = toForm('train', json, TZ);
    form.start = '2027-01-05T10:00';
    form.freeze = 'P3D';
    expect(fromForm('train', form, json, TZ)).toEqual({ ...json, freeze: 'P3D' });
  });
});
