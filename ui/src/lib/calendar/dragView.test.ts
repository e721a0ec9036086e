// The drag tooltip's words: each conflict the engine reports, by name.
import { describe, expect, it } from 'vitest';
import { dragView } from './dragView';
import type { DeploymentBar, MovePreview } from '../types';

const bar: DeploymentBar = {
  id: 'catalog-1.13.0/catalog/prod/eu', release: 'catalog-1.13.0', service: 'catalog', environment: 'prod',
  start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned', severity: null,
};
const preview: MovePreview = {
  id: bar.id, severity: 'error', counts: { errors: 6, warnings: 3 },
  conflicts: [{
    title: 'Deployment in a blackout', rule: 'blackout', severity: 'error', deployments: [bar.id], releases: [], services: ['catalog'],
    environment: 'prod', window: 'bo-company-summit', team: null, evidence: [],
    message: `${bar.id} (Catalog 1.13.0, Wed 10 Mar 2027 22:00 CET–22:45 CET) of Catalog to Production falls in the blackout "Company summit"`,
    subjects: [{
      deployment: bar.id, release: 'catalog-1.13.0', releaseName: 'Catalog 1.13.0', service: 'catalog', serviceName: 'Catalog',
      environment: 'prod', environmentName: 'Production', start: '2027-03-10T21:00:00Z', end: '2027-03-10T21:45:00Z',
    }],
  }],
};

describe('dragView', () => {
  it('names the dragged deployment in the tooltip, not its id', () => {
    const session = { bar, kind: 'move' as const, target: () => ({ start: bar.start, end: bar.end, environment: 'prod' }), changed: true, fresh: true, preview };
    const v = dragView(session, 0, 1, 2);
    expect(v.messages).toEqual(['Deployment in a blackout: Catalog 1.13.0 (Wed 10 Mar 2027 22:00 CET–22:45 CET) of Catalog to Production falls in the blackout "Company summit"']);
    expect(v.severity).toBe('error');
  });
});
