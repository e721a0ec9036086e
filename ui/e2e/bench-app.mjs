// Speed of the real app (release build) under Xvfb, through tauri-driver.
// Run via scripts/bench-app.sh, which builds the app, writes the 100k plan and
// starts the display and the driver. Prints a Markdown table for
// docs/benchmarks.md. Each figure has a baseline measured in the same run:
//
// - cold start: process start to an interactive demo plan (bars drawn, the
//   conflict count shown) vs. the WebDriver session being ready (process
//   started, WebKit up, page loaded: what any Tauri window costs), as
//   WebDriver finds it and as the window marks it (no polling);
// - memory: proportional set size (PSS) of the app and its WebKit processes
//   with the demo plan open;
// - drag feedback at 100k deployments: the preview_move round trip through IPC
//   vs. the cheapest command's round trip (recent_plans);
// - opening the 100k plan vs. the demo plan's cold start;
// - scrolling, zooming and dragging at week, month and quarter zoom with
//   thousands of bars in range: median, p95 and p99 frame time vs. the same
//   scroll and zoom in a period without deployments, and the drag vs. the
//   same pointer path without a press (each zoom ZOOM_REPEATS times, 5
//   unless set, with the worst frame of each);
// - dropping a bar at 100k (saved, then undone) vs. the same drag cancelled.
import { Builder, By, Key, Origin, until } from 'selenium-webdriver';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const APP = process.env.TRAINYARD_APP;
const BIG = process.env.TRAINYARD_BIG_PLAN; // a .trainyard store with 100k deployments
const RUNS = Number(process.env.RUNS ?? 5);
const ZOOM_REPEATS = Number(process.env.ZOOM_REPEATS ?? 5);
const HOME = process.env.HOME;
if (!APP || !BIG) throw new Error('set TRAINYARD_APP and TRAINYARD_BIG_PLAN (see scripts/bench-app.sh)');

const IDENT = 'dev.trainyard.app';
const dataDir = () => join(process.env.XDG_DATA_HOME, IDENT);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

