// The app shell against a mocked IPC boundary: start-up and title, the File
// and Export menus, export progress and the toast, keyboard shortcuts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import App from './App.svelte';
import type { CommittedMove, Conflict, ConflictDigest, ConflictOverview, DependencyMatrix, ExportDone, MovePreview, PlanSummary, RecentPlan, VisibleRange } from './lib/types';
import { NO_FILTER } from './lib/calendar/filter';
import { PLAN_DRAWN } from './lib/calendar/marks';
import { fileLocation } from './lib/team/team';

const plan: PlanSummary = {
  path: '/plans/demo.trainyard', name: 'Demo', timezone: 'Europe/Berlin', revision: 1, saved: true,
  canUndo: null, canRedo: null,
  environments: [{ id: 'prod', name: 'Production' }],
  services: [{ id: 'catalog', name: 'Catalog' }],
  releases: [{ id: 'catalog-1.13.0', name: 'Catalog', version: '1.13.0', train: null, changeType: 'standard', status: 'planned' }],
  trains: [], teams: [], windows: [],
  counts: { errors: 2, warnings: 3 }, asOf: '2027-03-09T09:00:00Z', firstStart: '2027-03-11T21:00:00Z', lastEnd: '2027-03-11T21:45:00Z', deploymentCount: 1, location: fileLocation(),
};

const range: VisibleRange = {
  from: '2027-03-07T23:00:00Z', to: '2027-03-14T23:00:00Z',
  deployments: [{
    id: 'catalog-1.13.0/catalog/prod', release: 'catalog-1.13.0', service: 'catalog', environment: 'prod',
    start: '2027-03-11T21:00:00Z', end: '2027-03-11T21:45:00Z', status: 'planned', severity: 'error',
  }],
  windows: [], trains: [],
};

const conflict: Conflict = {
  title: 'Overlapping deployments', rule: 'overlap', severity: 'error',
  deployments: ['catalog-1.13.0/catalog/prod'], releases: [], services: [], environment: 'prod', window: null, team: null,
  message: 'catalog deployments overlap in prod', evidence: [], subjects: [],
};

/** The conflicts panel's digest of `cs`, all of one group, as app core sends it. */
const digestOf = (cs: Conflict[]): ConflictDigest => ({
  total: cs.length, errors: cs.length, warnings: 0,
  groups: cs.length ? [{ severity: 'error', rule: 'overlap', title: 'Overlapping deployments', total: cs.length, items: cs }] : [],
});

const matrix: DependencyMatrix = { items: [{ id: 'catalog', name: 'Catalog' }], edges: [], cycles: [] };

const other: PlanSummary = { ...plan, path: '/plans/other.trainyard', name: 'Other plan', revision: 7, counts: { errors: 0, warnings: 1 } };

const recent: RecentPlan[] = [
  { path: plan.path, name: 'Demo', exists: true }, // the open one: not listed
  { path: other.path, name: 'Other plan', exists: true },
  { path: '/plans/gone.trainyard', name: 'Gone plan', exists: false },
];

/** The conflict overview: no week with errors, so plans open on today's week. */
let overview: ConflictOverview = { from: null, to: null, bucketDays: 1, buckets: [], busiestErrorWeek: null };

type Call = { cmd: string; args: Record<string, unknown> };
let calls: Call[] = [];
/** What the next command of that name answers: a value, a promise, or a function that throws. */
let answers: Record<string, unknown> = {};
let startup: PlanSummary = plan;
/** Commands the app sent that these tests do not expect. */
let unexpected: string[] = [];

