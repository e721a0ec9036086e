import { describe, expect, it } from 'vitest';
import { barKeyAction, keyHint, zoomKeyDirection, type BarKeyContext, type KeyPress } from './keys';
import type { DeploymentBar } from '../types';
import { DAY, HOUR, SNAP } from '../time';

const bar: DeploymentBar = {
  id: 'r/s/staging', release: 'r', service: 's', environment: 'staging',
  start: '2027-03-10T08:00:00Z', end: '2027-03-10T09:00:00Z', status: 'planned', severity: null,
};
const environments = [{ id: 'dev', name: 'Dev' }, { id: 'staging', name: 'Staging' }, { id: 'prod', name: 'Production' }];
const envLanes: BarKeyContext = { step: SNAP, tz: 'Europe/Berlin', laneMode: 'environment', environments };
const serviceLanes: BarKeyContext = { ...envLanes, laneMode: 'service' };
const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress =>
  ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('keys on a bar', () => {
  it('opens on Enter and cancels on Escape', () => {
    expect(barKeyAction(key('Enter'), bar, serviceLanes)).toEqual({ kind: 'open' });
    expect(barKeyAction(key('Escape'), bar, serviceLanes)).toEqual({ kind: 'cancel' });
  });
  it('moves by one step with ←/→ and changes the end with Shift', () => {
    expect(barKeyAction(key('ArrowRight'), bar, serviceLanes)).toEqual({
      kind: 'move', target: { start: '2027-03-10T08:15:00Z', end: '2027-03-10T09:15:00Z', environment: 'staging' },
    });
    expect(barKeyAction(key('ArrowLeft', { shiftKey: true }), bar, { ...serviceLanes, step: HOUR / 4 })).toEqual({
      kind: 'move', target: { start: '2027-03-10T08:00:00Z', end: '2027-03-10T08:45:00Z', environment: 'staging' },
    });
  });
  it('moves by whole days of the zone’s calendar at quarter zoom', () => {
    // 28 Mar 2027 is 23 hours long in Berlin: the wall-clock time stays.
    const spring = { ...bar, start: '2027-03-27T08:00:00Z', end: '2027-03-27T09:00:00Z' };
    expect(barKeyAction(key('ArrowRight'), spring, { ...serviceLanes, step: DAY })).toEqual({
      kind: 'move', target: { start: '2027-03-28T07:00:00Z', end: '2027-03-28T08:00:00Z', environment: 'staging' },
    });
  });
  it('leaves arrows with Ctrl or ⌘, and ↑/↓ with Alt, to the system', () => {
    for (const mod of ['ctrlKey', 'metaKey'] as const) {
      expect(barKeyAction(key('ArrowLeft', { [mod]: true }), bar, envLanes)).toBeNull();
      expect(barKeyAction(key('ArrowRight', { [mod]: true, altKey: true }), bar, envLanes)).toBeNull();
      expect(barKeyAction(key('ArrowUp', { [mod]: true }), bar, envLanes)).toBeNull();
    }
    expect(barKeyAction(key('ArrowUp', { altKey: true }), bar, envLanes)).toBeNull();
    expect(barKeyAction(key('a'), bar, envLanes)).toBeNull();
  });
  it('toggles the selection with Space or Ctrl/⌘+Space', () => {
    expect(barKeyAction(key(' '), bar, serviceLanes)).toEqual({ kind: 'select' });
    expect(barKeyAction(key(' ', { ctrlKey: true }), bar, serviceLanes)).toEqual({ kind: 'select' });
    expect(barKeyAction(key(' ', { metaKey: true }), bar, serviceLanes)).toEqual({ kind: 'select' });
    expect(barKeyAction(key(' ', { shiftKey: true }), bar, serviceLanes)).toBeNull();
    expect(barKeyAction(key(' ', { altKey: true }), bar, serviceLanes)).toBeNull();
  });
  it('moves the selection (or the release) by one step with Alt+←/→, with dependents when Shift is held too', () => {
    expect(barKeyAction(key('ArrowRight', { altKey: true }), bar, serviceLanes)).toEqual({ kind: 'group', shift: SNAP, withDependents: false });
    expect(barKeyAction(key('ArrowLeft', { altKey: true }), bar, { ...serviceLanes, step: DAY })).toEqual({ kind: 'group', shift: -DAY, withDependents: false });
    expect(barKeyAction(key('ArrowRight', { altKey: true, shiftKey: true }), bar, envLanes)).toEqual({ kind: 'group', shift: SNAP, withDependents: true });
  });
  it('changes the environment with ↑/↓ in environment lanes only', () => {
    expect(barKeyAction(key('ArrowDown'), bar, envLanes)).toEqual({ kind: 'move', target: { start: bar.start, end: bar.end, environment: 'prod' } });
    expect(barKeyAction(key('ArrowUp'), bar, envLanes)).toEqual({ kind: 'move', target: { start: bar.start, end: bar.end, environment: 'dev' } });
    expect(barKeyAction(key('ArrowDown'), { ...bar, environment: 'prod' }, envLanes)).toEqual({ kind: 'stay' });
    expect(barKeyAction(key('ArrowUp'), { ...bar, environment: 'gone' }, envLanes)).toEqual({ kind: 'stay' });
    expect(barKeyAction(key('ArrowDown'), bar, serviceLanes)).toBeNull();
  });
});

describe('zoom keys and the hint', () => {
  it('zooms in on + and =, out on −, and not with a modifier', () => {
    expect(zoomKeyDirection(key('+'))).toBe(-1);
    expect(zoomKeyDirection(key('='))).toBe(-1);
    expect(zoomKeyDirection(key('-'))).toBe(1);
    expect(zoomKeyDirection(key('-', { ctrlKey: true }))).toBeNull();
    expect(zoomKeyDirection(key('0'))).toBeNull();
  });
  it('names the step and the keys the lanes allow', () => {
    const selecting = ' Space selects it; Alt with arrows moves the selection, or without one the whole release (Alt+Shift: with its dependents); Escape clears the selection.';
    expect(keyHint(SNAP, 'week', 'service')).toBe('Arrow keys move by 15 minutes, Shift with arrows changes the end; Enter opens the deployment, N adds one after it' +
      ' (drag across an empty part of a lane to draw one).' + selecting);
    expect(keyHint(HOUR, 'month', 'environment')).toBe(
      'Arrow keys move by 1 hour, Shift with arrows changes the end, up and down change the environment; Enter opens the deployment, N adds one after it' +
      ' (drag across an empty part of a lane to draw one).' + selecting);
    expect(keyHint(DAY, 'quarter', 'service')).toMatch(/^Arrow keys move by 1 day,/);
  });
});
