// The failures-by-weekday-and-hour heat map: 7 × 24 cells, shaded by the
// failure rate of the deployments that started then (local to the plan),
// each with its name in words, and the summary a screen reader hears.
import type { HourCount } from '../types';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface HeatCell {
  day: number;
  hour: number;
  deployments: number;
  failures: number;
  /** failures ÷ deployments; null where nothing started. */
  rate: number | null;
  /** 0 (nothing started) … 5 (every one failed): the shade. */
  level: number;
  name: string;
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The shade of a cell: 0 nothing ran; 1 none failed; 2–5 by quarters of the failure rate. */
export function level(deployments: number, failures: number): number {
  if (deployments === 0) return 0;
  if (failures === 0) return 1;
  return 1 + Math.min(4, Math.ceil((failures / deployments) * 4));
}

export function heatCells(rows: HourCount[][]): HeatCell[] {
  return rows.flatMap((row, day) => row.map((c, hour) => {
    const rate = c.deployments ? c.failures / c.deployments : null;
    const what = c.deployments === 0
      ? 'no deployments'
      : `${c.failures} of ${c.deployments} deployment${c.deployments === 1 ? '' : 's'} failed (${Math.round((rate ?? 0) * 100)} %)`;
    return {
      day, hour, deployments: c.deployments, failures: c.failures, rate, level: level(c.deployments, c.failures),
      name: `${WEEKDAYS[day]} ${hh(hour)}–${hh((hour + 1) % 24)}: ${what}`,
    };
  }));
}

/** "12 failures of 40 deployments; most in Wednesday 10:00–11:00 (2 of 3)." */
export function heatSummary(cells: HeatCell[]): string {
  const deployments = cells.reduce((n, c) => n + c.deployments, 0);
  const failures = cells.reduce((n, c) => n + c.failures, 0);
  if (deployments === 0) return 'No deployment finished in this period.';
  if (failures === 0) return `None of the ${deployments} deployments failed.`;
  const worst = cells.reduce((a, c) => (c.failures > a.failures || (c.failures === a.failures && (c.rate ?? 0) > (a.rate ?? 0)) ? c : a));
  return `${failures} of ${deployments} deployments failed; most at ${worst.name.replace(/: .*$/, '')} (${worst.failures} of ${worst.deployments}).`;
}
