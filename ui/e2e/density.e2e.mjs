// A lane too full to draw bar by bar, in the real window: a plan whose
// Checkout service deploys four times a day (fixtures/busy-month.json) is
// imported; at month zoom Checkout is drawn as a density band (its slices'
// counts, the overlap's error at the foot) while Search keeps its bars;
// "Show bars" draws Checkout's 113 bars and "Count" folds them again; a click
// on the band zooms into that week, where every bar is drawn. No axe
// violation with the band on screen.
import assert from 'node:assert/strict';
import { axeViolations } from './axe.mjs';
import { Origin } from 'selenium-webdriver';
import { By, importJson, run, shot, textOf, today, until, waitFor } from './lib.mjs';

const FIXTURE = new URL('./fixtures/busy-month.json', import.meta.url).pathname;
const band = (driver) => driver.findElements(By.css('[data-testid=density-band][data-lane=checkout]'));
const barsIn = (driver, lane) => driver.executeScript(
  'return document.querySelectorAll(`[data-lane="${arguments[0]}"] [data-id]`).length', lane);
const period = (driver) => driver.findElement(By.css('[data-testid=period-label]')).getText();

await run('density', async (driver) => {
  await importJson(driver, FIXTURE, /^Trainyard — Busy month/);

  // Week zoom: 28 bars a week fit; nothing is counted.
  await today(driver);
  await waitFor(driver, async () => (await barsIn(driver, 'checkout')) >= 20, 'the week draws Checkout bar by bar');
  assert.equal((await band(driver)).length, 0, 'no band at week zoom');

  // Month zoom (February: 28 days without a clock change, so six-hour slices fall on the hour): Checkout's 113 bars are counted, Search's 4 are drawn.
  await driver.findElement(By.xpath('//button[normalize-space(.)="Month"]')).click();
  await waitFor(driver, async () => (await band(driver)).length === 1, 'Checkout is drawn as a density band at month zoom');
  const [b] = await band(driver);
  assert.match(await b.getAttribute('aria-label'),
    /^Checkout: too many deployments to draw one by one; busiest .+ with \d+; errors in 1 of \d+ slices$/);
  assert.equal(await barsIn(driver, 'checkout'), 0, 'no Checkout bar is drawn');
  assert.equal(await barsIn(driver, 'search'), 4, 'Search keeps its 4 bars');
  const errorPath = await driver.findElement(By.css('[data-testid=density-band] path.error')).getAttribute('d');
  assert.equal(errorPath.match(/M/g).length, 1, `the overlap on 10 February is the one slice with errors: ${errorPath}`);
  // The pointer over 10 February 06:15 UTC names that slice and its counts.
  const MONTH = [Date.parse('2027-01-31T23:00:00Z'), Date.parse('2027-02-28T23:00:00Z')]; // February in Berlin
  const at = (Date.parse('2027-02-10T06:15:00Z') - MONTH[0]) / (MONTH[1] - MONTH[0]);
  await driver.executeScript('const sc = document.querySelector(".scroller"); const r = arguments[0].getBoundingClientRect(); sc.scrollLeft += r.left + r.width * arguments[1] - sc.getBoundingClientRect().left - 500;', b, at);
  const box = await driver.executeScript('const r = arguments[0].getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height };', b);
  await driver.actions({ async: true }).move({ origin: Origin.VIEWPORT, x: Math.round(box.x + box.w * at), y: Math.round(box.y + box.h / 2) }).perform();
  await waitFor(driver, async () => /\(2 with errors\)$/.test(await driver.executeScript('return arguments[0].querySelector("title").textContent', b)),
    'the tooltip names the slice under the pointer');
  const tip = await driver.executeScript('return arguments[0].querySelector("title").textContent', b);
  // The 07:00 and 10:00 builds and the hotfix, which overlaps the first.
  assert.match(tip, /^Wed, 10 Feb 2027 06:00–12:00: 3 deployments \(2 with errors\)$/, tip);
  const violations = await axeViolations(driver);
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), [], 'no axe violation with the band');
  await shot(driver, 'b0-density-band-month');

  // Show bars / Count.
  await driver.findElement(By.css('[data-testid=show-bars]')).click();
  await waitFor(driver, async () => (await barsIn(driver, 'checkout')) === 113, 'Show bars draws all 113 Checkout bars');
  assert.equal((await band(driver)).length, 0);
  await shot(driver, 'b1-density-lane-expanded');
  await driver.findElement(By.css('[data-testid=count-bars]')).click();
  await waitFor(driver, async () => (await band(driver)).length === 1, 'Count folds them into the band again');

  // A click on the band (near its start: the first days of February) zooms into that week, bar by bar.
  const month = await period(driver);
  await driver.executeScript('document.querySelector(".scroller").scrollLeft = 0;');
  const r = await driver.executeScript('const r = arguments[0].getBoundingClientRect(); return { x: r.x, y: r.y, h: r.height };', (await band(driver))[0]);
  await driver.actions({ async: true }).move({ origin: Origin.VIEWPORT, x: Math.round(r.x + 40), y: Math.round(r.y + r.h / 2) }).click().perform();
  await waitFor(driver, async () => (await period(driver)) !== month, 'the click zooms in');
  assert.match(await textOf(await driver.findElement(By.css('[data-testid=period-label]'))), /Feb 2027/);
  await waitFor(driver, async () => (await barsIn(driver, 'checkout')) >= 20, 'the week is drawn bar by bar');
  assert.equal((await band(driver)).length, 0);
});
