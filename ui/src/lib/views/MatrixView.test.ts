import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import MatrixView from './MatrixView.svelte';
import type { DependencyMatrix, ReleaseServiceMatrix } from '../types';
import { summary } from './fixtures';

const services: DependencyMatrix = {
  items: [
    { id: 'payments-api', name: 'Payments API' },
    { id: 'ledger-db', name: 'Ledger DB' },
    { id: 'catalog', name: 'Catalog' },
  ],
  edges: [[0, 1], [1, 0]],
  cycles: [{ members: ['payments-api', 'ledger-db'], name: 'Payments API → Ledger DB → Payments API' }],
};

const rsMatrix: ReleaseServiceMatrix = {
  releases: [{ id: 'pay-2.1', name: 'Payments 2.1' }],
  services: [{ id: 'payments-api', name: 'Payments API' }, { id: 'catalog', name: 'Catalog' }],
  environments: [{ id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }],
  cells: [{ release: 0, service: 0, environments: ['staging', 'prod'], deployments: ['pay-2.1/payments-api/staging', 'pay-2.1/payments-api/prod'] }],
};

let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
let matrix: DependencyMatrix;
beforeEach(() => {
  calls = [];
  matrix = services;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === 'service_matrix') return matrix;
    if (cmd === 'release_matrix') return { items: [{ id: 'r1', name: 'Release One' }], edges: [], cycles: [] };
    if (cmd === 'release_service_matrix') return rsMatrix;
    if (cmd === 'toggle_service_dependency' || cmd === 'toggle_release_dependency') return summary(2);
    throw { code: 'unexpected', message: cmd };
  });
});
afterEach(() => { cleanup(); clearMocks(); });

function setup(extra: { onShowDeployment?: (id: string) => void } = {}) {
  const onChanged = vi.fn();
  const onError = vi.fn();
  const r = render(MatrixView, { props: { plan: summary(1), onChanged, onError, ...extra } });
  return { ...r, onChanged, onError };
}

const cell = (label: string) => screen.getByRole('gridcell', { name: label });

