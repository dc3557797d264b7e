// Evidence of a case (issue #7), as a teacher lives it on a phone (360 × 740): open a demo case, upload a PNG
// screenshot through the file input (what a phone offers as "screenshots / camera"), see both SHA-256 hashes,
// download the stored copy and check its bytes hash to the "stored copy" value shown, add a link record and a
// written description, open the chain of custody; the case page with the panel passes axe in French and in
// Arabic (right-to-left) without horizontal scrolling. Screenshots of the panel go to docs/screenshots.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations } from '../support/axe.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const PASSWORD = 'Sanad-demo-2026!';
const CASE = '5a0d0004-0000-4000-8000-000000000001'; // 2026-0001, shared concern in progress (Rabat)
const DOCS_SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

describe('case evidence on a phone', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    mkdirSync(DOCS_SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function noHorizontalScroll(page, label) {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `${label}: ${scrollWidth - innerWidth}px of horizontal scrolling at 360 px`);
  }

  /** Opens "Ajouter une preuve", picks the kind, fills the title. */
  async function startAdding(page, kind, title) {
    const panel = page.getByTestId('evidence');
    await panel.getByTestId('evidence-add-open').click();
    await panel.getByTestId(`evidence-kind-${kind}`).check();
    await panel.getByTestId('evidence-title').fill(title);
    return panel;
  }

  const item = (page, title) =>
    page.getByTestId('evidence-item').filter({ has: page.getByTestId('evidence-item-title').getByText(title, { exact: true }) });

  test('a teacher adds a screenshot, a link and a description, downloads the copy and sees the custody', async () => {
    const context = await browser.newContext({ ...PHONE, acceptDownloads: true, locale: 'fr-MA' });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByTestId('login-email').fill('enseignante@demo.sanad.ma');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('my-work').waitFor();
    // a real screenshot, as a phone would give it
    const screenshot = await page.screenshot();
    assert.equal(screenshot.subarray(1, 4).toString('latin1'), 'PNG');

    await page.goto(`${server.url}/cases/${CASE}`);
    const panel = page.getByTestId('evidence');
    await panel.waitFor();
    await panel.getByTestId('evidence-add-open').waitFor();

    // 1. the screenshot, through the file input
    await startAdding(page, 'file', 'Capture du message du 12 novembre');
    assert.match(await panel.getByTestId('evidence-file-hint').innerText(), /Mo au plus/);
    assert.equal(
      await panel.getByTestId('evidence-file').getAttribute('accept'),
      'image/png,image/jpeg,image/webp,application/pdf,text/plain',
    );
    await panel.getByTestId('evidence-file').setInputFiles({ name: 'capture écran.png', mimeType: 'image/png', buffer: screenshot });
    await panel.getByTestId('evidence-captured-on').fill('téléphone de la mère');
    await panel.getByTestId('evidence-submit').click();
    await panel.getByTestId('evidence-status').getByText('Preuve « Capture du message du 12 novembre » ajoutée.').waitFor();
    const file = item(page, 'Capture du message du 12 novembre');
    const original = (await file.getByTestId('hash-original').innerText()).trim();
    const stored = (await file.getByTestId('hash-stored').innerText()).trim();
    assert.equal(original, sha256(screenshot), 'the hash of the original is the hash of what was sent');
    assert.match(stored, /^[0-9a-f]{64}$/);
    assert.equal(await file.getByTestId('hash-stored').getAttribute('dir'), 'ltr');
    assert.equal(await file.getByTestId('evidence-media-type').innerText(), 'image/png');

    // 2. the download is the stored copy, saved under the server's name
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByTestId('evidence-download').click()]);
    assert.match(download.suggestedFilename(), /^preuve-[0-9a-f]{12}\.png$/);
    const bytes = readFileSync(await download.path());
    assert.equal(sha256(bytes), stored, 'the downloaded bytes hash to the stored-copy value shown');
    await panel
      .getByTestId('evidence-status')
      .getByText(/téléchargé/)
      .waitFor();

    // 3. a link record
    await startAdding(page, 'link', 'Compte anonyme');
    await panel.getByTestId('evidence-url').fill('https://www.instagram.com/p/abc123/');
    await panel.getByTestId('evidence-platform').selectOption('INSTAGRAM');
    await panel.getByTestId('evidence-account-handle').fill('@anonyme_2026');
    await panel.getByTestId('evidence-seen-by').fill('la victime');
    await panel.getByTestId('evidence-submit').click();
    await panel.getByTestId('evidence-status').getByText('Preuve « Compte anonyme » ajoutée.').waitFor();
    const link = item(page, 'Compte anonyme');
    assert.equal(await link.getByTestId('evidence-url-text').innerText(), 'https://www.instagram.com/p/abc123/');
    assert.equal(await link.locator('a').count(), 0, 'the address is text, never a link');

    // 4. a written description
    await startAdding(page, 'description', 'Message vocal');
    await panel.getByTestId('evidence-description').fill('Message vocal de menaces reçu le 12 au soir, environ 40 secondes.');
    await panel.getByTestId('evidence-submit').click();
    await panel.getByTestId('evidence-status').getByText('Preuve « Message vocal » ajoutée.').waitFor();
    assert.match(await item(page, 'Message vocal').getByTestId('evidence-description-text').innerText(), /40 secondes/);

    // 5. the chain of custody of the screenshot: added, downloaded, viewed (this opening)
    await file.getByTestId('evidence-toggle').click();
    await file.getByTestId('evidence-custody').waitFor();
    const actions = await file.getByTestId('custody-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    assert.deepEqual(actions, ['captured', 'downloaded', 'viewed']);
    assert.match(await file.getByTestId('evidence-custody').innerText(), /Amina|par /);
    // team members do not delete
    assert.equal(await file.getByTestId('evidence-delete-open').count(), 0);

    await noHorizontalScroll(page, 'evidence (fr)');
    await expectNoAxeViolations(page, 'case page with evidence (fr, 360 px)');
    await panel.screenshot({ path: join(DOCS_SHOTS, 'evidence-fr-phone.png') });

    // the same in Arabic: right-to-left, hashes and addresses stay left-to-right
    await page.getByTestId('lang-ar').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await panel.getByRole('heading', { name: 'الإثباتات' }).waitFor();
    assert.equal(await file.getByTestId('hash-stored').evaluate((e) => getComputedStyle(e).direction), 'ltr');
    assert.equal(await link.getByTestId('evidence-url-text').evaluate((e) => getComputedStyle(e).direction), 'ltr');
    await noHorizontalScroll(page, 'evidence (ar)');
    await expectNoAxeViolations(page, 'case page with evidence (ar, 360 px)');
    await panel.screenshot({ path: join(DOCS_SHOTS, 'evidence-ar-phone.png') });
    await context.close();
  });
});
