// Pure functions of the dependency matrices: edge and cycle cell sets, the
// name filter and keyboard movement in a grid. Cells are addressed by their
// item indices (row, column) in the matrix as the engine sent it.
import type { DependencyMatrix, Named } from '../types';

/** A cell's key in the sets below: row * n + col, n the number of columns. */
export function cellKey(row: number, col: number, n: number): number {
  return row * n + col;
}

/** The cells holding a dependency. */
export function edgeSet(m: Pick<DependencyMatrix, 'items' | 'edges'>): Set<number> {
  const n = m.items.length;
  const out = new Set<number>();
  for (const [r, c] of m.edges) out.add(cellKey(r, c, n));
  return out;
}

/**
 * The dependency cells that lie on a cycle: an edge whose two ends belong to
 * the same cycle (a self-dependency is a one-member cycle).
 */
export function cycleCellSet(m: DependencyMatrix): Set<number> {
  const n = m.items.length;
  const cycleOf = new Map<string, number[]>();
  m.cycles.forEach((cy, i) => {
    for (const id of cy.members) {
      const list = cycleOf.get(id);
      if (list) list.push(i); else cycleOf.set(id, [i]);
    }
  });
  const out = new Set<number>();
  for (const [r, c] of m.edges) {
    const a = cycleOf.get(m.items[r]?.id);
    const b = cycleOf.get(m.items[c]?.id);
    if (a && b && a.some((x) => b.includes(x))) out.add(cellKey(r, c, n));
  }
  return out;
}

/** Item indices that are members of any cycle. */
export function cycleMembers(m: DependencyMatrix): Set<number> {
  const ids = new Set(m.cycles.flatMap((c) => c.members));
  const out = new Set<number>();
  m.items.forEach((it, i) => { if (ids.has(it.id)) out.add(i); });
  return out;
}

/** A cycle's display name: the engine's, or its members' names joined back to the first. */
export function cycleLabel(cycle: { members: string[]; name: string }, items: Named[]): string {
  if (cycle.name.trim()) return cycle.name;
  const names = cycle.members.map((id) => items.find((it) => it.id === id)?.name ?? id);
  return names.length ? [...names, names[0]].join(' → ') : '';
}

/** Indices of the items whose name or id contains the query (case-insensitive); all when the query is blank. */
export function filterIndices(items: Named[], query: string): number[] {
  const q = query.trim().toLowerCase();
  const out: number[] = [];
  items.forEach((it, i) => {
    if (!q || it.name.toLowerCase().includes(q) || it.id.toLowerCase().includes(q)) out.push(i);
  });
  return out;
}

/**
 * Rows and columns of a matrix under one filter. When the query matches on one
 * axis only (a release but no service, say), the other axis stays whole, so the
 * matching row is shown against every column instead of nothing.
 */
export function filterAxes(rows: Named[], cols: Named[], query: string): { rows: number[]; cols: number[] } {
  let r = filterIndices(rows, query);
  let c = filterIndices(cols, query);
  if (r.length && !c.length) c = cols.map((_, i) => i);
  else if (c.length && !r.length) r = rows.map((_, i) => i);
  return { rows: r, cols: c };
}

export interface GridPos { row: number; col: number }

/** Rows PageUp/PageDown move by. */
export const PAGE = 10;

/**
 * Where focus goes in a rows × cols grid (visible positions) for a key:
 * arrows by one cell, Home/End to the row's first/last cell, Ctrl+Home/End to
 * the grid's first/last cell, PageUp/PageDown by PAGE rows. Null for other keys
 * or an empty grid. Movement stops at the edges.
 */
export function moveFocus(pos: GridPos, key: string, rows: number, cols: number, ctrl = false): GridPos | null {
  if (rows <= 0 || cols <= 0) return null;
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  const row = clamp(pos.row, rows);
  const col = clamp(pos.col, cols);
  switch (key) {
    case 'ArrowUp': return { row: clamp(row - 1, rows), col };
    case 'ArrowDown': return { row: clamp(row + 1, rows), col };
    case 'ArrowLeft': return { row, col: clamp(col - 1, cols) };
    case 'ArrowRight': return { row, col: clamp(col + 1, cols) };
    case 'Home': return ctrl ? { row: 0, col: 0 } : { row, col: 0 };
    case 'End': return ctrl ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 };
    case 'PageUp': return { row: clamp(row - PAGE, rows), col };
    case 'PageDown': return { row: clamp(row + PAGE, rows), col };
    default: return null;
  }
}

/** Number of dependencies among the visible rows and columns. */
export function visibleEdgeCount(edges: Array<[number, number]>, rows: number[], cols: number[]): number {
  const rs = new Set(rows);
  const cs = new Set(cols);
  let n = 0;
  for (const [r, c] of edges) if (rs.has(r) && cs.has(c)) n++;
  return n;
}

/** "1 dependency", "3 dependencies". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A short label for an environment chip: its name's initials, or its first three letters. */
export function envAbbrev(name: string): string {
  const words = name.trim().split(/[\s_-]+/).filter(Boolean);
  if (words.length > 1) return words.map((w) => w[0]).join('').slice(0, 3).toUpperCase();
  const w = words[0] ?? '';
  return w.length <= 4 ? w : w.slice(0, 3);
}
