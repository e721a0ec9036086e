// What a calendar lane stands for: a service (bars of one environment), an
// environment (bars of every service), the team that owns a bar's service, or
// the train its release rides (both of one environment). Bars whose service
// has no team, or whose release rides no train, share a last "No team" / "No
// train" lane, shown only when some bar needs it.
import type { DeploymentBar, Named } from './types';
import type { LaneMode } from './layout';

/** The id of the "No team" / "No train" lane (no plan id is empty). */
export const NO_GROUP = '';

export const LANE_MODES: ReadonlyArray<{ mode: LaneMode; label: string; plural: string }> = [
  { mode: 'service', label: 'Service', plural: 'services' },
  { mode: 'environment', label: 'Environment', plural: 'environments' },
  { mode: 'team', label: 'Team', plural: 'teams' },
  { mode: 'train', label: 'Train', plural: 'trains' },
];

/** What lanes are built from: the plan summary's lists (teams, trains and releases only needed by those modes). */
export interface LaneSources {
  services: ReadonlyArray<Named & { team?: string | null }>;
  environments: readonly Named[];
  teams?: readonly Named[];
  trains?: readonly Named[];
  releases?: ReadonlyArray<{ id: string; train: string | null }>;
}

/** Do the lanes show the bars of one environment only (every mode but by environment)? */
export function oneEnvironment(mode: LaneMode): boolean {
  return mode !== 'environment';
}

/** The plural noun of a mode's lanes, for names and empty states. */
export function lanePlural(mode: LaneMode): string {
  return LANE_MODES.find((m) => m.mode === mode)?.plural ?? mode;
}

/** The lane id of a bar in `mode`: its service, environment, team (NO_GROUP for none) or train (NO_GROUP for none). */
export function laneKeyFor(mode: LaneMode, src: LaneSources): (bar: DeploymentBar) => string {
  switch (mode) {
    case 'service': return (bar) => bar.service;
    case 'environment': return (bar) => bar.environment;
    case 'team': {
      const teamOf = new Map(src.services.map((s) => [s.id, s.team ?? NO_GROUP]));
      return (bar) => teamOf.get(bar.service) ?? NO_GROUP;
    }
    case 'train': {
      const trainOf = new Map((src.releases ?? []).map((r) => [r.id, r.train ?? NO_GROUP]));
      return (bar) => trainOf.get(bar.release) ?? NO_GROUP;
    }
  }
}

/** The lanes of `mode` in order; the "No team" / "No train" lane last, when `withNone`. */
export function laneDefs(mode: LaneMode, src: LaneSources, withNone: boolean): Named[] {
  switch (mode) {
    case 'service': return [...src.services].map(({ id, name }) => ({ id, name }));
    case 'environment': return [...src.environments];
    case 'team': return [...(src.teams ?? []), ...(withNone ? [{ id: NO_GROUP, name: 'No team' }] : [])];
    case 'train': return [...(src.trains ?? []), ...(withNone ? [{ id: NO_GROUP, name: 'No train' }] : [])];
  }
}
