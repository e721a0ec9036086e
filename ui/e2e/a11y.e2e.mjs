// Accessibility in the real window: axe-core (WCAG 2.0 and 2.1, levels A and
// AA) on every view and every dialog, injected into the WebKit page. Fails
// listing each violation's rule, the elements and axe's summary. Also takes
// the screenshots of the calendar's legend, overview strip, a selection and a
// conflict card that go with them.
import assert from 'node:assert/strict';
import { axeViolations } from './axe.mjs';
import { By, Key, choose, chooseFile, run, shot, tab, today, until, waitFor } from './lib.mjs';

const ICS = new URL('../../crates/trainyard-report/tests/fixtures/google-maintenance.ics', import.meta.url).pathname;

/** Violations by the view or dialog they were found in. */
const found = new Map();

/** Runs axe on the whole document and records what it finds under `name`. */
async function audit(driver, name) {
  const result = await axeViolations(driver).catch((e) => { throw new Error(`${name}: ${e.message}`); });
  found.set(name, result);
  const nodes = result.reduce((n, v) => n + v.nodes.length, 0);
  console.log(`  ${name}: ${result.length} rules violated, ${nodes} elements`);
  for (const v of result) {
    for (const n of v.nodes) console.log(`    ${v.id}: ${n.target}: ${n.summary.replace(/\s+/g, ' ').slice(0, 220)}`);
  }
}

/** Escape on `keysTo` (else the focused element) closes what `css` finds. */
async function closeWithEscape(driver, css, what, keysTo = null) {
  const target = keysTo ? await driver.findElement(By.css(keysTo)) : await driver.switchTo().activeElement();
  await target.sendKeys(Key.ESCAPE);
  await waitFor(driver, async () => (await driver.findElements(By.css(css))).length === 0, `${what} closes`);
}

