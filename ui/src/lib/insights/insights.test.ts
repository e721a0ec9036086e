import { describe, expect, it } from 'vitest';
import { datesOf, instantsOf } from './period';
import { delay, figures, hours, percent } from './figures';
import { adherenceChart, failureChart, frequencyChart, periodLabels } from './trend';
import { BOX, countTicks, geometry, niceMax } from './geometry';
import { heatCells, heatSummary, level } from './heatmap';
import { groupName } from './groups';
import type { DeliveryMeasures, HourCount, TrendPoint } from '../types';

const TZ = 'Europe/Berlin';
const m = (over: Partial<DeliveryMeasures> = {}, adherence: Partial<DeliveryMeasures['adherence']> = {}): DeliveryMeasures => ({
  deployments: 0, deploymentFrequencyPerWeek: 0, leadTimeHours: null, changeFailureRate: null, timeToRestoreHours: null,
  ...over, adherence: { onTimeRate: null, medianStartDelayMinutes: null, overruns: 0, ...adherence },
});
// Two local weeks from Monday 4 January 2027 (CET, UTC+1), then a quiet one.
const trend: TrendPoint[] = [
  { start: '2027-01-03T23:00:00Z', end: '2027-01-10T23:00:00Z', measures: m({ deployments: 2, deploymentFrequencyPerWeek: 1, changeFailureRate: 0.5 }, { onTimeRate: 0.5, overruns: 1 }) },
  { start: '2027-01-10T23:00:00Z', end: '2027-01-17T23:00:00Z', measures: m({ deployments: 4, deploymentFrequencyPerWeek: 4, changeFailureRate: 0 }, { onTimeRate: 1 }) },
  { start: '2027-01-17T23:00:00Z', end: '2027-01-24T23:00:00Z', measures: m() },
];

describe('the period picker', () => {
  it('shows [from, to) as its first and last local day, and reads days back as local midnights', () => {
    expect(datesOf('2027-01-03T23:00:00Z', '2027-01-17T23:00:00Z', TZ)).toEqual({ from: '2027-01-04', to: '2027-01-17' });
    expect(instantsOf({ from: '2027-01-04', to: '2027-01-17' }, TZ)).toEqual({ from: '2027-01-03T23:00:00Z', to: '2027-01-17T23:00:00Z' });
    // Across the spring change: 29 March 2027 starts at 22:00 UTC the day before.
    expect(instantsOf({ from: '2027-03-01', to: '2027-03-28' }, TZ)).toEqual({ from: '2027-02-28T23:00:00Z', to: '2027-03-28T22:00:00Z' });
  });

  it('names the wrong day', () => {
    expect(instantsOf({ from: '', to: '2027-01-17' }, TZ)).toEqual({ field: 'from', message: 'Expected a date, YYYY-MM-DD.' });
    expect(instantsOf({ from: '2027-01-04', to: '2027-01-03' }, TZ)).toEqual({ field: 'to', message: 'Must not be before the first day.' });
    expect('field' in instantsOf({ from: '2027-01-04', to: '2027-01-04' }, TZ)).toBe(false);
  });
});

describe('the headline figures', () => {
  it('say the four DORA measures and adherence in words', () => {
    const f = figures(m({ deployments: 4, deploymentFrequencyPerWeek: 1.5, leadTimeHours: 0.5, changeFailureRate: 0.25, timeToRestoreHours: 1.5 },
      { onTimeRate: 0.75, medianStartDelayMinutes: 2.5, overruns: 1 }));
    expect(f.map((x) => [x.label, x.value, x.detail])).toEqual([
      ['Deployment frequency', '1.5 / week', 'succeeded, of 4 deployments'],
      ['Lead time', '30 min', 'median, first deployment of the release to success'],
      ['Change failure rate', '25 %', 'failed or rolled back'],
      ['Time to restore', '1.5 h', 'median, incident opened to resolved'],
      ['On time', '75 %', 'start delay +3 min (median), 1 overrun'],
    ]);
  });

  it('show a dash for what cannot be measured', () => {
    expect([percent(null), hours(null), delay(null), delay(0), delay(-10), hours(48.25)]).toEqual(['–', '–', '–', 'on time', '−10 min', '48 h']);
  });
});

