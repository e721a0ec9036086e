// A restart: a new app process with the same data dirs reopens the last plan,
// and every edit of flows.e2e.mjs is still there (and the undone cycle is not).
import assert from 'node:assert/strict';
import { By, EDITS, approvals, chooseOption, findBar, loadState, run, shot, tab, textOf, texts, today, until, waitCounts, waitFor } from './lib.mjs';

const state = loadState();

await run('restart', async (driver) => {
  assert.equal(await driver.getTitle(), 'Trainyard — Demo: online shop, Q1 2027 — saved');
  assert.equal(await driver.findElement(By.css('[data-testid=plan-name]')).getAttribute('title'), state.path, 'the last plan file reopens');
  await waitCounts(driver, state.counts.errors, state.counts.warnings, 'the conflict counts are those before the restart');
  const rules = await driver.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=conflicts-panel] button.conflict'), (b) => b.dataset.rule + ' ' + b.dataset.deployments);");
  assert.ok(!rules.some((r) => r.startsWith('blackout ') && r.split(' ').includes(EDITS.moved)), 'the fixed blackout conflict stays fixed');
  assert.ok(!rules.some((r) => r.startsWith('unapproved')), 'the payments release stays approved');
  assert.ok(!rules.some((r) => r.startsWith('dependency-cycle')), 'the undone cycle stays undone');

  // The calendar: the edited end and the moved deployment, in and after the "as of" week.
  await today(driver);
  const edited = await driver.wait(until.elementLocated(By.css(`[data-id="${EDITS.edited}"]`)), 8000, 'the edited deployment is shown');
  assert.match(await edited.getAttribute('aria-label'), EDITS.editedLabel);
  await shot(driver, '30-restarted');
  const moved = await findBar(driver, EDITS.moved);
  assert.ok((await moved.getAttribute('aria-label')).includes(`, ${state.slot}`), `the moved deployment is still at ${state.slot}`);
  await shot(driver, '31-restarted-moved-bar');

  // The CAB view: two approvals.
  await tab(driver, 'cab');
  const select = await driver.wait(until.elementLocated(By.css('[data-testid=cab-release]')), 8000);
  await chooseOption(driver, select, EDITS.release);
  await waitFor(driver, async () => (await driver.findElements(By.css('[data-testid=approval]'))).length === 2, 'both approvals are listed');
  const rows = await approvals(driver);
  assert.ok(rows.some((a) => a.by === EDITS.approver && a.role === 'security' && a.decision === 'approved'), JSON.stringify(rows));
  await shot(driver, '32-restarted-cab');

  // The matrix: no cycle.
  await tab(driver, 'matrix');
  const cell = await driver.wait(until.elementLocated(By.css('td[aria-label^="API gateway depends on Web storefront:"]')), 8000);
  assert.equal(await cell.getAttribute('aria-label'), 'API gateway depends on Web storefront: no');
  assert.equal((await driver.findElements(By.css('[data-testid=cycle-banner]'))).length, 0);

  // The audit log: every edit, newest first (the undone ones leave their undo entries too).
  await tab(driver, 'audit');
  await driver.wait(until.elementLocated(By.css('[data-testid=audit-entry]')), 8000);
  const actions = await texts(driver, '[data-testid=audit-entry] .action');
  assert.match(actions[0], new RegExp(`^move ${EDITS.moved.replace(/[./]/g, '\\$&')} to next free slot$`), actions.join(' | '));
  assert.ok(actions.some((a) => a.includes(EDITS.edited)), `the editor's save is logged: ${actions.join(' | ')}`);
  assert.ok(actions.includes(`approve ${EDITS.release} (${EDITS.approver})`), 'the approval is logged');
  await shot(driver, '33-restarted-audit');
});