function resetData() {
  for (const d of [process.env.XDG_DATA_HOME, process.env.XDG_CACHE_HOME, process.env.XDG_CONFIG_HOME]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
}

async function session() {
  return new Builder()
    .usingServer(`http://127.0.0.1:${process.env.E2E_PORT ?? 4444}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP } })
    .build();
}

async function interactive(driver, errors) {
  // Drawn: bars, or density bands where lanes hold too many to draw one by one.
  await driver.wait(until.elementLocated(By.css('[data-id], [data-testid=density-band]')), 60000);
  await driver.wait(async () => {
    const t = await driver.findElement(By.css('[data-testid=conflict-badge] .e')).getText();
    return errors === undefined ? t !== '' : Number(t) === errors;
  }, 60000);
}

/**
 * When the window marked its newly opened plan as drawn (the User Timing
 * mark `trainyard:plan-drawn`, set the frame after the plan's first range
 * was painted), in ms since `epoch` (Date.now() just before the session,
 * which starts the app, was asked for). Unlike `interactive`, this has no
 * polling in it: WebDriver's round trips find the bars 100–200 ms late.
 */
async function drawnAt(driver, epoch) {
  const at = await driver.wait(() => driver.executeScript(`const m = performance.getEntriesByName('trainyard:plan-drawn')[0];
    return m ? performance.timeOrigin + m.startTime : null;`), 10000, 'the plan-drawn mark');
  return at - epoch;
}

/** PSS in KB of every process of the app: the binary and the WebKit helpers it started. */
function pssKb() {
  const byPid = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byPid.set(Number(pid), { comm, ppid });
    } catch { /* gone */ }
  }
  const app = [...byPid].filter(([, p]) => p.comm === 'trainyard-app').map(([pid]) => pid);
  const mine = new Set(app);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of byPid) if (!mine.has(pid) && mine.has(p.ppid)) { mine.add(pid); grew = true; }
  }
  let total = 0;
  const parts = [];
  for (const pid of mine) {
    try {
      const m = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) { total += Number(m[1]); parts.push(`${byPid.get(pid).comm} ${Math.round(Number(m[1]) / 1024)} MB`); }
    } catch { /* gone */ }
  }
  return { total, parts };
}

const rows = [];
/** The demo plan's cold start (median), the baseline of the 100k plan's open time. */
let coldStart = 0;
/** The same, to the window's plan-drawn mark. */
let coldDrawn = 0;
const row = (what, value, baseline, ratio, note = '') => rows.push(`| ${what} | ${value} | ${baseline} | ${ratio} | ${note} |`);

// ---- cold start of the demo plan, and memory -------------------------------
{
  const ready = [];
  const inter = [];
  let mem = null;
  let blank = null;
  const drawn = [];
  for (let i = 0; i < RUNS; i++) {
    resetData(); // first start: the demo plan file is created, as for a new user
    const epoch = Date.now();
    const t0 = performance.now();
    const driver = await session();
    const t1 = performance.now();
    try {
      await interactive(driver, 5);
      const t2 = performance.now();
      ready.push(t1 - t0);
      inter.push(t2 - t0);
      drawn.push(await drawnAt(driver, epoch));
      if (i === RUNS - 1) {
        await sleep(1500);
        mem = pssKb();
        // Baseline: the same window with a blank page (WebKit and the app
        // binary without the UI's DOM and JS heap).
        await driver.get('about:blank');
        await sleep(2500);
        blank = pssKb();
      }
    } finally {
      await driver.quit();
    }
    await sleep(500);
  }
  const r = median(ready), s = median(inter);
  coldStart = s;
  coldDrawn = median(drawn);
  row('cold start to an interactive demo plan (first start)', `${s.toFixed(0)} ms`, `${r.toFixed(0)} ms (window + page loaded)`,
    `${(s / r).toFixed(2)}×`, `app's own share ${(s - r).toFixed(0)} ms; median of ${RUNS}; as WebDriver finds the bars and counts (polling)`);
  row('cold start to the demo plan on screen (first start; the window\'s own mark)', `${coldDrawn.toFixed(0)} ms`, `${r.toFixed(0)} ms (window + page loaded)`,
    `${(coldDrawn / r).toFixed(2)}×`, `median of ${RUNS} (${[...drawn].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(', ')} ms)`);
  row('memory with the demo plan open (PSS, app + WebKit)', `${(mem.total / 1024).toFixed(0)} MB`,
    `${(blank.total / 1024).toFixed(0)} MB (same window, blank page)`, `${(mem.total / blank.total).toFixed(2)}×`, mem.parts.join(', '));
}

// ---- the 100k plan: drag feedback and scrolling ---------------------------
{
  /** A start with the 100k plan as the last one opened: the session, and ms from process start to interactive. */
  const startBig = async () => {
    resetData();
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(join(dataDir(), 'settings.json'), JSON.stringify({ lastPlan: BIG }));
    const epoch = Date.now();
    const t0 = performance.now();
    const d = await session();
    try {
      await interactive(d);
      const open = performance.now() - t0;
      return { driver: d, open, drawn: await drawnAt(d, epoch) };
    } catch (e) {
      await d.quit();
      throw e;
    }
  };
  // RUNS starts; the last one's window stays open for what follows.
  const opens = [];
  const drawnBig = [];
  for (let i = 1; i < RUNS; i++) {
    const s = await startBig();
    opens.push(s.open);
    drawnBig.push(s.drawn);
    await s.driver.quit();
    await sleep(500);
  }
  const last = await startBig();
  opens.push(last.open);
  drawnBig.push(last.drawn);
  const driver = last.driver;
  try {
    const open = median(opens);
    row('start to interactive with the 100k-deployment plan', `${open.toFixed(0)} ms`, `${coldStart.toFixed(0)} ms (the demo plan, median above)`,
      `${(open / coldStart).toFixed(2)}×`, `store open + full check + first week; median of ${opens.length} (${[...opens].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(', ')} ms); as WebDriver finds the bars and counts (polling)`);
    const drawnOpen = median(drawnBig);
    row('start to the 100k-deployment plan on screen (the window\'s own mark)', `${drawnOpen.toFixed(0)} ms`, `${coldDrawn.toFixed(0)} ms (the demo plan, same mark)`,
      `${(drawnOpen / coldDrawn).toFixed(2)}×`, `median of ${drawnBig.length} (${[...drawnBig].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(', ')} ms); the frame after the first week's bars and counts were painted`);

    const ipc = await driver.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      const invoke = window.__TAURI_INTERNALS__.invoke;
      (async () => {
        const el = document.querySelector('[data-id]');
        const id = el.dataset.id;
        const bar = await invoke('entity', { kind: 'deployment', id });
        const s = Date.parse(bar.start), e = Date.parse(bar.end);
        // WebKit coarsens performance.now() to 1 ms: time batches of 20 calls.
        const base = [], prev = [];
        for (let b = 0; b < 20; b++) {
          let t = performance.now();
          for (let i = 0; i < 20; i++) await invoke('recent_plans');
          base.push((performance.now() - t) / 20);
          t = performance.now();
          for (let i = 0; i < 20; i++) {
            const shift = ((i % 40) - 20) * 15 * 60000;
            await invoke('preview_move', { id, start: new Date(s + shift).toISOString(), end: new Date(e + shift).toISOString(), environment: bar.environment });
          }
          prev.push((performance.now() - t) / 20);
        }
        done({ base, prev });
      })().catch((err) => done({ error: String(err && err.message || err) }));
    `);
    if (ipc.error) throw new Error(ipc.error);
    const pm = median(ipc.prev), pb = median(ipc.base);
    row('drag feedback at 100k: preview_move round trip (median / worst batch mean)', `${pm.toFixed(2)} / ${Math.max(...ipc.prev).toFixed(2)} ms`,
      `${pb.toFixed(2)} ms (recent_plans round trip)`, `${(pm / pb).toFixed(2)}×`, '20 batches of 20 moves; budget one frame, 16 ms');

    // Frame times of scrolling, zooming and dragging at week, month and quarter
    // zoom, in service lanes (200 lanes of production: some drawn bar by bar,
    // the fullest counted) and in environment lanes (4 lanes of thousands:
    // counted at every zoom but day): each in a busy period of the 100k plan
    // beside the same in a period with no deployments (scroll, zoom) or the
    // same pointer path without a press (drag: hovering the same bars).
    // Buttons re-render while a period loads: retry until the click lands.
    const click = (text) => driver.wait(() => driver.executeScript(`const b = [...document.querySelectorAll('button')]
      .find((x) => x.textContent.trim() === '${text}' || x.getAttribute('aria-label') === '${text}'); if (!b) return false; b.click(); return true;`), 10000, `button ${text}`);
    const settled = () => driver.wait(() => driver.executeScript(`return !document.querySelector('.cal-controls .loading')`), 120000, 'the period loads');
    // Records every frame's duration from now until stopFrames.
    const startFrames = `window.__frames = []; window.__rec = true; let last = performance.now();
      const f = (t) => { window.__frames.push(t - last); last = t; if (window.__rec) requestAnimationFrame(f); }; requestAnimationFrame(f);`;
    const stopFrames = 'window.__rec = false; return window.__frames.slice(1);';
    const scroll = `
      const done = arguments[arguments.length - 1];
      const sc = document.querySelector('.scroller');
      const frames = [];
      let last = performance.now(), n = 0;
      sc.scrollLeft = 0;
      function step(t) {
        frames.push(t - last); last = t;
        sc.scrollLeft += 40; sc.scrollTop = (n % 20) * 8;
        if (++n < 200) requestAnimationFrame(step);
        else done({ frames: frames.slice(5), bars: document.querySelectorAll('[data-id]').length, bands: document.querySelectorAll('[data-testid=density-band]').length });
      }
      requestAnimationFrame(step);`;
    const stats = (xs) => ({ median: median(xs), p95: pct(xs, 0.95), p99: pct(xs, 0.99), n: xs.length });
    const fmt = (x) => `${x.median.toFixed(1)} / ${x.p95.toFixed(1)} / ${x.p99.toFixed(1)} ms`;
    const period = () => driver.executeScript('return document.querySelector("[data-testid=period-label]").textContent');

    /**
     * Zooming to `zoom` (a click on its button) from `back`, ZOOM_REPEATS
     * times (back unmeasured in between): the frames of each zoom until its
     * period has loaded and 800 ms more, together. One zoom is about sixty
     * frames, so its p99 is its worst frame; several make the tail a figure.
     */
    const zoomTo = async (zoom, back) => {
      const frames = [];
      const worst = [];
      const settles = [];
      for (let i = 0; i < ZOOM_REPEATS; i++) {
        if (i > 0) {
          const was = await period();
          await click(back);
          await driver.wait(async () => (await period()) !== was, 10000);
          await settled();
          await sleep(400);
        }
        const before = await period();
        await driver.executeScript(startFrames);
        const t0 = performance.now();
        await click(zoom);
        await driver.wait(async () => (await period()) !== before, 10000);
        await settled();
        settles.push(performance.now() - t0);
        await sleep(800);
        const f = await driver.executeScript(stopFrames);
        frames.push(...f);
        worst.push(Math.max(...f));
      }
      return { ...stats(frames), settle: median(settles), worst };
    };
    const scrolled = async () => {
      await sleep(1500);
      const r = await driver.executeAsyncScript(scroll);
      return { ...stats(r.frames), bars: r.bars, bands: r.bands };
    };
    /** 40 pointer steps of 4 px over a bar in view, pressed (a drag, cancelled with Escape) or not (hover). */
    const barInView = () => driver.executeScript(`const sc = document.querySelector('.scroller').getBoundingClientRect();
        return [...document.querySelectorAll('.bar[data-id]')].find((b) => { const r = b.getBoundingClientRect();
          return r.width >= 6 && r.left > sc.left + 200 && r.right < sc.right - 240 && r.top > sc.top + 90 && r.bottom < sc.bottom - 20; }) ?? null;`);
    const pointerPath = async (press) => {
      let bar = await barInView();
      // Lanes drawn as counts have no bar: scroll down to the first lane drawn bar by bar.
      for (let i = 0; !bar && i < 40; i++) {
        const more = await driver.executeScript('const sc = document.querySelector(".scroller"); const top = sc.scrollTop; sc.scrollTop += sc.clientHeight * 0.7; return sc.scrollTop > top;');
        if (!more) break;
        await sleep(250);
        bar = await barInView();
      }
      if (!bar) return null;
      await driver.executeScript(startFrames);
      const start = driver.actions({ async: true }).move({ origin: bar, x: 0, y: 0 });
      await (press ? start.press() : start).perform();
      for (let i = 0; i < 40; i++) await driver.actions({ async: true }).move({ origin: Origin.POINTER, x: 4, y: 0 }).perform();
      if (press) {
        if (!(await driver.executeScript('return !!document.querySelector("[data-testid=drag-tooltip]")'))) throw new Error('the measured drag did not start');
        await driver.actions({ async: true }).keyDown(Key.ESCAPE).keyUp(Key.ESCAPE).perform(); // cancel: the bench plan stays as it is
        await driver.actions({ async: true }).release().perform();
      }
      const frames = await driver.executeScript(stopFrames);
      if (press && await driver.findElement(By.css('[data-testid=undo]')).isEnabled()) throw new Error('the measured drag changed the plan: Escape did not cancel it');
      return stats(frames);
    };
    const ZOOMS = ['Week', 'Month', 'Quarter']; // each reached from Month, Week, Month: the same path in both periods
    const pass = async () => {
      const out = {};
      for (const [i, zoom] of ZOOMS.entries()) {
        const z = await zoomTo(zoom, i === 1 ? 'Week' : 'Month');
        const sc = await scrolled();
        // Back to the period's start, top lanes: where the drag finds a bar.
        await driver.executeScript('const sc = document.querySelector(".scroller"); sc.scrollLeft = 0; sc.scrollTop = 0;');
        await sleep(500);
        out[zoom] = { zoom: z, scroll: sc, drag: await pointerPath(true), hover: await pointerPath(false) };
      }
      return out;
    };
    const ratio = (a, b) => `${(a.p95 / b.p95).toFixed(2)}× (p95)`;
    for (const [mode, lanes] of [['By service', 'service lanes'], ['By environment', 'environment lanes']]) {
      await click(mode);
      // Baseline: a month with no deployments (after the plan's year).
      // The plan opens on its week with the most errors; Today is the busy June week.
      await click('Today');
      await click('Month');
      for (let i = 0; i < 10; i++) { await click('Next month'); await sleep(150); }
      await settled();
      const empty = await pass();
      await click('Today');
      await click('Month');
      await settled();
      const busy = await pass();
      for (const zoom of ZOOMS) {
        const z = zoom.toLowerCase();
        const b = busy[zoom];
        const e = empty[zoom];
        row(`scrolling, ${z} zoom, ${lanes}, 100k plan (median / p95 / p99 frame)`, fmt(b.scroll), `${fmt(e.scroll)} (same scroll, empty period)`,
          ratio(b.scroll, e.scroll), `${b.scroll.n} frames; ${b.scroll.bars} bars and ${b.scroll.bands} density bands in the DOM`);
        row(`zooming to ${z}, ${lanes}, 100k plan (median / p95 / p99 frame)`, fmt(b.zoom), `${fmt(e.zoom)} (same zoom, empty period)`,
          ratio(b.zoom, e.zoom), `${b.zoom.n} frames of ${ZOOM_REPEATS} zooms, the worst of each ${b.zoom.worst.map((w) => w.toFixed(0)).join(', ')} ms `
          + `(empty: ${e.zoom.worst.map((w) => w.toFixed(0)).join(', ')}); loaded and drawn after ${b.zoom.settle.toFixed(0)} ms (empty: ${e.zoom.settle.toFixed(0)} ms)`);
        if (b.drag && b.hover) {
          row(`dragging a bar, ${z} zoom, ${lanes}, 100k plan (median / p95 / p99 frame)`, fmt(b.drag), `${fmt(b.hover)} (same pointer path, not pressed)`,
            ratio(b.drag, b.hover), `40 pointer moves of 4 px, ${b.drag.n} frames; cancelled with Escape`);
        } else {
          row(`dragging a bar, ${z} zoom, ${lanes}, 100k plan`, '—', '—', '—', 'no bar to drag: every lane is counted');
        }
      }
    }

    // Dropping: the drag above released (one saved edit; the bars, the badge
    // and the conflicts panel follow it), beside the same drag cancelled with
    // Escape; frames from the press to 1.5 s after the release. Each drop is
    // undone before the next.
    await click('By service');
    await click('Today');
    await click('Week');
    await settled();
    await driver.executeScript('const sc = document.querySelector(".scroller"); sc.scrollLeft = 0; sc.scrollTop = 0;');
    await sleep(500);
    const undoButton = () => driver.findElement(By.css('[data-testid=undo]'));
    const dropPath = async (commit) => {
      const bar = await barInView();
      if (!bar) throw new Error('no bar to drop in the busy week');
      await driver.executeScript(startFrames);
      await driver.actions({ async: true }).move({ origin: bar, x: 0, y: 0 }).press().perform();
      for (let i = 0; i < 40; i++) await driver.actions({ async: true }).move({ origin: Origin.POINTER, x: 4, y: 0 }).perform();
      if (!commit) await driver.actions({ async: true }).keyDown(Key.ESCAPE).keyUp(Key.ESCAPE).perform();
      await driver.actions({ async: true }).release().perform();
      await sleep(1500);
      const frames = await driver.executeScript(stopFrames);
      if (commit) {
        await driver.wait(() => undoButton().isEnabled(), 10000, 'the drop was saved');
        await undoButton().click();
        await driver.wait(async () => !(await undoButton().isEnabled()), 10000, 'the drop was undone');
        await sleep(1000);
      }
      return frames;
    };
    const drops = [];
    const cancelled = [];
    for (let i = 0; i < 3; i++) {
      cancelled.push(...await dropPath(false));
      drops.push(...await dropPath(true));
    }
    const d = stats(drops), c = stats(cancelled);
    row('dropping a bar, week zoom, service lanes, 100k plan (median / p95 / p99 frame)', fmt(d), `${fmt(c)} (same drag, cancelled)`,
      ratio(d, c), `3 drops, each undone; worst frame ${Math.max(...drops).toFixed(0)} ms (cancelled: ${Math.max(...cancelled).toFixed(0)} ms)`);
  } finally {
    await driver.quit();
  }
}

console.log('| what | measured | baseline (same run) | ratio | notes |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
void HOME;
