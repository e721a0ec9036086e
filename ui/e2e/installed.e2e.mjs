// The installed app: the binary the Debian package put on the system (not a
// build in the source tree) starts from its launcher command, opens the demo
// plan with its calendar, and carries the window title. Run through
// `./run.sh --installed` (scripts/test-app.sh installs the package first).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { By, APP, run, shot, waitCounts } from './lib.mjs';

// dpkg names the package that owns the file: the app under test is the installed one.
const owner = execFileSync('dpkg-query', ['-S', APP], { encoding: 'utf8' }).trim();
assert.match(owner, /^trainyard: /, `${APP} belongs to the trainyard package`);

// The launcher entry starts this very binary, by the command name on PATH.
const entry = readFileSync('/usr/share/applications/Trainyard.desktop', 'utf8');
const exec = entry.match(/^Exec=(\S+)/m)?.[1];
assert.ok(exec && APP.endsWith(`/${exec}`), `the desktop entry's Exec (${exec}) is ${APP}`);

await run('installed', async (driver) => {
  assert.match(await driver.getTitle(), /^Trainyard — Demo: online shop, Q1 2027 — saved$/);
  await waitCounts(driver, 5, 3, 'the demo opens with its 5 errors and 3 warnings');
  const bars = await driver.findElements(By.css('[data-deployment]'));
  assert.ok(bars.length > 0, 'the calendar shows the demo deployments');
  assert.match(await bars[0].getAttribute('aria-label'), / on .* in /, 'a bar names its release, service and environment');
  await shot(driver, '00-installed-app');
});
