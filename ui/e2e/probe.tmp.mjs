import { Builder, By, until } from 'selenium-webdriver';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
mkdirSync(join(process.env.XDG_DATA_HOME, 'dev.trainyard.app'), { recursive: true });
writeFileSync(join(process.env.XDG_DATA_HOME, 'dev.trainyard.app', 'settings.json'), JSON.stringify({ lastPlan: process.env.TRAINYARD_BIG_PLAN }));
const t0 = Date.now();
const driver = await new Builder().usingServer(`http://127.0.0.1:${process.env.E2E_PORT}/`)
  .withCapabilities({ browserName: 'wry', 'tauri:options': { application: process.env.TRAINYARD_APP } }).build();
const t1 = Date.now();
try {
  await driver.wait(until.elementLocated(By.css('[data-id], [data-testid=density-band]')), 60000);
  const t2 = Date.now();
  console.log('session', t1 - t0, 'interactive', t2 - t0);
  await sleep(3000);
  const e = await driver.executeScript('return window.__m');
  for (const x of e) console.log(x.join('\t'));
} finally { await driver.quit(); }
