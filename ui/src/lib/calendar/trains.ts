// The train departures and code freezes a period shows, as instants: the
// header marks them and the grid shades each freeze up to its departure.
import type { TrainMark } from '../types';
import { parseInstant } from '../time';

export type TrainSpan = TrainMark & { dep: number; freeze: number };

/** The trains whose span from freeze to departure meets [from, to). */
export function trainsInPeriod(trains: TrainMark[], from: number, to: number): TrainSpan[] {
  return trains.map((t) => ({
    ...t, dep: parseInstant(t.departure), freeze: parseInstant(t.freezeStart),
  })).filter((t) => t.freeze < to && t.dep >= from);
}
