// The entity kinds and the closed vocabularies their forms offer (the plan
// format's enumerations), with the words the UI shows for them.
import type { EntityKind } from '../types';

export const KINDS: EntityKind[] = ['release', 'deployment', 'service', 'environment', 'team', 'train', 'window'];

export const KIND_LABEL: Record<EntityKind, string> = {
  release: 'Release', deployment: 'Deployment', service: 'Service', environment: 'Environment',
  team: 'Team', train: 'Train', window: 'Window',
};
export const KIND_PLURAL: Record<EntityKind, string> = {
  release: 'Releases', deployment: 'Deployments', service: 'Services', environment: 'Environments',
  team: 'Teams', train: 'Trains', window: 'Windows',
};

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export const RELEASE_STATUSES = ['draft', 'planned', 'approved', 'scheduled', 'in_progress', 'deployed', 'rolled_back', 'cancelled'] as const;
export const STRATEGIES = ['big-bang', 'blue-green', 'canary', 'rolling', 'phased'] as const;
export const DEPLOYMENT_STATUSES = ['planned', 'succeeded', 'failed', 'rolled_back'] as const;
export const OUTCOME_RESULTS = ['succeeded', 'failed', 'rolled_back'] as const;
export const INCIDENT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const WINDOW_KINDS = ['maintenance', 'blackout'] as const;
export const SENSITIVE_DATA_CLASSES = ['financial', 'customer'];

/** "in_progress" → "in progress". */
export function humanize(s: string): string {
  return s.replace(/_/g, ' ');
}
