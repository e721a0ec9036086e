// The calendar at enterprise scale, on the demo plan: lanes by team (with
// the teams' unavailability) and by train, a filter to one train (its bars
// and its conflicts only), a second time zone's row on the axis, a whole
// release moved by Shift+drag as one edit that one Undo takes back, and the
// same for bars of two releases selected with Ctrl+click and dragged
// together, for a selection moved with Alt+→ and for a release moved with
// Alt+→.
import assert from 'node:assert/strict';
import { By, Key, Origin } from 'selenium-webdriver';
import { ctrlClick, run, shot, texts, textOf, today, undo, until, waitCounts, waitFor } from './lib.mjs';

const EU = 'storefront-3.9.0/storefront/prod/eu'; // Tue 16 Feb 22:00 Berlin, Web train, team Web Experience
const US = 'storefront-3.9.0/storefront/prod/us'; // Thu 18 Feb 22:00 Berlin, same release
const COMMERCE = 'customer-profile-1.6.0/customer-profile/prod/eu'; // Commerce train, team Identity & Access
const SEARCH = 'search-5.8.1/search/prod'; // Tue 16 Feb 22:45 Berlin, another release

const click = async (driver, css) => (await driver.wait(until.elementLocated(By.css(css)), 5000, css)).click();
const laneOf = (driver, id) => driver.executeScript(
  'const b = [...document.querySelectorAll("[data-id]")].find((e) => e.dataset.id === arguments[0]); return b ? b.closest("[data-lane]").dataset.lane : null;', id);