await run('a11y', async (driver) => {
  await driver.manage().setTimeouts({ script: 60000 });

  // ---- The calendar, its legend, the overview strip and a conflict card ----
  await driver.wait(until.elementLocated(By.css('[data-testid=overview-strip]')), 10000, 'the overview strip shows');
  await driver.wait(until.elementLocated(By.css('[data-id]')), 10000, 'the opening week has deployments');
  await audit(driver, 'calendar');
  await shot(driver, '40-calendar-overview-strip');

  const toggle = await driver.findElement(By.css('[data-testid=legend-toggle]'));
  await driver.executeScript('arguments[0].focus()', toggle);
  await toggle.sendKeys(Key.ENTER);
  await driver.wait(until.elementLocated(By.css('[data-testid=legend]')), 3000, 'Enter on Legend opens it');
  await audit(driver, 'calendar: legend open');
  await shot(driver, '41-calendar-legend');
  await driver.findElement(By.css('[data-testid=legend] .close')).sendKeys(Key.ESCAPE);
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=legend]'))).length === 0, 'Escape closes the legend');
  assert.equal(await driver.executeScript('return document.activeElement?.dataset.testid'), 'legend-toggle', 'focus goes back to the toggle');

  // Two bars selected with Space: pressed buttons, their ring, the status line.
  const [first, second] = await driver.findElements(By.css('.bar[data-id]'));
  for (const b of [first, second]) {
    await driver.executeScript('arguments[0].focus()', b);
    await b.sendKeys(Key.SPACE);
  }
  await waitFor(driver, async () => (await driver.findElements(By.css('.bar[aria-pressed=true]'))).length === 2, 'Space selects two bars');
  await audit(driver, 'calendar: two bars selected');
  await shot(driver, '43-calendar-selection');
  await second.sendKeys(Key.ESCAPE);
  await waitFor(driver, async () => (await driver.findElements(By.css('.bar[aria-pressed]'))).length === 0, 'Escape clears the selection');

  const card = await driver.findElement(By.css('[data-testid=conflicts-panel] button.conflict[data-rule=overlap]'));
  await card.click();
  const detail = await driver.wait(until.elementLocated(By.css('[data-testid=conflict-detail]')), 3000, 'the card opens');
  await detail.findElement(By.css('[data-testid=conflict-ids] summary')).click();
  await audit(driver, 'calendar: conflict card open');
  await shot(driver, '42-conflict-card');
  await card.click();

  // Lanes by team in the week of Presidents' Day: two teams away.
  await today(driver);
  await driver.findElement(By.css('[data-testid=lanes-team]')).click();
  await driver.wait(until.elementLocated(By.css('[data-testid=unavailable-band]')), 5000, 'a team\'s day away shows');
  await audit(driver, 'calendar: lanes by team, teams away');
  await driver.findElement(By.css('[data-testid=lanes-service]')).click();

  await driver.findElement(By.css('[data-testid=file-menu]')).click();
  await driver.wait(until.elementLocated(By.css('[role=menu]')), 3000, 'the File menu opens');
  await audit(driver, 'file menu');
  await closeWithEscape(driver, '[role=menu]', 'the menu', '[role=menu] [role=menuitem]');
  await driver.findElement(By.css('[data-testid=export-menu]')).click();
  await driver.wait(until.elementLocated(By.css('[role=menu]')), 3000, 'the Export menu opens');
  await audit(driver, 'export menu');
  await closeWithEscape(driver, '[role=menu]', 'the menu', '[role=menu] [role=menuitem]');

  // ---- The other views ------------------------------------------------------
  await tab(driver, 'matrix');
  await driver.wait(until.elementLocated(By.css('[data-testid=matrix-count]')), 8000, 'the matrix shows');
  const modes = await driver.findElements(By.css('button[aria-pressed]'));
  const labels = [];
  for (const m of modes) labels.push(await m.getText());
  for (const label of labels.filter((l) => /service|release/i.test(l))) {
    await driver.findElement(By.xpath(`//button[@aria-pressed][normalize-space()="${label}"]`)).click();
    await audit(driver, `dependencies: ${label}`);
  }

  await tab(driver, 'cab');
  await driver.wait(until.elementLocated(By.css('[data-testid=risk-score]')), 8000, 'the CAB view shows');
  await audit(driver, 'CAB');

  await tab(driver, 'audit');
  await driver.wait(until.elementLocated(By.css('table, [role=table], li')), 8000);
  await audit(driver, 'audit log');

  await tab(driver, 'entities');
  await driver.wait(until.elementLocated(By.css('[data-testid=entities-view]')), 8000, 'the entities view shows');
  const kinds = await driver.executeScript(
    'return Array.from(document.querySelectorAll(\'[role=tablist][aria-label="Entity kind"] [role=tab]\'), (t) => t.id);');
  for (const id of kinds) {
    await driver.findElement(By.id(id)).click();
    await audit(driver, `entities: ${id.replace(/^tab-/, '')}`);
    const edit = await driver.findElements(By.css('[data-testid=entities-view] button[aria-label^="Edit "]'));
    if (edit.length) {
      await edit[0].click();
      await driver.wait(until.elementLocated(By.css('[data-testid=entity-editor]')), 5000, 'the editor opens');
      await audit(driver, `editor: ${id.replace(/^tab-/, '')}`);
      await closeWithEscape(driver, '[data-testid=entity-editor]', 'the editor');
    }
  }

  // ---- Dialogs --------------------------------------------------------------
  await choose(driver, 'file-menu', 'Open team plan');
  await driver.wait(until.elementLocated(By.css('[data-testid=team-open]')), 3000, 'the team dialog opens');
  await audit(driver, 'dialog: open team plan');
  await closeWithEscape(driver, '[data-testid=team-open]', 'the team dialog');

  await choose(driver, 'file-menu', 'Import calendar');
  await chooseFile(driver, 'Import a calendar', ICS);
  await driver.wait(until.elementLocated(By.css('[data-testid=calendar-import]')), 10000, 'the import preview opens');
  await audit(driver, 'dialog: import calendar');
  await closeWithEscape(driver, '[data-testid=calendar-import]', 'the import dialog');

  // ---- The verdict ------------------------------------------------------------
  const lines = [];
  for (const [name, violations] of found) {
    for (const v of violations) {
      lines.push(`${name}: ${v.id} (${v.impact}) ${v.help}`);
      for (const n of v.nodes.slice(0, 6)) lines.push(`    ${n.target}: ${n.summary.replace(/\s+/g, ' ')}`);
      if (v.nodes.length > 6) lines.push(`    … and ${v.nodes.length - 6} more`);
    }
  }
  console.log(`  axe: ${[...found].map(([n, v]) => `${n} ${v.reduce((k, x) => k + x.nodes.length, 0)}`).join(', ')}`);
  assert.equal(lines.length, 0, `axe found violations:\n${lines.join('\n')}`);
});
