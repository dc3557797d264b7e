// The walking skeleton, as a teacher lives it: sign in, see her school's cases, open a new case, find it
// again after a reload; in French by default, in Arabic right-to-left, and on a 360 px phone.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations } from '../support/axe.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const SHOTS = join(import.meta.dirname, '..', 'screenshots');
const PASSWORD = 'Sanad-demo-2026!';
mkdirSync(SHOTS, { recursive: true });

describe('walking skeleton', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(page, email) {
    await page.goto(server.url + '/');
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('my-work').waitFor();
    await page.getByTestId('nav-cases').click();
    await page.getByTestId('new-case-button').waitFor();
  }

  test('a signed-out visitor is sent to sign-in, in French, and a wrong password is explained', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/cases');
    await page.waitForURL(/\/sign-in/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    await page.getByTestId('login-email').fill('enseignante@demo.sanad.ma');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /mot de passe corrects/i);
    await page.screenshot({ path: join(SHOTS, 'sign-in-error-fr.png') });
    await page.close();
  });

  test('a teacher signs in, sees her school cases, creates one and finds it after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const cspViolations = [];
    page.on('console', (msg) => /Content Security Policy/i.test(msg.text()) && cspViolations.push(msg.text()));
    await signIn(page, 'enseignante@demo.sanad.ma');
    // the global stylesheet is applied (it is not blocked by the Content-Security-Policy)
    const buttonBackground = await page.getByTestId('new-case-button').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(buttonBackground, 'rgba(0, 0, 0, 0)');
    const rows = page.getByTestId('case-row');
    await rows.first().waitFor();
    const listText = await page.locator('main').innerText();
    assert.match(listText, /Rumeurs diffusées sur TikTok/);
    assert.doesNotMatch(listText, /Snapchat après un match/, 'a case of another school must not show');
    await page.screenshot({ path: join(SHOTS, 'case-list-fr.png') });
    await expectNoAxeViolations(page, 'case list (fr)');

    await page.getByTestId('new-case-button').click();
    // the guided intake starts with the danger questions
    await page.getByTestId('danger-question').first().waitFor();
    await page.getByTestId('danger-continue').click();
    await page.getByTestId('case-submit').click();
    await page.getByTestId('error-summary').waitFor();
    assert.match(await page.getByTestId('error-summary').innerText(), /titre/i);

    const title = `Faux profil Facebook — e2e ${Date.now()}`;
    await page.getByTestId('case-title').fill(title);
    await page.getByTestId('case-occurred-on').fill('2026-11-03');
    await page.getByTestId('case-submit').click();
    // the intake step opens next; the case is in the list
    await page.waitForURL(/\/steps\/intake/);
    await page.getByTestId('case-created').waitFor();
    await page.getByTestId('nav-cases').click();
    await page.getByText(title).waitFor();

    await page.reload();
    await page.getByText(title).waitFor();

    // the case follows the protocol: open it and record the intake through the step form
    await page.getByTestId('case-row').filter({ hasText: title }).getByTestId('case-link').click();
    await page.getByTestId('task-list').waitFor();
    const intake = page.locator('[data-testid=step-item][data-step-id=intake]');
    assert.equal(await intake.getAttribute('data-status'), 'available');
    await intake.getByTestId('step-action').click();
    await page.getByTestId('step-form').waitFor();
    await page.getByTestId('step-submit').click();
    await page.getByTestId('error-summary').waitFor();
    await page.locator('[data-testid=field-reportChannel] input[type=radio]').first().check();
    await page.locator('[data-testid=field-targetRef] input').fill('Élève A. (3e B)');
    await page.locator('[data-testid=field-authorsKnown] input[value=true]').check();
    await page.locator('[data-testid=field-authorsArePupils] input[value=true]').check();
    await page.locator('[data-testid=field-types] input[value=INSULT]').check();
    await page.locator('[data-testid=field-repeated] input[value=true]').check();
    await page.locator('[data-testid=field-platforms] input[value=INSTAGRAM]').check();
    await page.locator('[data-testid=field-description] textarea').fill('Messages insultants répétés dans un groupe de classe.');
    await page.screenshot({ path: join(SHOTS, 'step-intake-fr.png'), fullPage: true });
    await page.getByTestId('step-submit').click();
    await page.getByTestId('confirmation').waitFor();
    await page.locator('[data-testid=step-item][data-step-id=intake][data-status=done]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'case-page-fr.png'), fullPage: true });
    await expectNoAxeViolations(page, 'case page after the intake (fr)');

    // the next step shows its contacts and the guides of the platforms recorded at intake (Instagram)
    await page.goto(page.url().replace(/\/?(\?.*)?$/, '') + '/steps/danger_check');
    await page.getByTestId('step-resources').waitFor();
    assert.ok((await page.getByTestId('directory-entry').count()) > 0);
    await page.getByTestId('lang-ar').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.screenshot({ path: join(SHOTS, 'step-resources-ar.png'), fullPage: true });
    await expectNoAxeViolations(page, 'step with contacts and guides (ar)');
    await page.getByTestId('lang-fr').click();
    assert.deepEqual(cspViolations, []);
    await page.close();
  });

  test('Arabic switches the whole layout right-to-left and the choice is kept', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await signIn(page, 'directrice@demo.sanad.ma');
    await page.getByTestId('lang-ar').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    assert.match(await page.getByTestId('new-case-button').innerText(), /[\u0600-\u06FF]/);
    await page.screenshot({ path: join(SHOTS, 'case-list-ar.png') });
    await page.reload();
    await page.getByTestId('new-case-button').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.getByTestId('lang-fr').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.close();
  });

  test('on a 360 px phone the list fits without horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page, 'enseignante@demo.sanad.ma');
    await page.getByTestId('case-row').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: join(SHOTS, 'case-list-phone-fr.png'), fullPage: true });
    await expectNoAxeViolations(page, 'case list on a phone (fr)');
    await page.close();
  });
});
