// A deployment's actual run beside its planned bar: where the thin bar under
// the planned one goes, what colour it takes and what it is called. Only bars
// with an outcome get here, so plain bars do no extra work.
import type { ActualRun, DeploymentBar } from '../types';
import { MINUTE, intervalLabel, minuteLabel, parseInstant } from '../time';
import { place, type Period } from '../layout';

export type RunState = 'succeeded' | 'failed' | 'rolled_back' | 'running';

export const RUN_STATE_WORDS: Record<RunState, string> = {
  succeeded: 'succeeded', failed: 'failed', rolled_back: 'rolled back', running: 'still running',
};

export interface ActualView {
  state: RunState;
  overrun: boolean;
  /** Left and width in % of the period. */
  left: number;
  width: number;
  /** Its accessible name and tooltip. */
  name: string;
}

/** A finished run's result, or `running` while it has none. */
export function runState(a: ActualRun): RunState {
  return a.finished === null ? 'running' : a.result ?? 'running';
}

/**
 * Where the run ends on the calendar: when it finished; while it runs, at
 * `now` when that is after its start, else at the planned end (a start
 * recorded ahead of the clock still shows a bar).
 */
export function runEnd(a: ActualRun, plannedEnd: number, now: number): number {
  const started = parseInstant(a.started);
  if (a.finished !== null) return parseInstant(a.finished);
  return now > started ? now : Math.max(plannedEnd, started);
}

/** "2 h 5 min", "40 min": a positive duration in whole minutes. */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "Actual Wed, 10 Mar 2027 11:05–13:30, rolled back, overran the plan by 30 min". */
export function actualName(a: ActualRun, plannedEnd: number, tz: string): string {
  const started = parseInstant(a.started);
  const state = runState(a);
  if (a.finished === null) return `Actual from ${minuteLabel(started, tz)}, ${RUN_STATE_WORDS[state]}`;
  const finished = parseInstant(a.finished);
  const over = a.overrun ? `, overran the plan by ${durationWords(finished - plannedEnd)}` : '';
  return `Actual ${intervalLabel(started, finished, tz)}, ${RUN_STATE_WORDS[state]}${over}`;
}

/** The actual run of `bar` in `period`, or null when it has none or it lies outside the period. */
export function actualView(bar: DeploymentBar, period: Period, now: number, tz: string): ActualView | null {
  const a = bar.actual;
  if (!a) return null;
  const plannedEnd = parseInstant(bar.end);
  const start = parseInstant(a.started);
  const end = runEnd(a, plannedEnd, now);
  if (end <= period.from || start >= period.to) return null;
  const p = place(start, Math.max(end, start + MINUTE), period);
  return {
    state: runState(a),
    overrun: a.overrun,
    left: p.left,
    width: p.width,
    name: actualName(a, plannedEnd, tz),
  };
}
