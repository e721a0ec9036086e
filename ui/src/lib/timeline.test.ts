// The calendar component against a mocked IPC boundary: keyboard, pointer,
// accessible names, view changes, virtualisation.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Timeline from './Timeline.svelte';
import type { CalendarFilter, DeploymentBar, MovePreview, PlanSummary, VisibleRange } from './types';
import type { CalendarView } from './calendar/view';
import { intervalLabel, localZone, parseInstant } from './time';
import { fileLocation } from './team/team';
import type { NewDeployment } from './calendar/drawNew';
import { NO_FILTER } from './calendar/filter';

const DEP = 'catalog-1.13.0/catalog/prod/eu';

const plan: PlanSummary = {
  path: '/plans/demo.trainyard', name: 'Demo', timezone: 'Europe/Berlin', revision: 1, saved: true,
  canUndo: null, canRedo: null,
  environments: [{ id: 'dev', name: 'Dev' }, { id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  services: [{ id: 'catalog', name: 'Catalog' }, { id: 'web', name: 'Web shop' }],
  releases: [
    { id: 'catalog-1.13.0', name: 'Catalog', version: '1.13.0', train: 't-main', changeType: 'standard', status: 'planned' },
    { id: 'web-2.0', name: 'Web 2.0', version: '2.0', train: null, changeType: 'normal', status: 'planned' },
  ],
  trains: [{ id: 't-main', name: 'Main train' }], teams: [], windows: [],
  counts: { errors: 5, warnings: 1 }, asOf: '2027-03-09T09:00:00Z', firstStart: null, lastEnd: null, deploymentCount: 3, location: fileLocation(),
};

const dep = (id: string, release: string, service: string, environment: string, start: string, end: string): DeploymentBar =>
  ({ id, release, service, environment, start, end, status: 'planned', severity: null });

const range: VisibleRange = {
  from: '2027-03-07T23:00:00Z', to: '2027-03-14T23:00:00Z',
  deployments: [
    dep(DEP, 'catalog-1.13.0', 'catalog', 'prod', '2027-03-11T21:00:00Z', '2027-03-11T21:45:00Z'),
    dep('web-2.0/web/prod', 'web-2.0', 'web', 'prod', '2027-03-10T08:00:00Z', '2027-03-10T10:00:00Z'),
    dep('catalog-1.13.0/catalog/staging', 'catalog-1.13.0', 'catalog', 'staging', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'),
  ],
  windows: [
    { window: 'bo-summit', name: 'Company summit', kind: 'blackout', start: '2027-03-09T23:00:00Z', end: '2027-03-10T23:00:00Z', environments: [], services: [] },
  ],
  trains: [{ train: 't-main', name: 'Main train', departure: '2027-03-12T09:00:00Z', freezeStart: '2027-03-10T09:00:00Z' }],
};

const week: CalendarView = { zoom: 'week', anchor: '2027-03-11', timeZone: 'plan', laneMode: 'service', environment: 'prod', colourBy: 'release' };

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
beforeEach(() => {
  calls = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === 'commit_move') return { ...plan, revision: 2 };
    if (cmd === 'preview_move') {
      const p: MovePreview = {
        id: DEP, severity: 'error', counts: { errors: 6, warnings: 1 },
        conflicts: [{ title: 'Deployment in a blackout', rule: 'blackout', severity: 'error', message: 'in the company summit', deployments: [DEP], releases: [], services: [], environment: 'prod', window: 'bo-summit', team: null, evidence: [], subjects: [] }],
      };
      return p;
    }
    throw { code: 'unexpected', message: cmd };
  });
});
afterEach(() => { cleanup(); clearMocks(); });

function setup(props: Partial<{ view: CalendarView; range: VisibleRange; highlighted: string[]; focusId: string | null; onNew: (d: NewDeployment) => void; readOnly: string | null; filter: CalendarFilter }> = {}) {
  const onCommit = vi.fn();
  const onError = vi.fn();
  const onOpen = vi.fn();
  const onViewChange = vi.fn();
  const r = render(Timeline, { props: { plan, range, view: week, onCommit, onError, onOpen, onViewChange, ...props } });
  return { ...r, onCommit, onError, onOpen, onViewChange };
}

