// A team plan on a real PostgreSQL server: File → Open team plan… with an
// address and a password (typed into a password field), the title and status
// bar naming server, plan, login, role and connection; then a second client
// (the trainyard command line, as another coordinator) changes the plan and
// the open window shows it within a second, with a notice naming who did it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { By, choose, run, shot, textOf, until, waitFor } from './lib.mjs';

const root = new URL('../../', import.meta.url).pathname;
// The command line that goes with the app under test.
const CLI = process.env.TRAINYARD_CLI
  ?? (process.env.TRAINYARD_APP?.startsWith('/usr/bin/') ? '/usr/bin/trainyard' : `${process.env.CARGO_TARGET_DIR ?? `${root}target`}/debug/trainyard`);
const TMP = process.env.E2E_TMP ?? '/tmp';

// A throwaway server, stopped and removed when this script's process ends.
const dir = `/tmp/ty-e2e-pg-${process.pid}`;
const env = Object.fromEntries(
  execFileSync('bash', [`${root}scripts/pg-server.sh`, 'start', dir, '--owner-pid', String(process.pid)], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)),
);
const psql = (sql) => execFileSync(`${env.PGTEST_BIN}/psql`, ['-h', env.PGTEST_SOCKET, '-p', env.PGTEST_PORT, '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
psql('CREATE DATABASE releases');
for (const login of ['alice', 'bob']) psql(`CREATE ROLE ${login} LOGIN PASSWORD '${login}-pw'`);
const admin = `postgres://postgres@/releases?host=${env.PGTEST_SOCKET}&port=${env.PGTEST_PORT}`;
const cli = (args, extra = {}) => execFileSync(CLI, args, { encoding: 'utf8', env: { ...process.env, ...extra } });
cli(['team', 'init', admin]);
for (const login of ['alice', 'bob']) cli(['team', 'grant', admin, login, '--role', 'coordinator']);
// Published by bob; alice opens it in the window over TCP, with her password.
const address = (login) => `postgres://${login}@127.0.0.1:${env.PGTEST_PORT}/releases?plan=payments-q1`;
cli(['import', `${root}docs/examples/payments-q1.json`, '--to', address('bob')], { PGPASSWORD: 'bob-pw' });

await run('team plan', async (driver) => {
  await choose(driver, 'file-menu', 'Open team plan');
  const dialog = await driver.wait(until.elementLocated(By.css('[data-testid=team-open]')), 3000, 'the dialog opens');
  const password = dialog.findElement(By.css('[data-testid=team-password]'));
  assert.equal(await password.getAttribute('type'), 'password', 'the password is not echoed');
  await dialog.findElement(By.css('[data-testid=team-address]')).sendKeys(address('alice'));
  // A wrong password first: the server refuses, and the dialog asks again.
  await password.sendKeys('wrong');
  await dialog.findElement(By.css('[data-testid=team-open-submit]')).click();
  const refused = await driver.wait(until.elementLocated(By.css('[data-testid=team-password-error]')), 15000, 'the refusal is shown');
  assert.match(await textOf(refused), /password|refused/i);
  await shot(driver, '60-team-login-refused');
  await password.clear();
  await password.sendKeys('alice-pw');
  await dialog.findElement(By.css('[data-testid=team-open-submit]')).click();
  await waitFor(driver, async () => /payments|Payments/.test(await driver.getTitle()) && /alice/.test(await driver.getTitle()), 'the team plan opens', 15000);
  const title = await driver.getTitle();
  assert.match(title, /127\.0\.0\.1/, `the title names the server: ${title}`);
  assert.match(title, /coordinator/, `the title names the role: ${title}`);
  const status = await driver.findElement(By.css('[data-testid=team-status]'));
  assert.match(await textOf(status), /connected/i);
  await shot(driver, '61-team-plan-open');
  const errorsBefore = await textOf(driver.findElement(By.css('[data-testid=conflict-badge] .e')));

  // bob adds a blackout over every deployment of the plan, from the command line.
  const ics = `${TMP}/freeze.ics`;
  writeFileSync(ics, [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//team//EN',
    'BEGIN:VEVENT', 'UID:freeze-1', 'DTSTAMP:20270101T000000Z',
    'DTSTART:20270101T000000Z', 'DTEND:20270401T000000Z', 'SUMMARY:Quarter freeze',
    'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n'));
  const t0 = Date.now();
  cli(['import-ics', address('bob'), ics, '--kind', 'blackout'], { PGPASSWORD: 'bob-pw' });
  const edited = Date.now();
  const notice = await driver.wait(until.elementLocated(By.css('[data-testid=toast]')), 5000, 'a notice appears');
  await waitFor(driver, async () => /bob changed the plan \(revision \d+\)/.test(await textOf(notice)), 'the notice names bob', 5000);
  const seen = Date.now();
  console.log(`  bob's edit seen ${seen - edited} ms after his command returned (${seen - t0} ms after it started)`);
  assert.ok(seen - edited < 2000, `seen within two seconds (${seen - edited} ms)`);
  // The conflicts badge counts the new blackout's conflicts.
  await waitFor(driver, async () => (await textOf(driver.findElement(By.css('[data-testid=conflict-badge] .e')))) !== errorsBefore, 'the badge updates');
  await shot(driver, '62-team-edit-by-bob');
});
