// Maintenance and blackout windows shaded across a track as SVG path data:
// one path per kind, and one for the maintenance windows' edges, however many
// windows there are. At quarter zoom a service's nightly windows are seventy
// bands a lane, two thousand in view: as one element each they were the most
// costly part of drawing a new period (docs/benchmarks.md, "Desktop app").
import type { PlacedBand } from '../layout';

export interface WindowPaths {
  maintenance: string;
  /** A 1 px line at each maintenance window's start and end. */
  edges: string;
  blackout: string;
}

/** Rounded to 1/100 px: the path stays short, the shading where the bands were. */
const px = (x: number) => Math.round(x * 100) / 100;

/** The bands (placed in % of the period) on a track `width` × `height` px, in px. */
export function windowPaths(bands: readonly PlacedBand[], width: number, height: number): WindowPaths {
  let maintenance = '';
  let edges = '';
  let blackout = '';
  for (const b of bands) {
    const l = px((b.left / 100) * width);
    const r = px(((b.left + b.width) / 100) * width);
    const rect = `M${l} 0H${r}V${height}H${l}Z`;
    if (b.band.kind === 'blackout') {
      blackout += rect;
    } else {
      maintenance += rect;
      // Strokes centred half a pixel inside, as a 1 px border would be drawn.
      edges += `M${px(l + 0.5)} 0V${height}M${px(r - 0.5)} 0V${height}`;
    }
  }
  return { maintenance, edges, blackout };
}