const laneNames = (driver) => texts(driver, '.lane > .label');
const awayLabels = (driver, lane) => driver.executeScript(
  'const l = [...document.querySelectorAll(".lane")].find((e) => e.dataset.lane === arguments[0]); return l ? [...l.querySelectorAll("[data-testid=unavailable-band]")].map((b) => b.getAttribute("aria-label")) : null;', lane);
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
  // Presidents' Day keeps the New York teams away: Mon 06:00 to Tue 06:00 in Berlin.
  const presidents = /^(Identity & Access|Commerce) unavailable Mon,? 15 Feb 2027 06:00 – Tue,? 16 Feb 2027 06:00 \(Presidents' Day \(public holiday\)\)$/;
  for (const team of ['identity', 'commerce']) {
    const away = await waitFor(driver, async () => { const l = await awayLabels(driver, team); return l?.length === 1 && l; }, `the ${team} lane shows its day away`);
    assert.match(away[0], presidents);
  }
  assert.deepEqual(await awayLabels(driver, 'web'), [], 'Web Experience is not away this week');
  const [awayPointer, drawn] = await driver.executeScript(`const b = document.querySelector('[data-lane=identity] [data-testid=unavailable-band]');
    return [getComputedStyle(b).pointerEvents, b.getBoundingClientRect().width > 0];`);
  assert.deepEqual([awayPointer, drawn], ['none', true], 'the band is drawn and leaves the pointer to the bars');
  await shot(driver, '90-lanes-by-team');

  // Lanes by train.
  await click(driver, '[data-testid=lanes-train]');
  await waitFor(driver, async () => (await laneOf(driver, EU)) === 't-web', 'the storefront bar is in the Web train lane');
  assert.equal(await laneOf(driver, COMMERCE), 't-commerce');
  assert.deepEqual((await laneNames(driver)).slice(0, 3), ['Web train', 'Platform train', 'Commerce train']);
  assert.equal(await driver.executeScript('return document.querySelectorAll("[data-testid=unavailable-band]").length'), 0, 'train lanes show no team unavailability');
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
  const profileAway = await waitFor(driver, async () => { const l = await awayLabels(driver, 'customer-profile'); return l?.length === 1 && l; },
    'a service lane shows its owning team away');
  assert.match(profileAway[0], /^Identity & Access unavailable/);
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

  // Ctrl+click a bar of Storefront 3.9.0 and one of Search 5.8.1: both selected, the status says so.
  const pressed = (id) => driver.executeScript(
    'const b = [...document.querySelectorAll("[data-id]")].find((e) => e.dataset.id === arguments[0]); return b ? b.getAttribute("aria-pressed") : null;', id);
  const status = () => textOf(driver.findElement(By.css('[data-testid=selection-status]')));
  const panel = () => texts(driver, '[data-testid=conflicts-panel] button.conflict');
  const before = await panel();
  const search = await driver.findElement(By.css(`[data-id="${SEARCH}"]`));
  for (const b of [await driver.findElement(By.css(`[data-id="${EU}"]`)), search]) {
    await ctrlClick(driver, b);
  }
  await waitFor(driver, async () => (await pressed(EU)) === 'true' && (await pressed(SEARCH)) === 'true', 'Ctrl+click selects both bars');
  assert.equal(await pressed(US), 'false', 'the other bars are not pressed');
  assert.equal(await status(), '2 selected — drag or Alt+←/→ to move; Esc clears');
  await shot(driver, '97-two-bars-selected');

  // Drag the Search bar a day later: the Storefront bar moves with it, by the same offset.
  const gap0 = await driver.executeScript(`const at = (id) => [...document.querySelectorAll('[data-id]')].find((e) => e.dataset.id === id).getBoundingClientRect().left;
    return at(arguments[1]) - at(arguments[0]);`, EU, SEARCH);
  await driver.actions({ async: true }).move({ origin: search, x: 0, y: 0 }).press().perform();
  for (let i = 1; i <= 8; i++) {
    const step = Math.round((i * dayPx) / 8) - Math.round(((i - 1) * dayPx) / 8);
    await driver.actions({ async: true }).move({ origin: Origin.POINTER, x: step, y: 0 }).perform();
  }
  const selTip = await driver.wait(until.elementLocated(By.css('[data-testid=drag-tooltip]')), 5000, 'the drag tooltip appears');
  await waitFor(driver, async () => /Moving 2 selected deployments of Search 5\.8\.1, Storefront 3\.9\.0|Moving 2 selected deployments of Storefront 3\.9\.0, Search 5\.8\.1/.test(await textOf(selTip))
    && !/Checking/.test(await textOf(selTip)), 'the tooltip names both releases and what the engine says', 5000);
  const eu2 = await driver.findElement(By.css(`[data-id="${EU}"]`));
  await waitFor(driver, async () => (await eu2.getAttribute('class')).split(' ').includes('grouped'), 'the Storefront bar moves with it');
  const [euAt, searchAt] = await driver.executeScript(`const at = (id) => [...document.querySelectorAll('[data-id]')].find((e) => e.dataset.id === id).getBoundingClientRect().left;
    return [at(arguments[0]), at(arguments[1])];`, EU, SEARCH);
  assert.ok(Math.abs(searchAt - euAt - gap0) < 3, `the gap between them stays (${searchAt - euAt} px, was ${gap0} px)`);
  await shot(driver, '98-dragging-a-selection');
  await driver.actions({ async: true }).release().perform();

  await waitFor(driver, async () => /Wed,? 17 Feb 2027 22:45/.test(await barLabel(driver, SEARCH) ?? ''), 'the Search bar is on Wednesday');
  await waitFor(driver, async () => /Wed,? 17 Feb 2027 22:00/.test(await barLabel(driver, EU) ?? ''), 'and the Storefront bar, by the same day');
  assert.match(await barLabel(driver, US), /Thu,? 18 Feb 2027 22:00/, 'the unselected US wave stays');
  await waitFor(driver, async () => JSON.stringify(await panel()) !== JSON.stringify(before), 'the conflicts panel is updated');
  await waitFor(driver, async () => /^Undo move 2 deployments of 2 releases/.test(await driver.findElement(By.css('[data-testid=undo]')).getAttribute('title')),
    'the Undo button offers one edit for both');
  assert.equal(await pressed(SEARCH), 'true', 'the selection stays after the move');
  await shot(driver, '99-selection-moved');
  await undo(driver);
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:45/.test(await barLabel(driver, SEARCH) ?? ''), 'one undo puts the Search bar back');
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:00/.test(await barLabel(driver, EU) ?? ''), 'and the Storefront bar');
  await waitCounts(driver, 5, 3, 'the plan is as it was');

  // Alt+→ on a focused bar moves the selection by one step (15 minutes at week zoom), one edit.
  const focusAndPress = async (id, keys) => {
    const el = await driver.findElement(By.css(`[data-id="${id}"]`));
    await driver.executeScript('arguments[0].focus()', el);
    await el.sendKeys(keys);
  };
  await focusAndPress(SEARCH, Key.chord(Key.ALT, Key.ARROW_RIGHT));
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 23:00/.test(await barLabel(driver, SEARCH) ?? ''), 'Alt+→ moves the Search bar by 15 minutes');
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:15/.test(await barLabel(driver, EU) ?? ''), 'and the Storefront bar with it');
  await waitFor(driver, async () => /^Undo move 2 deployments of 2 releases/.test(await driver.findElement(By.css('[data-testid=undo]')).getAttribute('title')),
    'one edit for both');
  await undo(driver);
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:45/.test(await barLabel(driver, SEARCH) ?? '')
    && /Tue,? 16 Feb 2027 22:00/.test(await barLabel(driver, EU) ?? ''), 'one undo puts both back');

  // Escape clears the selection; then Alt+→ moves the focused bar's whole release.
  await focusAndPress(EU, Key.ESCAPE);
  await waitFor(driver, async () => (await pressed(EU)) === null && (await status()) === '', 'Escape clears the selection');
  await focusAndPress(EU, Key.chord(Key.ALT, Key.ARROW_RIGHT));
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:15/.test(await barLabel(driver, EU) ?? ''), 'Alt+→ moves the EU wave by 15 minutes');
  await waitFor(driver, async () => /Thu,? 18 Feb 2027 22:15/.test(await barLabel(driver, US) ?? ''), 'and the US wave of the same release');
  assert.match(await barLabel(driver, SEARCH), /Tue,? 16 Feb 2027 22:45/, 'another release stays');
  await shot(driver, '99b-release-moved-by-keyboard');
  await undo(driver);
  await waitFor(driver, async () => /Tue,? 16 Feb 2027 22:00/.test(await barLabel(driver, EU) ?? '')
    && /Thu,? 18 Feb 2027 22:00/.test(await barLabel(driver, US) ?? ''), 'one undo puts the release back');
  await waitCounts(driver, 5, 3, 'the plan is as it was');
});
