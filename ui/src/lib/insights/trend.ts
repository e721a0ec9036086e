// The trend charts' data from the core's periods: what each chart plots
// (bars on a count axis, a line on the same axis or on a 0–100 % axis), its
// period labels, and its name and summary in words.
import type { TrendInterval, TrendPoint } from '../types';
import { parseInstant, toWall } from '../time';
import { percent, perWeek } from './figures';

export interface Series {
  label: string;
  values: Array<number | null>;
  /** A value as the chart and its text alternative say it. */
  format: (v: number) => string;
}

export interface TrendChart {
  /** Stable id (test ids, element ids). */
  id: string;
  name: string;
  /** Period labels under the axis ("4 Jan", "Jan 2027") and in full ("week of Mon, 4 Jan 2027"). */
  labels: string[];
  longLabels: string[];
  bars: Series | null;
  /** A line on the bars' axis, or (`rate`) on a 0–100 % axis of its own. */
  line: (Series & { rate: boolean }) | null;
  /** One sentence for screen readers, before the data table. */
  summary: string;
}

const short = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const long = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const monthFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' });

/** Each period's label, from its local start in the plan's zone. */
export function periodLabels(trend: TrendPoint[], interval: TrendInterval, tz: string): { labels: string[]; longLabels: string[] } {
  const walls = trend.map((p) => new Date(toWall(parseInstant(p.start), tz)));
  return interval === 'week'
    ? { labels: walls.map((d) => short.format(d)), longLabels: walls.map((d) => `week of ${long.format(d)}`) }
    : { labels: walls.map((d) => monthFmt.format(d)), longLabels: walls.map((d) => monthFmt.format(d)) };
}

const count = (v: number) => String(v);
const rate = (v: number) => percent(v);

/** "highest 5 in the week of …" style sentence over a series, or that there is nothing. */
function extreme(s: Series, longLabels: string[], which: 'highest' | 'lowest'): string {
  let at = -1;
  s.values.forEach((v, i) => {
    if (v === null) return;
    const best = at < 0 ? null : s.values[at]!;
    if (best === null || (which === 'highest' ? v > best : v < best)) at = i;
  });
  return at < 0 ? `no ${s.label.toLowerCase()}` : `${which} ${s.label.toLowerCase()} ${s.format(s.values[at]!)} in the ${longLabels[at]}`;
}

function unit(interval: TrendInterval) {
  return interval === 'week' ? 'week' : 'month';
}

/** (a) Deployments per period (bars) and the deployment frequency per week (line, same axis). */
export function frequencyChart(trend: TrendPoint[], interval: TrendInterval, tz: string): TrendChart {
  const { labels, longLabels } = periodLabels(trend, interval, tz);
  const bars: Series = { label: 'Deployments', values: trend.map((p) => p.measures.deployments), format: count };
  const line: Series & { rate: boolean } = {
    label: 'Succeeded per week', values: trend.map((p) => p.measures.deploymentFrequencyPerWeek), format: perWeek, rate: false,
  };
  const total = trend.reduce((n, p) => n + p.measures.deployments, 0);
  return {
    id: 'frequency', name: `Deployments and deployment frequency per ${unit(interval)}`, labels, longLabels, bars, line,
    summary: `${total} deployments over ${trend.length} ${unit(interval)}s; ${extreme(bars, longLabels, 'highest')}.`,
  };
}

/** (a) The change failure rate per period (a line on 0–100 %; no point where nothing finished). */
export function failureChart(trend: TrendPoint[], interval: TrendInterval, tz: string): TrendChart {
  const { labels, longLabels } = periodLabels(trend, interval, tz);
  const line: Series & { rate: boolean } = {
    label: 'Change failure rate', values: trend.map((p) => p.measures.changeFailureRate), format: rate, rate: true,
  };
  return {
    id: 'failure', name: `Change failure rate per ${unit(interval)}`, labels, longLabels, bars: null, line,
    summary: `${extreme(line, longLabels, 'highest')}; ${extreme(line, longLabels, 'lowest')}.`.replace(/^./, (c) => c.toUpperCase()),
  };
}

/** (c) Adherence: overruns per period (bars) and the on-time rate (a line on 0–100 %). */
export function adherenceChart(trend: TrendPoint[], interval: TrendInterval, tz: string): TrendChart {
  const { labels, longLabels } = periodLabels(trend, interval, tz);
  const bars: Series = { label: 'Overruns', values: trend.map((p) => p.measures.adherence.overruns), format: count };
  const line: Series & { rate: boolean } = {
    label: 'On-time rate', values: trend.map((p) => p.measures.adherence.onTimeRate), format: rate, rate: true,
  };
  const overruns = trend.reduce((n, p) => n + p.measures.adherence.overruns, 0);
  return {
    id: 'adherence', name: `Adherence to the plan per ${unit(interval)}: on-time rate and overruns`, labels, longLabels, bars, line,
    summary: `${overruns} overruns in all; ${extreme(line, longLabels, 'lowest')}.`,
  };
}
