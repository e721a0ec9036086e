// Drawing a new deployment on the demo plan's calendar: a drag across an
// empty part of the Notifications lane (services of Production) draws an
// outline with its times; letting go opens the editor with that service and
// environment and the drawn times; a release is picked and saved, the bar
// appears in that lane at that time, and one Undo takes it away. A click
// draws nothing, Escape cancels a drawing, and N on a bar opens the editor
// for one right after it (cancelled: nothing is added).
import assert from 'node:assert/strict';
import { By, Key, Origin } from 'selenium-webdriver';
import { chooseOption, run, shot, textOf, today, undo, until, waitCounts, waitFor } from './lib.mjs';

const LANE = 'notifications';
const RELEASE = 'storefront-4.0.0';
const NEW = `${RELEASE}/${LANE}/prod`;
const EU = 'storefront-3.9.0/storefront/prod/eu'; // Tue 16 Feb 22:00–23:30 Berlin
// The week of 15 February, Berlin: Wednesday 17 Feb 10:00 is 58 h after Monday 00:00.
const WEEK_H = 7 * 24;

const editorOpen = async (driver) => (await driver.findElements(By.css('[data-testid=entity-editor]'))).length > 0;
const field = (driver, name) => driver.findElement(By.css(`[data-testid=entity-editor] [data-field="${name}"] :is(input, select)`));
const value = (el) => el.getDriver().executeScript('return arguments[0].value;', el);
const barInfo = (driver, id) => driver.executeScript(`const b = [...document.querySelectorAll('[data-id]')].find((e) => e.dataset.id === arguments[0]);
  return b ? { lane: b.closest('[data-lane]').dataset.lane, label: b.getAttribute('aria-label') } : null;`, id);

