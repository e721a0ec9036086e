import { describe, expect, it } from 'vitest';
import type { BookingBand, HoldBand, UnavailableBand } from '../types';
import {
  bookingName, bookingOnLane, holdCoversLane, holdName, laneGovernance, unavailableName, unavailableTeamOf,
} from './bands';
import { parseInstant } from '../time';

const hold = (over: Partial<HoldBand> = {}): HoldBand => ({
  id: 'hold-1', scope: 'environment', target: 'prod', what: 'environment Production', reason: 'incident INC-1', by: 'sre',
  from: '2027-03-10T00:00:00Z', until: null, environments: ['prod'], services: [], ...over,
});
const booking = (over: Partial<BookingBand> = {}): BookingBand => ({
  id: 'b1', environment: 'staging', services: [], holderKind: 'train', holder: { id: 't1', name: 'Main train' },
  from: '2027-03-08T06:00:00Z', until: '2027-03-08T18:00:00Z', exclusive: true, note: null, ...over,
});
const away = (over: Partial<UnavailableBand> = {}): UnavailableBand => ({
  team: { id: 'web', name: 'Web Experience' }, start: '2027-03-09T00:00:00Z', end: '2027-03-10T12:00:00Z', reason: 'Offsite', ...over,
});
// Mon 8 – Mon 15 Mar 2027, UTC.
const week = { from: parseInstant('2027-03-08T00:00:00Z'), to: parseInstant('2027-03-15T00:00:00Z') };

describe('holds and bookings on the lanes', () => {
  it('an environment hold covers its environment lane, and every service lane of it', () => {
    expect(holdCoversLane(hold(), 'environment', 'prod', 'prod')).toBe(true);
    expect(holdCoversLane(hold(), 'environment', 'staging', 'prod')).toBe(false);
    expect(holdCoversLane(hold(), 'service', 'api', 'prod')).toBe(true);
    expect(holdCoversLane(hold(), 'service', 'api', 'staging')).toBe(false);
  });
  it('a plan hold covers every lane; a service hold only that service in service lanes', () => {
    const plan = hold({ scope: 'plan', environments: [] });
    expect(holdCoversLane(plan, 'environment', 'dev', 'prod')).toBe(true);
    const svc = hold({ scope: 'service', environments: [], services: ['db'] });
    expect(holdCoversLane(svc, 'service', 'db', 'prod')).toBe(true);
    expect(holdCoversLane(svc, 'service', 'api', 'prod')).toBe(false);
  });
  it('a booking shows in its environment lane, and in the lanes of the services it books', () => {
    expect(bookingOnLane(booking(), 'environment', 'staging', 'prod')).toBe(true);
    expect(bookingOnLane(booking(), 'environment', 'prod', 'prod')).toBe(false);
    expect(bookingOnLane(booking({ services: ['api'] }), 'service', 'api', 'staging')).toBe(true);
    expect(bookingOnLane(booking({ services: ['api'] }), 'service', 'db', 'staging')).toBe(false);
  });
  it('places an open hold to the end of the period, and a booking over its interval', () => {
    const g = laneGovernance({ holds: [hold()], bookings: [booking()], unavailable: [] }, 'environment', 'prod', 'prod', week, 'UTC');
    // From Wed 10 00:00: 2 of 7 days in, open-ended.
    expect(g.holds[0].left).toBeCloseTo((200 / 7), 6);
    expect(g.holds[0].width).toBeCloseTo((500 / 7), 6);
    expect(g.bookings).toEqual([]);
    const s = laneGovernance({ holds: [], bookings: [booking()], unavailable: [] }, 'environment', 'staging', 'prod', week, 'UTC');
    // 06:00–18:00 on the first day: a quarter of a day in, half a day wide.
    expect(s.bookings[0].left).toBeCloseTo(100 / 28, 6);
    expect(s.bookings[0].width).toBeCloseTo(100 / 14, 6);
  });
  it('leaves out what ends before the period', () => {
    const past = hold({ from: '2027-03-01T00:00:00Z', until: '2027-03-02T00:00:00Z' });
    expect(laneGovernance({ holds: [past], bookings: [], unavailable: [] }, 'environment', 'prod', 'prod', week, 'UTC').holds).toEqual([]);
  });
  it('names them with the reason, holder and kind of booking', () => {
    expect(holdName(hold(), 'UTC')).toMatch(/^On hold: environment Production — incident INC-1, from .*10 Mar 2027.* until lifted$/);
    expect(bookingName(booking(), 'UTC')).toMatch(/^Booked exclusively by train Main train, .*8 Mar 2027/);
    expect(bookingName(booking({ exclusive: false }), 'UTC')).toMatch(/^Booked \(shared\) by train/);
  });
});

