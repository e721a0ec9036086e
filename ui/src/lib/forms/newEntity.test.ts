import { describe, expect, it } from 'vitest';
import { blank, prefilled, uniqueId } from './newEntity';
import type { PlanSummary } from '../types';
import { fileLocation } from '../team/team';

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
  counts: { errors: 0, warnings: 0 }, asOf: '2027-01-04T08:20:00Z', firstStart: null, lastEnd: null, deploymentCount: 1, location: fileLocation(),
};

describe('new entities', () => {
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
  it('a deployment drawn on the calendar keeps its fields, with what is left to choose empty, and an id that follows them', () => {
    const drawn = { release: '', service: 'payments', environment: 'prod', start: '2027-01-05T09:00:00Z', end: '2027-01-05T10:30:00Z' };
    const d = prefilled('deployment', blank('deployment', plan, now), drawn);
    expect(d).toMatchObject({ ...drawn, id: 'payments/prod', strategy: 'big-bang', status: 'planned' });
    expect(prefilled('deployment', blank('deployment', plan, now), { ...drawn, release: 'r2' }).id).toBe('r2/payments/prod');
    expect(prefilled('release', blank('release', plan, now), {})).toEqual(blank('release', plan, now));
  });
  it('defaults a new window to the next full local hour in the plan zone', () => {
    expect(blank('window', plan, now)).toMatchObject({ start: '2027-01-04T10:00', duration: 'PT4H', timezone: TZ, kind: 'maintenance' });
  });
});