describe('MatrixView', () => {
  it('renders the service matrix with labelled cells, counts and the cycle banner', async () => {
    setup();
    await screen.findByRole('grid');
    expect(cell('Payments API depends on Ledger DB: yes (in a cycle)')).toBeTruthy();
    expect(cell('Catalog depends on Payments API: no')).toBeTruthy();
    expect(screen.getAllByRole('gridcell')).toHaveLength(9);
    expect(screen.getByTestId('cycle-banner').textContent).toContain('Cycle: Payments API → Ledger DB → Payments API');
    expect(screen.getByTestId('matrix-count').textContent).toBe('2 dependencies');
    // cycle edges are tinted, other cells are not
    expect(cell('Ledger DB depends on Payments API: yes (in a cycle)').classList.contains('cyc')).toBe(true);
    expect(cell('Catalog depends on Catalog: no').classList.contains('diag')).toBe(true);
    expect(cell('Catalog depends on Catalog: no').classList.contains('cyc')).toBe(false);
  });

  it('toggles the clicked cell as row depends on column, then reports and reloads', async () => {
    const { onChanged } = setup();
    await screen.findByRole('grid');
    calls = [];
    matrix = { ...services, edges: [...services.edges, [2, 0]] };
    await fireEvent.click(cell('Catalog depends on Payments API: no'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ revision: 2 })));
    expect(calls[0]).toEqual({ cmd: 'toggle_service_dependency', args: { from: 'catalog', to: 'payments-api' } });
    await waitFor(() => expect(cell('Catalog depends on Payments API: yes')).toBeTruthy());
    expect(calls.map((c) => c.cmd)).toEqual(['toggle_service_dependency', 'service_matrix']);
  });

  it("a viewer's click explains why instead of toggling", async () => {
    const onError = vi.fn();
    const viewer = summary(1, {
      location: {
        kind: 'team', server: 'db.example.com/trainyard', plan: 'q1', login: 'vera', role: 'viewer',
        permissions: { canEdit: false, canDecide: false, readOnly: true },
      },
    });
    render(MatrixView, { props: { plan: viewer, onChanged: vi.fn(), onError } });
    const grid = await screen.findByRole('grid');
    // Said before anyone clicks: the grid is read-only, with the reason.
    expect(grid.getAttribute('aria-readonly')).toBe('true');
    expect(grid.title).toBe('A viewer may not change the plan');
    expect(screen.getByTestId('matrix-readonly').textContent).toContain('A viewer may not change the plan');
    calls = [];
    await fireEvent.click(cell('Catalog depends on Payments API: no'));
    expect(onError).toHaveBeenCalledWith({ code: 'read_only', message: 'A viewer may not change the plan' });
    expect(calls).toEqual([]);
  });

  it('moves focus with the arrows (one cell in the tab order) and toggles the focused cell with Space', async () => {
    setup();
    const grid = await screen.findByRole('grid');
    expect(grid.getAttribute('aria-readonly')).toBeNull();
    expect(screen.queryByTestId('matrix-readonly')).toBeNull();
    const first = cell('Payments API depends on Payments API: no');
    expect(first.tabIndex).toBe(0);
    first.focus();
    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    const below = cell('Ledger DB depends on Payments API: yes (in a cycle)');
    expect(document.activeElement).toBe(below);
    await fireEvent.keyDown(below, { key: 'End' });
    const end = cell('Ledger DB depends on Catalog: no');
    expect(document.activeElement).toBe(end);
    await waitFor(() => expect(end.tabIndex).toBe(0));
    expect(first.tabIndex).toBe(-1);
    expect(screen.getAllByRole('gridcell').filter((c) => c.tabIndex === 0)).toHaveLength(1);
    calls = [];
    await fireEvent.keyDown(end, { key: ' ' });
    await waitFor(() => expect(calls[0]).toEqual({ cmd: 'toggle_service_dependency', args: { from: 'ledger-db', to: 'catalog' } }));
  });

  it('filters rows and columns by name or id', async () => {
    setup();
    await screen.findByRole('grid');
    await fireEvent.input(screen.getByTestId('matrix-filter'), { target: { value: 'LEDGER' } });
    expect(screen.getAllByRole('gridcell')).toHaveLength(1);
    expect(cell('Ledger DB depends on Ledger DB: no')).toBeTruthy();
    expect(screen.getByTestId('matrix-count').textContent).toBe('2 dependencies · 0 shown');
    await fireEvent.input(screen.getByTestId('matrix-filter'), { target: { value: 'nothing here' } });
    expect(screen.queryByRole('grid')).toBeNull();
    expect(screen.getByText(/Nothing matches/)).toBeTruthy();
  });

  it('switches to the release matrix and toggles release dependencies', async () => {
    setup();
    await screen.findByRole('grid');
    await fireEvent.click(screen.getByRole('button', { name: 'Releases × releases' }));
    await waitFor(() => expect(cell('Release One depends on Release One: no')).toBeTruthy());
    expect(screen.queryByTestId('cycle-banner')).toBeNull();
    calls = [];
    await fireEvent.click(cell('Release One depends on Release One: no'));
    await waitFor(() => expect(calls[0]).toEqual({ cmd: 'toggle_release_dependency', args: { from: 'r1', to: 'r1' } }));
  });

  it('shows where releases deploy and opens the first deployment of a cell', async () => {
    const onShowDeployment = vi.fn();
    setup({ onShowDeployment });
    await screen.findByRole('grid');
    await fireEvent.click(screen.getByRole('button', { name: 'Releases × services' }));
    const c = await screen.findByRole('gridcell', { name: 'Payments 2.1 deploys Payments API to Staging, Production' });
    expect([...c.querySelectorAll('.chip')].map((e) => e.textContent)).toEqual(['Sta', 'Pro']);
    calls = [];
    await fireEvent.click(c);
    expect(onShowDeployment).toHaveBeenCalledWith('pay-2.1/payments-api/staging');
    await fireEvent.click(cell('Payments 2.1 does not deploy Catalog'));
    expect(onShowDeployment).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([]); // read-only: nothing toggled
  });

  it('reloads when the plan revision changes, and passes errors on', async () => {
    const { rerender, onError } = setup();
    await screen.findByRole('grid');
    calls = [];
    matrix = { items: services.items, edges: [], cycles: [] };
    await rerender({ plan: summary(5) });
    await waitFor(() => expect(screen.queryByTestId('cycle-banner')).toBeNull());
    expect(calls.map((c) => c.cmd)).toEqual(['service_matrix']);
    clearMocks();
    mockIPC(() => { throw { code: 'stale', message: 'the plan changed' }; });
    await fireEvent.click(cell('Catalog depends on Ledger DB: no'));
    await waitFor(() => expect(onError).toHaveBeenCalledWith({ code: 'stale', message: 'the plan changed' }));
  });

  it('renders a 200 × 200 matrix', async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, name: `Service ${i}` }));
    matrix = { items, edges: items.map((_, i) => [i, (i + 1) % 200] as [number, number]), cycles: [] };
    setup();
    await waitFor(() => expect(document.querySelector('table[role="grid"]')).toBeTruthy(), { timeout: 40_000 });
    expect(document.querySelectorAll('td[role="gridcell"]').length).toBe(40_000);
    expect(document.querySelectorAll('td.on').length).toBe(200);
    expect(screen.getByTestId('matrix-count').textContent).toBe('200 dependencies');
  }, 60_000);
});