beforeEach(() => {
  overview = { from: null, to: null, bucketDays: 1, buckets: [], busiestErrorWeek: null };
  calls = [];
  answers = {};
  startup = plan;
  unexpected = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd in answers) {
      const a = answers[cmd];
      return typeof a === 'function' ? (a as () => unknown)() : a;
    }
    switch (cmd) {
      case 'open_startup': return startup;
      case 'calendar_range': return { ...range, counted: null };
      case 'conflict_digest': return digestOf([conflict]);
      case 'conflict_overview': return overview;
      case 'set_title': return null;
      case 'recent_plans': return recent;
      case 'open_plan': return other;
      case 'undo': return { ...startup, revision: startup.revision + 1, canUndo: null, canRedo: 'move catalog' };
      case 'redo': return { ...startup, revision: startup.revision + 1, canRedo: null };
      case 'open_path': return null;
      case 'service_matrix': case 'release_matrix': return matrix;
      case 'governance_layers': return { holds: [], bookings: [], unavailable: [] };
      case 'holds': return [];
      default:
        unexpected.push(cmd);
        throw { code: 'unexpected', message: `unexpected command ${cmd}` };
    }
  }, { shouldMockEvents: true });
});
afterEach(() => {
  cleanup();
  clearMocks();
  expect(unexpected).toEqual([]);
});

const called = (cmd: string) => calls.filter((c) => c.cmd === cmd);

/** Renders the app and waits until the start-up plan and its conflicts are in. */
async function start(p: PlanSummary = plan) {
  startup = p;
  render(App);
  await waitFor(() => expect(screen.getByText(conflict.message)).toBeTruthy());
  await waitFor(() => expect(screen.getByText(`Revision ${p.revision}`, { exact: false })).toBeTruthy());
}

