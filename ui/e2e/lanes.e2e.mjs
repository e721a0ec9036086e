// The calendar at enterprise scale, on the demo plan: lanes by team and by
// train, a filter to one train (its bars and its conflicts only), a second
// time zone's row on the axis, and a whole release moved by Shift+drag as one
// edit that one Undo takes back.
import assert from 'node:assert/strict';
import { By, Key, Origin } from 'selenium-webdriver';
import { run, shot, texts, textOf, today, undo, until, waitCounts, waitFor } from './lib.mjs';

const EU = 'storefront-3.9.0/storefront/prod/eu'; // Tue 16 Feb 22:00 Berlin, Web train, team Web Experience
const US = 'storefront-3.9.0/storefront/prod/us'; // Thu 18 Feb 22:00 Berlin, same release
const COMMERCE = 'customer-profile-1.6.0/customer-profile/prod/eu'; // Commerce train, team Identity & Access

const click = async (driver, css) => (await driver.wait(until.elementLocated(By.css(css)), 5000, css)).click();
const laneOf = (driver, id) => driver.executeScript(
  'const b = [...document.querySelectorAll("[data-id]")].find((e) => e.dataset.id === arguments[0]); return b ? b.closest("[data-lane]").dataset.lane : null;', id);
const laneNames = (driver) => texts(driver, '.lane > .label');
const barLabel = (driver, id) => driver.executeScript(
  'const b = [...document.querySelectorAll("[data-id]")].find((e) => e.dataset.id === arguments[0]); return b ? b.getAttribute("aria-label") : null;', id);

