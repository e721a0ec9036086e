import { describe, expect, it } from 'vitest';
import { CHUNK_Y, IN_VIEW, OVERSCAN_Y, chunked, visibleLanes } from './viewport';
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
    const v = { top: 0, left: 0, height: 600, width: 1000, trackW: 30_000 };
    const shown = visibleLanes(lanes, offsets, v, []);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(lanes.length);
    expect(shown[0]).toMatchObject({ index: 0, top: 0, height: offsets[1] });
    expect(shown[0].bars.length).toBeLessThan(lanes[0].bars.length);
    const far = lanes[99].bars[29];
    const kept = visibleLanes(lanes, offsets, v, [{ lane: 99, p: far }]);
    expect(kept.at(-1)).toMatchObject({ index: 99, bars: [far] });
  });
  it('renders the window bands near the viewport only', () => {
    // A nightly window of s0 for the 30 days: 30 bands, a thousand px apart on a 30,000 px track.
    const windows = Array.from({ length: 30 }, (_, d) => ({
      window: 'nightly', name: 'Nightly', kind: 'maintenance' as const, start: iso(d * DAY), end: iso(d * DAY + DAY / 8),
      environments: ['prod'], services: ['s0'],
    }));
    const withBands = layoutLanes({ mode: 'service', environment: 'prod', services, environments: [{ id: 'prod', name: 'Prod' }], deployments, windows, period });
    expect(withBands[0].bands).toHaveLength(30);
    expect(withBands[1].bands).toHaveLength(0);
    const v = { top: 0, left: 10_000, height: 600, width: 1000, trackW: 30_000 };
    const shown = visibleLanes(withBands, laneOffsets(withBands), v, []);
    // 9,800–11,600 px (the viewport, one chunk more, the overscan on both
    // sides): days 10 and 11; day 9's band ends at 9,125 px.
    expect(shown[0].bands.map((b) => b.band.start)).toEqual([iso(10 * DAY), iso(11 * DAY)]);
  });
  it('renders only what is in view for a first frame, a subset of the settled window', () => {
    // Lanes of one row are 38 px high: 600 px from 1,000 px show lanes 26 (from 988 px) to 42 (to 1,634 px).
    const v = { top: 1_000, left: 5_000, height: 600, width: 1000, trackW: 30_000 };
    const first = visibleLanes(lanes, offsets, v, [], IN_VIEW);
    expect(first.map((l) => l.index)).toEqual(Array.from({ length: 17 }, (_, i) => 26 + i));
    // Days 5 and 6 (5,000–6,000 px): day 5's bar, and day 6's from 6,000 px.
    expect(first[0].bars.map((p) => p.bar.id)).toEqual(['s26/5', 's26/6']);
    const settled = visibleLanes(lanes, offsets, { ...v, top: chunked(v.top, CHUNK_Y), left: chunked(v.left, 400) }, []);
    const settledIds = new Set(settled.map((l) => l.index));
    expect(first.every((l) => settledIds.has(l.index))).toBe(true);
    expect(settled.length).toBeGreaterThan(first.length + (2 * OVERSCAN_Y) / offsets[1] - 1);
  });
});