async function openMenu(testid: string) {
  await fireEvent.click(screen.getByTestId(testid));
  await waitFor(() => expect(screen.getByRole('menu')).toBeTruthy());
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('App: counted lanes', () => {
  const counted = {
    from: range.from, to: range.to, slices: 7, peak: 40,
    lanes: [{ key: 'catalog', name: 'Catalog', deployments: [0, 40, 3, 0, 0, 0, 0], errors: [0, 2, 0, 0, 0, 0, 0], warnings: [0, 0, 0, 0, 0, 0, 0] }],
  };

  it('asks for the view\'s lanes, environment and filter under the zoom\'s budget', async () => {
    await start();
    expect(called('calendar_range')[0].args).toMatchObject({
      lanes: 'service', environment: 'prod', filter: { releases: [] },
      budget: { slices: 168, perLane: 250, total: 1500, expanded: [] },
    });
    // What the calendar draws first, then the conflicts panel's digest.
    const order = calls.map((c) => c.cmd).filter((c) => c === 'calendar_range' || c === 'conflict_digest');
    expect(order).toEqual(['calendar_range', 'conflict_digest']);
    expect(called('conflict_digest')[0].args).toEqual({ filter: NO_FILTER, first: 20 });
  });

  it('draws a counted lane as a band, and "Show bars" asks again with the lane expanded', async () => {
    answers.calendar_range = () => ({ ...range, deployments: [], counted });
    await start();
    const band = await screen.findByTestId('density-band');
    expect(band.getAttribute('aria-label')).toMatch(/^Catalog: too many deployments to draw one by one; busiest .* with 40; errors in 1 of 7 slices$/);
    expect(band.querySelector('path.all')!.getAttribute('d')!.match(/M/g)).toHaveLength(2); // two busy slices
    expect(band.querySelector('path.error')!.getAttribute('d')).toBe('M1 95H2V100H1Z'); // 2 of a peak of 40
    expect(document.querySelector('[data-id]')).toBeNull();
    answers.calendar_range = () => ({ ...range, counted: null });
    await fireEvent.click(screen.getByRole('button', { name: 'Show bars of Catalog' }));
    await waitFor(() => expect(called('calendar_range').at(-1)!.args.budget).toMatchObject({ expanded: ['catalog'] }));
    await waitFor(() => expect(document.querySelector('[data-id="catalog-1.13.0/catalog/prod"]')).toBeTruthy());
    expect(screen.queryByTestId('density-band')).toBeNull();
    // Expanded, the lane offers to count again.
    await fireEvent.click(screen.getByRole('button', { name: 'Count the bars of Catalog again' }));
    await waitFor(() => expect(called('calendar_range').at(-1)!.args.budget).toMatchObject({ expanded: [] }));
  });
});

describe('App: start-up', () => {
  it('opens on the week with the most errors, which app core names', async () => {
    overview = { ...overview, busiestErrorWeek: '2027-04-05' };
    await start();
    // Monday 5 April 2027, 00:00 in Berlin (summer time), not the "as of" week of 8 March.
    expect(called('calendar_range')[0].args).toMatchObject({ from: '2027-04-04T22:00:00Z', to: '2027-04-11T22:00:00Z' });
  });

  it('draws the plan with its first range in one go, not its lanes and then their bars', async () => {
    const answer = deferred<unknown>();
    answers.calendar_range = () => answer.promise;
    render(App);
    await waitFor(() => expect(called('calendar_range')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('plan-name')?.textContent ?? '').not.toContain('Demo');
    expect(document.querySelector('.lane')).toBeNull();
    answer.resolve({ ...range, counted: null });
    await waitFor(() => expect(screen.getByTestId('plan-name').textContent).toBe('Demo · saved'));
    expect(document.querySelector('[data-id="catalog-1.13.0/catalog/prod"]')).toBeTruthy();
  });

  it('marks when a newly opened plan is on screen: after its range is drawn, once per plan', async () => {
    performance.clearMarks(PLAN_DRAWN);
    const answer = deferred<unknown>();
    answers.calendar_range = () => answer.promise;
    render(App);
    await waitFor(() => expect(called('calendar_range')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(performance.getEntriesByName(PLAN_DRAWN)).toHaveLength(0); // no range yet, nothing drawn
    answer.resolve({ ...range, counted: null });
    await waitFor(() => expect(performance.getEntriesByName(PLAN_DRAWN)).toHaveLength(1));
    expect(document.querySelector('[data-id="catalog-1.13.0/catalog/prod"]')).toBeTruthy();
    answers.calendar_range = () => ({ ...range, counted: null });
    // Another plan opened on the very same week is a new plan.
    await openMenu('file-menu');
    await waitFor(() => expect(screen.getAllByTestId('menu-recent')).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId('menu-recent')[0]);
    await waitFor(() => expect(screen.getByTestId('plan-name').textContent).toBe('Other plan · saved'));
    expect(called('calendar_range').map((c) => c.args.from)).toEqual(['2027-03-07T23:00:00Z', '2027-03-07T23:00:00Z']);
    await waitFor(() => expect(performance.getEntriesByName(PLAN_DRAWN)).toHaveLength(2));
    // Another range of the same plan (a zoom) is no new plan.
    await fireEvent.click(screen.getByRole('button', { name: 'Month' }));
    await waitFor(() => expect(called('calendar_range')).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 150));
    expect(performance.getEntriesByName(PLAN_DRAWN)).toHaveLength(2);
  });

  it('asks for the governance layers of each period, and for the holds list only when an edit may change it', async () => {
    await start();
    await waitFor(() => expect(called('holds')).toHaveLength(1));
    expect(called('governance_layers')).toHaveLength(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Month' }));
    await waitFor(() => expect(called('governance_layers')).toHaveLength(2));
    expect(called('governance_layers')[1].args).toMatchObject({ from: '2027-02-28T23:00:00Z' });
    await new Promise((r) => setTimeout(r, 50));
    expect(called('holds')).toHaveLength(1); // the plan's holds do not depend on the period
  });

  it('opens on the "as of" week when no week has errors', async () => {
    await start();
    expect(called('calendar_range')[0].args).toMatchObject({ from: '2027-03-07T23:00:00Z', to: '2027-03-14T23:00:00Z' });
  });

  it('opens the start-up plan, shows its name and conflict counts, and titles the window', async () => {
    await start();
    expect(called('open_startup')).toHaveLength(1);
    expect(screen.getByTestId('plan-name').textContent).toBe('Demo · saved');
    const badge = screen.getByTestId('conflict-badge');
    expect(badge.getAttribute('aria-label')).toBe('2 errors, 3 warnings');
    expect(badge.querySelector('.e')?.textContent).toBe('2');
    expect(badge.querySelector('.w')?.textContent).toBe('3');
    expect(called('conflict_digest')).toHaveLength(1);
    expect(called('calendar_range')).toHaveLength(1);
    expect(screen.getByText(conflict.message)).toBeTruthy();
    // The calendar shows the visible range's deployment.
    expect(document.querySelector('[data-id="catalog-1.13.0/catalog/prod"]')).toBeTruthy();
    expect(document.title).toBe('Trainyard — Demo — saved');
    await waitFor(() => expect(called('set_title').at(-1)?.args).toEqual({ title: 'Trainyard — Demo — saved' }));
    // The Undo button follows canUndo.
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says "unsaved" in the title when the plan is not saved', async () => {
    await start({ ...plan, saved: false });
    expect(document.title).toBe('Trainyard — Demo — unsaved');
    expect(screen.getByTestId('plan-name').textContent).toBe('Demo · unsaved');
    await waitFor(() => expect(called('set_title').at(-1)?.args).toEqual({ title: 'Trainyard — Demo — unsaved' }));
  });

  it('shows the start-up error and no plan when open_startup fails', async () => {
    answers.open_startup = () => { throw { code: 'io', message: 'could not read the last plan' }; };
    render(App);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('could not read the last plan'));
    expect(screen.getByText('No plan open')).toBeTruthy();
    expect(document.title).toBe('Trainyard — opening…');
  });
});

describe('App: Export menu', () => {
  it('exports the release summary as A4 PDF with a busy status, then a toast whose Open button opens the file', async () => {
    await start();
    const pdf = deferred<ExportDone | null>();
    answers.export_summary_pdf_dialog = pdf.promise;
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Release summary \(PDF, A4\)…/ }));
    await waitFor(() => expect(called('export_summary_pdf_dialog')).toHaveLength(1));
    expect(called('export_summary_pdf_dialog')[0].args).toEqual({ paper: 'a4', detail: 'full' });
    const busy = screen.getByTestId('busy');
    expect(busy.getAttribute('role')).toBe('status');
    expect(busy.textContent).toContain('Rendering the release summary…');
    expect(busy.querySelector('.spinner')).toBeTruthy();
    expect(screen.queryByTestId('toast')).toBeNull();

    // A second export while one runs is ignored.
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Deployments \(CSV\)…/ }));
    expect(called('export_csv_dialog')).toHaveLength(0);

    pdf.resolve({ path: '/home/me/exports/release-summary.pdf', bytes: 12 * 1024 + 300 });
    await waitFor(() => expect(screen.getByTestId('toast')).toBeTruthy());
    expect(screen.queryByTestId('busy')).toBeNull();
    const toast = screen.getByTestId('toast');
    expect(toast.textContent).toContain('Saved release-summary.pdf (12 KB)');
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    await waitFor(() => expect(called('open_path')).toHaveLength(1));
    expect(called('open_path')[0].args).toEqual({ path: '/home/me/exports/release-summary.pdf' });
    await fireEvent.click(toast.querySelector('button[aria-label="Dismiss"]')!);
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('US Letter asks for paper "letter"; CSV exports name their kind; a tiny file still says 1 KB', async () => {
    await start();
    answers.export_summary_pdf_dialog = { path: 'C:\\Users\\me\\summary.pdf', bytes: 10 };
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Release summary \(PDF, US Letter\)…/ }));
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('Saved summary.pdf (1 KB)'));
    expect(called('export_summary_pdf_dialog')[0].args).toEqual({ paper: 'letter', detail: 'full' });

    answers.export_csv_dialog = { path: '/tmp/conflicts.csv', bytes: 2048 };
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Conflicts \(CSV\)…/ }));
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('Saved conflicts.csv (2 KB)'));
    expect(called('export_csv_dialog').map((c) => c.args)).toEqual([{ kind: 'conflicts' }]);
  });

  it('offers the front section alone and the edition with conflicts, and asks for that detail', async () => {
    await start();
    answers.export_summary_pdf_dialog = { path: '/tmp/short.pdf', bytes: 4096 };
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Release summary, front section only \(PDF, A4\)…/ }));
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('Saved short.pdf'));
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Release summary with conflicts, no timeline \(PDF, A4\)…/ }));
    await waitFor(() => expect(called('export_summary_pdf_dialog')).toHaveLength(2));
    expect(called('export_summary_pdf_dialog').map((c) => c.args)).toEqual([
      { paper: 'a4', detail: 'summary' },
      { paper: 'a4', detail: 'conflicts' },
    ]);
  });

  it('a cancelled export (null) shows no toast and clears the busy status', async () => {
    await start();
    answers.export_summary_pdf_dialog = null;
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Release summary \(PDF, A4\)…/ }));
    await waitFor(() => expect(called('export_summary_pdf_dialog')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('busy')).toBeNull());
    expect(screen.queryByTestId('toast')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failed export shows the error message in the alert, and no toast', async () => {
    await start();
    answers.export_summary_pdf_dialog = () => { throw { code: 'io', message: 'could not write summary.pdf: disk full' }; };
    await openMenu('export-menu');
    await fireEvent.click(screen.getByRole('menuitem', { name: /^Release summary \(PDF, A4\)…/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('could not write summary.pdf: disk full'));
    expect(screen.queryByTestId('busy')).toBeNull();
    expect(screen.queryByTestId('toast')).toBeNull();
    await fireEvent.click(screen.getByRole('alert').querySelector('button[aria-label="Dismiss"]')!);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('App: File menu', () => {
  it('lists recent plans other than the open one, disables missing files, and opens the chosen one', async () => {
    await start();
    await openMenu('file-menu');
    await waitFor(() => expect(called('recent_plans')).toHaveLength(1));
    const items = screen.getAllByTestId('menu-recent') as HTMLButtonElement[];
    expect(items.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Other plan/plans/other.trainyard', 'Gone plan/plans/gone.trainyard',
    ]);
    expect(items.map((b) => b.disabled)).toEqual([false, true]);

    await fireEvent.click(items[0]);
    await waitFor(() => expect(screen.getByTestId('plan-name').textContent).toBe('Other plan · saved'));
    expect(called('open_plan').map((c) => c.args)).toEqual([{ path: '/plans/other.trainyard' }]);
    expect(screen.getByTestId('conflict-badge').getAttribute('aria-label')).toBe('0 errors, 1 warnings');
    await waitFor(() => expect(document.title).toBe('Trainyard — Other plan — saved'));
    await waitFor(() => expect(called('set_title').at(-1)?.args).toEqual({ title: 'Trainyard — Other plan — saved' }));
  });

  it('asks for the recent list again on every open', async () => {
    await start();
    await openMenu('file-menu');
    await fireEvent.click(screen.getByTestId('file-menu')); // close
    answers.recent_plans = [...recent, { path: '/plans/new.trainyard', name: 'New one', exists: true }];
    await openMenu('file-menu');
    await waitFor(() => expect(screen.getAllByTestId('menu-recent')).toHaveLength(3));
    expect(called('recent_plans')).toHaveLength(2);
  });
});

describe('App: keyboard shortcuts', () => {
  const key = (k: string, extra: KeyboardEventInit = {}) => fireEvent.keyDown(window, { key: k, ctrlKey: true, ...extra });

  it('Ctrl+Z does nothing when there is nothing to undo', async () => {
    await start();
    await key('z');
    await key('Z', { shiftKey: true });
    await key('y');
    await Promise.resolve();
    expect(called('undo')).toHaveLength(0);
    expect(called('redo')).toHaveLength(0);
  });

  it('Ctrl+Z undoes when there is something to undo, and the new summary is installed', async () => {
    await start({ ...plan, canUndo: 'move catalog' });
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false);
    await key('z');
    await waitFor(() => expect(called('undo')).toHaveLength(1));
    await waitFor(() => expect(screen.getByText('Revision 2', { exact: false })).toBeTruthy());
    await waitFor(() => expect(called('conflict_digest')).toHaveLength(2)); // conflicts follow the edit
    await waitFor(() => expect(called('holds')).toHaveLength(2)); // an undo may bring a hold back
    expect(called('redo')).toHaveLength(0);
  });

  it('Ctrl+Z while typing in an input is left to the input', async () => {
    await start({ ...plan, canUndo: 'move catalog' });
    const input = document.body.appendChild(document.createElement('input'));
    try {
      input.focus();
      const ev = new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true, cancelable: true });
      input.dispatchEvent(ev);
      await Promise.resolve();
      expect(ev.defaultPrevented).toBe(false);
      expect(called('undo')).toHaveLength(0);
    } finally {
      input.remove();
    }
  });

  it('Ctrl+Shift+Z and Ctrl+Y redo when there is something to redo', async () => {
    await start({ ...plan, canRedo: 'move catalog' });
    await key('Z', { shiftKey: true });
    await waitFor(() => expect(called('redo')).toHaveLength(1));
    expect(called('undo')).toHaveLength(0);
    await waitFor(() => expect(screen.getByText('Revision 2', { exact: false })).toBeTruthy());
    // Revision 2 has nothing left to redo.
    await key('y');
    await Promise.resolve();
    expect(called('redo')).toHaveLength(1);
  });

  it('Ctrl+Y redoes', async () => {
    await start({ ...plan, canRedo: 'move catalog' });
    await key('y');
    await waitFor(() => expect(called('redo')).toHaveLength(1));
  });

  it('Ctrl+2 switches to the Dependencies tab, Ctrl+1 back to the calendar', async () => {
    await start();
    expect(screen.getByTestId('tab-calendar').getAttribute('aria-selected')).toBe('true');
    await key('2');
    expect(screen.getByTestId('tab-matrix').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('tab-calendar').getAttribute('aria-selected')).toBe('false');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-matrix');
    await waitFor(() => expect(called('service_matrix')).toHaveLength(1));
    await key('1');
    expect(screen.getByTestId('tab-calendar').getAttribute('aria-selected')).toBe('true');
    // Without Ctrl a digit is just a digit.
    await fireEvent.keyDown(window, { key: '5' });
    expect(screen.getByTestId('tab-calendar').getAttribute('aria-selected')).toBe('true');
  });

  it('Ctrl+O, Ctrl+N and Ctrl+Shift+S open the file dialogs; Ctrl+S says every change is saved', async () => {
    await start();
    answers.open_plan_dialog = null;
    answers.new_plan_dialog = null;
    answers.save_as_dialog = null;
    await key('o');
    await key('n');
    await key('S', { shiftKey: true });
    await waitFor(() => expect(calls.map((c) => c.cmd).filter((c) => c.endsWith('_dialog'))).toEqual(['open_plan_dialog', 'new_plan_dialog', 'save_as_dialog']));
    expect(screen.queryByTestId('toast')).toBeNull();
    await key('s');
    expect(screen.getByTestId('toast').textContent).toContain('Every change is saved as you make it.');
    expect(screen.getByTestId('toast').querySelector('button:not([aria-label])')).toBeNull(); // no Open button
    // A cancelled dialog keeps the open plan.
    expect(screen.getByTestId('plan-name').textContent).toBe('Demo · saved');
  });
});

