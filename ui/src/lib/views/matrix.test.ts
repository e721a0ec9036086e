import { describe, expect, it } from 'vitest';
import type { DependencyMatrix } from '../types';
import {
  cellKey, cycleCellSet, cycleLabel, cycleMembers, edgeSet, envAbbrev, filterAxes, filterIndices, moveFocus, plural,
  visibleEdgeCount,
} from './matrix';

const items = [
  { id: 'payments-api', name: 'Payments API' },
  { id: 'ledger-db', name: 'Ledger DB' },
  { id: 'catalog', name: 'Catalog' },
  { id: 'search', name: 'Search' },
];

// payments → ledger → payments is a cycle; search depends on itself; catalog → search is not on a cycle.
const m: DependencyMatrix = {
  items,
  edges: [[0, 1], [1, 0], [2, 3], [3, 3], [0, 2]],
  cycles: [
    { members: ['payments-api', 'ledger-db'], name: 'Payments API → Ledger DB → Payments API' },
    { members: ['search'], name: '' },
  ],
};

describe('edge and cycle cell sets', () => {
  it('keys every dependency by row and column', () => {
    const s = edgeSet(m);
    expect(s.size).toBe(5);
    expect(s.has(cellKey(0, 1, 4))).toBe(true);
    expect(s.has(cellKey(1, 2, 4))).toBe(false);
  });

  it('lights up exactly the edges whose ends share a cycle', () => {
    const s = cycleCellSet(m);
    expect([...s].sort((a, b) => a - b)).toEqual([cellKey(0, 1, 4), cellKey(1, 0, 4), cellKey(3, 3, 4)].sort((a, b) => a - b));
    // payments → catalog: payments is on a cycle, catalog is not
    expect(s.has(cellKey(0, 2, 4))).toBe(false);
    // catalog → search: search is on its own cycle, catalog is not on it
    expect(s.has(cellKey(2, 3, 4))).toBe(false);
  });

  it('does not join two different cycles through an edge between them', () => {
    const two: DependencyMatrix = {
      items,
      edges: [[0, 1], [1, 0], [2, 3], [3, 2], [1, 2]],
      cycles: [{ members: ['payments-api', 'ledger-db'], name: 'a' }, { members: ['catalog', 'search'], name: 'b' }],
    };
    const s = cycleCellSet(two);
    expect(s.has(cellKey(1, 2, 4))).toBe(false);
    expect(s.size).toBe(4);
  });

  it('lists cycle members and names cycles', () => {
    expect([...cycleMembers(m)].sort()).toEqual([0, 1, 3]);
    expect(cycleLabel(m.cycles[0], items)).toBe('Payments API → Ledger DB → Payments API');
    expect(cycleLabel(m.cycles[1], items)).toBe('Search → Search');
  });
});

describe('filtering', () => {
  it('matches name or id, case-insensitively, and keeps everything for a blank query', () => {
    expect(filterIndices(items, '')).toEqual([0, 1, 2, 3]);
    expect(filterIndices(items, '  ')).toEqual([0, 1, 2, 3]);
    expect(filterIndices(items, 'LEDGER')).toEqual([1]);
    expect(filterIndices(items, '-db')).toEqual([1]);
    expect(filterIndices(items, 'a')).toEqual([0, 2, 3]);
    expect(filterIndices(items, 'zzz')).toEqual([]);
  });

  it('keeps the other axis whole when a query matches one axis only', () => {
    const releases = [{ id: 'pay-2.1', name: 'Payments 2.1' }, { id: 'cat-1.0', name: 'Catalog 1.0' }];
    const services = [{ id: 'payments-api', name: 'Payments API' }, { id: 'search', name: 'Search' }];
    expect(filterAxes(releases, services, '2.1')).toEqual({ rows: [0], cols: [0, 1] });
    expect(filterAxes(releases, services, 'search')).toEqual({ rows: [0, 1], cols: [1] });
    expect(filterAxes(releases, services, 'payments')).toEqual({ rows: [0], cols: [0] });
    expect(filterAxes(releases, services, 'nothing')).toEqual({ rows: [], cols: [] });
  });

  it('counts the dependencies among visible rows and columns', () => {
    expect(visibleEdgeCount(m.edges, [0, 1], [0, 1])).toBe(2);
    expect(visibleEdgeCount(m.edges, [0, 1, 2, 3], [0, 1, 2, 3])).toBe(5);
    expect(visibleEdgeCount(m.edges, [3], [3])).toBe(1);
  });
});

describe('keyboard movement', () => {
  it('moves by one cell with arrows and stops at the edges', () => {
    expect(moveFocus({ row: 1, col: 1 }, 'ArrowRight', 3, 4)).toEqual({ row: 1, col: 2 });
    expect(moveFocus({ row: 1, col: 1 }, 'ArrowLeft', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 1, col: 1 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 1 });
    expect(moveFocus({ row: 1, col: 1 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 1 });
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 2, col: 3 }, 'ArrowRight', 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveFocus({ row: 2, col: 3 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 3 });
  });

  it('jumps with Home/End in the row and Ctrl+Home/End in the grid', () => {
    expect(moveFocus({ row: 1, col: 2 }, 'Home', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 1, col: 2 }, 'End', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveFocus({ row: 1, col: 2 }, 'Home', 3, 4, true)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 1, col: 2 }, 'End', 3, 4, true)).toEqual({ row: 2, col: 3 });
  });

  it('pages by ten rows, clamps a stale position and ignores other keys', () => {
    expect(moveFocus({ row: 5, col: 0 }, 'PageDown', 12, 2)).toEqual({ row: 11, col: 0 });
    expect(moveFocus({ row: 11, col: 0 }, 'PageUp', 12, 2)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 40, col: 40 }, 'ArrowLeft', 3, 4)).toEqual({ row: 2, col: 2 });
    expect(moveFocus({ row: 0, col: 0 }, 'a', 3, 4)).toBeNull();
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowDown', 0, 4)).toBeNull();
  });
});

describe('labels', () => {
  it('pluralises and abbreviates environment names', () => {
    expect(plural(1, 'dependency', 'dependencies')).toBe('1 dependency');
    expect(plural(3, 'dependency', 'dependencies')).toBe('3 dependencies');
    expect(envAbbrev('Production')).toBe('Pro');
    expect(envAbbrev('QA')).toBe('QA');
    expect(envAbbrev('Pre production')).toBe('PP');
    expect(envAbbrev('prod-eu')).toBe('PE');
  });
});
