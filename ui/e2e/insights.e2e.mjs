// From plan to outcome in the real window: Insights on the demo (no outcomes
// yet) shows how to record one; a plan with eight weeks of recorded outcomes
// is imported (File → Import JSON, both native dialogs); an outcome recorded
// in a deployment's editor shows as the actual bar under the planned one,
// flagged as an overrun; Insights then draws the headline figures, the
// trends by week and by month, adherence and the weekday × hour heat map,
// each with its accessible name and values.
import assert from 'node:assert/strict';
import { By, Key, chooseOption, importJson, run, shot, tab, textOf, texts, until, waitFor } from './lib.mjs';

const FIXTURE = new URL('./fixtures/delivery-history.json', import.meta.url).pathname;
// Planned Wed 3 Mar 2027 10:00–11:00 Berlin; it will have run 10:05–11:40 and failed.
const DEP = 'web-9.0/prod';

/** Sets an input's value the way typing or the native picker does (input + change events). */
async function setInput(driver, el, value) {
  await driver.executeScript(`
    const el = arguments[0];
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));`, el, value);
}

/** The accessible names of the charts drawn, from their captions. */
async function chartNames(driver) {
  return driver.executeScript(`
    return Array.from(document.querySelectorAll('[data-testid=insights] svg[role=img]'),
      (svg) => document.getElementById(svg.getAttribute('aria-labelledby')).textContent.trim());`);
}

