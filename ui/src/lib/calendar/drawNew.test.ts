import { describe, expect, it } from 'vitest';
import { DrawNew, afterBar, emptyTrackAt, isNewKey, keyInterval, newDeployment, type DrawView, type NewDeploymentContext } from './drawNew';
import { NO_FILTER } from './filter';
import { HOUR, DAY, SNAP, parseInstant } from '../time';

// Mon 8 – Mon 15 Mar 2027, UTC.
const week = { from: parseInstant('2027-03-08T00:00:00Z'), to: parseInstant('2027-03-15T00:00:00Z') };
const at = { from: parseInstant('2027-03-09T10:00:00Z'), to: parseInstant('2027-03-09T11:30:00Z') };
const ctx: NewDeploymentContext = {
  environment: 'prod',
  filter: NO_FILTER,
  services: [{ id: 'api', team: 'core' }, { id: 'web', team: 'web' }, { id: 'db', team: 'core' }, { id: 'batch', team: null }],
  releases: [{ id: 'r1', train: 't1' }, { id: 'r2', train: 't1' }, { id: 'r3', train: 't2' }, { id: 'r4', train: null }],
};
const when = { start: '2027-03-09T10:00:00Z', end: '2027-03-09T11:30:00Z' };

describe('newDeployment: what a lane and the filter fill in', () => {
  it('a service lane: its service in the view\'s environment; the release is left to choose', () => {
    expect(newDeployment({ mode: 'service', id: 'web' }, at, ctx)).toEqual({ release: '', service: 'web', environment: 'prod', ...when });
  });
  it('an environment lane: its environment; the service is left to choose', () => {
    expect(newDeployment({ mode: 'environment', id: 'staging' }, at, ctx)).toEqual({ release: '', service: '', environment: 'staging', ...when });
  });
  it('a team lane: the team\'s service when it has only one, and the "No team" lane its one service', () => {
    expect(newDeployment({ mode: 'team', id: 'web' }, at, ctx).service).toBe('web');
    expect(newDeployment({ mode: 'team', id: 'core' }, at, ctx).service).toBe('');
    expect(newDeployment({ mode: 'team', id: '' }, at, ctx).service).toBe('batch');
    expect(newDeployment({ mode: 'team', id: 'core' }, at, ctx).environment).toBe('prod');
  });
  it('a train lane: the train\'s release when it has only one', () => {
    expect(newDeployment({ mode: 'train', id: 't2' }, at, ctx)).toMatchObject({ release: 'r3', service: '', environment: 'prod' });
    expect(newDeployment({ mode: 'train', id: 't1' }, at, ctx).release).toBe('');
    expect(newDeployment({ mode: 'train', id: '' }, at, ctx).release).toBe('r4');
  });
  it('the filter: one release, or filters that leave one release or one service', () => {
    const one = { ...ctx, filter: { ...NO_FILTER, releases: ['r2'] } };
    expect(newDeployment({ mode: 'service', id: 'api' }, at, one).release).toBe('r2');
    expect(newDeployment({ mode: 'service', id: 'api' }, at, { ...ctx, filter: { ...NO_FILTER, releases: ['r1', 'r2'] } }).release).toBe('');
    expect(newDeployment({ mode: 'environment', id: 'prod' }, at, { ...ctx, filter: { ...NO_FILTER, trains: ['t2'] } }).release).toBe('r3');
    expect(newDeployment({ mode: 'environment', id: 'prod' }, at, { ...ctx, filter: { ...NO_FILTER, teams: ['web'] } }).service).toBe('web');
    // A release filter that the train lane does not hold: nothing to prefill.
    expect(newDeployment({ mode: 'train', id: 't2' }, at, one).release).toBe('');
  });
  it('no lane (the keyboard, no bar focused): the view\'s environment', () => {
    expect(newDeployment(null, at, ctx)).toEqual({ release: '', service: '', environment: 'prod', ...when });
  });
});

