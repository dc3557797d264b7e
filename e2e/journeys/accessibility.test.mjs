// Accessibility of every page a school team uses, as axe-core (WCAG 2.2 A and AA rules) sees it: in French and
// in Arabic (right-to-left), on a desktop screen and on a 360 px phone, with no horizontal scrolling on the
// phone. Screenshots of each page go to e2e/screenshots; the main ones are copied to docs/screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations, formatViolations } from '../support/axe.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const SHOTS = join(import.meta.dirname, '..', 'screenshots');
const DOCS_SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const PASSWORD = 'Sanad-demo-2026!';
const TEACHER = 'enseignante@demo.sanad.ma';
const PRINCIPAL = 'directrice@demo.sanad.ma';
mkdirSync(SHOTS, { recursive: true });

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
};
/** Copied to docs/screenshots: the main pages in French on a desktop and in Arabic on a phone. */
const FOR_DOCS = { screens: new Set(['fr-desktop', 'ar-phone']), pages: new Set(['my-work', 'case-list', 'case-page', 'step-page']) };

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  let server;
  let browser;
  const problems = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a context in the given language (the choice a person makes with the switch, kept in this browser). */
  async function openPage(lang, screen) {
    const context = await browser.newContext({ ...SCREENS[screen], locale: lang === 'ar' ? 'ar-MA' : 'fr-MA' });
    await context.addInitScript((l) => window.localStorage.setItem('sanad.lang', l), lang);
    return { context, page: await context.newPage() };
  }

  /** Waits for the page, checks the language, axe and the width, and takes the screenshot. */
  async function check(page, { name, lang, screen, ready }) {
    await page.getByTestId(ready).first().waitFor();
    await page.waitForFunction((l) => document.documentElement.lang === l && document.title !== 'Sanad', lang);
    await page.evaluate(() => document.fonts.ready);
    const label = `${name} (${lang}, ${screen})`;
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', label);
    const violations = await axeViolations(page);
    if (violations.length) problems.push(`${label}:\n${formatViolations(violations)}`);
    if (screen === 'phone') {
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      if (scrollWidth > innerWidth) problems.push(`${label}: ${scrollWidth - innerWidth}px of horizontal scrolling at 360 px`);
    }
    const file = `a11y-${name}-${lang}-${screen}.png`;
    await page.screenshot({ path: join(SHOTS, file), fullPage: true });
    if (FOR_DOCS.screens.has(`${lang}-${screen}`) && FOR_DOCS.pages.has(name)) copyFileSync(join(SHOTS, file), join(DOCS_SHOTS, file));
  }

  async function signIn(page, email) {
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('my-work').waitFor();
  }

  for (const lang of ['fr', 'ar']) {
    for (const screen of ['desktop', 'phone']) {
      test(`every page in ${lang} on ${screen === 'phone' ? 'a 360 px phone' : 'a desktop screen'}`, async () => {
        const opts = { lang, screen };
        const { context, page } = await openPage(lang, screen);
        await page.goto(server.url + '/sign-in');
        await check(page, { ...opts, name: 'sign-in', ready: 'login-email' });
        await page.getByTestId('login-submit').click();
        await check(page, { ...opts, name: 'sign-in-errors', ready: 'error-summary' });

        await signIn(page, TEACHER);
        await check(page, { ...opts, name: 'my-work', ready: 'my-work' });

        await page.getByTestId('nav-cases').click();
        await check(page, { ...opts, name: 'case-list', ready: 'case-row' });
        const caseHref = await page.getByTestId('case-link').first().getAttribute('href');

        await page.getByTestId('new-case-button').click();
        await check(page, { ...opts, name: 'new-case-danger', ready: 'danger-question' });
        await page.getByTestId('danger-continue').click();
        await check(page, { ...opts, name: 'new-case', ready: 'case-title' });
        await page.getByTestId('case-submit').click();
        await check(page, { ...opts, name: 'new-case-errors', ready: 'error-summary' });

        await page.goto(server.url + caseHref);
        await check(page, { ...opts, name: 'case-page', ready: 'step-item' });
        await page.locator('[data-testid=step-item] [data-testid=step-action]').first().click();
        await page.waitForURL(/\/steps\//);
        await check(page, { ...opts, name: 'step-page', ready: 'step-title' });

        await page.getByTestId('account-security').click();
        await check(page, { ...opts, name: 'account-security', ready: 'mfa-status' });

        // the intake queue, then the public reporting pages (issue #11: no staff navigation there)
        await page.getByTestId('nav-intake').click();
        await check(page, { ...opts, name: 'intake-queue', ready: 'intake-poster' });
        await page.goto(server.url + '/report/DEMO-RAB-001');
        await check(page, { ...opts, name: 'public-report', ready: 'report-form' });
        await page.getByTestId('report-submit').click();
        await check(page, { ...opts, name: 'public-report-errors', ready: 'error-summary' });
        await page.goto(server.url + '/report/follow-up');
        await check(page, { ...opts, name: 'public-report-follow-up', ready: 'follow-form' });

        await page.goto(server.url + '/no-such-page');
        await check(page, { ...opts, name: 'not-found', ready: 'not-found-heading' });

        await page.getByTestId('sign-out').click();
        await page.waitForURL(/\/sign-in/);
        await signIn(page, PRINCIPAL);
        await page.getByTestId('nav-review').click();
        await check(page, { ...opts, name: 'review-queue', ready: 'review-status' });
        await page.getByTestId('nav-audit').click();
        await check(page, { ...opts, name: 'audit', ready: 'audit-row' });
        await context.close();
      });
    }
  }

  test('no accessibility problem was found', () => {
    assert.equal(problems.length, 0, `${problems.length} page(s) with problems:\n${problems.join('\n')}`);
  });
});
