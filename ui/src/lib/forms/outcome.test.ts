import { describe, expect, it } from 'vitest';
import { fromForm, toForm } from './entityForm';
import { blankIncident, blankOutcome } from './outcome';
import { validate } from './validation';
import type { EntityJson } from '../types';

const TZ = 'Europe/Berlin';
const planned: EntityJson = {
  id: 'd1', release: 'r1', service: 'ledger', environment: 'prod', start: '2027-01-05T21:30:00Z', end: '2027-01-05T22:30:00Z',
};
const recorded: EntityJson = {
  ...planned,
  outcome: {
    started: '2027-01-05T22:35:00+01:00', finished: '2027-01-05T21:50:00Z', result: 'rolled_back', x: { by: 'cli' },
    incidents: [{ id: 'INC-311', url: 'https://status.example.com/INC-311', opened: '2027-01-05T21:40:00Z', severity: 'high', x: { pager: 1 } }],
  },
};
const ctx = { taken: [], isNew: false, tz: TZ };

describe('a deployment outcome in the form', () => {
  it('is shown as wall time in the plan zone, and comes back exactly as spelled when nothing is edited', () => {
    const form = toForm('deployment', recorded, TZ);
    expect(form.outcome).toMatchObject({
      started: '2027-01-05T22:35', finished: '2027-01-05T22:50', result: 'rolled_back',
      incidents: [{ id: 'INC-311', opened: '2027-01-05T22:40', resolved: '', severity: 'high' }],
    });
    expect(fromForm('deployment', form, recorded, TZ)).toEqual(recorded);
    expect(toForm('deployment', planned, TZ).outcome).toBeNull();
  });

  it('records a new outcome from the planned start, in UTC', () => {
    const form = toForm('deployment', planned, TZ);
    form.outcome = blankOutcome(form.start);
    form.outcome.finished = '2027-01-05T23:40';
    form.outcome.result = 'succeeded';
    expect(fromForm('deployment', form, planned, TZ).outcome).toEqual({
      started: '2027-01-05T21:30:00Z', finished: '2027-01-05T22:40:00Z', result: 'succeeded',
    });
  });

  it('corrects one field and keeps the others, the incidents\' x and their exact spelling', () => {
    const form = toForm('deployment', recorded, TZ);
    form.outcome!.result = 'failed';
    form.outcome!.incidents[0].resolved = '2027-01-05T23:10';
    form.outcome!.incidents.push({ ...blankIncident(), id: 'INC-312', severity: 'low' });
    expect(fromForm('deployment', form, recorded, TZ).outcome).toEqual({
      started: '2027-01-05T22:35:00+01:00', finished: '2027-01-05T21:50:00Z', result: 'failed', x: { by: 'cli' },
      incidents: [
        { id: 'INC-311', url: 'https://status.example.com/INC-311', opened: '2027-01-05T21:40:00Z', resolved: '2027-01-05T22:10:00Z', severity: 'high', x: { pager: 1 } },
        { id: 'INC-312', severity: 'low' },
      ],
    });
  });

  it('removes incidents and clears the whole outcome', () => {
    const form = toForm('deployment', recorded, TZ);
    form.outcome!.incidents.splice(0, 1);
    expect('incidents' in (fromForm('deployment', form, recorded, TZ).outcome as object)).toBe(false);
    form.outcome = null;
    expect('outcome' in fromForm('deployment', form, recorded, TZ)).toBe(false);
  });

  it('is checked as the format reads it, each error at its field', () => {
    const form = toForm('deployment', planned, TZ);
    expect(validate('deployment', form, ctx)).toEqual({});
    form.outcome = { ...blankOutcome(''), finished: '2027-01-05T22:00' };
    form.outcome.incidents = [
      { ...blankIncident(), id: 'INC-1', opened: '2027-01-05T23:00', resolved: '2027-01-05T22:00' },
      { ...blankIncident(), id: 'INC-1', opened: 'soon' },
      blankIncident(),
    ];
    expect(validate('deployment', form, ctx)).toEqual({
      'outcome.started': 'Required.',
      'outcome.result': 'A finished deployment needs a result.',
      'outcome.incidents[0].resolved': 'Cannot be before it was opened.',
      'outcome.incidents[1].id': '“INC-1” is already an incident of this deployment.',
      'outcome.incidents[1].opened': 'Expected a date and time, YYYY-MM-DDTHH:MM.',
      'outcome.incidents[2].id': 'Required.',
    });
  });

  it('wants the finish after the start, and no result while running', () => {
    const form = toForm('deployment', planned, TZ);
    form.outcome = { ...blankOutcome('2027-01-05T22:30'), finished: '2027-01-05T22:30', result: 'succeeded' };
    expect(validate('deployment', form, ctx)).toEqual({ 'outcome.finished': 'Must be after the start.' });
    form.outcome = { ...blankOutcome('2027-01-05T22:30'), result: 'failed' };
    expect(Object.keys(validate('deployment', form, ctx))).toEqual(['outcome.result']);
  });
});
