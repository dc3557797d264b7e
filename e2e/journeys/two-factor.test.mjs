// Two-factor sign-in as a coordinator lives it: enrol from "Sécurité du compte" with an authenticator app, keep
// the recovery codes, sign out, sign in again with the password and a code.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations } from '../support/axe.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { totp } from '../support/totp.mjs';

const SHOTS = join(import.meta.dirname, '..', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const EMAIL = 'coordinateur@demo.sanad.ma';
const PASSWORD = 'Sanad-demo-2026!';

describe('two-factor authentication', () => {
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

  test('enrol, then sign in with password and code', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(server.url + '/sign-in');
    await page.getByTestId('login-email').fill(EMAIL);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('my-work').waitFor();

    await page.goto(server.url + '/account/security');
    await page.getByTestId('security-page').waitFor();
    await page.getByTestId('mfa-setup-start').click();
    await page.getByTestId('mfa-qr').waitFor();
    const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    await page.screenshot({ path: join(SHOTS, 'security-enrol-fr.png'), fullPage: true });
    await expectNoAxeViolations(page, 'two-factor setup (fr)');
    await page.getByTestId('mfa-confirm-code').fill(totp(secret));
    await page.getByTestId('mfa-confirm-submit').click();
    await page.getByTestId('recovery-codes').waitFor();
    await expectNoAxeViolations(page, 'recovery codes (fr)');
    const codes = (await page.getByTestId('recovery-codes').innerText()).match(/[a-z0-9]{5}-[a-z0-9]{5}/gi) ?? [];
    assert.equal(codes.length, 10);
    await page.getByTestId('recovery-saved').check();
    await page.getByTestId('recovery-continue').click();
    await page.getByTestId('mfa-status').waitFor();

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('login-email').fill(EMAIL);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('mfa-code').waitFor();
    await page.getByTestId('mfa-code').fill('000000');
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('error-summary').waitFor();
    // the code of the next 30-second step: the confirmation already used the current one, and a code is single-use
    await page.getByTestId('mfa-code').fill(totp(secret, Date.now(), 1));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('my-work').waitFor();
    await page.close();
  });
});
