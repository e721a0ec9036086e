import { describe, expect, it } from 'vitest';
import {
  blank, describeDuration, formatDuration, fromForm, instantToWall, parseDuration, presetDuration, presetToRrule,
  problemTarget, rruleToPreset, toForm, uniqueId, validate, wallToInstant, type Preset,
} from './model';
import type { EntityJson, EntityKind, PlanSummary } from '../types';

const TZ = 'Europe/Berlin';

export const plan: PlanSummary = {
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
  counts: { errors: 0, warnings: 0 }, asOf: '2027-01-04T08:20:00Z', firstStart: null, lastEnd: null, deploymentCount: 1,
};

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

describe('local wall time ↔ instants in Europe/Berlin', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    expect(wallToInstant('2027-01-05T22:30', TZ)).toBe('2027-01-05T21:30:00Z');
    expect(wallToInstant('2027-07-05T22:30', TZ)).toBe('2027-07-05T20:30:00Z');
    expect(instantToWall('2027-07-05T20:30:00Z', TZ)).toBe('2027-07-05T22:30');
    expect(instantToWall('2027-01-05T21:30:00Z', TZ)).toBe('2027-01-05T22:30');
  });
  it('reads a time in the spring-forward gap with the offset before the gap', () => {
    // 28 Mar 2027: 02:00 → 03:00. 02:30 is read as 02:30+01:00 = 03:30 CEST.
    expect(wallToInstant('2027-03-28T02:30', TZ)).toBe('2027-03-28T01:30:00Z');
    expect(instantToWall('2027-03-28T01:30:00Z', TZ)).toBe('2027-03-28T03:30');
  });
  it('takes the earlier instant of an ambiguous fall-back time', () => {
    // 31 Oct 2027: 03:00 → 02:00. 02:30 happens twice; the first is 02:30+02:00.
    expect(wallToInstant('2027-10-31T02:30', TZ)).toBe('2027-10-31T00:30:00Z');
    expect(instantToWall('2027-10-31T00:30:00Z', TZ)).toBe('2027-10-31T02:30');
    expect(instantToWall('2027-10-31T01:30:00Z', TZ)).toBe('2027-10-31T02:30');
  });
  it('round-trips every hour across both DST days', () => {
    for (const day of ['2027-03-28', '2027-10-31']) {
      const from = Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000;
      for (let h = 0; h < 30; h++) {
        const t = new Date(from + h * 3_600_000).toISOString().replace('.000Z', 'Z');
        const wall = instantToWall(t, TZ);
        const back = wallToInstant(wall, TZ)!;
        // The only instants that do not come back are the second pass through the fold.
        if (back !== t) expect(Date.parse(t) - Date.parse(back)).toBe(3_600_000);
      }
    }
  });
  it('refuses malformed times and zones', () => {
    expect(wallToInstant('2027-02-30T10:00', TZ)).toBeNull();
    expect(wallToInstant('2027-01-05 10:00', TZ)).toBeNull();
    expect(wallToInstant('2027-01-05T10:00', 'Mars/Olympus')).toBeNull();
  });
});

