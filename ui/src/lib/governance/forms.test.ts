import { describe, expect, it } from 'vitest';
import type { PlanSummary } from '../types';
import { bookingEntity, holdRequest, holdersFor, newBookingId, productionOf, targetsFor } from './forms';
import { parseInstant } from '../time';

const plan = {
  environments: [{ id: 'dev', name: 'Dev' }, { id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [{ id: 'api', name: 'API' }],
  releases: [{ id: 'r1', name: 'One', version: null, train: null, changeType: 'normal', status: 'planned' }],
  trains: [{ id: 't1', name: 'Main train' }],
  teams: [{ id: 'core', name: 'Core' }],
} as unknown as PlanSummary;

describe('the hold form', () => {
  it('defaults to production, the last environment in promotion order', () => {
    expect(productionOf(plan)).toBe('prod');
    expect(productionOf({ environments: [] })).toBe('');
    expect(targetsFor(plan, 'release')).toEqual([{ id: 'r1', name: 'One' }]);
    expect(targetsFor(plan, 'plan')).toEqual([]);
  });
  it('sends local times as instants in the plan zone, and no until for a hold until lifted', () => {
    const { request, problems } = holdRequest(
      { scope: 'environment', target: 'prod', reason: ' incident ', from: '2027-03-10T12:00', until: '' }, 'Europe/Berlin');
    expect(problems).toEqual({});
    expect(request).toEqual({ scope: 'environment', target: 'prod', reason: 'incident', from: '2027-03-10T11:00:00Z', until: null });
  });
  it('a whole-plan hold has no target', () => {
    const { request } = holdRequest({ scope: 'plan', target: 'prod', reason: '', from: '2027-03-10T12:00', until: '' }, 'UTC');
    expect(request?.target).toBeNull();
  });
  it('refuses a missing target, a missing start and an end before the start', () => {
    expect(holdRequest({ scope: 'service', target: '', reason: '', from: '', until: '' }, 'UTC').problems)
      .toEqual({ target: 'Choose the service', from: 'Give the date and time the hold starts' });
    const { request, problems } = holdRequest(
      { scope: 'plan', target: '', reason: '', from: '2027-03-10T12:00', until: '2027-03-10T12:00' }, 'UTC');
    expect(request).toBeNull();
    expect(problems.until).toBe('The hold must end after it starts');
  });
});

describe('the booking form', () => {
  const from = parseInstant('2027-03-08T06:00:00Z');
  const to = parseInstant('2027-03-08T18:00:00Z');
  it('builds the booking in the plan format', () => {
    const { entity } = bookingEntity({ holderKind: 'train', holder: 't1', exclusive: true, note: ' release week ' }, 'staging', from, to, 'booking-staging-1');
    expect(entity).toEqual({
      id: 'booking-staging-1', environment: 'staging', holder_kind: 'train', holder: 't1',
      from: '2027-03-08T06:00:00Z', until: '2027-03-08T18:00:00Z', exclusive: true, note: 'release week',
    });
  });
  it('needs a holder and an interval that ends after it starts', () => {
    expect(bookingEntity({ holderKind: 'team', holder: '', exclusive: false, note: '' }, 'staging', to, from, 'b').problems)
      .toEqual({ holder: 'Choose the team that holds staging', until: 'The booking must end after it starts' });
  });
  it('lists the holders of a kind and picks a free id', () => {
    expect(holdersFor(plan, 'team')).toEqual([{ id: 'core', name: 'Core' }]);
    expect(newBookingId('staging', ['booking-staging-1', 'booking-staging-2'])).toBe('booking-staging-3');
  });
});
