import { describe, expect, it } from 'vitest';
import { CHUNK_Y, chunked, visibleLanes } from './viewport';
import { laneOffsets, layoutLanes } from '../layout';
import type { DeploymentBar } from '../types';

const DAY = 86_400_000;
const period = { from: 0, to: 30 * DAY };
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const services = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, name: `S${i}` }));
const deployments: DeploymentBar[] = services.flatMap((s) => Array.from({ length: 30 }, (_, d) => ({
  id: `${s.id}/${d}`, release: 'r', service: s.id, environment: 'prod',
  start: iso(d * DAY), end: iso(d * DAY + DAY / 2), status: 'planned', severity: null,
})));
const lanes = layoutLanes({ mode: 'service', environment: 'prod', services, environments: [{ id: 'prod', name: 'Prod' }], deployments, windows: [], period });
const offsets = laneOffsets(lanes);

describe('the virtual window', () => {
  it('snaps scroll positions down to chunks', () => {
    expect(chunked(0, CHUNK_Y)).toBe(0);
    expect(chunked(CHUNK_Y - 1, CHUNK_Y)).toBe(0);
    expect(chunked(CHUNK_Y * 2 + 5, CHUNK_Y)).toBe(CHUNK_Y * 2);
  });
  it('renders the lanes and bars near the viewport only, and always the kept ones', () => {
    const v = { chunkTop: 0, chunkLeft: 0, height: 600, width: 1000, trackW: 30_000 };
    const shown = visibleLanes(lanes, offsets, v, []);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(lanes.length);
    expect(shown[0]).toMatchObject({ index: 0, top: 0, height: offsets[1] });
    expect(shown[0].bars.length).toBeLessThan(lanes[0].bars.length);
    const far = lanes[99].bars[29];
    const kept = visibleLanes(lanes, offsets, v, [{ lane: 99, p: far }]);
    expect(kept.at(-1)).toMatchObject({ index: 99, bars: [far] });
  });
});
