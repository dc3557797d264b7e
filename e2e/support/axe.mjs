// axe-core in the page under test: WCAG 2.2 level A and AA rules, every violation printed with what to fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the whole document and returns its violations. The script is evaluated through the DevTools
 * protocol rather than added as a <script> element, so the app's Content-Security-Policy (no inline scripts)
 * stays on and is tested as it ships.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** One line per violation and one per element: rule id, impact, what to do, which element. */
export function formatViolations(violations) {
  return violations
    .map((v) =>
      [
        `  ${v.id} (${v.impact}): ${v.help}`,
        ...v.nodes.map((n) => `    - ${n.target}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`),
      ].join('\n'),
    )
    .join('\n');
}

/** Fails with every violation listed when axe finds any on the current page. */
export async function expectNoAxeViolations(page, label) {
  const violations = await axeViolations(page);
  if (violations.length) {
    const text = `axe: ${violations.length} violation(s) on ${label}:\n${formatViolations(violations)}`;
    console.log(text);
    assert.fail(text);
  }
}