await run('draw', async (driver) => {
  await waitCounts(driver, 5, 3, 'the demo opens with its 5 errors and 3 warnings');
  await today(driver);
  await driver.wait(until.elementLocated(By.css(`[data-id="${EU}"]`)), 10000, 'the week of 15 February is shown');

  // Bring Wednesday morning into view and find it on the Notifications lane's track.
  const at = async (hours) => driver.executeScript(`const [lane, h, week] = arguments;
    const scroller = document.querySelector('.scroller');
    const track = document.querySelector('.lane[data-lane="' + lane + '"] > .track');
    const r = track.getBoundingClientRect();
    return { x: Math.round(r.left + (h / week) * r.width), y: Math.round(r.top + r.height / 2) };`, LANE, hours, WEEK_H);
  await driver.executeScript(`const s = document.querySelector('.scroller'), t = document.querySelector('.track');
    s.scrollLeft = (arguments[0] / arguments[1]) * t.getBoundingClientRect().width - 200;`, 56, WEEK_H);
  const a = await at(58 + 4 / 60); // 10:04 → snaps to 10:00
  const b = await at(60 - 5 / 60); // 11:55 → snaps to 12:00
  const empty = await driver.executeScript('const e = document.elementFromPoint(arguments[0], arguments[1]); return !!e.closest(".track") && !e.closest("[data-id]");', a.x, a.y);
  assert.ok(empty, 'Wednesday 10:00 on the Notifications lane is an empty part of the track');

  // A click draws nothing and opens nothing.
  await driver.actions({ async: true }).move({ origin: Origin.VIEWPORT, x: a.x, y: a.y }).click().perform();
  assert.equal((await driver.findElements(By.css('[data-testid=draw-outline]'))).length, 0, 'a click draws no outline');
  assert.equal(await editorOpen(driver), false, 'a click opens no editor');

  // Escape cancels a drawing.
  await driver.actions({ async: true }).move({ origin: Origin.VIEWPORT, x: a.x, y: a.y }).press()
    .move({ origin: Origin.VIEWPORT, x: a.x + 30, y: a.y }).move({ origin: Origin.VIEWPORT, x: b.x, y: b.y }).perform();
  await driver.wait(until.elementLocated(By.css('[data-testid=draw-outline]')), 3000, 'the outline appears');
  await driver.actions({ async: true }).sendKeys(Key.ESCAPE).perform();
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=draw-outline]'))).length === 0, 'Escape takes the outline away', 3000);
  await driver.actions({ async: true }).release().perform();
  assert.equal(await editorOpen(driver), false, 'a cancelled drawing opens no editor');

  // Draw Wednesday 10:00–12:00: the outline says so.
  await driver.actions({ async: true }).move({ origin: Origin.VIEWPORT, x: a.x, y: a.y }).press().perform();
  for (let i = 1; i <= 6; i++) {
    await driver.actions({ async: true }).move({ origin: Origin.VIEWPORT, x: Math.round(a.x + ((b.x - a.x) * i) / 6), y: a.y }).perform();
  }
  const outline = await driver.wait(until.elementLocated(By.css('[data-testid=draw-outline]')), 3000, 'the outline appears');
  await waitFor(driver, async () => /Wed,? 17 Feb 2027 10:00–12:00/.test(await textOf(outline)), 'the outline shows Wed 10:00–12:00', 3000);
  const inLane = await driver.executeScript('return arguments[0].closest("[data-lane]").dataset.lane;', outline);
  assert.equal(inLane, LANE, 'the outline is in the Notifications lane');
  await shot(driver, 'a0-drawing-a-deployment');
  await driver.actions({ async: true }).release().perform();

  // The editor: the lane's service, the view's environment, the drawn times in Berlin; the release to choose.
  await driver.wait(until.elementLocated(By.css('[data-testid=entity-editor]')), 5000, 'letting go opens the editor');
  assert.equal(await textOf(await driver.findElement(By.css('[data-testid=entity-editor] h2'))), 'New deployment');
  assert.equal(await value(await field(driver, 'service')), LANE);
  assert.equal(await value(await field(driver, 'environment')), 'prod');
  assert.equal(await value(await field(driver, 'start')), '2027-02-17T10:00');
  assert.equal(await value(await field(driver, 'end')), '2027-02-17T12:00');
  assert.equal(await value(await field(driver, 'release')), '', 'no release filter: the release is left to choose');
  await chooseOption(driver, await field(driver, 'release'), RELEASE);
  await waitFor(driver, async () => (await value(await field(driver, 'id'))) === NEW, 'the id follows the release, service and environment', 3000);
  await shot(driver, 'a1-new-deployment-form');
  await driver.findElement(By.css('[data-testid=entity-editor] footer button.primary')).click();

  // Saved: the bar is in the Notifications lane on Wednesday 10:00–12:00, one undoable edit.
  await waitFor(driver, async () => !(await editorOpen(driver)), 'the editor closes on save');
  const info = await waitFor(driver, () => barInfo(driver, NEW), 'the new bar appears');
  assert.equal(info.lane, LANE, 'in the lane it was drawn in');
  assert.match(info.label, /Wed,? 17 Feb 2027 10:00–12:00/, `at the drawn time: ${info.label}`);
  const undoTitle = await driver.findElement(By.css('[data-testid=undo]')).getAttribute('title');
  assert.match(undoTitle, new RegExp(NEW.replace(/[./]/g, '\\$&')), `Undo offers the new deployment: ${undoTitle}`);
  await shot(driver, 'a2-drawn-deployment-saved');

  await undo(driver);
  await waitFor(driver, async () => (await barInfo(driver, NEW)) === null, 'one Undo removes it');
  await waitCounts(driver, 5, 3, 'the plan is as it was');

  // N on a bar: a new one in its lane right after it; Cancel adds nothing.
  const bar = await driver.findElement(By.css(`[data-id="${EU}"]`));
  await driver.executeScript('arguments[0].focus();', bar);
  await bar.sendKeys('n');
  await driver.wait(until.elementLocated(By.css('[data-testid=entity-editor]')), 5000, 'N opens the editor');
  assert.equal(await value(await field(driver, 'service')), 'storefront');
  assert.equal(await value(await field(driver, 'start')), '2027-02-16T23:30');
  assert.equal(await value(await field(driver, 'end')), '2027-02-17T01:00');
  await shot(driver, 'a3-new-deployment-from-the-keyboard');
  await driver.findElement(By.xpath('//div[@data-testid="entity-editor"]//footer//button[normalize-space(.)="Cancel"]')).click();
  await waitFor(driver, async () => !(await editorOpen(driver)), 'Cancel closes the editor');
  const focused = await driver.executeScript('return document.activeElement?.dataset?.id ?? null;');
  assert.equal(focused, EU, 'focus returns to the bar');
  const redo = await driver.findElement(By.css('[data-testid=redo]')).getAttribute('title');
  assert.match(redo, /^Redo /, `the last edit is still the undone drawing: ${redo}`);
  assert.ok(redo.includes(NEW), `the last edit is still the undone drawing: ${redo}`);
  await waitCounts(driver, 5, 3, 'nothing was added');
});
