// The calendar's virtual window: of thousands of lanes and bars, only those in
// (or near) the viewport are rendered. The window moves in chunks, so most
// scroll frames leave the rendered set alone (no keyed diff of thousands of
// bars). A new period's first frame renders only what is in view, the rest
// (a chunk and the overscan) on the next: the frame that receives a period
// draws about half as many lanes.
import { barsInView, rowsInView, virtualWindow, type Lane, type PlacedBand, type PlacedBar } from '../layout';

/** Rendered beyond the viewport, above/below and left/right (px). */
export const OVERSCAN_Y = 240;
export const OVERSCAN_X = 200;
/** The virtual window moves in steps of this many px. */
export const CHUNK_X = 400;
export const CHUNK_Y = 240;

/** How far past the viewport a window reaches (px): rightwards and downwards a chunk, and the overscan all round. */
export interface Reach { chunkX: number; chunkY: number; overscanX: number; overscanY: number }
/** A settled window: scrolling within a chunk renders nothing new. */
export const AROUND_VIEW: Reach = { chunkX: CHUNK_X, chunkY: CHUNK_Y, overscanX: OVERSCAN_X, overscanY: OVERSCAN_Y };
/** A new period's first frame: only what is in view. */
export const IN_VIEW: Reach = { chunkX: 0, chunkY: 0, overscanX: 0, overscanY: 0 };

/** A scroll position snapped down to its chunk. */
export function chunked(scroll: number, chunk: number): number {
  return Math.floor(scroll / chunk) * chunk;
}

export interface VisibleLane {
  lane: Lane; index: number; top: number; height: number; bars: PlacedBar[];
  /** The lane's window bands in (or near) the viewport, horizontally. */
  bands: PlacedBand[];
}

export interface Viewport {
  /** Scroll positions: snapped to chunks (see `chunked`) for AROUND_VIEW, as they are for IN_VIEW. */
  top: number;
  left: number;
  /** The lanes' visible height and the track's visible width (px). */
  height: number;
  width: number;
  /** The whole track's width (px). */
  trackW: number;
}

/**
 * The lanes in (or near: see Reach) the viewport, each with the bars of its
 * rows in (or near) it and its window bands in (or near) it (a quarter of a
 * service's nightly windows is a hundred bands a lane); the bars in `keep`
 * (dragged, focused) stay rendered wherever they are.
 */
export function visibleLanes(
  lanes: Lane[], offsets: number[], v: Viewport, keep: Array<{ lane: number; p: PlacedBar }>, reach: Reach = AROUND_VIEW,
): VisibleLane[] {
  const win = virtualWindow(offsets, v.top, v.height + reach.chunkY, reach.overscanY);
  const idx: number[] = [];
  for (let i = win.first; i < win.last; i++) idx.push(i);
  for (const k of keep) if (!idx.includes(k.lane)) idx.push(k.lane);
  idx.sort((a, b) => a - b);
  const top = v.top - reach.overscanY;
  const bottom = v.top + v.height + reach.chunkY + reach.overscanY;
  const leftPct = ((v.left - reach.overscanX) / v.trackW) * 100;
  const rightPct = ((v.left + v.width + reach.chunkX + reach.overscanX) / v.trackW) * 100;
  return idx.map((i) => {
    const lane = lanes[i];
    const rows = rowsInView(offsets[i], lane.rows, top, bottom);
    const bars = barsInView(lane, rows.from, rows.to, leftPct, rightPct);
    for (const k of keep) if (k.lane === i && !bars.includes(k.p)) bars.push(k.p);
    const bands = lane.bands.filter((b) => b.left + b.width >= leftPct && b.left <= rightPct);
    return { lane, index: i, top: offsets[i], height: offsets[i + 1] - offsets[i], bars, bands };
  });
}
