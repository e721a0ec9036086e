// axe-core (WCAG 2.0 and 2.1, levels A and AA, and the landmark best
// practices that go with them) injected into the real window's page.
import { readFileSync } from 'node:fs';

const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Best practices that go with them: one level-one heading, one main, and all content in landmarks.
const EXTRA = { 'page-has-heading-one': { enabled: true }, 'landmark-one-main': { enabled: true }, region: { enabled: true } };

/** The violations axe finds in the whole document once the window has painted: rule, impact, elements. */
export async function axeViolations(driver) {
  await driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));');
  const injected = await driver.executeScript('return !!window.axe');
  if (!injected) await driver.executeScript(`${AXE}\n;return true;`);
  const result = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, rules: arguments[1], resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }))))
      .catch((e) => done({ error: String(e) }));`, TAGS, EXTRA);
  if (result?.error) throw new Error(`axe failed: ${result.error}`);
  return result;
}
