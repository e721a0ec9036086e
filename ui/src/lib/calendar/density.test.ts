import { describe, expect, it } from 'vitest';
import type { CalendarDensity, DensityLane } from '../types';
import type { Lane } from '../layout';
import { budgetFor, densityColumns, densityPaths, densitySummary, instantAt, isCounted, sliceAt, sliceLabel, withCounts } from './density';

const lane = (id: string, rows = 3): Lane => ({ id, name: id.toUpperCase(), rows, bars: [], byRow: [], bands: [] });
const counts = (key: string, deployments: number[], errors = deployments.map(() => 0), warnings = deployments.map(() => 0)): DensityLane =>
  ({ key, name: key, deployments, errors, warnings });
const DAY4: Pick<CalendarDensity, 'from' | 'to' | 'slices' | 'peak'> = {
  from: '2027-03-01T00:00:00Z', to: '2027-03-05T00:00:00Z', slices: 4, peak: 10,
};

describe('budgetFor', () => {
  const week = { from: Date.parse('2027-03-01T00:00:00Z'), to: Date.parse('2027-03-08T00:00:00Z') };
  it('cuts a week into hours and a quarter into days, within the engine\'s 2,000 slices', () => {
    expect(budgetFor('week', week, []).slices).toBe(168);
    const quarter = { from: Date.parse('2027-01-01T00:00:00Z'), to: Date.parse('2027-04-01T00:00:00Z') };
    expect(budgetFor('quarter', quarter, []).slices).toBe(90);
    expect(budgetFor('month', quarter, []).slices).toBe(360);
    expect(budgetFor('day', { from: 0, to: 10_000 * 86_400_000 }, []).slices).toBe(2000);
  });
  it('counts more readily the further out the zoom, never at day zoom', () => {
    const caps = (['day', 'week', 'month', 'quarter'] as const).map((z) => budgetFor(z, week, []).perLane);
    expect([...caps].sort((a, b) => b - a)).toEqual(caps);
    expect(budgetFor('day', week, []).perLane).toBeGreaterThan(100_000);
  });
  it('passes the expanded lanes on', () => {
    expect(budgetFor('month', week, ['api']).expanded).toEqual(['api']);
  });
});

describe('withCounts', () => {
  it('marks the counted lanes two rows high without bars, and leaves the others alone', () => {
    const lanes = [lane('api'), lane('db')];
    const out = withCounts(lanes, { ...DAY4, lanes: [counts('db', [1, 2, 3, 4])] });
    expect(out[0]).toBe(lanes[0]);
    expect(isCounted(out[0])).toBe(false);
    expect(isCounted(out[1])).toBe(true);
    expect(out[1]).toMatchObject({ id: 'db', rows: 2, bars: [] });
  });
  it('is the same list when nothing is counted', () => {
    const lanes = [lane('api')];
    expect(withCounts(lanes, null)).toBe(lanes);
  });
});

describe('densityColumns and densityPaths', () => {
  it('has a column per busy slice, scaled to the peak, with errors and warnings at its foot', () => {
    const cols = densityColumns(counts('api', [0, 5, 10, 1], [0, 2, 0, 0], [0, 0, 10, 0]), DAY4);
    expect(cols.map((c) => c.slice)).toEqual([1, 2, 3]);
    expect(cols[0]).toMatchObject({ n: 5, all: 0.5, errors: 0.2, warnings: 0 });
    expect(cols[1]).toMatchObject({ all: 1, warnings: 1 });
  });
  it('draws each series as one path of boxes, warnings stacked on errors', () => {
    const paths = densityPaths(densityColumns(counts('api', [0, 5, 10, 1], [0, 2, 0, 0], [0, 1, 10, 0]), DAY4));
    expect(paths.all).toBe('M1 50H2V100H1ZM2 0H3V100H2ZM3 90H4V100H3Z');
    expect(paths.errors).toBe('M1 80H2V100H1Z');
    expect(paths.warnings).toBe('M1 70H2V80H1ZM2 0H3V100H2Z');
  });
});

describe('sliceAt and sliceLabel', () => {
  const lane = counts('api', [0, 5, 10, 1], [0, 2, 0, 0], [0, 0, 10, 0]);
  it('finds the slice under the pointer, clamped to the band', () => {
    expect(sliceAt(DAY4, 0.3)).toBe(1);
    expect(sliceAt(DAY4, 1)).toBe(3);
    expect(sliceAt(DAY4, -0.2)).toBe(0);
  });
  it('names a slice and its counts in the calendar\'s zone', () => {
    expect(sliceLabel(lane, DAY4, 1, 'UTC')).toBe('Tue, 2 Mar 2027 00:00 – Wed, 3 Mar 2027 00:00: 5 deployments (2 with errors)');
    expect(sliceLabel(lane, DAY4, 3, 'UTC')).toMatch(/: 1 deployment$/);
    expect(sliceLabel(lane, DAY4, 0, 'America/New_York').startsWith('Sun, 28 Feb 2027 19:00')).toBe(true);
  });
});

describe('densitySummary', () => {
  it('names the busiest slice and how many slices have errors', () => {
    const s = densitySummary('API', counts('api', [1, 7, 3, 0], [0, 1, 1, 0]), DAY4, 'UTC');
    expect(s).toBe('API: too many deployments to draw one by one; busiest Tue, 2 Mar 2027 00:00 – Wed, 3 Mar 2027 00:00 with 7; errors in 2 of 4 slices');
  });
  it('says when a lane has nothing', () => {
    expect(densitySummary('API', counts('api', [0, 0, 0, 0]), DAY4, 'UTC')).toBe('API: no deployments in this period');
  });
});

describe('instantAt', () => {
  it('maps a fraction of the band to an instant, clamped to the period', () => {
    expect(instantAt(DAY4, 0.5)).toBe(Date.parse('2027-03-03T00:00:00Z'));
    expect(instantAt(DAY4, 2)).toBe(Date.parse('2027-03-05T00:00:00Z'));
  });
});
