// Picking bars to move together: toggling, refreshing what is known of them,
// what a press does, the status line, and that one offset keeps their gaps.
import { describe, expect, it } from 'vitest';
import {
  NO_SELECTION, committedBars, pressAction, refreshSelection, selectedBars, selectionSet, selectionStatus, toggleSelected,
} from './selection';
import { groupTargets } from './groupMove';
import { DAY, HOUR, parseInstant } from '../time';
import type { CommittedGroupMove, CommittedMove, DeploymentBar } from '../types';

const bar = (id: string, release: string, start: string, end: string): DeploymentBar =>
  ({ id, release, service: id, environment: 'prod', start, end, status: 'planned', severity: null });
const a = bar('a', 'r1', '2027-02-16T21:00:00Z', '2027-02-16T22:30:00Z');
const b = bar('b', 'r2', '2027-02-16T21:45:00Z', '2027-02-16T22:45:00Z');
const c = bar('c', 'r2', '2027-02-18T21:00:00Z', '2027-02-18T22:00:00Z');
const press = (mods: Partial<Pick<PointerEvent, 'ctrlKey' | 'metaKey' | 'shiftKey'>> = {}) =>
  ({ ctrlKey: false, metaKey: false, shiftKey: false, ...mods });

describe('the selection', () => {
  it('toggles a bar in and out, leaving the old selection as it was', () => {
    const one = toggleSelected(NO_SELECTION, a);
    const two = toggleSelected(one, b);
    expect([...two.keys()]).toEqual(['a', 'b']);
    expect([...one.keys()]).toEqual(['a']);
    expect([...toggleSelected(two, a).keys()]).toEqual(['b']);
    expect(NO_SELECTION.size).toBe(0);
  });

  it('keeps each member as last seen, refreshed from bars shown or committed', () => {
    const sel = toggleSelected(toggleSelected(NO_SELECTION, a), b);
    const movedA = { ...a, start: '2027-02-17T21:00:00Z', end: '2027-02-17T22:30:00Z' };
    expect(refreshSelection(sel, [c])).toBe(sel); // not a member: the same selection
    expect(refreshSelection(sel, [a, b])).toBe(sel); // the same bars: the same selection
    const next = refreshSelection(sel, [movedA, c]);
    expect(next.get('a')).toBe(movedA);
    expect(next.has('c')).toBe(false);
    // Shown bars (the loaded period, with moves not yet confirmed) win over what was last seen.
    const shownB = { ...b, start: '2027-02-16T22:00:00Z' };
    expect(selectedBars(sel, new Map([['b', shownB]]))).toEqual([a, shownB]);
    expect(refreshSelection(NO_SELECTION, [a])).toBe(NO_SELECTION);
  });

  it('takes the bars a commit moved, one or many', () => {
    expect(committedBars({ moved: a } as CommittedMove)).toEqual([a]);
    expect(committedBars({ moved: [a, b] } as CommittedGroupMove)).toEqual([a, b]);
  });

  it('moves as a group of its own: one offset for all, the gaps kept', () => {
    const set = selectionSet([a, b, c]);
    expect(set).toMatchObject({ release: '', dependents: [], kept: [] });
    const targets = groupTargets(set.deployments, DAY + 2 * HOUR, 'Europe/Berlin');
    expect(targets.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    const starts = targets.map((t) => parseInstant(t.start));
    const before = [a, b, c].map((d) => parseInstant(d.start));
    expect(starts.map((s, i) => s - before[i])).toEqual([DAY + 2 * HOUR, DAY + 2 * HOUR, DAY + 2 * HOUR]);
    expect(starts[1] - starts[0]).toBe(before[1] - before[0]);
    expect(starts[2] - starts[1]).toBe(before[2] - before[1]);
    expect(targets.map((t) => parseInstant(t.end) - parseInstant(t.start))).toEqual([90, 60, 60].map((m) => m * 60_000));
  });
});

describe('a press on a bar', () => {
  it('toggles with Ctrl or ⌘, not with Shift (that moves the release)', () => {
    expect(pressAction(press({ ctrlKey: true }), false, 0)).toBe('toggle');
    expect(pressAction(press({ metaKey: true }), true, 3)).toBe('toggle');
    expect(pressAction(press({ shiftKey: true }), false, 2)).toBe('keep');
    expect(pressAction(press({ shiftKey: true, ctrlKey: true }), true, 2)).toBe('keep');
  });
  it('drags the selection from a selected bar, and clears it from any other', () => {
    expect(pressAction(press(), true, 2)).toBe('drag-selection');
    expect(pressAction(press(), true, 1)).toBe('keep'); // the one selected bar: its own drag (resize, environment)
    expect(pressAction(press(), false, 2)).toBe('clear');
    expect(pressAction(press(), false, 0)).toBe('keep');
  });
});

describe('the status line', () => {
  it('says how many are selected and what to do, and nothing without a selection', () => {
    expect(selectionStatus(3)).toBe('3 selected — drag or Alt+←/→ to move; Esc clears');
    expect(selectionStatus(0)).toBe('');
  });
});