describe('the keyboard', () => {
  it('N, without Ctrl, ⌘ or Alt', () => {
    const k = (key: string, o = {}) => ({ key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...o });
    expect(isNewKey(k('n'))).toBe(true);
    expect(isNewKey(k('N', { shiftKey: true }))).toBe(true);
    expect(isNewKey(k('n', { ctrlKey: true }))).toBe(false);
    expect(isNewKey(k('m'))).toBe(false);
  });
  it('an hour from now, snapped up to the step, when now is in view; else from what is in view', () => {
    const now = parseInstant('2027-03-10T08:05:00Z');
    const inView = { from: parseInstant('2027-03-09T00:00:00Z'), to: parseInstant('2027-03-12T00:00:00Z') };
    expect(keyInterval({ period: week, inView, now, step: SNAP, tz: 'UTC' }))
      .toEqual({ from: parseInstant('2027-03-10T08:15:00Z'), to: parseInstant('2027-03-10T09:15:00Z') });
    expect(keyInterval({ period: week, inView, now: week.to + DAY, step: SNAP, tz: 'UTC' }))
      .toEqual({ from: inView.from, to: inView.from + HOUR });
    // Quarter zoom: a whole local day; at the period's end it ends there.
    expect(keyInterval({ period: week, inView: { from: week.to - HOUR, to: week.to }, now: 0, step: DAY, tz: 'UTC' }))
      .toEqual({ from: week.to - DAY, to: week.to });
  });
  it('N on a bar: as long as it, right after it', () => {
    expect(afterBar({ start: at.from, end: at.to })).toEqual({ from: at.to, to: at.to + 90 * 60_000 });
  });
});

describe('emptyTrackAt', () => {
  document.body.innerHTML = `<div id="lanes"><div class="lane" data-lane="api"><div class="label">API</div>
    <div class="track"><div class="band" id="band"></div><div data-id="d1"><span id="in-bar">x</span></div><button id="tag">⏸</button><svg class="density"><rect id="col"></rect></svg></div></div></div>
    <div class="lane" data-lane="out"><div class="track" id="outside"></div></div>`;
  const lanes = document.getElementById('lanes')!;
  const $ = (sel: string) => document.querySelector(sel);
  it('the track or a shading in it', () => {
    expect(emptyTrackAt($('.track'), lanes)).toEqual({ track: $('.track'), lane: 'api' });
    expect(emptyTrackAt($('#band'), lanes)?.lane).toBe('api');
  });
  it('not a bar, a button, a label or a track elsewhere', () => {
    expect(emptyTrackAt($('#in-bar'), lanes)).toBeNull();
    expect(emptyTrackAt($('#tag'), lanes)).toBeNull();
    expect(emptyTrackAt($('#col'), lanes)).toBeNull();
    expect(emptyTrackAt($('.label'), lanes)).toBeNull();
    expect(emptyTrackAt($('#outside'), lanes)).toBeNull();
    expect(emptyTrackAt(null, lanes)).toBeNull();
  });
});

describe('DrawNew', () => {
  const setup = () => {
    const shown: Array<DrawView | null> = [];
    const done: Array<{ lane: string; at: { from: number; to: number } }> = [];
    const d = new DrawNew({
      trackW: () => 700, period: () => week, step: () => HOUR, tz: () => 'UTC',
      show: (v) => shown.push(v), done: (lane, at) => done.push({ lane, at }),
    });
    return { d, shown, done };
  };
  it('a click (no move past the threshold) draws nothing and opens nothing', () => {
    const { d, shown, done } = setup();
    d.down('api', 100);
    expect(d.move(102)).toBe(false);
    d.up(102);
    expect(shown).toEqual([]);
    expect(done).toEqual([]);
    expect(d.pressed).toBe(false);
  });
  it('a drag shows the snapped outline as it goes and hands the interval over on release', () => {
    const { d, shown, done } = setup();
    d.down('api', 110);
    expect(d.move(150)).toBe(true); // started: the caller captures the pointer
    expect(d.move(260)).toBe(false);
    expect(shown.at(-1)).toEqual({ lane: 'api', from: week.from + 26 * HOUR, to: week.from + 62 * HOUR });
    d.up(260);
    expect(shown.at(-1)).toBeNull();
    expect(done).toEqual([{ lane: 'api', at: { from: week.from + 26 * HOUR, to: week.from + 62 * HOUR } }]);
  });
  it('Escape cancels a drawing: nothing is handed over', () => {
    const { d, shown, done } = setup();
    d.down('api', 110);
    expect(d.cancel()).toBe(false); // a press is not a drawing yet
    d.down('api', 110);
    d.move(200);
    expect(d.cancel()).toBe(true);
    expect(shown.at(-1)).toBeNull();
    d.up(300);
    expect(done).toEqual([]);
  });
});
