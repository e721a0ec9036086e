// Shared helpers of the end-to-end scripts: one WebDriver session per script
// (tauri-driver starts the app for it), screenshots, the conflict badge and
// explicit waits. Run the scripts through ./run.sh.
import { Builder, By, Key, until } from 'selenium-webdriver';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

export { By, Key, until };

export const APP = process.env.TRAINYARD_APP ?? new URL('../../target/debug/trainyard-app', import.meta.url).pathname;
export const SHOTS = process.env.SHOTS ?? new URL('./shots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What the flows script changes and the restart script expects to find again. */
export const EDITS = {
  // The deployment edited in the entity editor: its end moves from 23:45 to 00:15.
  edited: 'search-5.8.1/search/prod',
  editedEnd: '2027-02-17T00:15',
  editedLabel: /Tue,? 16 Feb 2027 22:45 – Wed,? 17 Feb 2027 00:15/,
  // The release that gets a second approval in the CAB view.
  release: 'payments-api-7.2.0',
  approver: 'Mara Lindqvist',
  // The deployment moved to its next free slot from the conflicts panel.
  moved: 'fraud-scoring-2.1.0/fraud-scoring/prod',
};

// What one script leaves for the next (run.sh points E2E_STATE into its temporary dir).
const STATE = process.env.E2E_STATE ?? `${SHOTS}/state.json`;
export function saveState(state) {
  writeFileSync(STATE, JSON.stringify(state));
}
export function loadState() {
  return JSON.parse(readFileSync(STATE, 'utf8'));
}

/** The calendar bar of a deployment, paging a week forward (up to `weeks` times) until it shows. */
export async function findBar(driver, id, weeks = 4) {
  for (let i = 0; ; i++) {
    const found = await driver.findElements(By.css(`[data-id="${id}"]`));
    if (found.length) return found[0];
    if (i === weeks) throw new Error(`${id} is not on the calendar within ${weeks} weeks`);
    await driver.findElement(By.css('button[aria-label="Next week"]')).click();
    try {
      await driver.wait(until.elementLocated(By.css(`[data-id="${id}"]`)), 1500);
    } catch { /* the next week, then */ }
  }
}

/** The calendar's Today button: the week of the plan's "as of" time (the demo opens on its week with the most errors). */
export async function today(driver) {
  const label = () => driver.findElement(By.css('[data-testid=period-label]')).getText();
  const before = await label();
  await driver.findElement(By.css('button[title="Go to today"]')).click();
  await driver.wait(async () => (await label()) !== before, 5000).catch(() => {}); // already there
}

/** Types `path` into the open GTK file dialog titled `title` and accepts it. */
export async function chooseFile(driver, title, path) {
  await gtkDialog(driver, title);
  await xdo('key', '--clearmodifiers', 'ctrl+l');
  await xdo('type', '--delay', '2', path);
  await xdo('key', 'Return');
  await gtkClosed(driver, title);
}

/**
 * File → Import JSON of the plan at `path`, saved under the name offered, and
 * waits until the window's title starts with `title` (a RegExp).
 */
export async function importJson(driver, path, title) {
  await choose(driver, 'file-menu', 'Import JSON');
  await chooseFile(driver, 'Import a JSON plan', path);
  await gtkDialog(driver, 'Save the imported plan as');
  await xdo('key', '--clearmodifiers', 'Return');
  await gtkClosed(driver, 'Save the imported plan as');
  await waitFor(driver, async () => title.test(await driver.getTitle()), `the imported plan opens (${title})`, 15000);
}

/** Starts the app (a new WebDriver session) and waits until the plan is open. */
export async function startApp() {
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${process.env.E2E_PORT ?? 4444}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP } })
    .build();
  try {
    await driver.wait(until.elementLocated(By.css('[data-testid=conflict-badge]')), 20000, 'the app shell appears');
    await driver.wait(async () => /^Trainyard — (?!opening)/.test(await driver.getTitle()), 20000, 'a plan opens');
  } catch (e) {
    await driver.quit();
    throw e;
  }
  return driver;
}

/** Saves a screenshot once the window has painted the latest DOM change. */
export async function shot(driver, name) {
  // See run.sh: screenshots are taken in the composited pass only.
  if (process.env.E2E_SHOTS === '0') return;
  await driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));');
  writeFileSync(`${SHOTS}/${name}.png`, await driver.takeScreenshot(), 'base64');
  console.log(`  screenshot ${name}.png`);
}

/**
 * The badge's error and warning counts, and whether the conflicts panel
 * counts as many and lists cards of them (the panel loads its digest after
 * the badge changes, and lists a rule's first cards only).
 */
export async function counts(driver) {
  return driver.executeScript(`
    const b = document.querySelector('[data-testid=conflict-badge]');
    const panel = document.querySelector('[data-testid=conflicts-panel]');
    const counted = (sev) => Number(/\\(([\\d,]+)\\)/.exec(panel.querySelector('.sev.' + sev + ' h3')?.textContent ?? '(0)')[1].replace(/,/g, ''));
    const cards = (sev) => panel.querySelectorAll('.sev.' + sev + ' button.conflict').length;
    const agrees = (sev, n) => counted(sev) === n && (n === 0) === (cards(sev) === 0) && cards(sev) <= n;
    const errors = Number(b.querySelector('.e').textContent), warnings = Number(b.querySelector('.w').textContent);
    return { errors, warnings, listed: agrees('error', errors) && agrees('warning', warnings) };`);
}

