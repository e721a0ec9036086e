// The overview strip against a mocked IPC boundary: it asks app core for the
// buckets, outlines the shown week, and Enter or a click opens a spot.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import OverviewStrip from './OverviewStrip.svelte';
import type { ConflictOverview } from '../types';
import type { CalendarView } from './view';
import { summary } from '../views/fixtures';

const overview: ConflictOverview = {
  from: '2027-03-01', to: '2027-03-29', bucketDays: 1, busiestErrorWeek: '2027-03-08',
  buckets: Array.from({ length: 28 }, (_, i) => ({
    start: `2027-03-${String(i + 1).padStart(2, '0')}`, errors: i === 11 ? 2 : 0, warnings: i === 20 ? 1 : 0,
  })),
};
const view: CalendarView = { zoom: 'week', anchor: '2027-03-02', timeZone: 'plan', laneMode: 'service', environment: 'prod', colourBy: 'release' };

afterEach(() => { cleanup(); clearMocks(); });

function setup() {
  const asked: string[] = [];
  mockIPC((cmd) => {
    asked.push(cmd);
    if (cmd === 'conflict_overview') return overview;
    throw { code: 'unexpected', message: cmd };
  });
  const jumps: CalendarView[] = [];
  render(OverviewStrip, { plan: summary(1), view, onJump: (v: CalendarView) => jumps.push(v), onError: (e: unknown) => { throw e; } });
  return { asked, jumps };
}

describe('OverviewStrip', () => {
  it('draws the buckets with conflicts and outlines the shown week', async () => {
    const { asked } = setup();
    const strip = await screen.findByRole('slider');
    expect(asked).toEqual(['conflict_overview']);
    expect(document.querySelectorAll('rect.e')).toHaveLength(1);
    expect(document.querySelectorAll('rect.w')).toHaveLength(1);
    const shown = screen.getByTestId('overview-shown') as HTMLElement;
    expect(shown.style.left).toBe('0%');
    expect(strip.getAttribute('aria-valuetext')).toMatch(/1 Mar 2027: no conflicts$/);
    expect(screen.getByTestId('overview-strip').textContent).toContain('1 Mar 2027');
    expect(screen.getByTestId('overview-strip').textContent).toContain('28 Mar 2027');
  });

  it('Page Down moves to the next bucket with a conflict, Enter opens it', async () => {
    const { jumps } = setup();
    const strip = await screen.findByRole('slider');
    await fireEvent.keyDown(strip, { key: 'PageDown' });
    await waitFor(() => expect(strip.getAttribute('aria-valuetext')).toMatch(/12 Mar 2027: 2 errors$/));
    await fireEvent.keyDown(strip, { key: 'Enter' });
    expect(jumps.map((v) => v.anchor)).toEqual(['2027-03-12']);
  });
});