describe('the trend charts', () => {
  it('label weeks by their local Monday and months by name', () => {
    expect(periodLabels(trend, 'week', TZ)).toEqual({
      labels: ['4 Jan', '11 Jan', '18 Jan'],
      longLabels: ['week of Mon, 4 Jan 2027', 'week of Mon, 11 Jan 2027', 'week of Mon, 18 Jan 2027'],
    });
    expect(periodLabels(trend.slice(0, 1), 'month', TZ).labels).toEqual(['Jan 2027']);
  });

  it('plot deployments as bars with the frequency on the same axis', () => {
    const c = frequencyChart(trend, 'week', TZ);
    expect(c.bars!.values).toEqual([2, 4, 0]);
    expect(c.line!.values).toEqual([1, 4, 0]);
    expect(c.line!.rate).toBe(false);
    expect(c.summary).toBe('6 deployments over 3 weeks; highest deployments 4 in the week of Mon, 11 Jan 2027.');
  });

  it('leave the failure rate out where nothing finished', () => {
    const c = failureChart(trend, 'week', TZ);
    expect(c.line!.values).toEqual([0.5, 0, null]);
    expect(c.summary).toBe('Highest change failure rate 50 % in the week of Mon, 4 Jan 2027; lowest change failure rate 0 % in the week of Mon, 11 Jan 2027.');
  });

  it('plot adherence as overruns and the on-time rate', () => {
    const c = adherenceChart(trend, 'month', TZ);
    expect(c.name).toBe('Adherence to the plan per month: on-time rate and overruns');
    expect(c.bars!.values).toEqual([1, 0, 0]);
    expect(c.line!.values).toEqual([0.5, 1, null]);
  });
});

describe('where the marks go', () => {
  it('rounds the count axis up to 1, 2 or 5 × 10ⁿ (or 25 × 10ⁿ)', () => {
    expect([niceMax(0), niceMax(1), niceMax(3), niceMax(7), niceMax(12), niceMax(23), niceMax(51)]).toEqual([1, 1, 5, 10, 20, 25, 100]);
    expect(countTicks(25)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(countTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(countTicks(20)).toEqual([0, 5, 10, 15, 20]);
  });

  it('centres bars and points in their period and breaks the line at a gap', () => {
    const g = geometry(failureChart(trend, 'week', TZ));
    const plotW = BOX.w - BOX.left - BOX.right;
    const plotH = BOX.h - BOX.top - BOX.bottom;
    expect(g.points.map((p) => p.x)).toEqual([BOX.left + plotW / 6, BOX.left + plotW / 2]);
    expect(g.points.map((p) => p.y)).toEqual([BOX.top + plotH / 2, BOX.top + plotH]);
    expect(g.path.match(/M/g)).toHaveLength(1);
    expect(g.right.map((t) => t.label)).toEqual(['0 %', '25 %', '50 %', '75 %', '100 %']);
    expect(g.left).toEqual([]);
    expect(g.points[0].name).toBe('week of Mon, 4 Jan 2027: change failure rate 50 %');

    const f = geometry(frequencyChart(trend, 'week', TZ));
    // Counts up to 4 on a 0–5 axis: the 4-high bar takes 4/5 of the plot.
    expect(f.bars[1].h).toBeCloseTo(plotH * 0.8, 10);
    expect(f.bars[1].name).toBe('week of Mon, 11 Jan 2027: 4 deployments');
    expect(f.bars[2].h).toBe(0);
  });

  it('thins period labels when they would not fit', () => {
    const many = Array.from({ length: 52 }, (_, i) => ({ ...trend[2], start: new Date(Date.UTC(2027, 0, 3 + 7 * i, 23)).toISOString().replace('.000', '') }));
    const g = geometry(frequencyChart(many, 'week', TZ));
    expect(g.xLabels.length).toBeLessThan(52);
    expect(g.xLabels[0].label).toBe('4 Jan');
  });
});

describe('the weekday × hour heat map', () => {
  const rows: HourCount[][] = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => ({ deployments: 0, failures: 0 })));
  rows[1][10] = { deployments: 2, failures: 0 };
  rows[2][10] = { deployments: 3, failures: 2 };

  it('shades by quarters of the failure rate', () => {
    expect([level(0, 0), level(3, 0), level(4, 1), level(3, 2), level(4, 3), level(1, 1)]).toEqual([0, 1, 2, 4, 4, 5]);
  });

  it('names every cell and sums up where failures cluster', () => {
    const cells = heatCells(rows);
    expect(cells).toHaveLength(168);
    const wed = cells.find((c) => c.day === 2 && c.hour === 10)!;
    expect(wed).toMatchObject({ deployments: 3, failures: 2, level: 4, name: 'Wednesday 10:00–11:00: 2 of 3 deployments failed (67 %)' });
    expect(cells[0].name).toBe('Monday 00:00–01:00: no deployments');
    expect(heatSummary(cells)).toBe('2 of 5 deployments failed; most at Wednesday 10:00–11:00 (2 of 3).');
    expect(heatSummary(heatCells(rows.map((r) => r.map(() => ({ deployments: 0, failures: 0 })))))).toBe('No deployment finished in this period.');
  });
});

describe('group names', () => {
  const plan = { services: [{ id: 'api', name: 'Payments API' }], teams: [{ id: 'core', name: 'Core' }], environments: [{ id: 'prod', name: 'Production' }] };
  it('come from the plan, with the services without a team named so', () => {
    expect(groupName(plan, 'service', 'api')).toBe('Payments API');
    expect(groupName(plan, 'team', null)).toBe('(no team)');
    expect(groupName(plan, 'environment', 'gone')).toBe('gone');
  });
});