/** Resolves after `n` animation frames (with the updates they asked for applied). */
const afterFrames = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
  await Promise.resolve();
};
const barEl = (id = DEP) => document.querySelector<HTMLElement>(`[data-id="${id}"]`)!;

describe('Timeline: bars', () => {
  it('gives every bar an accessible name: release, service, environment, time in the shown zone', () => {
    setup();
    const b = screen.getByRole('button', { name: 'Catalog 1.13.0 on Catalog in Production, Thu, 11 Mar 2027 22:00–22:45' });
    expect(b.getAttribute('data-deployment')).toBe(DEP);
    expect(b.tabIndex).toBe(0);
    expect(screen.getByRole('button', { name: /^Web 2\.0 on Web shop in Production/ })).toBeTruthy();
    // Service lanes show one environment: the staging deployment is not drawn.
    expect(barEl('catalog-1.13.0/catalog/staging')).toBeNull();
  });

  it('follows the time-zone switch in names', async () => {
    const r = setup();
    await r.rerender({ view: { ...week, timeZone: 'local' } });
    const expected = intervalLabel(parseInstant('2027-03-11T21:00:00Z'), parseInstant('2027-03-11T21:45:00Z'), localZone());
    expect(barEl().getAttribute('aria-label')).toBe(`Catalog 1.13.0 on Catalog in Production, ${expected}`);
  });

  it('shows the today line at the plan\'s "as of" time, train freezes and departures, blackouts', () => {
    setup();
    expect(screen.getByTestId('today-label').textContent).toBe('Today 10:00');
    expect(screen.getByTestId('train-mark').textContent).toBe('Main train');
    expect(document.querySelectorAll('.freeze')).toHaveLength(1);
    expect(document.querySelectorAll('.departure')).toHaveLength(1);
    expect(document.querySelector('[data-testid=window-bands] path.blackout')?.getAttribute('d')).toMatch(/^M[\d.]+ 0H/);
  });

  it('draws a short bar at least 8 px wide with its label beside it, clear of the next bar on its row', () => {
    // 45 minutes at week zoom are about 5 px: the label goes to the right of the bar, outside it.
    const next = dep('catalog-1.14.0/catalog/prod', 'web-2.0', 'catalog', 'prod', '2027-03-12T09:00:00Z', '2027-03-12T09:30:00Z');
    setup({ range: { ...range, deployments: [...range.deployments, next] } });
    const b = barEl();
    expect(b.style.getPropertyValue('--w')).toMatch(/^0\.[\d]+%$/); // drawn max(--w, --min-bar) wide
    expect(document.querySelector<HTMLElement>('.cal')!.style.getPropertyValue('--min-bar')).toBe('8px');
    expect(b.className).toContain('narrow'); // no text squeezed inside
    expect(b.getAttribute('aria-label')).toBe('Catalog 1.13.0 on Catalog in Production, Thu, 11 Mar 2027 22:00–22:45');
    const label = b.nextElementSibling as HTMLElement;
    expect(label.className).toContain('bar-label');
    expect(label.textContent).toBe('Catalog 1.13.0');
    expect(label.getAttribute('aria-hidden')).toBe('true');
    expect(label.hasAttribute('data-id')).toBe(false); // not a drag target: the bar is
    // It starts past the bar's 8 px and stops 4 px short of the next bar, 11¼ h later (1230 px a week here).
    expect(label.style.getPropertyValue('--at')).toBe(b.style.left);
    expect(label.style.getPropertyValue('--past')).toBe('12px');
    const maxWidth = parseFloat(label.style.maxWidth);
    expect(maxWidth).toBeGreaterThan(60);
    expect(12 + maxWidth).toBeLessThanOrEqual(((0.75 + 11.25) / 168) * 1230 - 4); // from the bar start to 4 px before the next
    expect(document.querySelectorAll('.bar').length).toBe(3); // labels are not bars
  });

  it('leaves a short bar unlabelled when the next bar on its row follows too closely', () => {
    const next = dep('catalog-1.14.0/catalog/prod', 'web-2.0', 'catalog', 'prod', '2027-03-11T22:00:00Z', '2027-03-11T23:00:00Z');
    setup({ range: { ...range, deployments: [...range.deployments, next] } });
    expect(barEl().nextElementSibling?.className ?? '').not.toContain('bar-label');
    expect(barEl().getAttribute('aria-label')).toMatch(/^Catalog 1\.13\.0 on Catalog/);
  });

  it('colours by release or by train', async () => {
    const r = setup();
    const hue = () => barEl().style.getPropertyValue('--hue');
    const byRelease = hue();
    await r.rerender({ view: { ...week, colourBy: 'train' } });
    expect(hue()).not.toBe(byRelease);
    expect(barEl().textContent).toContain('Main train');
    expect(barEl('web-2.0/web/prod').style.getPropertyValue('--sat')).toBe('8%'); // no train: grey
  });

  it('highlights the highlighted deployments', () => {
    setup({ highlighted: [DEP] });
    expect(barEl().classList.contains('highlighted')).toBe(true);
    expect(barEl('web-2.0/web/prod').classList.contains('highlighted')).toBe(false);
  });

  it('focuses the focusId deployment', async () => {
    setup({ focusId: 'web-2.0/web/prod' });
    await waitFor(() => expect(document.activeElement).toBe(barEl('web-2.0/web/prod')));
  });
});

