// Pure layout of the week view: which lanes, which bars and bands in each,
// where (in % of the week) and on which sub-row. No DOM, so it is unit-tested.
import type { DeploymentBar, Named, WindowBand } from './types';
import { WEEK, parseInstant, toWall } from './time';

export type LaneMode = 'service' | 'environment';

export interface Lane { id: string; name: string; rows: number; bars: PlacedBar[]; bands: PlacedBand[] }
export interface PlacedBar { bar: DeploymentBar; left: number; width: number; row: number }
export interface PlacedBand { band: WindowBand; left: number; width: number }

/** Left and width in % of the week for an instant interval, clipped to the week. */
export function place(startUtc: number, endUtc: number, weekStartWall: number, tz: string): { left: number; width: number } {
  const s = Math.max(0, toWall(startUtc, tz) - weekStartWall);
  const e = Math.min(WEEK, toWall(endUtc, tz) - weekStartWall);
  return { left: (s / WEEK) * 100, width: (Math.max(0, e - s) / WEEK) * 100 };
}

function bandApplies(band: WindowBand, mode: LaneMode, laneId: string, env: string): boolean {
  const envOk = (e: string) => band.environments.length === 0 || band.environments.includes(e);
  if (mode === 'service') return envOk(env) && (band.services.length === 0 || band.services.includes(laneId));
  return envOk(laneId) && band.services.length === 0;
}

/**
 * Lanes by service (bars of one environment) or by environment (bars of every
 * service). Overlapping bars in a lane go on separate rows, greedily.
 */
export function layoutLanes(opts: {
  mode: LaneMode;
  environment: string;
  services: Named[];
  environments: Named[];
  deployments: DeploymentBar[];
  windows: WindowBand[];
  weekStartWall: number;
  tz: string;
}): Lane[] {
  const { mode, environment, weekStartWall, tz } = opts;
  const laneDefs = mode === 'service' ? opts.services : opts.environments;
  return laneDefs.map(({ id, name }) => {
    const bars = opts.deployments
      .filter((d) => (mode === 'service' ? d.service === id && d.environment === environment : d.environment === id))
      .map((bar) => ({ bar, s: parseInstant(bar.start), e: parseInstant(bar.end) }))
      .sort((a, b) => a.s - b.s || a.e - b.e);
    const rowEnds: number[] = [];
    const placed: PlacedBar[] = bars.map(({ bar, s, e }) => {
      let row = rowEnds.findIndex((end) => end <= s);
      if (row < 0) { row = rowEnds.length; rowEnds.push(e); } else rowEnds[row] = e;
      return { bar, row, ...place(s, e, weekStartWall, tz) };
    });
    const bands = opts.windows
      .filter((w) => bandApplies(w, mode, id, environment))
      .map((band) => ({ band, ...place(parseInstant(band.start), parseInstant(band.end), weekStartWall, tz) }));
    return { id, name, rows: Math.max(1, rowEnds.length), bars: placed, bands };
  });
}

/** A stable hue per release (same release, same colour, across weeks). */
export function releaseHue(release: string): number {
  let h = 2166136261;
  for (let i = 0; i < release.length; i++) h = Math.imul(h ^ release.charCodeAt(i), 16777619);
  // 170–330: blues, purples, teals and pinks; never the red and amber of conflicts.
  return 170 + ((h >>> 0) % 160);
}