describe('App: a drop', () => {
  /** The answers to a drop of the catalog bar a day earlier (no conflict left); the moved bar. */
  function answerTheDrop() {
    const id = 'catalog-1.13.0/catalog/prod';
    const moved = { ...range.deployments[0], start: '2027-03-10T21:00:00Z', end: '2027-03-10T21:45:00Z', severity: null };
    answers.preview_move = { id, severity: null, counts: { errors: 0, warnings: 3 }, conflicts: [] } satisfies MovePreview;
    answers.commit_move = {
      ...plan, revision: 2, canUndo: `move ${id}`, counts: { errors: 0, warnings: 3 }, moved, recoloured: [],
    } satisfies CommittedMove;
    answers.conflict_digest = digestOf([]);
    return { id, moved };
  }

  it('is one IPC call for the calendar: the badge and the bar follow its answer; the panel asks for its digest', async () => {
    await start();
    const { id, moved } = answerTheDrop();
    const barEl = () => document.querySelector<HTMLElement>(`[data-id="${id}"]`)!;
    expect(barEl().classList.contains('error')).toBe(true);
    const dayPx = Number(document.querySelector<HTMLElement>('.track')!.style.width.replace('px', '')) / 7;
    await fireEvent.pointerDown(barEl(), { button: 0, clientX: 500, clientY: 100, pointerId: 1 });
    await fireEvent.pointerMove(barEl(), { clientX: 500 - dayPx, clientY: 100, pointerId: 1 });
    await waitFor(() => expect(called('preview_move')).toHaveLength(1));
    const before = calls.length;
    await fireEvent.pointerUp(barEl(), { clientX: 500 - dayPx, clientY: 100, pointerId: 1 });
    await waitFor(() => expect(screen.getByText('Revision 2', { exact: false })).toBeTruthy());
    await new Promise((r) => setTimeout(r, 50));
    // The overview strip reloads its buckets on its own; the calendar asks for nothing.
    expect(calls.slice(before).map((c) => c.cmd).filter((c) => c !== 'conflict_overview')).toEqual(['commit_move', 'conflict_digest']);
    expect(screen.getByTestId('conflict-badge').getAttribute('aria-label')).toBe('0 errors, 3 warnings');
    expect(screen.queryByText(conflict.message)).toBeNull();
    expect(barEl().classList.contains('error')).toBe(false);
    expect(barEl().getAttribute('aria-label')).toContain('10 Mar');
  });

  it('a range that arrives just before a drop is not drawn over it: it waits for a frame, and is asked for again', async () => {
    await start();
    const { id, moved } = answerTheDrop();
    // Colour by train: the same period is asked for again; its answer is held back.
    const before = deferred<unknown>();
    answers.calendar_range = () => before.promise;
    await fireEvent.click(screen.getByRole('button', { name: 'Train', pressed: false }));
    await waitFor(() => expect(called('calendar_range')).toHaveLength(2));
    const barEl = () => document.querySelector<HTMLElement>(`[data-id="${id}"]`)!;
    const dayPx = Number(document.querySelector<HTMLElement>('.track')!.style.width.replace('px', '')) / 7;
    await fireEvent.pointerDown(barEl(), { button: 0, clientX: 500, clientY: 100, pointerId: 1 });
    await fireEvent.pointerMove(barEl(), { clientX: 500 - dayPx, clientY: 100, pointerId: 1 });
    await waitFor(() => expect(called('preview_move')).toHaveLength(1));
    // The answer from before the drop arrives and waits for the next frame; the drop commits meanwhile.
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    before.resolve({ ...range, counted: null });
    await new Promise((r) => setTimeout(r, 0));
    answers.calendar_range = () => ({ ...range, deployments: [moved], counted: null });
    await fireEvent.pointerUp(barEl(), { clientX: 500 - dayPx, clientY: 100, pointerId: 1 });
    await waitFor(() => expect(screen.getByText('Revision 2', { exact: false })).toBeTruthy());
    expect(called('calendar_range')).toHaveLength(3);
    raf.mockRestore();
    frames.splice(0).forEach((cb) => cb(performance.now()));
    await new Promise((r) => setTimeout(r, 100));
    expect(barEl().getAttribute('aria-label')).toContain('10 Mar');
  });
});

