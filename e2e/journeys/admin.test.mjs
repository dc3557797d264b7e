// An administrator lives it: signs in (two-factor authentication is required for the role: enrol first), creates
// an account in a school, copies the one-time link; the new person opens it elsewhere, chooses a password and
// signs in; the administrator disables the account and the person's next request is refused.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations } from '../support/axe.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { totp } from '../support/totp.mjs';

const SHOTS = join(import.meta.dirname, '..', 'screenshots');
const DOCS_SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
mkdirSync(DOCS_SHOTS, { recursive: true });
const ADMIN_EMAIL = 'admin@demo.sanad.ma';
const DEMO_PASSWORD = 'Sanad-demo-2026!';
// seeds/data/reference/regions.json, provinces.json and seeds/data/demo/schools.json
const RSK_REGION = '5a0d0000-0000-4000-8000-000000000004';
const RABAT_PROVINCE = '5a0d0001-0000-4000-8000-000000000401';
const DEMO_SCHOOL = '5a0d0002-0000-4000-8000-000000000001';
const NEW_EMAIL = 'nouvelle.recrue@demo.sanad.ma';
const NEW_PASSWORD = 'Une phrase de passe solide 2026';

describe('administration', () => {
  let server;
  let browser;

  before(async () => {
    // As in production: administrators must use two-factor authentication (team members need not).
    server = await startServer({ MFA_REQUIRED_ROLES: 'principal,officer,admin' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('create an account, set its password from the link, disable it', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const admin = await adminContext.newPage();

    // Sign in; the role requires two-factor authentication, so the app asks to set it up first.
    await admin.goto(server.url + '/sign-in');
    await admin.getByTestId('login-email').fill(ADMIN_EMAIL);
    await admin.getByTestId('login-password').fill(DEMO_PASSWORD);
    await admin.getByTestId('login-submit').click();
    await admin.getByTestId('mfa-setup-start').click();
    const secret = (await admin.getByTestId('mfa-secret').innerText()).replace(/\s+/g, '');
    await admin.getByTestId('mfa-confirm-code').fill(totp(secret));
    await admin.getByTestId('mfa-confirm-submit').click();
    await admin.getByTestId('recovery-saved').check();
    await admin.getByTestId('recovery-continue').click();

    // Administrators land on the accounts, not on "Mon travail".
    await admin.getByTestId('accounts-page').waitFor();
    await admin.waitForURL(/\/admin\/accounts$/);
    assert.equal(await admin.getByTestId('nav-cases').count(), 0);
    await admin.getByTestId('account-row').first().waitFor();
    await admin.screenshot({ path: join(SHOTS, 'admin-accounts-fr-desktop.png'), fullPage: true });
    copyFileSync(join(SHOTS, 'admin-accounts-fr-desktop.png'), join(DOCS_SHOTS, 'admin-accounts-fr-desktop.png'));
    await expectNoAxeViolations(admin, 'accounts (fr)');

    // New account: a team member of the first school of the first province.
    await admin.getByTestId('account-new-link').click();
    await admin.getByTestId('new-email').fill(NEW_EMAIL);
    await admin.getByTestId('new-name').fill('Nouvelle Recrue');
    await admin.getByTestId('new-role').selectOption('team_member');
    // Académie Rabat-Salé-Kénitra › Rabat › the demo school DEMO-RAB-001, found by its code.
    await admin.getByTestId('new-unit-region').selectOption(RSK_REGION);
    await admin.getByTestId('new-unit-province').selectOption(RABAT_PROVINCE);
    await admin.getByTestId('new-unit-school-q').fill('DEMO-RAB-001');
    const school = admin.getByTestId('new-unit-school');
    await school.locator(`option[value="${DEMO_SCHOOL}"]`).waitFor({ state: 'attached' });
    await school.selectOption(DEMO_SCHOOL);
    await expectNoAxeViolations(admin, 'new account (fr)');
    await admin.getByTestId('new-submit').click();
    await admin.getByTestId('password-link').waitFor();
    const link = await admin.getByTestId('password-link-url').inputValue();
    assert.match(link, /\/setup-password\?token=/);
    await admin.getByTestId('password-link-copy').click();
    await admin.getByTestId('password-link-copied').filter({ hasText: /\S/ }).waitFor();
    const copied = await admin.evaluate(() => globalThis.navigator.clipboard.readText());
    assert.equal(copied, link);
    await expectNoAxeViolations(admin, 'account created, link shown once (fr)');

    // The person opens the link in their own browser, chooses a password and signs in.
    const userContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const user = await userContext.newPage();
    await user.goto(copied);
    await user.getByTestId('setup-new').fill(NEW_PASSWORD);
    await user.getByTestId('setup-confirm').fill(NEW_PASSWORD);
    await user.getByTestId('setup-submit').click();
    await user.getByTestId('setup-done').waitFor();
    await user.goto(server.url + '/sign-in');
    await user.getByTestId('login-email').fill(NEW_EMAIL);
    await user.getByTestId('login-password').fill(NEW_PASSWORD);
    await user.getByTestId('login-submit').click();
    await user.getByTestId('my-work').waitFor();

    // The administrator disables the account.
    await admin.getByTestId('account-created-open').click();
    await admin.getByTestId('account-name').waitFor();
    await admin.getByTestId('account-disable').click();
    await admin.getByTestId('account-confirm-yes').click();
    await admin.getByTestId('account-done').waitFor();
    await admin.getByTestId('account-status').filter({ hasText: 'Désactivé' }).waitFor();
    await admin.getByTestId('account-enable').waitFor();

    // Their next request is refused: the app sends them back to sign in.
    const response = await user.request.get(server.url + '/api/auth/me');
    assert.equal(response.status(), 401);
    await user.getByTestId('nav-cases').click();
    await user.waitForURL(/\/sign-in/);

    await userContext.close();
    await adminContext.close();
  });
});
