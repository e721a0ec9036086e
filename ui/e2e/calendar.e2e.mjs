// The calendar: the demo plan opens; a deployment dragged into a blackout
// turns red with a tooltip naming it, the drop lists the conflict, Ctrl+Z
// takes it back.
import assert from 'node:assert/strict';
import { By, Origin } from 'selenium-webdriver';
import { counts, run, shot, textOf, texts, undo, until, waitCounts, waitFor } from './lib.mjs';

const DEP = 'catalog-1.13.0/catalog/prod/eu'; // Thu 11 Mar 22:00 Berlin, clean

await run('calendar', async (driver) => {
  await waitCounts(driver, 5, 3, 'the demo opens with its 5 errors and 3 warnings');
  assert.match(await driver.getTitle(), /^Trainyard — Demo: online shop, Q1 2027 — saved$/);
  assert.equal((await texts(driver, '[data-testid=conflicts-panel] button.conflict')).length, 8, 'the panel lists the 8 conflicts');
  await shot(driver, '01-demo-opened');

  // The demo opens on its week with the most errors, 8 Mar, where the deployment is.
  assert.match(await textOf(driver.findElement(By.css('[data-testid=period-label]'))), /^8 – 14 Mar 2027$/);
  const bar = await driver.wait(until.elementLocated(By.css(`[data-id="${DEP}"]`)), 10000, 'the catalog deployment is shown');
  assert.match(await bar.getAttribute('aria-label'), /^Catalog 1\.13\.0 on Catalog in Production, Thu,? 11 Mar 2027 22:00/);
  await shot(driver, '02-week-of-8-march');

  // Drag it one day earlier, onto Wed 10 Mar: the company summit blackout.
  const dayPx = await driver.executeScript('return document.querySelector(".track").getBoundingClientRect().width / 7');
  await driver.actions({ async: true }).move({ origin: bar, x: 0, y: 0 }).press().perform();
  for (let i = 1; i <= 8; i++) {
    const step = Math.round((i * dayPx) / 8) - Math.round(((i - 1) * dayPx) / 8);
    await driver.actions({ async: true }).move({ origin: Origin.POINTER, x: -step, y: 0 }).perform();
  }
  // The preview follows the pointer: wait for the one at the final position.
  const tip = await driver.wait(until.elementLocated(By.css('[data-testid=drag-tooltip]')), 5000, 'the drag tooltip appears');
  await waitFor(driver, async () => /blackout/i.test(await textOf(tip)), 'the tooltip names the blackout', 5000);
  assert.match(await textOf(tip), /Company summit|summit/i, 'the tooltip names the window');
  assert.ok((await bar.getAttribute('class')).split(' ').includes('error'), 'the bar is red while dragging');
  await shot(driver, '03-dragging-into-blackout');
  await driver.actions({ async: true }).release().perform();

  await waitFor(driver, async () => { const c = await counts(driver); return c.listed && c.errors > 5; }, 'the error count goes up after the drop');
  const blackouts = await texts(driver, '[data-testid=conflicts-panel] button[data-rule=blackout]');
  const named = blackouts.filter((t) => t.startsWith('Catalog 1.13.0 · Catalog · Production'));
  assert.equal(named.length, 1, `a blackout conflict for the catalog deployment, by name: ${blackouts.join(' | ')}`);
  assert.match(named[0], /Wed,? 10 Mar 2027 22:00–22:45/, `with its time in the plan zone: ${named[0]}`);
  assert.ok(!named[0].includes(DEP), 'and without its id');
  assert.ok((await deploymentsOf(driver, 'blackout')).some((ids) => ids.includes(DEP)), 'the card keeps the id');
  assert.match(await bar.getAttribute('aria-label'), /Wed,? 10 Mar 2027 22:00.*has errors/);
  await shot(driver, '04-dropped-conflict-listed');

  // Undo with Ctrl+Z: the conflict goes.
  await undo(driver);
  await waitCounts(driver, 5, 3, 'undo restores the 5 errors');
  assert.ok(!(await deploymentsOf(driver, 'blackout')).some((ids) => ids.includes(DEP)), 'the catalog blackout conflict is gone');
  assert.match(await bar.getAttribute('aria-label'), /Thu,? 11 Mar 2027 22:00/);
  await shot(driver, '05-undone');
});

/** The deployment ids of each listed conflict of `rule`. */
async function deploymentsOf(driver, rule) {
  const ids = await driver.executeScript(
    'return Array.from(document.querySelectorAll(`[data-testid=conflicts-panel] button.conflict[data-rule=${arguments[0]}]`), (b) => b.dataset.deployments.split(" "));', rule);
  return ids;
}
