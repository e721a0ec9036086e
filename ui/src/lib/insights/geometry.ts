// Where a trend chart's marks go in its SVG viewBox: a count axis on the
// left (bars, and a line of counts), an optional 0–100 % axis on the right
// (a line of rates), bars and points centred on their period, and as many
// period labels as fit.
import type { TrendChart } from './trend';

// About the size the chart is shown at in a half-width column, so its text stays readable.
export const BOX = { w: 560, h: 220, left: 36, right: 46, top: 14, bottom: 30 };
/** The narrowest room one period label needs (viewBox units). */
const LABEL_ROOM = 46;

export interface Tick { y: number; label: string }
export interface BarMark { x: number; y: number; w: number; h: number; value: number; name: string }
export interface PointMark { x: number; y: number; value: number; name: string }
export interface ChartGeometry {
  bars: BarMark[];
  points: PointMark[];
  /** The line through the points, broken where a period has no value. */
  path: string;
  left: Tick[];
  right: Tick[];
  xLabels: Array<{ x: number; label: string }>;
  /** The plot area. */
  plot: { x: number; y: number; w: number; h: number };
}

/** The smallest of 1, 2, 5 × 10ⁿ (and 25, 250, …) at least `v` (at least 1). */
export function niceMax(v: number): number {
  if (!(v > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of p >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Whole-number ticks from 0 to `max` (a `niceMax`), at most five steps. */
export function countTicks(max: number): number[] {
  const step = max <= 5 ? 1 : niceMax(max / 5);
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

export function geometry(c: TrendChart): ChartGeometry {
  const n = c.labels.length;
  const plot = { x: BOX.left, y: BOX.top, w: BOX.w - BOX.left - BOX.right, h: BOX.h - BOX.top - BOX.bottom };
  const slot = n ? plot.w / n : plot.w;
  const cx = (i: number) => plot.x + slot * (i + 0.5);
  const counts = [...(c.bars?.values ?? []), ...(c.line && !c.line.rate ? c.line.values : [])].filter((v): v is number => v !== null);
  const max = niceMax(Math.max(0, ...counts));
  const yCount = (v: number) => plot.y + plot.h - (v / max) * plot.h;
  const yRate = (v: number) => plot.y + plot.h - v * plot.h;

  const bars: BarMark[] = c.bars
    ? c.bars.values.flatMap((v, i) => (v === null ? [] : [{
      x: cx(i) - Math.min(slot * 0.6, 40) / 2, w: Math.min(slot * 0.6, 40), y: yCount(v), h: plot.y + plot.h - yCount(v), value: v,
      name: `${c.longLabels[i]}: ${c.bars!.format(v)} ${c.bars!.label.toLowerCase()}`,
    }]))
    : [];
  const points: PointMark[] = [];
  let path = '';
  if (c.line) {
    const y = c.line.rate ? yRate : yCount;
    let pen = false;
    c.line.values.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      const p = { x: cx(i), y: y(v), value: v, name: `${c.longLabels[i]}: ${c.line!.label.toLowerCase()} ${c.line!.format(v)}` };
      points.push(p);
      path += `${pen ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
      pen = true;
    });
  }
  const left = (c.bars || (c.line && !c.line.rate) ? countTicks(max) : []).map((v) => ({ y: yCount(v), label: String(v) }));
  const right = c.line?.rate ? [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: yRate(v), label: `${v * 100} %` })) : [];
  const every = Math.max(1, Math.ceil(LABEL_ROOM / slot));
  const xLabels = c.labels.flatMap((label, i) => (i % every === 0 ? [{ x: cx(i), label }] : []));
  return { bars, points, path, left, right, xLabels, plot };
}