describe('Timeline: keyboard', () => {
  it('Enter opens the deployment', async () => {
    const { onOpen } = setup();
    await fireEvent.keyDown(barEl(), { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(DEP);
  });

  it('ArrowRight commits a move by 15 minutes and reports the new plan', async () => {
    const { onCommit } = setup();
    await fireEvent.keyDown(barEl(), { key: 'ArrowRight' });
    await waitFor(() => expect(onCommit).toHaveBeenCalledWith(expect.objectContaining({ revision: 2 })));
    expect(calls).toEqual([{ cmd: 'commit_move', args: { id: DEP, start: '2027-03-11T21:15:00Z', end: '2027-03-11T22:00:00Z', environment: 'prod' } }]);
    // Shown at its new place at once.
    expect(barEl().getAttribute('aria-label')).toContain('22:15–23:00');
  });

  it('Shift+ArrowLeft changes the end only', async () => {
    const { onCommit } = setup();
    await fireEvent.keyDown(barEl(), { key: 'ArrowLeft', shiftKey: true });
    await waitFor(() => expect(onCommit).toHaveBeenCalled());
    expect(calls[0].args).toEqual({ id: DEP, start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:30:00Z', environment: 'prod' });
  });

  it('steps by an hour at month zoom and by a day at quarter zoom', async () => {
    const r = setup({ view: { ...week, zoom: 'month' } });
    await fireEvent.keyDown(barEl(), { key: 'ArrowRight' });
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].args).toMatchObject({ start: '2027-03-11T22:00:00Z' });
    r.unmount();
    calls = [];
    setup({ view: { ...week, zoom: 'quarter' } });
    await fireEvent.keyDown(barEl(), { key: 'ArrowLeft' });
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].args).toMatchObject({ start: '2027-03-10T21:00:00Z', end: '2027-03-10T21:45:00Z' });
  });

  it('ArrowUp in environment lanes moves to the previous environment', async () => {
    setup({ view: { ...week, laneMode: 'environment' } });
    await fireEvent.keyDown(barEl(), { key: 'ArrowUp' });
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ cmd: 'commit_move', args: { id: DEP, start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', environment: 'staging' } });
    // Redrawn in the staging lane, still focused.
    await waitFor(() => expect(barEl().closest('[data-lane]')?.getAttribute('data-lane')).toBe('staging'));
    await waitFor(() => expect(document.activeElement).toBe(barEl()));
  });

  it('ArrowDown from the last environment does nothing; arrows in service lanes do not change environment', async () => {
    setup({ view: { ...week, laneMode: 'environment' } });
    await fireEvent.keyDown(barEl(), { key: 'ArrowDown' });
    cleanup();
    setup();
    await fireEvent.keyDown(barEl(), { key: 'ArrowUp' });
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual([]);
  });

  it('reports a failed commit and puts the bar back', async () => {
    clearMocks();
    mockIPC(() => { throw { code: 'stale', message: 'the plan changed' }; });
    const { onError } = setup();
    await fireEvent.keyDown(barEl(), { key: 'ArrowRight' });
    await waitFor(() => expect(onError).toHaveBeenCalledWith({ code: 'stale', message: 'the plan changed' }));
    await waitFor(() => expect(barEl().getAttribute('aria-label')).toContain('22:00–22:45'));
  });

  it('+ and − zoom around the focused bar', async () => {
    const { onViewChange } = setup();
    barEl().focus();
    await fireEvent.keyDown(barEl(), { key: '+' });
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, zoom: 'day', anchor: '2027-03-11' });
    await fireEvent.keyDown(barEl(), { key: '-' });
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, zoom: 'month', anchor: '2027-03-11' });
  });
});

