// Conflict cards in names: release, service, environment and the plan's
// local time, with the ids kept for on demand.
import { describe, expect, it } from 'vitest';
import { cardHeadline, cardWhen, conflictIds, namedMessage, withSubjectNames } from './conflictCard';
import { describeEvidence } from './conflicts';
import type { Conflict, ConflictSubject } from './types';

const checkout: ConflictSubject = {
  deployment: 'one-page-checkout-1.0.0/storefront/staging', release: 'one-page-checkout-1.0.0', releaseName: 'One-page checkout 1.0.0',
  service: 'storefront', serviceName: 'Web storefront', environment: 'staging', environmentName: 'Staging',
  start: '2027-03-12T17:30:00Z', end: '2027-03-12T18:30:00Z',
};
const storefront: ConflictSubject = {
  ...checkout, deployment: 'storefront-3.11.0/storefront/staging', release: 'storefront-3.11.0', releaseName: 'Storefront 3.11.0',
  start: '2027-03-12T17:00:00Z', end: '2027-03-12T18:00:00Z',
};
const overlap: Conflict = {
  title: 'Overlapping deployments', rule: 'overlap', severity: 'error',
  deployments: [checkout.deployment, storefront.deployment], releases: [], services: ['storefront'], environment: 'staging', window: null, team: null,
  message: 'Web storefront is deployed twice at once to Staging: one-page-checkout-1.0.0/storefront/staging (One-page checkout 1.0.0, Fri 12 Mar 2027 18:30 CET–19:30 CET) overlaps storefront-3.11.0/storefront/staging (Storefront 3.11.0, Fri 12 Mar 2027 18:00 CET–19:00 CET)',
  evidence: [], subjects: [checkout, storefront],
};
const unapproved: Conflict = {
  title: 'Missing approvals', rule: 'unapproved', severity: 'error',
  deployments: [], releases: ['payments-api-7.2.0'], services: [], environment: 'prod', window: null, team: null,
  message: 'Payments API 7.2.0 may not deploy to Production', evidence: [], subjects: [],
};
const names = new Map([['payments-api-7.2.0', 'Payments API 7.2.0'], ['prod', 'Production'], ['storefront', 'Web storefront']]);

describe('conflict cards', () => {
  it('lead with the first deployment by name and say how many more', () => {
    expect(cardHeadline(overlap, names)).toBe('One-page checkout 1.0.0 · Web storefront · Staging and 1 more');
    expect(cardHeadline({ ...overlap, subjects: [checkout] }, names)).toBe('One-page checkout 1.0.0 · Web storefront · Staging');
  });

  it('name releases and the environment when no deployment is involved', () => {
    expect(cardHeadline(unapproved, names)).toBe('Payments API 7.2.0 · Production');
    expect(cardWhen(unapproved, 'Europe/Berlin')).toBe('');
  });

  it('give the time on the plan zone\'s clock', () => {
    expect(cardWhen(overlap, 'Europe/Berlin')).toMatch(/12 Mar 2027 18:30–19:30$/);
    expect(cardWhen(overlap, 'America/New_York')).toMatch(/12 Mar 2027 12:30–13:30$/);
  });

  it('replace deployment ids in the message with names', () => {
    const m = namedMessage(overlap);
    expect(m).not.toContain('/storefront/staging');
    expect(m).toBe('Web storefront is deployed twice at once to Staging: One-page checkout 1.0.0 (Fri 12 Mar 2027 18:30 CET–19:30 CET) overlaps Storefront 3.11.0 (Fri 12 Mar 2027 18:00 CET–19:00 CET)');
    const bare = namedMessage({ message: `its deployment ${checkout.deployment} starts`, subjects: [checkout] });
    expect(bare).toBe('its deployment One-page checkout 1.0.0 on Web storefront starts');
    const of = namedMessage({ message: `before ${checkout.deployment} of One-page checkout 1.0.0 ends`, subjects: [checkout] });
    expect(of).toBe('before One-page checkout 1.0.0 on Web storefront ends');
  });

  it('replace a longer id before one it starts with', () => {
    const short = { ...checkout, deployment: 'a/b', releaseName: 'Short' };
    const long = { ...checkout, deployment: 'a/b/eu', releaseName: 'Long' };
    expect(namedMessage({ message: 'a/b/eu and a/b', subjects: [short, long] })).toBe('Long on Web storefront and Short on Web storefront');
  });

  it('keep every id for on demand, once each', () => {
    expect(conflictIds(overlap)).toEqual([
      { label: 'deployment', id: checkout.deployment }, { label: 'deployment', id: storefront.deployment },
      { label: 'service', id: 'storefront' }, { label: 'environment', id: 'staging' },
    ]);
    expect(conflictIds(unapproved).map((x) => x.id)).toEqual(['payments-api-7.2.0', 'prod']);
  });

  it('name the deployments evidence mentions', () => {
    const m = withSubjectNames(names, overlap);
    const ev = { kind: 'other_deployment' as const, deployment: storefront.deployment, start: storefront.start, end: storefront.end };
    expect(describeEvidence(ev, m, 'Europe/Berlin')).toMatch(/^Overlaps Storefront 3\.11\.0 · Web storefront · Staging \(Fri,? 12 Mar 2027 18:00–19:00\)$/);
    expect(m.get(storefront.deployment)).toBe('Storefront 3.11.0 · Web storefront · Staging');
    expect(names.has(storefront.deployment)).toBe(false);
  });
});