describe('team unavailability on the lanes', () => {
  const owners = new Map([['storefront', 'web'], ['orders', 'commerce']]);
  const layers = {
    holds: [], bookings: [],
    unavailable: [
      away(),
      away({ team: { id: 'commerce', name: 'Commerce' }, reason: null }),
      // Runs into the week from the Saturday before: clipped to its start.
      away({ start: '2027-03-06T00:00:00Z', end: '2027-03-08T12:00:00Z', reason: 'Weekend on call swap' }),
      // Wholly after the week.
      away({ start: '2027-03-16T00:00:00Z', end: '2027-03-17T00:00:00Z' }),
    ],
  };
  it('a team lane shows its own team, a service lane its owner, other lanes none', () => {
    expect(unavailableTeamOf('team', 'web', owners)).toBe('web');
    expect(unavailableTeamOf('team', '', owners)).toBeNull();
    expect(unavailableTeamOf('service', 'orders', owners)).toBe('commerce');
    expect(unavailableTeamOf('service', 'unowned', owners)).toBeNull();
    expect(unavailableTeamOf('environment', 'prod', owners)).toBeNull();
    expect(unavailableTeamOf('train', 't1', owners)).toBeNull();
  });
  it('places the periods of the lane\'s team that meet the period, clipped to it', () => {
    const web = laneGovernance(layers, 'team', 'web', 'prod', week, 'UTC').unavailable;
    expect(web.map((u) => u.away.reason)).toEqual(['Offsite', 'Weekend on call swap']);
    // Tue 00:00 to Wed 12:00: one day in, a day and a half wide.
    expect(web[0].left).toBeCloseTo(100 / 7, 6);
    expect(web[0].width).toBeCloseTo(150 / 7, 6);
    // From before the week to Mon 12:00: from its start, half a day wide.
    expect(web[1].left).toBe(0);
    expect(web[1].width).toBeCloseTo(50 / 7, 6);
    const orders = laneGovernance(layers, 'service', 'orders', 'prod', week, 'UTC', owners).unavailable;
    expect(orders.map((u) => u.away.team.id)).toEqual(['commerce']);
    expect(laneGovernance(layers, 'service', 'orders', 'prod', week, 'UTC').unavailable).toEqual([]);
    expect(laneGovernance(layers, 'environment', 'prod', 'prod', week, 'UTC', owners).unavailable).toEqual([]);
    expect(laneGovernance(layers, 'train', 'web', 'prod', week, 'UTC', owners).unavailable).toEqual([]);
  });
  it('names the team, the interval in the zone shown and the reason', () => {
    expect(unavailableName(away(), 'UTC')).toMatch(/^Web Experience unavailable Tue,? 9 Mar 2027 00:00 – Wed,? 10 Mar 2027 12:00 \(Offsite\)$/);
    expect(unavailableName(away({ start: '2027-03-09T08:00:00Z', end: '2027-03-09T16:00:00Z', reason: null }), 'Europe/Berlin'))
      .toMatch(/^Web Experience unavailable Tue,? 9 Mar 2027 09:00–17:00$/);
  });
});