/** Waits until the badge shows `errors` (and `warnings`, when given) and the panel lists them. */
export async function waitCounts(driver, errors, warnings, what) {
  let last;
  try {
    await driver.wait(async () => {
      last = await counts(driver);
      return last.listed && last.errors === errors && (warnings === undefined || last.warnings === warnings);
    }, 8000);
  } catch {
    throw new Error(`${what}: expected ${errors} errors${warnings === undefined ? '' : ` and ${warnings} warnings`}, the badge shows ${JSON.stringify(last)}`);
  }
}

/** Waits for `fn` to return a truthy value and returns it; elements that are not there (yet) count as falsy. */
export async function waitFor(driver, fn, what, ms = 8000) {
  let value;
  await driver.wait(async () => {
    try {
      return (value = await fn());
    } catch (e) {
      if (e?.name === 'NoSuchElementError' || e?.name === 'StaleElementReferenceError') return false;
      throw e;
    }
  }, ms, what);
  return value;
}

/** Texts of the elements matching `css`. */
export async function texts(driver, css) {
  return driver.executeScript(
    'return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent.replace(/\\s+/g, " ").trim());', css);
}

/** An element's text (textContent, spaces collapsed): WebKitWebDriver's visible text is unreliable. */
export async function textOf(el) {
  return el.getDriver().executeScript('return arguments[0].textContent.replace(/\\s+/g, " ").trim();', el);
}

/** The approvals the CAB view lists, as {by, role, decision}. */
export async function approvals(driver) {
  return driver.executeScript(`
    const t = (li, css) => li.querySelector(css)?.textContent.trim() ?? '';
    return Array.from(document.querySelectorAll('[data-testid=approval]'),
      (li) => ({ by: t(li, 'strong'), role: t(li, '.role'), decision: t(li, '.decision') }));`);
}

export async function tab(driver, id) {
  await driver.findElement(By.css(`[data-testid=tab-${id}]`)).click();
  await driver.wait(async () => (await driver.findElement(By.css(`[data-testid=tab-${id}]`)).getAttribute('aria-selected')) === 'true', 3000);
}

/** Picks an option of a <select> as the user does (WebKitWebDriver cannot click options). */
export async function chooseOption(driver, select, value) {
  const ok = await driver.executeScript(`
    const [el, value] = arguments;
    if (![...el.options].some((o) => o.value === value)) return false;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return true;`, select, value);
  if (!ok) throw new Error(`the select has no option ${value}`);
}

const exec = promisify(execFile);

/** Runs xdotool (real X events, for the native GTK dialogs) and returns its output. */
export async function xdo(...args) {
  return (await exec('xdotool', args, { timeout: 10000 })).stdout.trim();
}

/**
 * Ctrl+click on an element with real X events: WebKitWebDriver's actions leave
 * the modifier keys out of pointer events. The window sits at the screen's
 * origin under Xvfb (no window manager).
 */
export async function ctrlClick(driver, el) {
  const [x, y] = await driver.executeScript(
    'const r = arguments[0].getBoundingClientRect(); return [window.screenX + r.left + r.width / 2, window.screenY + r.top + r.height / 2];', el);
  await xdo('mousemove', '--sync', String(Math.round(x)), String(Math.round(y)));
  await xdo('keydown', 'ctrl');
  await xdo('click', '1');
  await xdo('keyup', 'ctrl');
}

/** Waits for the GTK dialog titled `title` and focuses it. */
export async function gtkDialog(driver, title) {
  const id = await waitFor(driver, async () => {
    try { return (await xdo('search', '--onlyvisible', '--name', `^${title}$`)).split('\n')[0]; } catch { return false; }
  }, `the "${title}" dialog opens`, 15000);
  await xdo('windowfocus', '--sync', id);
  return id;
}

/** Waits until the GTK dialog titled `title` is gone. */
export async function gtkClosed(driver, title) {
  await waitFor(driver, async () => {
    try { await xdo('search', '--onlyvisible', '--name', `^${title}$`); return false; } catch { return true; }
  }, `the "${title}" dialog closes`);
}

/** Picks `item` from the menu whose button has the test id `menu`. */
export async function choose(driver, menu, item) {
  await driver.findElement(By.css(`[data-testid=${menu}]`)).click();
  const el = await driver.wait(until.elementLocated(By.xpath(`//div[@role="menu"]//button[@role="menuitem"][contains(normalize-space(.), "${item}")]`)), 3000, `the ${item} item`);
  await el.click();
}

/** Ctrl+Z: undo the last edit. */
export async function undo(driver) {
  await driver.findElement(By.css('body')).sendKeys(Key.chord(Key.CONTROL, 'z'));
}

/**
 * Runs one script: a fresh app session, `body(driver)`, a failure screenshot
 * when it throws, and an exit code for run.sh.
 */
export async function run(name, body) {
  const t0 = Date.now();
  console.log(`${name}:`);
  let driver;
  try {
    driver = await startApp();
    await body(driver);
    console.log(`${name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    console.error(`${name}: FAILED: ${e?.stack ?? e}`);
    if (driver) await shot(driver, `failed-${name}`).catch(() => {});
    process.exitCode = 1;
  } finally {
    if (driver) await driver.quit().catch(() => {});
  }
}
