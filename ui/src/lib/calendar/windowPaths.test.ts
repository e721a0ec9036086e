import { describe, expect, it } from 'vitest';
import type { PlacedBand } from '../layout';
import type { WindowBand } from '../types';
import { windowPaths } from './windowPaths';

const band = (kind: WindowBand['kind'], left: number, width: number): PlacedBand => ({
  band: { window: kind, name: kind, kind, start: '', end: '', environments: [], services: [] } as unknown as WindowBand,
  left, width,
});

describe('windowPaths', () => {
  it('draws each kind as one path of rectangles in px', () => {
    const p = windowPaths([band('maintenance', 10, 5), band('blackout', 50, 25), band('maintenance', 80, 10)], 200, 38);
    expect(p.maintenance).toBe('M20 0H30V38H20ZM160 0H180V38H160Z');
    expect(p.blackout).toBe('M100 0H150V38H100Z');
  });

  it('edges a maintenance window with a line half a pixel inside each end', () => {
    expect(windowPaths([band('maintenance', 10, 5)], 200, 38).edges).toBe('M20.5 0V38M29.5 0V38');
  });

  it('rounds to a hundredth of a pixel', () => {
    expect(windowPaths([band('blackout', 100 / 3, 100 / 3)], 100, 10).blackout).toBe('M33.33 0H66.67V10H33.33Z');
  });

  it('is empty without bands', () => {
    expect(windowPaths([], 200, 38)).toEqual({ maintenance: '', edges: '', blackout: '' });
  });
});
