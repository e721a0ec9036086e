import { describe, expect, it } from 'vitest';
import type { ChecklistLine } from '../types';
import { checklistSummary, newItemProblem, splitLines, stateLabel } from './checklist';

const line = (over: Partial<ChecklistLine>): ChecklistLine => ({
  id: 'runbook', title: 'Runbook', owner: null, state: 'open', doneAt: null, note: null, due: null, missing: false, ...over,
});

describe('the checklist in the CAB view', () => {
  it('sums up done, waived and missing items', () => {
    const lines = [line({ state: 'done' }), line({ id: 'smoke', state: null, missing: true }), line({ id: 'x', state: 'waived' })];
    expect(checklistSummary(lines)).toBe('2 of 3 done · 1 missing');
    expect(checklistSummary([line({ state: 'done' })])).toBe('1 of 1 done · ready');
    expect(checklistSummary([])).toMatch(/^No checklist/);
  });
  it('says missing for a required item the checklist lacks, and late for one done after its due time', () => {
    expect(stateLabel(line({ state: null, missing: true }))).toBe('missing');
    expect(stateLabel(line({ state: 'done', missing: true }))).toBe('done late');
    expect(stateLabel(line({ state: 'open', missing: true }))).toBe('open');
  });
  it('reads one condition or follow-up per line', () => {
    expect(splitLines(' a \n\n b\n ')).toEqual(['a', 'b']);
  });
  it('a new item needs an id the checklist does not have (a missing one may be added)', () => {
    const lines = [line({}), line({ id: 'smoke', state: null, missing: true })];
    expect(newItemProblem(' ', lines)).toMatch(/Give the item an id/);
    expect(newItemProblem('runbook', lines)).toBe('The checklist already has runbook');
    expect(newItemProblem('smoke', lines)).toBeNull();
  });
});
