// What a release coordinator does after opening the plan: a dependency
// cycle made and undone in the matrix, a CAB approval (seen in the approvals
// table and the audit log), a deployment changed in its editor, and a
// conflict fixed by moving a deployment to its next free slot. The edits
// stay in the plan file; restart.e2e.mjs finds them again.
import assert from 'node:assert/strict';
import { By, EDITS, Key, approvals, chooseOption, counts, findBar, run, saveState, shot, tab, textOf, texts, today, undo, until, waitCounts, waitFor } from './lib.mjs';

const CELL = 'API gateway depends on Web storefront';

await run('flows', async (driver) => {
  await waitCounts(driver, 5, 3, 'the plan opens as the calendar script left it');

  // ---- Dependency matrix: a cycle, named and counted, then undone ----------
  await tab(driver, 'matrix');
  const cell = await driver.wait(until.elementLocated(By.css(`td[aria-label^="${CELL}:"]`)), 8000, 'the services matrix appears');
  assert.equal(await cell.getAttribute('aria-label'), `${CELL}: no`);
  assert.equal((await driver.findElements(By.css('[data-testid=cycle-banner]'))).length, 0, 'no cycle in the demo');
  await shot(driver, '10-matrix');

  // The storefront depends on the gateway; the gateway depending on the storefront closes a loop.
  await cell.click();
  const banner = await driver.wait(until.elementLocated(By.css('[data-testid=cycle-banner]')), 8000, 'the cycle banner appears');
  const cycle = await textOf(banner);
  assert.match(cycle, /^Cycle: .*API gateway.*Web storefront|^Cycle: .*Web storefront.*API gateway/, `the cycle names both services: ${cycle}`);
  await waitCounts(driver, 6, 3, 'the cycle adds one error');
  const cycles = await texts(driver, '[data-testid=conflicts-panel] button[data-rule=dependency-cycle]');
  assert.equal(cycles.length, 1, 'one dependency-cycle conflict is listed');
  assert.match(cycles[0], /API gateway|api-gateway/, cycles[0]);
  assert.equal(await driver.findElement(By.css(`td[aria-label^="${CELL}:"]`)).getAttribute('aria-label'), `${CELL}: yes (in a cycle)`);
  await shot(driver, '11-matrix-cycle');

  await undo(driver);
  await waitCounts(driver, 5, 3, 'undo removes the cycle');
  await driver.wait(async () => (await driver.findElements(By.css('[data-testid=cycle-banner]'))).length === 0, 5000, 'the cycle banner goes');
  assert.equal(await driver.findElement(By.css(`td[aria-label^="${CELL}:"]`)).getAttribute('aria-label'), `${CELL}: no`);
  assert.equal((await texts(driver, '[data-testid=conflicts-panel] button[data-rule=dependency-cycle]')).length, 0);

  // ---- CAB: a second approval makes the payments release deployable --------
  assert.ok((await texts(driver, '[data-testid=conflicts-panel] button[data-rule=unapproved]')).some((t) => /Payments API 7\.2\.0/.test(t)),
    'the payments release starts unapproved');
  await tab(driver, 'cab');
  const select = await driver.wait(until.elementLocated(By.css('[data-testid=cab-release]')), 8000, 'the CAB view appears');
  await chooseOption(driver, select, EDITS.release);
  await waitFor(driver, async () => /^Payments API 7\.2\.0/.test(await textOf(driver.findElement(By.css('.cab-view h2')))),
    'the CAB view shows the payments release');
  assert.equal((await driver.findElements(By.css('[data-testid=approval]'))).length, 1, 'one approval so far');
  assert.match((await texts(driver, '[data-testid=approval-status]'))[0], /^1 of 2 required approvals/);

  const form = await driver.findElement(By.css('form.decide'));
  await form.findElement(By.css('input[autocomplete=name]')).sendKeys(EDITS.approver);
  await form.findElement(By.css('input[placeholder^="e.g. cab"]')).sendKeys('security');
  await form.findElement(By.css('input[type=radio][value=approved]')).click();
  await form.findElement(By.css('textarea')).sendKeys('Security review of the payout API closed.');
  await shot(driver, '12-cab-decision-filled');
  await form.findElement(By.css('button[type=submit]')).click();

  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=approval]'))).length === 2, 'the approvals table gets a row');
  const rows = await approvals(driver);
  assert.ok(rows.some((a) => a.by === EDITS.approver && a.role === 'security' && a.decision === 'approved'), `the new approval is listed: ${JSON.stringify(rows)}`);
  assert.match(await textOf(form.findElement(By.css('.done'))), new RegExp(`Approval by ${EDITS.approver} recorded`));
  assert.match((await texts(driver, '[data-testid=approval-status]'))[0], /^2 of 2 required approvals/);
  await waitCounts(driver, 4, 3, 'the missing-approval error goes');
  assert.equal((await texts(driver, '[data-testid=conflicts-panel] button[data-rule=unapproved]')).length, 0);
  await shot(driver, '13-cab-approved');

  // ---- Audit log: the approval is the newest entry --------------------------
  await tab(driver, 'audit');
  await waitFor(driver, async () => (await texts(driver, '[data-testid=audit-entry] .action'))[0] === `approve ${EDITS.release} (${EDITS.approver})`,
    'the newest audit entry is the approval');
  assert.equal((await texts(driver, '[data-testid=audit-entry] .user'))[0], process.env.USER ?? 'unknown', 'the entry names the OS user');
  const entry = await driver.findElement(By.css('[data-testid=audit-entry]'));
  await entry.findElement(By.css('button.toggle')).click();
  const changes = (await texts(driver, '[data-testid=audit-entry]:first-child ul.changes'))[0] ?? '';
  assert.match(changes, new RegExp(`changed release ${EDITS.release.replace(/\./g, '\\.')}`), changes);
  assert.match(changes, /approvals/, `the diff names the approvals field: ${changes}`);
  await shot(driver, '14-audit-log');

  // ---- Entity editor: Enter on a bar, a later end, saved -------------------
  await tab(driver, 'calendar');
  // The demo opens on its week with the most errors; the search deployment is in the "as of" week.
  await today(driver);
  const bar = await driver.wait(until.elementLocated(By.css(`[data-id="${EDITS.edited}"]`)), 8000, 'the search deployment is on the calendar');
  assert.match(await bar.getAttribute('aria-label'), /^Search 5\.8\.1 on Search in Production, Tue,? 16 Feb 2027 22:45–23:45$/);
  await driver.executeScript('arguments[0].focus()', bar);
  await bar.sendKeys(Key.ENTER);
  const editor = await driver.wait(until.elementLocated(By.css('[data-testid=entity-editor]')), 8000, 'Enter opens the editor');
  assert.equal(await textOf(editor.findElement(By.css('h2'))), `Edit deployment ${EDITS.edited}`);
  const end = await editor.findElement(By.css('[data-field=end] input'));
  await waitFor(driver, async () => (await end.getAttribute('value')).startsWith('2027-02-16T23:45'), 'the editor shows the end');
  await setInput(driver, end, EDITS.editedEnd);
  await driver.wait(until.elementLocated(By.css('[data-testid=entity-editor] .dirty')), 3000, 'the editor marks the change');
  await shot(driver, '15-editor-changed');
  await editor.findElement(By.xpath('.//button[normalize-space()="Save"]')).click();
  await driver.wait(async () => (await driver.findElements(By.css('[data-testid=entity-editor]'))).length === 0, 8000, 'the editor closes on save');
  await waitFor(driver, async () => EDITS.editedLabel.test(
    await driver.findElement(By.css(`[data-id="${EDITS.edited}"]`)).getAttribute('aria-label')), 'the calendar shows the new end');
  await waitCounts(driver, 4, 3, 'the longer deployment stays clean');
  await shot(driver, '16-editor-saved');

  // ---- Conflicts panel: move the blackout deployment to its next free slot --
  const conflict = await findConflict(driver, 'blackout', EDITS.moved);
  await conflict.click();
  const detail = await driver.wait(until.elementLocated(By.css('[data-testid=conflict-detail]')), 5000, 'the conflict expands');
  assert.match(await textOf(detail), /Month-end close/, 'the evidence names the blackout');
  await detail.findElement(By.xpath('.//button[normalize-space()="Find next free slot"]')).click();
  const apply = await driver.wait(until.elementLocated(By.css('[data-testid=apply-slot]')), 8000, 'a free slot is suggested');
  assert.match(await textOf(detail), /The earliest start without errors is /);
  const slot = await textOf(detail.findElement(By.css('.slot')));
  assert.match(slot, /^\w{3},? \d+ \w{3} 2027 \d\d:\d\d/, `the slot is a time: ${slot}`);
  await shot(driver, '17-next-free-slot');
  const before = await counts(driver);
  await apply.click();
  await waitCounts(driver, before.errors - 1, undefined, 'moving to the free slot removes the error');
  assert.equal((await findConflicts(driver, 'blackout', EDITS.moved)).length, 0, 'the blackout conflict is gone');
  const moved = await findBar(driver, EDITS.moved);
  await waitFor(driver, async () => (await moved.getAttribute('aria-label')).includes(`, ${slot}`), `the moved bar is at ${slot}`);
  assert.doesNotMatch(await moved.getAttribute('aria-label'), /has errors/);
  const path = await driver.findElement(By.css('[data-testid=plan-name]')).getAttribute('title');
  assert.match(path, /\.trainyard$/);
  saveState({ slot, path, counts: await counts(driver) });
  await shot(driver, '18-moved-to-free-slot');
});

/** Sets an input's value the way typing or the native picker does (input + change events). */
async function setInput(driver, el, value) {
  await driver.executeScript(`
    const el = arguments[0];
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));`, el, value);
}

async function findConflicts(driver, rule, dep) {
  const all = await driver.findElements(By.css(`[data-testid=conflicts-panel] button.conflict[data-rule=${rule}]`));
  const out = [];
  for (const b of all) if ((await b.getAttribute('data-deployments')).split(' ').includes(dep)) out.push(b);
  return out;
}

async function findConflict(driver, rule, dep) {
  const [b] = await findConflicts(driver, rule, dep);
  assert.ok(b, `a ${rule} conflict for ${dep} is listed`);
  return b;
}