describe('Timeline: toolbar', () => {
  it('navigates, zooms, switches lanes, zone and colours through onViewChange', async () => {
    const { onViewChange } = setup();
    expect(screen.getByTestId('period-label').textContent).toBe('8 – 14 Mar 2027');
    await fireEvent.click(screen.getByRole('button', { name: 'Next week' }));
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, anchor: '2027-03-15' });
    await fireEvent.click(screen.getByRole('button', { name: 'Previous week' }));
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, anchor: '2027-03-01' });
    await fireEvent.click(screen.getByRole('button', { name: 'Today' }));
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, anchor: '2027-03-09' });
    await fireEvent.click(screen.getByRole('button', { name: 'Quarter' }));
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, zoom: 'quarter' });
    await fireEvent.click(screen.getByRole('button', { name: 'By environment' }));
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, laneMode: 'environment' });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Time zone' }), { target: { value: 'local' } });
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, timeZone: 'local' });
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(onViewChange).toHaveBeenLastCalledWith({ ...week, colourBy: 'train' });
  });

  it('draws hour headers at day zoom and week numbers at month zoom', async () => {
    const r = setup({ view: { ...week, zoom: 'day' } });
    expect(document.querySelectorAll('.minor .cell')).toHaveLength(24);
    await r.rerender({ view: { ...week, zoom: 'month' } });
    expect([...document.querySelectorAll('.major .cell')].map((c) => c.textContent)).toEqual(['W9', 'W10', 'W11', 'W12', 'W13']);
    expect(screen.getByTestId('period-label').textContent).toBe('March 2027');
  });
});

describe('Timeline: pointer', () => {
  it('drags a bar a day earlier: previews (red, tooltip naming the rule), then commits on drop', async () => {
    const { onCommit } = setup();
    const b = barEl();
    const dayPx = document.querySelector<HTMLElement>('.track')!.style.width.replace('px', '');
    const dx = Number(dayPx) / 7;
    await fireEvent.pointerDown(b, { button: 0, clientX: 500, clientY: 100, pointerId: 1 });
    await fireEvent.pointerMove(b, { clientX: 500 - dx, clientY: 100, pointerId: 1 });
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain('preview_move'));
    expect(calls[0].args).toEqual({ id: DEP, start: '2027-03-10T21:00:00Z', end: '2027-03-10T21:45:00Z', environment: 'prod' });
    await waitFor(() => expect(b.classList.contains('error')).toBe(true));
    expect(screen.getByTestId('drag-tooltip').textContent).toMatch(/blackout/i);
    await fireEvent.pointerUp(b, { clientX: 500 - dx, clientY: 100, pointerId: 1 });
    await waitFor(() => expect(onCommit).toHaveBeenCalled());
    expect(calls.at(-1)).toEqual({ cmd: 'commit_move', args: { id: DEP, start: '2027-03-10T21:00:00Z', end: '2027-03-10T21:45:00Z', environment: 'prod' } });
    expect(screen.queryByTestId('drag-tooltip')).toBeNull();
  });
});

