// Lanes by team and by train: bars grouped by their service's team or their
// release's train, with a "No team" / "No train" lane only when needed.
import { describe, expect, it } from 'vitest';
import { layoutLanes, splitBands } from './layout';
import { NO_GROUP, laneKeyFor } from './lanes';
import type { DeploymentBar, WindowBand } from './types';
import { parseInstant } from './time';

const from = parseInstant('2027-03-08T00:00:00Z');
const period = { from, to: from + 7 * 86_400_000 };
const bar = (id: string, release: string, service: string, environment: string, start: string, end: string): DeploymentBar =>
  ({ id, release, service, environment, start, end, status: 'planned', severity: null });

const sources = {
  services: [{ id: 'api', name: 'API', team: 'core' }, { id: 'web', name: 'Web', team: 'shop' }, { id: 'ops', name: 'Ops tool' }],
  environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  teams: [{ id: 'core', name: 'Core' }, { id: 'shop', name: 'Shop' }, { id: 'idle', name: 'Idle team' }],
  trains: [{ id: 'march', name: 'March train' }, { id: 'april', name: 'April train' }],
  releases: [{ id: 'r1', train: 'march' }, { id: 'r2', train: 'april' }, { id: 'hotfix', train: null }],
};
const deployments = [
  bar('api-r1', 'r1', 'api', 'prod', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'),
  bar('web-r1', 'r1', 'web', 'prod', '2027-03-09T08:30:00Z', '2027-03-09T09:30:00Z'),
  bar('web-r2', 'r2', 'web', 'prod', '2027-03-10T08:00:00Z', '2027-03-10T09:00:00Z'),
  bar('ops-hotfix', 'hotfix', 'ops', 'prod', '2027-03-11T08:00:00Z', '2027-03-11T09:00:00Z'),
  bar('api-r2-staging', 'r2', 'api', 'staging', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'),
];
const lay = (mode: 'team' | 'train', deps = deployments) =>
  layoutLanes({ ...sources, mode, environment: 'prod', deployments: deps, windows: [], period });
const ids = (lanes: ReturnType<typeof lay>) => Object.fromEntries(lanes.map((l) => [l.name, l.bars.map((p) => p.bar.id)]));

describe('lanes by team', () => {
  it("puts each bar in its service's team's lane, in the team order, services without a team last", () => {
    const lanes = lay('team');
    expect(lanes.map((l) => l.id)).toEqual(['core', 'shop', 'idle', NO_GROUP]);
    expect(ids(lanes)).toEqual({
      Core: ['api-r1'], Shop: ['web-r1', 'web-r2'], 'Idle team': [], 'No team': ['ops-hotfix'],
    });
  });

  it('shows only the chosen environment, and no "No team" lane when every bar has a team', () => {
    const lanes = lay('team', deployments.filter((d) => d.service !== 'ops'));
    expect(lanes.map((l) => l.name)).toEqual(['Core', 'Shop', 'Idle team']);
    expect(lanes.flatMap((l) => l.bars.map((p) => p.bar.id))).not.toContain('api-r2-staging');
  });

  it('stacks overlapping bars of different services of one team on rows', () => {
    const both = [...deployments, bar('api-r2', 'r2', 'api', 'prod', '2027-03-09T08:15:00Z', '2027-03-09T08:45:00Z')];
    const core = lay('team', both)[0];
    expect(core.rows).toBe(2);
    expect(core.byRow.map((r) => r.map((p) => p.bar.id))).toEqual([['api-r1'], ['api-r2']]);
  });
});

describe('lanes by train', () => {
  it("puts each bar in its release's train's lane, releases on no train last", () => {
    const lanes = lay('train');
    expect(lanes.map((l) => l.id)).toEqual(['march', 'april', NO_GROUP]);
    expect(ids(lanes)).toEqual({ 'March train': ['api-r1', 'web-r1'], 'April train': ['web-r2'], 'No train': ['ops-hotfix'] });
    // Two overlapping bars of one train: two rows.
    expect(lanes[0].rows).toBe(2);
  });

  it('files a release the summary does not know under "No train"', () => {
    expect(laneKeyFor('train', sources)(bar('x', 'unknown', 'api', 'prod', '', ''))).toBe(NO_GROUP);
    expect(laneKeyFor('team', sources)(bar('x', 'r1', 'unknown', 'prod', '', ''))).toBe(NO_GROUP);
  });
});

describe('lanes under a filter', () => {
  it('leaves out the lanes without a bar in the period, and only then', () => {
    const only = deployments.filter((d) => d.release === 'r2');
    const filtered = layoutLanes({ ...sources, mode: 'team', environment: 'prod', deployments: only, windows: [], period }, true);
    expect(filtered.map((l) => l.name)).toEqual(['Shop']);
    expect(layoutLanes({ ...sources, mode: 'team', environment: 'prod', deployments: only, windows: [], period }).map((l) => l.name))
      .toEqual(['Core', 'Shop', 'Idle team']);
  });

  it('keeps the lanes whose deployments come counted, "No team" included', () => {
    const only = deployments.filter((d) => d.release === 'r2');
    const kept = layoutLanes({ ...sources, mode: 'team', environment: 'prod', deployments: only, windows: [], period }, true, new Set(['core', NO_GROUP]));
    expect(kept.map((l) => l.name)).toEqual(['Core', 'Shop', 'No team']);
  });
});

describe('windows in team and train lanes', () => {
  const band = (window: string, services: string[], environments: string[]): WindowBand =>
    ({ window, kind: 'maintenance', start: '2027-03-09T00:00:00Z', end: '2027-03-09T04:00:00Z', services, environments } as unknown as WindowBand);

  it("shades a window of the shown environment across every lane, and a service's window in none", () => {
    const { shared, perLane } = splitBands([band('all', [], []), band('prod-only', [], ['prod']), band('api-only', ['api'], [])], 'team', 'prod', period);
    expect(shared.map((b) => b.band.window)).toEqual(['all', 'prod-only']);
    const lanes = layoutLanes({ ...sources, mode: 'team', environment: 'prod', deployments, windows: perLane, period });
    expect(lanes.every((l) => l.bands.length === 0)).toBe(true);
  });
});
