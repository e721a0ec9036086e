// The calendar's virtual window: of thousands of lanes and bars, only those in
// (or near) the viewport are rendered. The window moves in chunks, so most
// scroll frames leave the rendered set alone (no keyed diff of thousands of
// bars), and a lane that comes out as it was is handed back as the same
// object, so that the calendar re-renders nothing of it. A new period is
// drawn in three frames: the lanes in view without their bars, then their
// bars, then the other lanes of the window. Drawn at once, the frame that
// receives a zoom's period was the slowest frame of a zoom.
import { barsInView, rowsInView, virtualWindow, type Lane, type PlacedBand, type PlacedBar } from '../layout';

/** Rendered beyond the viewport, above/below and left/right (px). */
export const OVERSCAN_Y = 240;
export const OVERSCAN_X = 200;
/** The virtual window moves in steps of this many px. */
export const CHUNK_X = 400;
export const CHUNK_Y = 240;

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
  /** Scroll positions snapped to chunks (see `chunked`). */
  chunkTop: number;
  chunkLeft: number;
  /** The lanes' visible height and the track's visible width (px). */
  height: number;
  width: number;
  /** The whole track's width (px). */
  trackW: number;
}

export interface WindowOptions {
  /** The lanes rendered last: those that would come out the same are returned as they were. */
  previous?: readonly VisibleLane[];
  /** A first frame: only the lanes in view when scrolled to this top (px); each as the whole window would have it. */
  inViewAt?: number;
  /** Lanes without their bars (but the kept ones): a new period's very first frame. */
  withoutBars?: boolean;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The lanes in (or near) the viewport, each with the bars of its rows in (or
 * near) it and its window bands in (or near) it (a quarter of a service's
 * nightly windows is a hundred bands a lane); the bars in `keep` (dragged,
 * focused) stay rendered wherever they are.
 */
export function visibleLanes(
  lanes: Lane[], offsets: number[], v: Viewport, keep: Array<{ lane: number; p: PlacedBar }>, opts: WindowOptions = {},
): VisibleLane[] {
  const win = opts.inViewAt === undefined
    ? virtualWindow(offsets, v.chunkTop, v.height + CHUNK_Y, OVERSCAN_Y)
    : virtualWindow(offsets, opts.inViewAt, v.height);
  const idx: number[] = [];
  for (let i = win.first; i < win.last; i++) idx.push(i);
  for (const k of keep) if (!idx.includes(k.lane)) idx.push(k.lane);
  idx.sort((a, b) => a - b);
  const top = v.chunkTop - OVERSCAN_Y;
  const bottom = v.chunkTop + v.height + CHUNK_Y + OVERSCAN_Y;
  const leftPct = ((v.chunkLeft - OVERSCAN_X) / v.trackW) * 100;
  const rightPct = ((v.chunkLeft + v.width + CHUNK_X + OVERSCAN_X) / v.trackW) * 100;
  const previous = new Map(opts.previous?.map((vl) => [vl.lane, vl]));
  return idx.map((i) => {
    const lane = lanes[i];
    const rows = rowsInView(offsets[i], lane.rows, top, bottom);
    const bars = opts.withoutBars ? [] : barsInView(lane, rows.from, rows.to, leftPct, rightPct);
    for (const k of keep) if (k.lane === i && !bars.includes(k.p)) bars.push(k.p);
    const bands = lane.bands.filter((b) => b.left + b.width >= leftPct && b.left <= rightPct);
    const next = { lane, index: i, top: offsets[i], height: offsets[i + 1] - offsets[i], bars, bands };
    const was = previous.get(lane);
    return was && was.index === next.index && was.top === next.top && was.height === next.height
      && sameItems(was.bars, bars) && sameItems(was.bands, bands) ? was : next;
  });
}
