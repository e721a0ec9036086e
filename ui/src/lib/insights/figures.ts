// The headline figures of a period in words: the four DORA measures and
// adherence, each with the text a card shows and the sentence a screen
// reader hears.
import type { DeliveryMeasures } from '../types';

export interface Figure {
  key: 'frequency' | 'lead' | 'failure' | 'restore' | 'adherence';
  label: string;
  value: string;
  /** Under the value: what it counts. */
  detail: string;
}

/** "42 %", "-" for null. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)} %`;
}

/** Hours to one decimal under 10 h, whole above; minutes under an hour. */
export function hours(h: number | null): string {
  if (h === null) return '–';
  if (h < 1) return `${Math.round(h * 60)} min`;
  return h < 10 ? `${h.toFixed(1)} h` : `${Math.round(h)} h`;
}

/** "1.5", "12": a rate per week with at most one decimal. */
export function perWeek(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** "+5 min", "−10 min", "on time". */
export function delay(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes === 0) return 'on time';
  const m = Math.round(Math.abs(minutes));
  return `${minutes < 0 ? '−' : '+'}${m} min`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The five headline figures of a set of deployments. */
export function figures(m: DeliveryMeasures): Figure[] {
  const a = m.adherence;
  return [
    { key: 'frequency', label: 'Deployment frequency', value: `${perWeek(m.deploymentFrequencyPerWeek)} / week`, detail: `succeeded, of ${plural(m.deployments, 'deployment')}` },
    { key: 'lead', label: 'Lead time', value: hours(m.leadTimeHours), detail: 'median, first deployment of the release to success' },
    { key: 'failure', label: 'Change failure rate', value: percent(m.changeFailureRate), detail: 'failed or rolled back' },
    { key: 'restore', label: 'Time to restore', value: hours(m.timeToRestoreHours), detail: 'median, incident opened to resolved' },
    {
      key: 'adherence', label: 'On time', value: percent(a.onTimeRate),
      detail: `start delay ${delay(a.medianStartDelayMinutes)} (median), ${plural(a.overruns, 'overrun')}`,
    },
  ];
}
