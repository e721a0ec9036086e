// Release governance in the real window, on a plan with a readiness template
// (imported from fixtures/governance.json): production is put on hold after
// a preview of what it stops, its deployments turn into on-hold errors, and
// lifting the hold takes them away; staging is booked for the weekly train by
// dragging across its lane, and the booking's band and conflict show; a
// missing checklist item ticked in the CAB view ends the not-ready error.
import assert from 'node:assert/strict';
import {
  By, chooseOption, importJson, run, shot, tab, textOf, texts, until, waitCounts, waitFor,
} from './lib.mjs';

const FIXTURE = new URL('./fixtures/governance.json', import.meta.url).pathname;

const rules = async (driver, rule) => (await texts(driver, `[data-testid=conflicts-panel] button[data-rule=${rule}]`)).length;

await run('governance', async (driver) => {
  // ---- Open the plan (File → Import JSON, then save it as a plan file) ----
  await importJson(driver, FIXTURE, /^Trainyard — Governed releases/);
  // Payments 7.2 lacks "Rollback rehearsed" two days before production.
  await waitCounts(driver, 1, 0, 'the plan opens with its one not-ready error');
  assert.equal(await rules(driver, 'not-ready'), 1);

  // ---- Put production on hold: the preview says what it stops ------------
  await driver.findElement(By.css('[data-testid=put-on-hold]')).click();
  const dialog = await driver.wait(until.elementLocated(By.css('[data-testid=hold-dialog]')), 5000, 'the hold dialog opens');
  assert.equal(await driver.findElement(By.css('[data-testid=hold-scope]')).getAttribute('value'), 'environment');
  assert.equal(await driver.findElement(By.css('[data-testid=hold-target]')).getAttribute('value'), 'prod', 'production by default');
  await driver.findElement(By.css('[data-testid=hold-reason]')).sendKeys('incident INC-4711');
  const count = await waitFor(driver, async () => {
    const t = await textOf(await driver.findElement(By.css('[data-testid=hold-count]')));
    return t === '2' && t;
  }, 'the preview counts the two production deployments');
  assert.equal(count, '2');
  assert.equal(await textOf(await driver.findElement(By.css('[data-testid=hold-errors]'))), '1 → 3');
  const held = await textOf(await dialog.findElement(By.css('[data-testid=hold-preview]')));
  assert.match(held, /Payments 7\.2 · Payments API · Production.*Thu,? 11 Mar 2027 10:00/);
  assert.match(held, /Web 3\.1 · Web shop · Production/);
  await shot(driver, '80-hold-preview');
  await driver.findElement(By.css('[data-testid=hold-confirm]')).click();
  await waitCounts(driver, 3, 0, 'the hold adds two on-hold errors');
  assert.equal(await rules(driver, 'on-hold'), 2);
  const band = await driver.wait(until.elementLocated(By.css('[data-testid=hold-band]')), 5000, 'the hold shows on the calendar');
  assert.match(await band.getAttribute('aria-label'), /^On hold: environment Production — incident INC-4711, from .* until lifted$/);
  assert.equal(await textOf(await driver.findElement(By.css('[data-testid=holds-count]'))), '1');
  await shot(driver, '81-production-on-hold');

  // ---- Lift it from the calendar (its tag opens the holds list) -------------
  await driver.findElement(By.css('.hold-tag')).click();
  await driver.wait(until.elementLocated(By.css('[data-testid=lift-hold]')), 3000).click();
  await waitCounts(driver, 1, 0, 'lifting the hold takes its errors away');
  assert.equal(await rules(driver, 'on-hold'), 0);
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=hold-band]'))).length === 0, 'the hold band goes');
  await shot(driver, '82-hold-lifted');
  await driver.findElement(By.css('[data-testid=holds-toggle]')).click();

  // ---- Book staging for the weekly train by dragging across Tuesday -------
  await driver.findElement(By.css('[data-testid=book-mode]')).click();
  const lane = await driver.wait(until.elementLocated(By.css('[data-testid=book-lane][data-lane=staging]')), 5000, 'environment lanes take the drag');
  const w = await driver.executeScript('return arguments[0].getBoundingClientRect().width', lane);
  // The week runs Mon–Sun: Tuesday is the second seventh; the centre is the origin.
  const x = (fraction) => Math.round(w * (fraction - 0.5));
  await driver.actions({ async: true }).move({ origin: lane, x: x(1 / 7 + 0.02), y: 0 }).press().perform();
  for (let i = 1; i <= 6; i++) {
    await driver.actions({ async: true }).move({ origin: lane, x: x(1 / 7 + 0.02 + (i * (1 / 7 - 0.04)) / 6), y: 0 }).perform();
  }
  await driver.actions({ async: true }).release().perform();
  await driver.wait(until.elementLocated(By.css('[data-testid=booking-dialog]')), 5000, 'letting go opens the booking dialog');
  assert.match(await textOf(await driver.findElement(By.css('[data-testid=booking-when]'))), /Tue,? 9 Mar 2027/);
  await chooseOption(driver, await driver.findElement(By.css('[data-testid=booking-holder]')), 'weekly');
  assert.equal(await driver.findElement(By.css('[data-testid=booking-exclusive]')).isSelected(), true, 'exclusive by default');
  await shot(driver, '83-booking-dialog');
  await driver.findElement(By.css('[data-testid=booking-save]')).click();
  const booking = await driver.wait(until.elementLocated(By.css('.lane[data-lane=staging] [data-testid=booking-band]')), 5000, 'the booking shows on the staging lane');
  assert.match(await booking.getAttribute('aria-label'), /^Booked exclusively by train Weekly train, Tue,? 9 Mar 2027/);
  // Web 3.1 does not travel on the weekly train: its staging deployment clashes.
  await waitCounts(driver, 2, 0, 'the exclusive booking clashes with Web 3.1 in staging');
  assert.equal(await rules(driver, 'booking-conflict'), 1);
  await shot(driver, '84-staging-booked');

  // ---- Tick the missing checklist item in the CAB view ----------------------
  await tab(driver, 'cab');
  await chooseOption(driver, await driver.findElement(By.css('[data-testid=cab-release]')), 'pay-7.2');
  const row = await driver.wait(until.elementLocated(By.css('[data-testid=checklist-item][data-item=rollback]')), 5000, 'the missing item is listed');
  assert.match(await textOf(row), /Rollback rehearsed.*missing.*9 Mar 2027, 10:00/);
  assert.match(await textOf(await driver.findElement(By.css('[data-testid=checklist-summary]'))), /1 of 2 done · 1 missing/);
  await shot(driver, '85-cab-checklist-missing');
  await row.findElement(By.css('[data-testid=item-done]')).click();
  await waitCounts(driver, 1, 0, 'the not-ready error goes');
  assert.equal(await rules(driver, 'not-ready'), 0);
  await waitFor(driver, async () => /2 of 2 done · ready/.test(await textOf(await driver.findElement(By.css('[data-testid=checklist-summary]')))), 'the checklist is complete');
  await shot(driver, '86-cab-checklist-done');
});