await run('lanes', async (driver) => {
  await waitCounts(driver, 5, 3, 'the demo opens with its 5 errors and 3 warnings');
  await today(driver); // the demo opens on its busiest week; Today is 15 February
  await driver.wait(until.elementLocated(By.css(`[data-id="${EU}"]`)), 10000, 'the week of 15 February is shown');

  // Lanes by team: each bar in its service's team's lane.
  await click(driver, '[data-testid=lanes-team]');
  await waitFor(driver, async () => (await laneOf(driver, EU)) === 'web', 'the storefront bar is in the Web Experience lane');
  assert.equal(await laneOf(driver, COMMERCE), 'identity');
  const teams = await laneNames(driver);
  for (const t of ['Web Experience', 'Platform Core', 'Commerce', 'Search & Data']) assert.ok(teams.includes(t), `a lane for ${t}: ${teams.join(', ')}`);
  assert.ok(!teams.includes('No team'), 'every demo service has a team: no "No team" lane');
  assert.match(await textOf(await driver.findElement(By.css('.corner-title'))), /^Team · Production/);
  await shot(driver, '90-lanes-by-team');

  // Lanes by train.
  await click(driver, '[data-testid=lanes-train]');
  await waitFor(driver, async () => (await laneOf(driver, EU)) === 't-web', 'the storefront bar is in the Web train lane');
  assert.equal(await laneOf(driver, COMMERCE), 't-commerce');
  assert.deepEqual((await laneNames(driver)).slice(0, 3), ['Web train', 'Platform train', 'Commerce train']);
  await shot(driver, '91-lanes-by-train');

  // Filter to the Commerce train: only its bars, and only the conflicts it is in.
  await click(driver, '[data-testid=filter-trains]');
  const commerce = await driver.wait(until.elementLocated(By.xpath('//div[@data-testid="filter-bar"]//label[normalize-space(.)="Commerce train"]/input')), 3000);
  await commerce.click();
  await waitFor(driver, async () => (await barLabel(driver, EU)) === null, 'the Web train bars go');
  assert.ok(await barLabel(driver, COMMERCE), 'the Commerce train bar stays');
  assert.deepEqual(await laneNames(driver), ['Commerce train'], 'lanes without a bar that passes the filter are left out');
  assert.equal(await textOf(await driver.findElement(By.css('[data-testid=filter-count]'))), '1 filter on');
  await waitFor(driver, async () => (await texts(driver, '[data-testid=conflicts-panel] button.conflict')).length < 8, 'the panel lists fewer conflicts');
  const listed = await texts(driver, '[data-testid=conflicts-panel] button.conflict');
  assert.ok(listed.some((t) => t.includes('Fraud scoring 2.1.0') && t.includes('Month-end close')), `the Commerce train's month-end blackout is listed: ${listed.join(' | ')}`);
  assert.equal((await texts(driver, '[data-testid=conflicts-panel] button[data-rule=overlap]')).length, 0, 'the storefront overlap (Web train) is not');
  await driver.findElement(By.css('body')).sendKeys(Key.ESCAPE);
  await shot(driver, '92-filtered-to-commerce-train');
  await click(driver, '[data-testid=filter-clear]');
  await waitFor(driver, async () => (await barLabel(driver, EU)) !== null, 'Clear brings the Web train bars back');
  await waitFor(driver, async () => (await texts(driver, '[data-testid=conflicts-panel] button.conflict')).length === 8, 'and all 8 conflicts');

  // A second zone: New York's hours under the axis (its midnight is 06:00 in Berlin).
  await click(driver, '[data-testid=lanes-service]');
  const zone = await driver.findElement(By.css('[data-testid=second-zone]'));
  await zone.sendKeys('America/New_York', Key.ENTER);
  const row = await driver.wait(until.elementLocated(By.css('[data-testid=second-zone-row]')), 5000, 'the second zone row appears');
  assert.match(await textOf(row), /Mon 15/);
  assert.equal(await textOf(await driver.findElement(By.css('[data-testid=second-zone-name]'))), '+ America/New_York');
  const at = await driver.executeScript(`const cells = [...document.querySelectorAll('[data-testid=second-zone-row] .cell')];
    const c = cells.find((e) => e.textContent === 'Mon 15'); return parseFloat(c.style.left);`);
  assert.ok(Math.abs(at - (6 / 168) * 100) < 0.01, `New York's midnight sits at Berlin's 06:00 (${at}%)`);
  await shot(driver, '93-second-zone-new-york');

  // Shift+drag the EU wave of Storefront 3.9.0 one day later: the US wave moves with it.
  const bar = await driver.findElement(By.css(`[data-id="${EU}"]`));
  const dayPx = await driver.executeScript('return document.querySelector(".track").getBoundingClientRect().width / 7');
  await driver.actions({ async: true }).keyDown(Key.SHIFT).move({ origin: bar, x: 0, y: 0 }).press().perform();
  for (let i = 1; i <= 8; i++) {
    const step = Math.round((i * dayPx) / 8) - Math.round(((i - 1) * dayPx) / 8);
    await driver.actions({ async: true }).move({ origin: Origin.POINTER, x: step, y: 0 }).perform();
  }
  const tip = await driver.wait(until.elementLocated(By.css('[data-testid=drag-tooltip]')), 5000, 'the drag tooltip appears');
  await waitFor(driver, async () => /Wed,? 17 Feb/.test(await textOf(tip)) && /Outside maintenance windows/i.test(await textOf(tip)),
    'the tooltip shows the new time and that the release would leave its maintenance windows', 5000);
  assert.match(await textOf(tip), /Moving \d+ deployments of Storefront 3\.9\.0/, 'the tooltip names the release');
  assert.doesNotMatch(await textOf(tip), /storefront-3\.9\.0\//, 'and no deployment by its id');
  assert.ok((await bar.getAttribute('class')).split(' ').includes('error'), 'the grabbed bar is red');
  const us = await driver.findElement(By.css(`[data-id="${US}"]`));
  await waitFor(driver, async () => (await us.getAttribute('class')).split(' ').includes('grouped'), 'the US wave moves with it');
  const [euLeft, usLeft] = await driver.executeScript(`const at = (id) => [...document.querySelectorAll('[data-id]')].find((e) => e.dataset.id === id).getBoundingClientRect().left;
    return [at(arguments[0]), at(arguments[1])];`, EU, US);
  assert.ok(Math.abs(usLeft - euLeft - 2 * dayPx) < 3, `the gap of two days stays (${usLeft - euLeft} px, a day is ${dayPx} px)`);
  await shot(driver, '94-shift-dragging-a-release');
  await driver.actions({ async: true }).release().keyUp(Key.SHIFT).perform();

  await waitFor(driver, async () => /Wed,? 17 Feb 2027 22:00/.test(await barLabel(driver, EU) ?? ''), 'the EU wave is on Wednesday');
  await waitFor(driver, async () => /Fri,? 19 Feb 2027 22:00/.test(await barLabel(driver, US) ?? ''), 'the US wave is on Friday');
  const undoTitle = await waitFor(driver, async () => {
    const t = await driver.findElement(By.css('[data-testid=undo]')).getAttribute('title');
    return /storefront-3\.9\.0/.test(t) && t;
  }, 'the Undo button offers the release move');
  assert.match(undoTitle, /^Undo move storefront-3\.9\.0 \(\d+ deployments\)/, `one edit for the release: ${undoTitle}`);
  await shot(driver, '95-release-moved');

  await undo(driver);
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:00/.test(await barLabel(driver, EU) ?? ''), 'one undo puts the EU wave back');
  assert.match(await barLabel(driver, US), /Thu,? 18 Feb 2027 22:00/, 'and the US wave');
  await waitCounts(driver, 5, 3, 'the plan is as it was');
  await shot(driver, '96-undone');
});
