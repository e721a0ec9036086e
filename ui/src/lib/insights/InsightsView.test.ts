// The Insights view against a mocked IPC boundary: what it asks for, the
// empty state, and the charts it draws with their names and values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import InsightsView from './InsightsView.svelte';
import type { DeliveryMeasures, Insights, PlanSummary } from '../types';
import { fileLocation } from '../team/team';

const plan: PlanSummary = {
  path: '/tmp/p.trainyard', name: 'History', timezone: 'Europe/Berlin', revision: 3, saved: true, canUndo: null, canRedo: null,
  environments: [{ id: 'prod', name: 'Production' }], services: [{ id: 'api', name: 'Payments API' }], releases: [], trains: [],
  teams: [{ id: 'core', name: 'Core' }], windows: [],
  counts: { errors: 0, warnings: 0 }, asOf: null, firstStart: null, lastEnd: null, deploymentCount: 3, location: fileLocation(),
};
const measures: DeliveryMeasures = {
  deployments: 3, deploymentFrequencyPerWeek: 1, leadTimeHours: 0.625, changeFailureRate: 1 / 3, timeToRestoreHours: 1,
  adherence: { onTimeRate: 2 / 3, medianStartDelayMinutes: 0, overruns: 1 },
};
const zeros = () => Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => ({ deployments: 0, failures: 0 })));
function answer(hasOutcomes: boolean): Insights {
  const weekdayHour = zeros();
  weekdayHour[2][10] = { deployments: 1, failures: 1 };
  return {
    from: '2027-01-03T23:00:00Z', to: '2027-01-17T23:00:00Z', timezone: 'Europe/Berlin', interval: 'week', hasOutcomes,
    overall: measures, groups: [{ key: null, measures }, { key: 'core', measures }],
    trend: [
      { start: '2027-01-03T23:00:00Z', end: '2027-01-10T23:00:00Z', measures },
      { start: '2027-01-10T23:00:00Z', end: '2027-01-17T23:00:00Z', measures: { ...measures, changeFailureRate: 0 } },
    ],
    weekdayHour,
  };
}

let calls: Array<Record<string, unknown>> = [];
let hasOutcomes = true;
beforeEach(() => {
  calls = [];
  hasOutcomes = true;
  mockIPC((cmd, args) => {
    if (cmd !== 'insights') throw { code: 'unexpected', message: cmd };
    calls.push(args as Record<string, unknown>);
    return answer(hasOutcomes);
  });
});
afterEach(() => { cleanup(); clearMocks(); });

describe('the Insights view', () => {
  it('asks for the default period, then shows it as days and draws the named charts', async () => {
    render(InsightsView, { props: { plan, onError: () => {} } });
    await screen.findByTestId('figures');
    expect(calls[0]).toEqual({ from: null, to: null, interval: 'week', by: null });
    expect((screen.getByTestId('insights-from') as HTMLInputElement).value).toBe('2027-01-04');
    expect((screen.getByTestId('insights-to') as HTMLInputElement).value).toBe('2027-01-17');
    expect(screen.getByTestId('figure-failure').textContent).toContain('33 %');
    for (const name of ['Deployments and deployment frequency per week', 'Change failure rate per week',
      'Adherence to the plan per week: on-time rate and overruns', 'Failure rate by weekday and hour of the actual start (Europe/Berlin)']) {
      expect(screen.getByRole('img', { name })).toBeTruthy();
    }
    const cell = document.querySelector('[data-testid=chart-heatmap] rect[data-day="2"][data-hour="10"]')!;
    expect(cell.getAttribute('data-failures')).toBe('1');
    expect(cell.querySelector('title')!.textContent).toBe('Wednesday 10:00–11:00: 1 of 1 deployment failed (100 %)');
  });

  it('asks again for a picked period, interval and grouping, and names the groups', async () => {
    render(InsightsView, { props: { plan, onError: () => {} } });
    await screen.findByTestId('figures');
    const from = screen.getByTestId('insights-from') as HTMLInputElement;
    await fireEvent.input(from, { target: { value: '2027-01-11' } });
    await fireEvent.change(from);
    await waitFor(() => expect(calls.at(-1)).toEqual({ from: '2027-01-10T23:00:00Z', to: '2027-01-17T23:00:00Z', interval: 'week', by: null }));
    await fireEvent.click(screen.getByTestId('interval-month'));
    await waitFor(() => expect(calls.at(-1)?.interval).toBe('month'));
    await fireEvent.change(screen.getByTestId('insights-group'), { target: { value: 'team' } });
    await waitFor(() => expect(calls.at(-1)?.by).toBe('team'));
    const rows = await screen.findByTestId('group-figures');
    await waitFor(() => expect([...rows.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(['(no team)', 'Core']));
  });

  it('explains how to record outcomes when the plan has none', async () => {
    hasOutcomes = false;
    render(InsightsView, { props: { plan, onError: () => {} } });
    expect((await screen.findByTestId('insights-empty')).textContent).toContain('Record outcome');
    expect(document.querySelector('[data-testid^=chart-]')).toBeNull();
  });
});