describe('App: team plans', () => {
  const teamPlan = (role: 'coordinator' | 'cab' | 'viewer', extra: Partial<PlanSummary> = {}): PlanSummary => ({
    ...plan, path: 'postgres://bob@db.example.com/trainyard?plan=q1', name: 'Q1', canUndo: 'move catalog',
    location: {
      kind: 'team', server: 'db.example.com/trainyard', plan: 'q1', login: 'bob', role,
      permissions: { canEdit: role === 'coordinator', canDecide: role === 'cab', readOnly: role === 'viewer' },
    },
    ...extra,
  });

  it('File → Open team plan… opens the dialog', async () => {
    answers.recent_team_plans = [];
    await start();
    await openMenu('file-menu');
    await fireEvent.click(screen.getByTestId('menu-open-team'));
    await waitFor(() => expect(screen.getByTestId('team-open')).toBeTruthy());
    expect((screen.getByTestId('team-password') as HTMLInputElement).type).toBe('password');
  });

  it('shows the server, plan, login, role and connection state; a lost connection makes the window read-only', async () => {
    await start(teamPlan('coordinator'));
    const status = () => screen.getByTestId('team-status').textContent ?? '';
    expect(status()).toContain('q1 on db.example.com/trainyard · bob (coordinator) · connected');
    expect(screen.getByTestId('plan-name').textContent).toContain('bob (coordinator)');
    const undo = screen.getByTestId('undo') as HTMLButtonElement;
    expect(undo.disabled).toBe(false);

    await emit('team-connection', 'lost');
    await waitFor(() => expect(status()).toContain('connection lost — read-only, last plan still shown'));
    expect(undo.disabled).toBe(true);
    expect(undo.title).toMatch(/connection to the server is lost/);
    expect(screen.getByTestId('read-only').title).toMatch(/connection to the server is lost/);
    expect(screen.getByText(conflict.message)).toBeTruthy(); // the last plan is still shown

    answers.refresh_team_plan = { changed: false, oldRevision: 1, newRevision: 1, user: null, summary: teamPlan('coordinator') };
    await emit('team-connection', 'reconnected');
    await waitFor(() => expect(status()).toContain('reconnected'));
    await waitFor(() => expect(called('refresh_team_plan')).toHaveLength(1));
    expect(undo.disabled).toBe(false);
  });

  it("reloads on another user's change and says who made it", async () => {
    answers.refresh_team_plan = {
      changed: true, oldRevision: 1, newRevision: 7, user: 'alice',
      summary: teamPlan('coordinator', { revision: 7, counts: { errors: 0, warnings: 1 } }),
    };
    await start(teamPlan('coordinator'));
    const before = called('conflict_digest').length;
    await emit('team-change', { plan: 'q1', revision: 7, user: 'alice' });
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('alice changed the plan (revision 7)'));
    expect(called('refresh_team_plan')).toHaveLength(1);
    expect(called('conflict_digest').length).toBe(before + 1);
    await waitFor(() => expect(screen.getByTestId('conflict-badge').textContent).toBe('01'));
  });

  it('an edit refused as stale reloads the plan and says whose edit came first', async () => {
    answers.undo = () => {
      throw { code: 'stale', message: 'the plan changed since you loaded it (revision 8, you edited revision 7); reload and try again' };
    };
    answers.refresh_team_plan = {
      changed: true, oldRevision: 7, newRevision: 8, user: 'alice',
      summary: teamPlan('coordinator', { revision: 8, canUndo: 'move d1' }),
    };
    await start(teamPlan('coordinator', { revision: 7, canUndo: 'move d2' }));
    await fireEvent.click(screen.getByTestId('undo'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain(
      'Your change was not saved: alice changed the plan (revision 8) first. The plan has been reloaded'));
    expect(called('refresh_team_plan')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('team-status').textContent).toContain('Revision 8'));
  });

  it('a viewer and a CAB member find edits disabled, with the reason in the tooltip', async () => {
    await start(teamPlan('viewer'));
    const undo = screen.getByTestId('undo') as HTMLButtonElement;
    expect(undo.disabled).toBe(true);
    expect(undo.title).toBe('A viewer may not change the plan');
    expect(screen.getByTestId('read-only').textContent).toBe('read-only');
    expect(screen.getByTestId('read-only').title).toBe('A viewer may not change the plan');
    await openMenu('file-menu');
    const importItem = screen.getByTestId('menu-import-calendar') as HTMLButtonElement;
    expect(importItem.disabled).toBe(true);
    expect(importItem.textContent).toContain('A viewer may not change the plan');
    cleanup();

    await start(teamPlan('cab'));
    const cabUndo = screen.getByTestId('undo') as HTMLButtonElement;
    expect(cabUndo.disabled).toBe(true);
    expect(cabUndo.title).toBe('A CAB member may only record decisions on releases');
    expect(screen.getByTestId('read-only').textContent).toBe('decisions only');
  });
});
