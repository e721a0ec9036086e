// End-to-end: the real app binary under Xvfb, driven through tauri-driver +
// WebKitWebDriver. Run via ./run.sh (it sets up the display, fresh XDG dirs
// and the driver). Saves screenshots to $SHOTS (default ui/e2e/shots).
import { Builder, By, Key, Origin, until } from 'selenium-webdriver';
import { mkdirSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const APP = process.env.TRAINYARD_APP ?? new URL('../../target/debug/trainyard-app', import.meta.url).pathname;
const SHOTS = process.env.SHOTS ?? new URL('./shots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

const DEP = 'catalog-1.13.0/catalog/prod/eu'; // Thu 11 Mar 22:00 Berlin, clean
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const driver = await new Builder()
  .usingServer('http://127.0.0.1:4444/')
  .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP } })
  .build();

async function shot(name) {
  await sleep(500);
  writeFileSync(`${SHOTS}/${name}.png`, await driver.takeScreenshot(), 'base64');
  console.log(`screenshot ${SHOTS}/${name}.png`);
}
async function errors() {
  return Number(await driver.findElement(By.css('[data-testid=conflict-badge] .e')).getText());
}

try {
  const badge = await driver.wait(until.elementLocated(By.css('[data-testid=conflict-badge]')), 20000);
  await driver.wait(async () => (await errors()) === 5, 10000, 'the demo opens with its 5 errors');
  assert.match(await driver.getTitle(), /^Trainyard — /);
  await shot('01-demo-opened');

  // The demo opens on the week of 15 Feb; the deployment is in the week of 8 Mar.
  for (let i = 0; i < 3; i++) {
    await driver.findElement(By.css('button[aria-label="Next week"]')).click();
    await sleep(150);
  }
  const bar = await driver.wait(until.elementLocated(By.css(`[data-id="${DEP}"]`)), 10000);
  assert.match(await bar.getAttribute('aria-label'), /Catalog/);
  await shot('02-week-of-8-march');

  // Drag it one day earlier, onto Wed 10 Mar: the company summit blackout.
  const dayPx = await driver.executeScript(
    'return document.querySelector(".track").getBoundingClientRect().width / 7');
  const actions = driver.actions({ async: true });
  await actions.move({ origin: bar, x: 0, y: 0 }).press().perform();
  for (let i = 1; i <= 8; i++) {
    await driver.actions({ async: true }).move({ origin: Origin.POINTER, x: -Math.round(dayPx / 8), y: 0 }).perform();
    await sleep(40);
  }
  await driver.wait(async () => (await bar.getAttribute('class')).includes('error'), 5000, 'the bar turns red while dragging');
  const tip = await driver.findElement(By.css('[data-testid=drag-tooltip]')).getText();
  assert.match(tip, /blackout/i, 'the tooltip names the blackout');
  await shot('03-dragging-into-blackout');
  await driver.actions({ async: true }).release().perform();

  await driver.wait(async () => (await errors()) > 5, 5000, 'the conflict count goes up after the drop');
  const blackouts = await driver.findElements(By.css('[data-testid=conflicts-panel] button[data-rule=blackout]'));
  const texts = await Promise.all(blackouts.map((b) => b.getText()));
  assert.ok(texts.some((t) => /catalog/i.test(t)), `a blackout conflict for the catalog deployment: ${texts.join(' | ')}`);
  await shot('04-dropped-conflict-listed');

  // Undo with Ctrl+Z: the conflict goes.
  await driver.findElement(By.css('body')).sendKeys(Key.chord(Key.CONTROL, 'z'));
  await driver.wait(async () => (await errors()) === 5, 5000, 'undo restores the 5 errors');
  await shot('05-undone');
  console.log('e2e: ok');
} finally {
  await driver.quit();
}