describe('Timeline: pointer resize and environment change', () => {
  it('drags the right edge: only the end changes', async () => {
    const { onCommit } = setup();
    const b = barEl();
    b.getBoundingClientRect = () => ({ left: 100, right: 200, width: 100, top: 0, bottom: 24, height: 24, x: 100, y: 0, toJSON: () => ({}) });
    const hourPx = Number(document.querySelector<HTMLElement>('.track')!.style.width.replace('px', '')) / (7 * 24);
    await fireEvent.pointerMove(b, { clientX: 198, clientY: 10 });
    expect(b.classList.contains('edge')).toBe(true); // ew-resize cursor
    await fireEvent.pointerDown(b, { button: 0, clientX: 198, clientY: 10, pointerId: 1 });
    await fireEvent.pointerMove(b, { clientX: 198 + 2 * hourPx, clientY: 10, pointerId: 1 });
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain('preview_move'));
    expect(calls[0].args).toEqual({ id: DEP, start: '2027-03-11T21:00:00Z', end: '2027-03-11T23:45:00Z', environment: 'prod' });
    await fireEvent.pointerUp(b, { pointerId: 1 });
    await waitFor(() => expect(onCommit).toHaveBeenCalled());
    expect(calls.at(-1)?.args).toEqual({ id: DEP, start: '2027-03-11T21:00:00Z', end: '2027-03-11T23:45:00Z', environment: 'prod' });
  });

  it('drags a bar up into the staging lane in environment lanes', async () => {
    setup({ view: { ...week, laneMode: 'environment' } });
    const b = barEl();
    // Lanes (one row each, 38 px): dev 0–38, staging 38–76, production 76–114 (the lanes start at y = 0 here).
    await fireEvent.pointerDown(b, { button: 0, clientX: 300, clientY: 90, pointerId: 1 });
    await fireEvent.pointerMove(b, { clientX: 300, clientY: 50, pointerId: 1 });
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain('preview_move'));
    expect(calls[0].args).toEqual({ id: DEP, start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', environment: 'staging' });
    expect(document.querySelector('[data-lane="staging"]')?.classList.contains('drop')).toBe(true);
    expect(screen.getByTestId('drag-tooltip').textContent).toContain('Staging');
    await fireEvent.pointerUp(b, { pointerId: 1 });
    await waitFor(() => expect(calls.at(-1)).toEqual({ cmd: 'commit_move', args: { id: DEP, start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', environment: 'staging' } }));
  });

  it('Escape cancels a drag without committing', async () => {
    setup();
    const b = barEl();
    await fireEvent.pointerDown(b, { button: 0, clientX: 500, clientY: 10, pointerId: 1 });
    await fireEvent.pointerMove(b, { clientX: 400, clientY: 10, pointerId: 1 });
    await fireEvent.keyDown(b, { key: 'Escape' });
    await fireEvent.pointerUp(b, { pointerId: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.filter((c) => c.cmd === 'commit_move')).toEqual([]);
    expect(screen.queryByTestId('drag-tooltip')).toBeNull();
  });
});

describe('Timeline: virtualisation', () => {
  it('renders only the lanes near the viewport out of hundreds', () => {
    const services = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    const deployments = services.flatMap((s, i) => Array.from({ length: 12 }, (_, k) =>
      dep(`${s.id}-${k}`, 'web-2.0', s.id, 'prod', `2027-03-${String(8 + (k % 7)).padStart(2, '0')}T${String(k + 6).padStart(2, '0')}:00:00Z`, `2027-03-${String(8 + (k % 7)).padStart(2, '0')}T${String(k + 7).padStart(2, '0')}:${i % 2 ? '30' : '00'}:00Z`)));
    const big = { ...plan, services };
    render(Timeline, { props: { plan: big, range: { ...range, deployments }, view: week, onCommit: () => {}, onError: () => {}, onViewChange: () => {} } });
    const lanes = document.querySelectorAll('.lane');
    expect(lanes.length).toBeGreaterThan(5);
    expect(lanes.length).toBeLessThan(60);
    expect(lanes[0].getAttribute('data-lane')).toBe('s0');
    const bars = document.querySelectorAll('.bar').length;
    expect(bars).toBeLessThan(4800 / 5);
    // The canvas is as tall as all 400 lanes, so the scrollbar is right.
    expect(parseFloat(document.querySelector<HTMLElement>('.lanes')!.style.height)).toBe(400 * 38);
  });

  it('keeps the rendered lanes on a small scroll and moves them with a large one', async () => {
    const services = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    const deployments = services.map((s) => dep(`${s.id}-d`, 'web-2.0', s.id, 'prod', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'));
    render(Timeline, { props: { plan: { ...plan, services }, range: { ...range, deployments }, view: week, onCommit: () => {}, onError: () => {}, onViewChange: () => {} } });
    const laneIds = () => [...document.querySelectorAll('.lane')].map((l) => l.getAttribute('data-lane'));
    const scroller = document.querySelector<HTMLElement>('.scroller')!;
    await afterFrames(2); // the window around the viewport, drawn the frame after the lanes in view
    const first = laneIds();
    const firstNodes = [...document.querySelectorAll('.lane')];
    scroller.scrollTop = 100; // less than one chunk
    await fireEvent.scroll(scroller);
    expect(laneIds()).toEqual(first);
    // The very same DOM nodes: nothing was re-rendered.
    expect([...document.querySelectorAll('.lane')]).toEqual(firstNodes);
    scroller.scrollTop = 38 * 200; // lane 200 at the top
    await fireEvent.scroll(scroller);
    const later = laneIds();
    expect(later).toContain('s200');
    expect(later).not.toContain('s0');
  });
});

describe('Timeline: a new period', () => {
  it('draws the lanes in view first, and those around them on the next frame', async () => {
    const services = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    const deployments = services.map((s) => dep(`${s.id}-d`, 'web-2.0', s.id, 'prod', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'));
    render(Timeline, { props: { plan: { ...plan, services }, range: { ...range, deployments }, view: week, onCommit: () => {}, onError: () => {}, onViewChange: () => {} } });
    const lanes = () => document.querySelectorAll('.lane').length;
    // jsdom lays nothing out: the viewport is the fallback 900 px less the 66 px header, 22 lanes of 38 px.
    expect(lanes()).toBe(22);
    await afterFrames(2);
    expect(lanes()).toBeGreaterThan(22 + 240 / 38);
  });
});

describe('Timeline: a zoom', () => {
  it('draws the new period in three frames: its lanes in view, their bars, the lanes around them', async () => {
    const services = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    const inWeek = services.map((s) => dep(`${s.id}-d`, 'web-2.0', s.id, 'prod', '2027-03-09T08:00:00Z', '2027-03-09T09:00:00Z'));
    const onDrawn = vi.fn();
    const props = { plan: { ...plan, services }, view: week, onCommit: () => {}, onError: () => {}, onViewChange: () => {}, onDrawn };
    const r = render(Timeline, { props: { ...props, range: { ...range, deployments: inWeek } } });
    const lanes = () => document.querySelectorAll('.lane').length;
    const bars = () => document.querySelectorAll('.bar').length;
    // A plan's first period: the lanes in view with their bars at once.
    expect(bars()).toBe(22);
    await afterFrames(2);
    expect(onDrawn).toHaveBeenCalledTimes(1);
    // Month zoom: while its range is on its way, the week stays as drawn.
    const month: CalendarView = { ...week, zoom: 'month' };
    await r.rerender({ view: month });
    await afterFrames(4);
    expect(bars()).toBeGreaterThan(22);
    const inMonth = services.map((s) => dep(`${s.id}-m`, 'web-2.0', s.id, 'prod', '2027-03-20T08:00:00Z', '2027-03-20T09:00:00Z'));
    await r.rerender({ range: { ...range, from: '2027-02-28T23:00:00Z', to: '2027-03-31T22:00:00Z', deployments: inMonth } });
    expect(lanes()).toBe(22);
    expect(bars()).toBe(0);
    await afterFrames(2);
    expect(lanes()).toBe(22);
    expect(bars()).toBe(22);
    expect(document.querySelector('[data-id="s0-m"]')).toBeTruthy();
    expect(onDrawn).toHaveBeenCalledTimes(1);
    await afterFrames(2);
    expect(lanes()).toBeGreaterThan(22 + 240 / 38);
    expect(bars()).toBe(lanes());
    expect(onDrawn).toHaveBeenCalledTimes(2);
    // An edit's new range of the same period is drawn at once.
    const moved = inMonth.map((d) => ({ ...d, start: '2027-03-21T08:00:00Z', end: '2027-03-21T09:00:00Z' }));
    await r.rerender({ range: { ...range, from: '2027-02-28T23:00:00Z', to: '2027-03-31T22:00:00Z', deployments: moved } });
    expect(bars()).toBe(lanes());
    expect(lanes()).toBeGreaterThan(22 + 240 / 38);
  });
});

  it('draws counted lanes\' density bands in the frame after their lanes, as it does bars', async () => {
    const onDrawn = vi.fn();
    const r = render(Timeline, { props: { plan, range, view: week, onCommit: () => {}, onError: () => {}, onViewChange: () => {}, onDrawn } });
    await afterFrames(2);
    expect(onDrawn).toHaveBeenCalledTimes(1);
    const from = '2027-02-28T23:00:00Z';
    const to = '2027-03-31T22:00:00Z';
    const counted = {
      from, to, slices: 31, peak: 40,
      lanes: [{ key: 'catalog', name: 'Catalog', deployments: Array.from({ length: 31 }, (_, i) => i % 40), errors: Array(31).fill(0), warnings: Array(31).fill(0) }],
    };
    await r.rerender({ view: { ...week, zoom: 'month' }, range: { ...range, from, to, counted } });
    const bands = () => document.querySelectorAll('[data-testid=density-band]').length;
    expect(document.querySelector('[data-lane=catalog]')).toBeTruthy();
    expect(bands()).toBe(0);
    await afterFrames(2);
    expect(bands()).toBe(1);
    await afterFrames(2);
    expect(onDrawn).toHaveBeenCalledTimes(2);
  });

describe('Timeline: drawing a new deployment', () => {
  // The track's left is at 0 in jsdom: clientX is x on the track. The week is 168 h from Mon 8 Mar 00:00 Berlin (23:00Z).
  const trackW = () => Number(document.querySelector<HTMLElement>('.track')!.style.width.replace('px', ''));
  const xAt = (hours: number) => (hours / 168) * trackW();
  const track = (lane: string) => document.querySelector<HTMLElement>(`.lane[data-lane="${lane}"] > .track`)!;

  it('drag across an empty part of a service lane: a snapped outline with its times, then the new deployment\'s fields', async () => {
    const onNew = vi.fn();
    setup({ onNew });
    const t = track('web');
    // Wed 10 Mar 10:05 → 11:28 Berlin, snapped to 10:00–11:30.
    await fireEvent.pointerDown(t, { button: 0, buttons: 1, clientX: xAt(58 + 5 / 60), clientY: 50, pointerId: 1 });
    await fireEvent.pointerMove(t, { buttons: 1, clientX: xAt(59 + 28 / 60), clientY: 50, pointerId: 1 });
    const outline = await screen.findByTestId('draw-outline');
    expect(outline.textContent).toContain(intervalLabel(parseInstant('2027-03-10T09:00:00Z'), parseInstant('2027-03-10T10:30:00Z'), 'Europe/Berlin'));
    expect(t.contains(outline)).toBe(true);
    await fireEvent.pointerUp(t, { clientX: xAt(59 + 28 / 60), clientY: 50, pointerId: 1 });
    expect(onNew).toHaveBeenCalledWith({ release: '', service: 'web', environment: 'prod', start: '2027-03-10T09:00:00Z', end: '2027-03-10T10:30:00Z' });
    expect(screen.queryByTestId('draw-outline')).toBeNull();
    expect(calls).toEqual([]); // nothing is saved by the calendar: the editor does that
  });

  it('the release when the filter selects one; an environment lane gives its environment', async () => {
    const onNew = vi.fn();
    setup({ onNew, view: { ...week, laneMode: 'environment' }, filter: { ...NO_FILTER, releases: ['web-2.0'] } });
    const t = track('prod'); // the filter leaves only lanes with a bar it lets through
    await fireEvent.pointerDown(t, { button: 0, buttons: 1, clientX: xAt(24), clientY: 50, pointerId: 1 });
    await fireEvent.pointerMove(t, { buttons: 1, clientX: xAt(26), clientY: 50, pointerId: 1 });
    await fireEvent.pointerUp(t, { clientX: xAt(26), clientY: 50, pointerId: 1 });
    expect(onNew).toHaveBeenCalledWith({ release: 'web-2.0', service: '', environment: 'prod', start: '2027-03-08T23:00:00Z', end: '2027-03-09T01:00:00Z' });
  });

  it('a click draws nothing; Escape cancels a drawing; read-only calendars and bars do not draw', async () => {
    const onNew = vi.fn();
    const r = setup({ onNew });
    const t = track('web');
    await fireEvent.pointerDown(t, { button: 0, buttons: 1, clientX: 300, clientY: 50, pointerId: 1 });
    await fireEvent.pointerMove(t, { buttons: 1, clientX: 302, clientY: 50, pointerId: 1 });
    await fireEvent.pointerUp(t, { clientX: 302, clientY: 50, pointerId: 1 });
    expect(screen.queryByTestId('draw-outline')).toBeNull();

    await fireEvent.pointerDown(t, { button: 0, buttons: 1, clientX: 300, clientY: 50, pointerId: 1 });
    await fireEvent.pointerMove(t, { buttons: 1, clientX: 400, clientY: 50, pointerId: 1 });
    expect(screen.getByTestId('draw-outline')).toBeTruthy();
    await fireEvent.keyDown(document.querySelector('.scroller')!, { key: 'Escape' });
    expect(screen.queryByTestId('draw-outline')).toBeNull();
    await fireEvent.pointerUp(t, { clientX: 400, clientY: 50, pointerId: 1 });

    await fireEvent.pointerDown(barEl('web-2.0/web/prod'), { button: 0, buttons: 1, clientX: 300, clientY: 50, pointerId: 1 });
    await fireEvent.pointerUp(barEl('web-2.0/web/prod'), { clientX: 300, clientY: 50, pointerId: 1 });

    await r.rerender({ readOnly: 'You can view this plan but not change it' });
    await fireEvent.pointerDown(t, { button: 0, buttons: 1, clientX: 300, clientY: 50, pointerId: 1 });
    await fireEvent.pointerMove(t, { buttons: 1, clientX: 400, clientY: 50, pointerId: 1 });
    await fireEvent.pointerUp(t, { clientX: 400, clientY: 50, pointerId: 1 });
    expect(screen.queryByTestId('draw-outline')).toBeNull();
    expect(onNew).not.toHaveBeenCalled();
  });

  it('N on a bar: a new one in its lane right after it; N in the calendar: an hour in the view\'s environment', async () => {
    const onNew = vi.fn();
    setup({ onNew });
    const b = barEl('web-2.0/web/prod');
    b.focus();
    await fireEvent.keyDown(b, { key: 'n' });
    expect(onNew).toHaveBeenLastCalledWith({ release: '', service: 'web', environment: 'prod', start: '2027-03-10T10:00:00Z', end: '2027-03-10T12:00:00Z' });
    const scroller = document.querySelector<HTMLElement>('.scroller')!;
    expect(scroller.getAttribute('aria-label')).toMatch(/N adds a deployment/);
    await fireEvent.keyDown(scroller, { key: 'N', shiftKey: true });
    const d = onNew.mock.lastCall![0] as NewDeployment;
    expect(d).toMatchObject({ release: '', service: '', environment: 'prod' });
    expect(parseInstant(d.end) - parseInstant(d.start)).toBe(3_600_000);
    await fireEvent.keyDown(scroller, { key: 'n', ctrlKey: true });
    expect(onNew).toHaveBeenCalledTimes(2);
  });
});
