import { describe, expect, it } from 'vitest';
import { barView, type BarContext } from './barView';
import { barName, releaseName } from './names';
import { dragView, type DragView } from './dragView';
import type { DeploymentBar, ReleaseInfo } from '../types';
import { LANE_PAD, ROW_H, releaseHue, type Lane, type PlacedBar } from '../layout';
import { parseInstant } from '../time';

const bar: DeploymentBar = {
  id: 'cat/catalog/staging', release: 'cat', service: 'catalog', environment: 'staging',
  start: '2027-03-10T08:00:00Z', end: '2027-03-10T20:00:00Z', status: 'planned', severity: null,
};
const period = { from: parseInstant('2027-03-10T00:00:00Z'), to: parseInstant('2027-03-11T00:00:00Z') };
const placed: PlacedBar = {
  bar, start: parseInstant(bar.start), end: parseInstant(bar.end), left: 100 / 3, width: 50, row: 1,
  clipStart: false, clipEnd: false, gapAfter: 100 / 6,
};
const releases = new Map<string, ReleaseInfo>([
  ['cat', { id: 'cat', name: 'Catalog', version: '1.13.0', train: 't-main', changeType: 'standard', status: 'planned' }],
]);
const lane = (id: string): Lane => ({ id, name: id, rows: 2, bars: [], byRow: [], bands: [] });

function context(over: Partial<BarContext> = {}): BarContext {
  return {
    dragId: null, drag: null, groupIds: null, group: null, period, laneMode: 'service', lanes: [lane('staging'), lane('prod')], offsets: [0, 100, 200],
    releases, serviceNames: new Map([['catalog', 'Catalog service']]), trainNames: new Map([['t-main', 'Main train']]),
    colourBy: 'release', pulse: 0, hoverEdge: null, highlighted: new Set(), trackW: 2400, name: (b) => `name of ${b.id}`, now: 0, tz: 'UTC',
    ...over,
  };
}

describe('what a bar shows', () => {
  it('places and colours a bar by its release, with its name inside', () => {
    const v = barView(placed, 0, context());
    expect(v).toEqual({
      cls: 'bar pulse0', dragging: false, text: 'Catalog 1.13.0', name: `name of ${bar.id}`,
      style: `left: ${100 / 3}%; --w: 50%; top: ${LANE_PAD + ROW_H}px; --hue: ${releaseHue('cat')}; --sat: 65%`, outside: null, actual: null,
    });
  });
  it('adds the classes of its state', () => {
    const v = barView({ ...placed, bar: { ...bar, severity: 'error', status: 'deployed' }, clipStart: true, clipEnd: true },
      0, context({ pulse: 3, hoverEdge: bar.id, highlighted: new Set([bar.id]) }));
    expect(v.cls).toBe('bar pulse1 error edge highlighted history clip-start clip-end');
  });
  it('is pressed when selected, and a plain button without a selection', () => {
    const sel = new Map([[bar.id, bar]]);
    const v = barView(placed, 0, context({ selected: sel }));
    expect(v.cls).toBe('bar pulse0 selected');
    expect(v.pressed).toBe(true);
    const other = barView({ ...placed, bar: { ...bar, id: 'other' } }, 0, context({ selected: sel }));
    expect([other.cls, other.pressed]).toEqual(['bar pulse0', false]);
    expect(barView(placed, 0, context({ selected: new Map() })).pressed).toBeUndefined();
  });
  it('names the service in environment lanes and the train when coloured by train', () => {
    const v = barView(placed, 0, context({ laneMode: 'environment', colourBy: 'train' }));
    expect(v.text).toBe('Catalog service · Main train');
    expect(v.style).toContain(`--hue: ${releaseHue('t-main')}; --sat: 60%`);
    const untrained = barView({ ...placed, bar: { ...bar, release: 'other' } }, 0, context({ colourBy: 'train' }));
    expect(untrained.text).toBe('other');
    expect(untrained.style).toContain('--hue: 220; --sat: 8%');
  });
  it('puts the label of a short bar beside it when there is room', () => {
    const v = barView({ ...placed, width: 0.5 }, 0, context());
    expect(v.cls).toBe('bar pulse0 narrow');
    expect(v.outside).toMatch(/^--at: 33\.3+\d*%; --past: \d+px; max-width: \d+px; top: 34px$/);
  });
  it('follows the drag only for the dragged bar, to its target lane', () => {
    const drag: DragView = {
      id: bar.id, kind: 'move', lane: 0, start: period.from + 6 * 3_600_000, end: period.from + 18 * 3_600_000,
      environment: 'prod', changed: true, fresh: true, severity: 'warning', messages: [], x: 0, y: 0,
    };
    const v = barView(placed, 0, context({ dragId: bar.id, drag, laneMode: 'environment' }));
    expect(v.dragging).toBe(true);
    expect(v.cls).toBe('bar pulse0 warning dragging');
    expect(v.style).toMatch(/^left: 25%; --w: 50%; top: 104px;/);
    const resizing = barView(placed, 0, context({ dragId: bar.id, drag: { ...drag, kind: 'end', changed: false } }));
    expect(resizing.cls).toBe('bar pulse0 dragging resizing');
    let read = false;
    const other = context({ dragId: 'another' });
    Object.defineProperty(other, 'drag', { get: () => { read = true; return drag; } });
    expect(barView(placed, 0, other).dragging).toBe(false);
    expect(read).toBe(false);
  });
});

describe('names and drag snapshots', () => {
  it('adds the version to a release name that lacks it', () => {
    expect(releaseName(releases, 'cat')).toBe('Catalog 1.13.0');
    const named = new Map([['w', { ...releases.get('cat')!, name: 'Web 2.0', version: '2.0' }]]);
    expect(releaseName(named, 'w')).toBe('Web 2.0');
    expect(releaseName(releases, 'unknown')).toBe('unknown');
  });
  it('builds the accessible name of a bar', () => {
    const names = { releases, serviceNames: new Map([['catalog', 'Catalog service']]), envNames: new Map([['staging', 'Staging']]) };
    expect(barName(bar, 'UTC', names)).toMatch(/^Catalog 1\.13\.0 on Catalog service in Staging, .+08:00.+20:00$/);
    expect(barName({ ...bar, severity: 'warning', environment: 'x' }, 'UTC', names)).toMatch(/ in x, .*, has warnings$/);
  });
  it('takes a drag session’s target, freshness and conflicts', () => {
    const session = {
      bar, kind: 'start' as const, changed: true, fresh: false,
      target: () => ({ start: '2027-03-10T07:00:00Z', end: bar.end, environment: 'staging' }),
      preview: { severity: 'error' as const, conflicts: [{ title: 'Freeze', message: 'in the code freeze', subjects: [] }] },
    };
    expect(dragView(session as unknown as Parameters<typeof dragView>[0], 2, 10, 20)).toEqual({
      id: bar.id, kind: 'start', lane: 2, start: parseInstant('2027-03-10T07:00:00Z'), end: parseInstant(bar.end),
      environment: 'staging', changed: true, fresh: false, severity: 'error', messages: ['Freeze: in the code freeze'], x: 10, y: 20,
    });
  });
});
