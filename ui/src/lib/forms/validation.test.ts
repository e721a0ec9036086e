import { describe, expect, it } from 'vitest';
import { toForm } from './entityForm';
import { problemTarget, validate } from './validation';

const TZ = 'Europe/Berlin';

describe('validation', () => {
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