await run('insights', async (driver) => {
  // ---- The demo has no outcomes: Insights says how to record one ----------
  await tab(driver, 'insights');
  const empty = await driver.wait(until.elementLocated(By.css('[data-testid=insights-empty]')), 10000, 'the empty state');
  assert.match(await textOf(empty), /No outcomes recorded yet.*Record outcome/);
  await shot(driver, '70-insights-empty');

  // ---- Import the delivery history (open the JSON, save it as a plan file) -
  await importJson(driver, FIXTURE, /^Trainyard — Delivery history/);

  // ---- Record an outcome in the deployment's editor -----------------------
  await tab(driver, 'calendar');
  const bar = await driver.wait(until.elementLocated(By.css(`[data-id="${DEP}"]`)), 10000, 'the planned deployment is on the calendar');
  assert.equal((await driver.findElements(By.css(`[data-actual="${DEP}"]`))).length, 0, 'no actual bar before an outcome');
  await driver.executeScript('arguments[0].focus()', bar);
  await bar.sendKeys(Key.ENTER);
  const editor = await driver.wait(until.elementLocated(By.css('[data-testid=entity-editor]')), 8000, 'Enter opens the editor');
  const record = await driver.wait(until.elementLocated(By.css('[data-testid=record-outcome]')), 5000, 'the outcome can be recorded');
  await record.click();
  const started = await driver.wait(until.elementLocated(By.css('[data-field="outcome.started"] input')), 3000);
  assert.equal(await started.getAttribute('value'), '2027-03-03T10:00', 'it starts at the planned start');
  await setInput(driver, started, '2027-03-03T10:05');
  await setInput(driver, editor.findElement(By.css('[data-field="outcome.finished"] input')), '2027-03-03T11:40');
  // Saving a finished outcome without a result names the field.
  await editor.findElement(By.xpath('.//button[normalize-space()="Save"]')).click();
  const resultError = await driver.wait(until.elementLocated(By.css('[data-testid="error-outcome.result"]')), 3000, 'the missing result is named');
  assert.match(await textOf(resultError), /A finished deployment needs a result/);
  await chooseOption(driver, editor.findElement(By.css('[data-field="outcome.result"] select')), 'failed');
  await editor.findElement(By.css('[data-testid=add-incident]')).click();
  await setInput(driver, await driver.wait(until.elementLocated(By.css('[data-field="outcome.incidents[0].id"] input')), 3000), 'INC-900');
  await chooseOption(driver, editor.findElement(By.css('[data-field="outcome.incidents[0].severity"] select')), 'high');
  await setInput(driver, editor.findElement(By.css('[data-field="outcome.incidents[0].opened"] input')), '2027-03-03T11:00');
  await setInput(driver, editor.findElement(By.css('[data-field="outcome.incidents[0].resolved"] input')), '2027-03-03T12:30');
  await shot(driver, '71-outcome-recorded-in-editor');
  await editor.findElement(By.xpath('.//button[normalize-space()="Save"]')).click();
  await driver.wait(async () => (await driver.findElements(By.css('[data-testid=entity-editor]'))).length === 0, 8000, 'the editor closes on save');

  // ---- The calendar shows the actual run and its overrun -------------------
  const actual = await driver.wait(until.elementLocated(By.css(`[data-actual="${DEP}"]`)), 8000, 'the actual bar appears');
  assert.equal(await actual.getAttribute('role'), 'img');
  assert.equal(await actual.getAttribute('aria-label'), 'Actual Wed, 3 Mar 2027 10:05–11:40, failed, overran the plan by 40 min');
  assert.match(await actual.getAttribute('class'), /\bfailed\b/);
  assert.equal((await driver.findElements(By.css(`[data-overrun="${DEP}"]`))).length, 1, 'the overrun flag is shown');
  assert.match(await driver.findElement(By.css(`[data-id="${DEP}"]`)).getAttribute('aria-label'),
    /; actual Wed, 3 Mar 2027 10:05–11:40, failed, overran the plan by 40 min$/, 'the bar\'s name says how it ran');
  await shot(driver, '72-calendar-actual-and-overrun-week');

  // A day at a time, the run is wide enough to compare with the plan.
  await driver.findElement(By.xpath('//button[normalize-space()="Day"]')).click();
  for (let i = 0; i < 2; i++) await driver.findElement(By.css('button[aria-label="Next day"]')).click();
  await driver.wait(until.elementLocated(By.css(`[data-actual="${DEP}"]`)), 8000, 'the actual bar on Wednesday');
  // The planned bar and the actual one: the actual starts later and ends past the planned end.
  const [p, a] = await driver.executeScript(`
    const r = (el) => el.getBoundingClientRect();
    const p = r(document.querySelector('[data-id="${DEP}"]')), a = r(document.querySelector('[data-actual="${DEP}"]'));
    return [{ left: p.left, right: p.right, bottom: p.bottom }, { left: a.left, right: a.right, top: a.top }];`);
  assert.ok(a.left > p.left && a.right > p.right, `the actual run is later than planned: ${JSON.stringify({ p, a })}`);
  assert.ok(a.top >= p.bottom - 1, `the actual bar is under the planned one: ${JSON.stringify({ p, a })}`);
  await shot(driver, '73-calendar-actual-and-overrun-day');

  // The week before, every environment: recorded history, each bar with its actual run.
  await driver.findElement(By.xpath('//button[normalize-space()="Week"]')).click();
  await driver.findElement(By.css('button[aria-label="Previous week"]')).click();
  await driver.findElement(By.xpath('//button[normalize-space()="By environment"]')).click();
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-actual]'))).length >= 2, 'last week\'s actual runs are drawn');
  await shot(driver, '74-calendar-history-week');

  // ---- Insights: figures and charts of the last 12 weeks -------------------
  await tab(driver, 'insights');
  await driver.wait(until.elementLocated(By.css('[data-testid=figures]')), 10000, 'the headline figures appear');
  // The default period ends the day after the newest finished outcome (3 Mar).
  assert.equal(await driver.findElement(By.css('[data-testid=insights-to]')).getAttribute('value'), '2027-03-03');
  assert.equal(await driver.findElement(By.css('[data-testid=insights-from]')).getAttribute('value'), '2026-12-10');
  const figures = await texts(driver, '[data-testid=figures] .label');
  assert.deepEqual(figures, ['Deployment frequency', 'Lead time', 'Change failure rate', 'Time to restore', 'On time']);
  assert.match((await texts(driver, '[data-testid=figure-frequency] .detail'))[0], /of 41 deployments/, 'the 40 recorded and the new one');
  assert.deepEqual(await chartNames(driver), [
    'Deployments and deployment frequency per week', 'Change failure rate per week',
    'Adherence to the plan per week: on-time rate and overruns', 'Failure rate by weekday and hour of the actual start (Europe/Berlin)',
  ]);
  const bars = await driver.executeScript(`
    return Array.from(document.querySelectorAll('[data-testid=chart-frequency] rect.bar'), (r) => Number(r.dataset.value));`);
  assert.equal(bars.length, 13, 'a bar per week that the 12-week period touches');
  assert.equal(bars.reduce((a, b) => a + b, 0), 41, 'the bars add up to the deployments');
  const points = await driver.findElements(By.css('[data-testid=chart-failure] circle.point'));
  assert.ok(points.length >= 8, `a failure-rate point per week with deployments (${points.length})`);
  const wed10 = await driver.findElement(By.css('[data-testid=chart-heatmap] rect[data-day="2"][data-hour="10"]'));
  assert.ok(Number(await wed10.getAttribute('data-failures')) >= 1, 'the failed deployment started on Wednesday at 10');
  assert.match(await textOf(wed10.findElement(By.css('title'))), /^Wednesday 10:00–11:00: \d+ of \d+ deployments? failed/);
  assert.match(await textOf(driver.findElement(By.css('#heat-summary'))), /^\d+ of 41 deployments failed; most at /);
  await shot(driver, '75-insights-weekly');

  // By month, and the figures by team.
  await driver.findElement(By.css('[data-testid=interval-month]')).click();
  await waitFor(driver, async () => (await chartNames(driver))[0] === 'Deployments and deployment frequency per month', 'the trend is monthly');
  const months = await driver.executeScript(`
    return Array.from(document.querySelectorAll('[data-testid=chart-frequency] rect.bar'), (r) => Number(r.dataset.value));`);
  assert.equal(months.length, 4, 'December to March');
  assert.equal(months.reduce((a, b) => a + b, 0), 41);
  await chooseOption(driver, driver.findElement(By.css('[data-testid=insights-group]')), 'team');
  const teams = await waitFor(driver, async () => {
    const t = await texts(driver, '[data-testid=group-figures] tbody th');
    return t.length ? t : false;
  }, 'the figures by team');
  assert.deepEqual(teams, ['(no team)', 'Payments', 'Storefront']);
  await shot(driver, '76-insights-monthly-by-team');
});
