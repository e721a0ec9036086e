// Exports through the native GTK save dialog, driven with real X events
// (xdotool): Export → Deployments (CSV)… and File → Export JSON…; the toast
// names the file, and the files hold the plan. Then File → Save as… (the copy
// keeps the audit trail), File → New plan…, and back through the recent plans.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { By, EDITS, choose, gtkClosed, gtkDialog, run, shot, textOf, until, waitFor, xdo } from './lib.mjs';

const OUT = `${process.env.E2E_TMP ?? new URL('./shots', import.meta.url).pathname}/exports`;
mkdirSync(OUT, { recursive: true });

/** Waits for the GTK save dialog titled `title`, types `path` into its name field and presses Enter. */
async function saveAs(driver, title, path) {
  await gtkDialog(driver, title);
  // The name field has the focus and the proposed name selected; a full path replaces it.
  await xdo('key', '--clearmodifiers', 'ctrl+a');
  await xdo('type', '--delay', '2', path);
  await xdo('key', 'Return');
  await gtkClosed(driver, title);
}

async function toast(driver, name) {
  const t = await driver.wait(until.elementLocated(By.css('[data-testid=toast]')), 10000, 'the export toast appears');
  const saved = new RegExp(`^Saved ${name.replace(/\./g, '\\.')} \\(\\d+ KB\\)`);
  await waitFor(driver, async () => saved.test(await textOf(t)), `the toast names ${name}`, 10000);
  return t;
}

await run('exports', async (driver) => {
  // Deployments as CSV.
  const csv = `${OUT}/deployments.csv`;
  await choose(driver, 'export-menu', 'Deployments (CSV)');
  await saveAs(driver, 'Export a table', csv);
  await toast(driver, 'deployments.csv');
  await shot(driver, '40-exported-csv');
  assert.ok(existsSync(csv), `${csv} exists`);
  const lines = readFileSync(csv, 'utf8').split(/\r?\n/).filter(Boolean);
  assert.match(lines[0], /^deployment_id,release_id,release_name,version,service,environment,start,end,/, `a header line: ${lines[0]}`);
  assert.equal(lines.length, 1 + 277, 'a header and one line per deployment');

  // The whole plan as JSON.
  await driver.findElement(By.css('[data-testid=toast] button[aria-label=Dismiss]')).click();
  const json = `${OUT}/plan.json`;
  await choose(driver, 'file-menu', 'Export JSON');
  await saveAs(driver, 'Export the plan as JSON', json);
  await toast(driver, 'plan.json');
  await shot(driver, '41-exported-json');
  const plan = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(plan.format, 'trainyard-plan');
  assert.equal(plan.deployments.length, 277);
  const edited = plan.deployments.find((d) => d.id === EDITS.edited);
  assert.equal(Date.parse(edited?.end), Date.parse(`${EDITS.editedEnd}:00+01:00`), `the export has the edited end: ${edited?.end}`);
  const release = plan.releases.find((r) => r.id === EDITS.release);
  assert.ok(release.approvals.some((a) => a.by === EDITS.approver), 'the export has the new approval');

  // Save as: the copy is the open plan now, with the history and audit trail.
  const footer = () => textOf(driver.findElement(By.css('footer.status')));
  const original = (await footer()).split(' · ')[0];
  const copy = `${OUT}/copy.trainyard`;
  await choose(driver, 'file-menu', 'Save as');
  await saveAs(driver, 'Save plan as', copy);
  await waitFor(driver, async () => (await footer()).startsWith(copy), 'the copy is the open plan');
  assert.ok(existsSync(copy), `${copy} exists`);
  assert.match(await driver.getTitle(), /^Trainyard — Demo: online shop, Q1 2027 — saved$/);
  await driver.findElement(By.css('[data-testid=tab-audit]')).click();
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=audit-entry]'))).length >= 6, 'the copy keeps the audit trail');

  // A new, empty plan.
  const fresh = `${OUT}/fresh.trainyard`;
  await choose(driver, 'file-menu', 'New plan');
  await saveAs(driver, 'New plan', fresh);
  await waitFor(driver, async () => (await footer()).startsWith(fresh), 'the new plan is open');
  await waitFor(driver, async () => /^Trainyard — fresh — saved$/.test(await driver.getTitle()), 'the title names the new plan');
  assert.equal(await textOf(driver.findElement(By.css('[data-testid=conflict-badge] .e'))), '0');
  await shot(driver, '42-new-plan');

  // Back to the original through File → recent plans.
  await driver.findElement(By.css('[data-testid=file-menu]')).click();
  const recent = await driver.wait(until.elementLocated(By.xpath(`//button[@data-testid="menu-recent"][contains(., "${original}")]`)), 3000, 'the original is among the recent plans');
  await recent.click();
  await waitFor(driver, async () => (await footer()).startsWith(original), 'the original plan is open again');
  await shot(driver, '43-reopened-from-recent');
});
