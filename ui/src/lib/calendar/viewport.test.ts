import { describe, expect, it } from 'vitest';
import { CHUNK_X, CHUNK_Y, OVERSCAN_Y, chunked, visibleLanes } from './viewport';
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
  it('renders the window bands near the viewport only', () => {
    // A nightly window of s0 for the 30 days: 30 bands, a thousand px apart on a 30,000 px track.
    const windows = Array.from({ length: 30 }, (_, d) => ({
      window: 'nightly', name: 'Nightly', kind: 'maintenance' as const, start: iso(d * DAY), end: iso(d * DAY + DAY / 8),
      environments: ['prod'], services: ['s0'],
    }));
    const withBands = layoutLanes({ mode: 'service', environment: 'prod', services, environments: [{ id: 'prod', name: 'Prod' }], deployments, windows, period });
    expect(withBands[0].bands).toHaveLength(30);
    expect(withBands[1].bands).toHaveLength(0);
    const v = { chunkTop: 0, chunkLeft: 10_000, height: 600, width: 1000, trackW: 30_000 };
    const shown = visibleLanes(withBands, laneOffsets(withBands), v, []);
    // 9,800–11,600 px (the viewport, one chunk more, the overscan on both
    // sides): days 10 and 11; day 9's band ends at 9,125 px.
    expect(shown[0].bands.map((b) => b.band.start)).toEqual([iso(10 * DAY), iso(11 * DAY)]);
  });
  it('renders only the lanes in view for a first frame, each as the whole window has it', () => {
    // Lanes of one row are 38 px high: 600 px from 1,000 px show lanes 26 (from 988 px) to 42 (to 1,634 px).
    const v = { chunkTop: chunked(1_000, CHUNK_Y), chunkLeft: chunked(5_000, CHUNK_X), height: 600, width: 1000, trackW: 30_000 };
    const first = visibleLanes(lanes, offsets, v, [], { inViewAt: 1_000 });
    expect(first.map((l) => l.index)).toEqual(Array.from({ length: 17 }, (_, i) => 26 + i));
    const settled = visibleLanes(lanes, offsets, v, []);
    expect(settled.length).toBeGreaterThan(first.length + (2 * OVERSCAN_Y) / offsets[1] - 1);
    for (const l of first) expect(settled.find((s) => s.index === l.index)).toEqual(l);
  });
  it('leaves the bars out of a very first frame, but the kept ones', () => {
    const v = { chunkTop: 0, chunkLeft: 0, height: 600, width: 1000, trackW: 30_000 };
    const kept = { lane: 3, p: lanes[3].bars[0] };
    const bare = visibleLanes(lanes, offsets, v, [kept], { inViewAt: 0, withoutBars: true });
    const drawn = visibleLanes(lanes, offsets, v, [kept], { inViewAt: 0 });
    expect(bare.map((l) => l.index)).toEqual(drawn.map((l) => l.index));
    expect(drawn.every((l) => l.bars.length > 0)).toBe(true);
    expect(bare.flatMap((l) => l.bars)).toEqual([kept.p]);
    // The lanes' geometry and window bands are drawn already.
    bare.forEach((l, i) => expect({ ...l, bars: [] }).toEqual({ ...drawn[i], bars: [] }));
  });
  it('hands back a lane that comes out the same as the very same object', () => {
    const v = { chunkTop: 0, chunkLeft: 0, height: 600, width: 1000, trackW: 30_000 };
    const first = visibleLanes(lanes, offsets, v, [], { inViewAt: 0 });
    const settled = visibleLanes(lanes, offsets, v, [], { previous: first });
    expect(settled.slice(0, first.length)).toEqual(first);
    settled.slice(0, first.length).forEach((l, i) => expect(l).toBe(first[i]));
    // Scrolled a chunk right: the lanes' bars change, so do the objects.
    const right = visibleLanes(lanes, offsets, { ...v, chunkLeft: 10 * CHUNK_X }, [], { previous: settled });
    expect(right[0]).not.toBe(settled[0]);
    expect(right[0].lane).toBe(settled[0].lane);
  });
});
