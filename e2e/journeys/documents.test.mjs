// Documents of a case (issue #8), as a team member lives it: open a demo case, download the report form in
// French and the full case file in Arabic from the Documents section, and check the files are real PDFs that
// carry the case reference; a password-protected copy; the case page with the section passes axe, in French
// on a desktop and in Arabic (right-to-left) on a 360 px phone without horizontal scrolling.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { expectNoAxeViolations } from '../support/axe.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const PASSWORD = 'Sanad-demo-2026!';
const CASE = '5a0d0004-0000-4000-8000-000000000001'; // 2026-0001, shared concern in progress (Rabat)
const REFERENCE = '2026-0001';

/** pdftotext without the directional marks poppler adds around right-to-left lines. */
const pdfText = (file, args = []) =>
  execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(
    /[\u200E\u200F\u202A-\u202E]/g,
    '',
  );

describe('case documents', () => {
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

  async function openCase(options = {}) {
    const context = await browser.newContext({ acceptDownloads: true, ...options });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByTestId('login-email').fill('enseignante@demo.sanad.ma');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('my-work').waitFor();
    await page.goto(`${server.url}/cases/${CASE}`);
    await page.getByTestId('documents-list').waitFor();
    return { context, page };
  }

  async function download(page, template) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${template}`).click()]);
    const path = await file.path();
    return { name: file.suggestedFilename(), path, bytes: readFileSync(path) };
  }

  test('a team member downloads the report form in French and the full file in Arabic', async () => {
    const { context, page } = await openCase({ viewport: { width: 1100, height: 900 } });
    const section = page.getByTestId('documents');
    assert.match(await section.innerText(), /Fiche de signalement/);
    // D9 does not apply to this case yet: listed, greyed, with the reason
    const d9 = page.getByTestId('document-authority-transmission');
    assert.match(await d9.innerText(), /transmis à une autorité/);
    assert.equal(await page.getByTestId('download-authority-transmission').getAttribute('aria-disabled'), 'true');
    // the language follows the interface by default
    assert.equal(await page.getByTestId('document-lang-fr').isChecked(), true);

    const fr = await download(page, 'report-form');
    assert.equal(fr.name, `${REFERENCE}-report-form-fr.pdf`);
    assert.equal(fr.bytes.subarray(0, 4).toString('latin1'), '%PDF');
    const frText = pdfText(fr.path);
    assert.match(frText, new RegExp(REFERENCE));
    assert.match(frText, /Fiche de signalement/);
    await page
      .getByTestId('documents-status')
      .getByText(/téléchargé/)
      .waitFor();

    await page.getByTestId('document-lang-ar').check();
    const ar = await download(page, 'case-file');
    assert.equal(ar.name, `${REFERENCE}-case-file-ar.pdf`);
    assert.equal(ar.bytes.subarray(0, 4).toString('latin1'), '%PDF');
    const arText = pdfText(ar.path);
    assert.match(arText, new RegExp(REFERENCE));
    assert.match(arText, /[\u0600-\u06FF]{3,}/, 'the file is in Arabic');

    await expectNoAxeViolations(page, 'case page with documents (fr)');
    await context.close();
  });

  test('a protected copy needs its password', async () => {
    const { context, page } = await openCase();
    await page.getByTestId('document-protect').check();
    await page.getByTestId('document-password').fill('court');
    await page.getByTestId('download-report-form').click();
    await page
      .getByTestId('documents-status')
      .getByText(/8 à 128/)
      .waitFor();
    await page.getByTestId('document-password').fill('atlas-cedre-2026');
    const file = await download(page, 'report-form');
    assert.throws(() => pdfText(file.path), /Incorrect password|Command failed/);
    assert.match(pdfText(file.path, ['-upw', 'atlas-cedre-2026']), new RegExp(REFERENCE));
    await context.close();
  });

  test('the case page with its documents in Arabic on a 360 px phone', async () => {
    const { context, page } = await openCase({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.getByTestId('lang-ar').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByTestId('document-case-file').getByText('الملف الكامل', { exact: true }).waitFor();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `${scrollWidth - innerWidth}px of horizontal scrolling at 360 px`);
    await expectNoAxeViolations(page, 'case page with documents (ar, 360 px)');
    await context.close();
  });
});
