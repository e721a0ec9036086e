// Shared test data for the view tests.
import type { PlanSummary } from '../types';
import { fileLocation } from '../team/team';

export function summary(revision = 1, extra: Partial<PlanSummary> = {}): PlanSummary {
  return {
    path: '/plans/demo.trainyard', name: 'Demo', timezone: 'Europe/Berlin', revision, saved: true,
    canUndo: null, canRedo: null, environments: [], services: [], releases: [], trains: [], teams: [], windows: [],
    counts: { errors: 0, warnings: 0 }, asOf: null, firstStart: null, lastEnd: null, deploymentCount: 0, location: fileLocation(), ...extra,
  };
}