describe('durations', () => {
  it('parses the format’s syntax and nothing else', () => {
    expect(parseDuration('PT4H')).toEqual({ weeks: 0, days: 0, hours: 4, minutes: 0, seconds: 0 });
    expect(parseDuration('P1W2DT3H4M5S')).toEqual({ weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(parseDuration('P0D')).toEqual({ weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 });
    for (const bad of ['', 'P', 'PT', 'P1Y', 'P1M', 'pt4h', 'PT1.5H', 'P1DT', '4h', 'P1H', 'PT1D']) {
      expect(parseDuration(bad), bad).toBeNull();
    }
    expect(formatDuration(parseDuration('P1W2DT3H')!)).toBe('P1W2DT3H');
  });
  it('describes durations in words', () => {
    expect(describeDuration('PT4H')).toBe('4 hours');
    expect(describeDuration('PT36H')).toBe('36 hours (1.5 days)');
    expect(describeDuration('P3D')).toBe('3 days (calendar days: same wall-clock time across DST)');
    expect(describeDuration('PT1H30M')).toBe('1 hour 30 minutes');
    expect(describeDuration('P3')).toBeNull();
  });
});

describe('recurrence presets', () => {
  const cases: Array<[Preset, string]> = [
    [{ kind: 'none' }, ''],
    [{ kind: 'weekly', days: ['TU', 'TH'] }, 'FREQ=WEEKLY;BYDAY=TU,TH'],
    [{ kind: 'weekly', days: [] }, 'FREQ=WEEKLY'],
    [{ kind: 'nth', n: -1, day: 'FR' }, 'FREQ=MONTHLY;BYDAY=-1FR'],
    [{ kind: 'nth', n: 2, day: 'MO' }, 'FREQ=MONTHLY;BYDAY=2MO'],
    [{ kind: 'lastday' }, 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    [{ kind: 'monthend', days: 3 }, 'FREQ=MONTHLY;BYMONTHDAY=-3'],
  ];
  for (const [preset, rrule] of cases) {
    it(`${JSON.stringify(preset)} ↔ "${rrule}"`, () => {
      expect(presetToRrule(preset)).toBe(rrule);
      expect(rruleToPreset(rrule)).toEqual(preset);
    });
  }
  it('reads case-insensitively and in any order of parts and days', () => {
    expect(rruleToPreset('byday=th,tu;freq=weekly')).toEqual({ kind: 'weekly', days: ['TU', 'TH'] });
    expect(rruleToPreset('FREQ=MONTHLY;BYDAY=+3WE')).toEqual({ kind: 'nth', n: 3, day: 'WE' });
  });
  it('writes weekdays in week order whatever order they were picked in', () => {
    expect(presetToRrule({ kind: 'weekly', days: ['FR', 'MO'] })).toBe('FREQ=WEEKLY;BYDAY=MO,FR');
  });
  it('leaves anything else as a custom rule', () => {
    for (const r of ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=5FR', 'FREQ=MONTHLY;BYDAY=-2FR',
      'FREQ=MONTHLY;BYMONTHDAY=15', 'FREQ=WEEKLY;BYDAY=TU,TU', 'FREQ=WEEKLY;BYDAY=-1FR', 'nonsense', 'FREQ=WEEKLY;FREQ=WEEKLY',
      'FREQ=MONTHLY;BYDAY=MO,-1FR', 'FREQ=MONTHLY;BYMONTHDAY=-3;COUNT=4']) {
      expect(rruleToPreset(r), r).toEqual({ kind: 'custom' });
    }
    expect(presetToRrule({ kind: 'custom' })).toBeNull();
  });
  it('gives month-end close its duration', () => {
    expect(presetDuration({ kind: 'monthend', days: 3 })).toBe('P3D');
    expect(presetDuration({ kind: 'lastday' })).toBeNull();
  });
});

describe('new entities and validation', () => {
  const now = Date.parse('2027-01-04T08:20:00Z');
  it('suggests unique ids', () => {
    expect(uniqueId('release', ['release', 'release-2'])).toBe('release-3');
    expect(blank('train', { ...plan, trains: [{ id: 'train', name: 'x' }] }, now).id).toBe('train-2');
  });
  it('defaults a new deployment to the first release, service and environment at the next full hour for one hour', () => {
    const d = blank('deployment', plan, now);
    expect(d).toMatchObject({ release: 'r1', service: 'ledger', environment: 'staging', start: '2027-01-04T09:00:00Z', end: '2027-01-04T10:00:00Z' });
    expect(d.id).toBe('r1/ledger/staging');
  });
  it('defaults a new window to the next full local hour in the plan zone', () => {
    expect(blank('window', plan, now)).toMatchObject({ start: '2027-01-04T10:00', duration: 'PT4H', timezone: TZ, kind: 'maintenance' });
  });
  it('checks ids, integers, durations, zones and end after start', () => {
    const ctx = { taken: ['r1'], isNew: true, tz: TZ };
    expect(validate('release', toForm('release', { id: 'r1' }, TZ), ctx).id).toMatch(/already taken/);
    expect(validate('release', toForm('release', { id: 'x'.repeat(129) }, TZ), ctx).id).toMatch(/128/);
    expect(validate('release', toForm('release', { id: '😀'.repeat(128) }, TZ), ctx).id).toBeUndefined();
    expect(validate('release', toForm('release', { id: '  ' }, TZ), ctx).id).toBe('Required.');
    expect(validate('release', toForm('release', { id: 'r1' }, TZ), { ...ctx, isNew: false })).toEqual({});

    const env = toForm('environment', { id: 'e', order: 1 }, TZ);
    env.order = '1.5';
    env.max_concurrent = '0';
    expect(validate('environment', env, ctx)).toEqual({ order: 'Expected a whole number.', max_concurrent: 'Expected a whole number ≥ 1.' });

    const svc = toForm('service', { id: 's', tier: 5 }, TZ);
    expect(validate('service', svc, ctx).tier).toMatch(/1 to 4/);

    const w = toForm('window', { id: 'w', kind: 'blackout', start: '2027-01-05T22:00', duration: 'PT0S', timezone: 'Nowhere/City', exdates: ['bad'] }, TZ);
    expect(validate('window', w, ctx)).toMatchObject({ duration: 'Must be longer than zero.', timezone: expect.stringMatching(/IANA/), 'exdates[0]': expect.any(String) });
    w.duration = 'P2';
    expect(validate('window', w, ctx).duration).toMatch(/ISO 8601/);

    const d = toForm('deployment', { id: 'd', release: 'r1', service: 's', environment: 'e', start: '2027-01-05T22:00:00Z', end: '2027-01-05T22:00:00Z' }, TZ);
    expect(validate('deployment', d, ctx)).toEqual({ end: 'Must be after the start.' });

    const t = toForm('team', { id: 't', unavailable: [{ start: '2027-01-02T00:00:00Z', end: '2027-01-01T00:00:00Z' }] }, TZ);
    expect(validate('team', t, ctx)).toEqual({ 'unavailable[0].end': 'Must be after the start.' });
    const train = toForm('train', { id: 't', freeze: 'P0D' }, TZ);
    expect(validate('train', train, ctx)).toEqual({});
  });
  it('maps backend problem fields to the nearest input', () => {
    const known = new Set(['version', 'scope.services', 'unavailable[0].end', 'unavailable', 'rrule']);
    expect(problemTarget('version', known)).toBe('version');
    expect(problemTarget('scope.services[1]', known)).toBe('scope.services');
    expect(problemTarget('unavailable[0].end', known)).toBe('unavailable[0].end');
    expect(problemTarget('unavailable[1].x', known)).toBe('unavailable');
    expect(problemTarget('approvals[0].by', known)).toBeNull();
    expect(problemTarget('', known)).toBeNull();
  });
});
