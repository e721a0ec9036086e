// File → Import calendar… in the real window: the native GTK open dialog
// (driven with xdotool), the preview dialog with its choices, Import, the
// toast and the refreshed conflicts; importing the same calendar again
// changes nothing; Escape closes the dialog; undo takes the import back.
import assert from 'node:assert/strict';
import { By, choose, chooseFile, counts, run, shot, textOf, texts, undo, until, waitFor } from './lib.mjs';

const ICS = new URL('../../crates/trainyard-report/tests/fixtures/google-maintenance.ics', import.meta.url).pathname;
const TITLE = 'Import a calendar';

/** File → Import calendar…, then the file typed into the GTK open dialog's location field. */
async function pickCalendar(driver) {
  await choose(driver, 'file-menu', 'Import calendar');
  await chooseFile(driver, TITLE, ICS);
  return driver.wait(until.elementLocated(By.css('[data-testid=calendar-import]')), 10000, 'the preview dialog opens');
}

const summaryText = (driver) => textOf(driver.findElement(By.css('[data-testid=import-summary]')));

await run('calendar-import', async (driver) => {
  const before = await counts(driver);
  const dialog = await pickCalendar(driver);
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await textOf(driver.findElement(By.css('#ci-title'))), 'Import calendar google-maintenance.ics');
  await waitFor(driver, async () => (await summaryText(driver)).startsWith('3 to add, 0 to change, 0 to remove'), 'the preview lists three windows');

  // Blackouts in production only: the preview is asked for again.
  await driver.findElement(By.css('[data-testid=calendar-import] input[name=environments][value=prod]')).click();
  await waitFor(driver, async () => (await summaryText(driver)).startsWith('3 to add'), 'the preview follows the scope');
  const rows = await driver.findElements(By.css('[data-testid=import-row]'));
  assert.equal(rows.length, 3);
  const [action, window, kind, first] = await texts(driver, '[data-testid=import-row]:first-child td');
  assert.deepEqual([action, kind, first], ['Add', 'blackout', 'Tue 5 Jan 2027 22:00 (+01:00)']);
  assert.equal(window, 'Platform maintenance windowics-5f8kq3vd1o2h7c9j4m6n0p1r3s@google.com', 'the name and the id');
  await shot(driver, '50-import-calendar-preview');

  await driver.findElement(By.css('[data-testid=import-apply]')).click();
  const toast = await driver.wait(until.elementLocated(By.css('[data-testid=toast]')), 20000, 'the import toast appears');
  await waitFor(driver, async () => (await textOf(toast)).startsWith('Imported google-maintenance.ics: 3 windows added, 0 changed, 0 removed.'), 'the toast counts the windows');
  assert.equal((await driver.findElements(By.css('[data-testid=calendar-import]'))).length, 0, 'the dialog closes');
  // The demo's production deployments on Tuesday nights now fall in the blackouts.
  await waitFor(driver, async () => {
    const c = await counts(driver);
    return c.listed && c.errors > before.errors;
  }, 'the badge and the conflicts panel show the new blackout conflicts');
  await shot(driver, '51-imported-calendar');

  // The same calendar again: nothing to import; Escape closes the dialog.
  await driver.findElement(By.css('[data-testid=toast] button[aria-label=Dismiss]')).click();
  await pickCalendar(driver);
  await driver.findElement(By.css('[data-testid=calendar-import] input[name=environments][value=prod]')).click();
  await waitFor(driver, async () => /^0 to add, 0 to change, 0 to remove, 3 unchanged/.test(await summaryText(driver)), 'every window is up to date');
  assert.equal(await driver.findElement(By.css('[data-testid=import-apply]')).isEnabled(), false);
  await driver.findElement(By.css('[data-testid=calendar-import]')).sendKeys('\uE00C');
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=calendar-import]'))).length === 0, 'Escape closes the dialog');

  // Undo takes the three windows back as one edit.
  await undo(driver);
  await waitFor(driver, async () => {
    const c = await counts(driver);
    return c.listed && c.errors === before.errors && c.warnings === before.warnings;
  }, 'undo restores the conflicts');
});
