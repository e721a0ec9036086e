import { describe, expect, it } from 'vitest';
import { trainsInPeriod } from './trains';
import { parseInstant } from '../time';

describe('trains in a period', () => {
  const from = parseInstant('2027-03-08T00:00:00Z');
  const to = parseInstant('2027-03-15T00:00:00Z');
  const train = (name: string, freezeStart: string, departure: string) => ({ train: name, name, freezeStart, departure });
  it('keeps a train whose freeze or departure meets the period, with both as instants', () => {
    const list = trainsInPeriod([
      train('inside', '2027-03-10T09:00:00Z', '2027-03-12T09:00:00Z'),
      train('freeze-only', '2027-03-14T09:00:00Z', '2027-03-16T09:00:00Z'),
      train('departs-at-start', '2027-03-06T00:00:00Z', '2027-03-08T00:00:00Z'),
      train('before', '2027-03-01T00:00:00Z', '2027-03-07T23:59:00Z'),
      train('after', '2027-03-15T00:00:00Z', '2027-03-16T00:00:00Z'),
    ], from, to);
    expect(list.map((t) => t.name)).toEqual(['inside', 'freeze-only', 'departs-at-start']);
    expect(list[0]).toMatchObject({ dep: parseInstant('2027-03-12T09:00:00Z'), freeze: parseInstant('2027-03-10T09:00:00Z') });
  });
});
