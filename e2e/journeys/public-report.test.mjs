// The public reporting channel of issue #11, as a pupil and the school's team live it: on a 360 px phone in Arabic
// (right-to-left), a pupil opens the school's public page (no account, no staff navigation, no staff request),
// answers the danger question (the emergency numbers show at once), writes what happened, waits for the proof of
// work and gets a code and a passcode (saved as an image). A team member signs in, sees the report in the intake
// queue (badge in the navigation), answers the pupil and turns the report into a case. Back on the phone, the
// follow-up page shows "the team is acting" and the team's reply; the pupil answers. axe-core on each screen;
// screenshots for docs/screenshots (Arabic on the phone, French on a desktop screen).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { journeyKit } from '../support/journey.mjs';
import { startServer } from '../support/server.mjs';

const SCHOOL = 'DEMO-RAB-001';
const TEACHER = 'enseignante@demo.sanad.ma';
const WHAT = `يرسل لي تلاميذ من قسمي رسائل مؤذية كل مساء على إنستغرام ${Date.now()}`;
const REPLY = 'شكرًا لك. الفريق يتابع الأمر، تعال إلى مكتب المنسق غدًا صباحًا.';
const ANSWER = 'حسنًا، سآتي غدًا.';

describe('public reporting channel (public page, code and passcode, intake queue, follow-up)', () => {
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

  test('a pupil reports on a phone in Arabic, the team answers and opens a case, the pupil reads the reply', async () => {
    const pupil = await open('ar', 'phone');
    const requests = [];
    pupil.page.on('request', (r) => requests.push(new URL(r.url()).pathname));

    // the school's public page: no account, no staff navigation, the language switch stays
    await pupil.page.goto(`${server.url}/report/${SCHOOL}`);
    await pupil.page.getByTestId('report-heading').waitFor();
    assert.equal(await pupil.page.getByTestId('main-nav').count(), 0);
    assert.equal(await pupil.page.getByTestId('account').count(), 0);
    assert.equal(await pupil.page.getByTestId('lang-ar').getAttribute('aria-pressed'), 'true');
    assert.match(await pupil.page.getByTestId('report-school').innerText(), /ابن خلدون/);
    await screen(pupil.page, { name: 'public-report-form', lang: 'ar', phone: true });

    // "someone is in danger right now": the numbers to call, at once, as tel: links
    await pupil.page.getByTestId('danger-yes').check();
    await pupil.page.getByTestId('emergency-numbers').waitFor();
    const tels = await pupil.page.getByTestId('helpline-call').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(tels.includes('tel:19'), `police 19 among ${tels.join(', ')}`);
    assert.ok(tels.includes('tel:2511'), `ONDE 2511 among ${tels.join(', ')}`);
    await screen(pupil.page, { name: 'public-report-danger', lang: 'ar', phone: true });
    await pupil.page.getByTestId('danger-no').check();

    await pupil.page.getByTestId('role-target').check();
    await pupil.page.getByTestId('what-happened').fill(WHAT);
    await pupil.page.getByTestId('platform-INSTAGRAM').check();
    await pupil.page.getByTestId('since-this_week').check();
    await pupil.page.getByTestId('report-submit').click();

    // the proof of work, then the receipt: code and passcode, once
    await pupil.page.getByTestId('receipt-code').waitFor({ timeout: 60_000 });
    const code = (await pupil.page.getByTestId('receipt-code').innerText()).trim();
    const passcode = (await pupil.page.getByTestId('receipt-passcode').innerText()).trim();
    assert.match(code, /^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
    assert.match(passcode, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    assert.equal(await pupil.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'receipt-heading');
    await screen(pupil.page, { name: 'public-report-receipt', lang: 'ar', phone: true });
    const [image] = await Promise.all([pupil.page.waitForEvent('download'), pupil.page.getByTestId('receipt-save-image').click()]);
    assert.equal(image.suggestedFilename(), `sanad-${code}.png`);
    const png = readFileSync(await image.path());
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    await pupil.page.getByTestId('receipt-kept').check();
    await pupil.page.getByTestId('receipt-done').click();
    await pupil.page.getByTestId('receipt-code').waitFor({ state: 'detached' });
    await pupil.page.getByTestId('report-heading').waitFor();
    // nothing but the public endpoints (and the app's own files) was asked
    const api = requests.filter((p) => p.startsWith('/api/'));
    assert.ok(
      api.every((p) => p.startsWith('/api/public/')),
      `staff requests from the public page: ${api.filter((p) => !p.startsWith('/api/public/')).join(', ')}`,
    );

    // a team member: the badge, the queue, the report; a reply to the pupil, then a case
    const teacher = await open('fr', 'desktop');
    await signIn(teacher.page, TEACHER, 'fr');
    await teacher.page.getByTestId('nav-intake-count').waitFor();
    await teacher.page.getByTestId('nav-intake').click();
    const row = teacher.page.getByTestId('intake-row').filter({ hasText: WHAT.slice(0, 40) });
    await row.waitFor();
    await screen(teacher.page, { name: 'intake-queue', lang: 'fr', phone: false });
    // the school's poster (short link, QR code, emergency numbers), from the queue
    const [poster] = await Promise.all([teacher.page.waitForEvent('download'), teacher.page.getByTestId('poster-ar').click()]);
    assert.equal(
      readFileSync(await poster.path())
        .subarray(0, 4)
        .toString('latin1'),
      '%PDF',
    );
    await teacher.page
      .getByTestId('poster-status')
      .getByText(/poster|affiche/i)
      .waitFor();
    await row.getByTestId('intake-open').click();
    await teacher.page.getByTestId('intake-what').waitFor();
    const reportId = teacher.page.url().split('/').pop();
    assert.equal((await teacher.page.getByTestId('intake-what').innerText()).trim(), WHAT);
    await teacher.page.getByTestId('intake-message-text').fill(REPLY);
    await teacher.page.getByTestId('intake-message-send').click();
    await teacher.page.getByTestId('intake-message').filter({ hasText: REPLY }).waitFor();
    await screen(teacher.page, { name: 'intake-report', lang: 'fr', phone: false });
    await teacher.page.getByTestId('intake-convert').click();
    await teacher.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await teacher.page.getByTestId('case-reference').waitFor();
    const caseId = teacher.page.url().split('/').pop();
    const converted = await (await teacher.page.request.get(`${server.url}/api/intake-reports/${reportId}`)).json();
    assert.equal(converted.status, 'converted');
    assert.equal(converted.caseId, caseId);
    const reference = (await teacher.page.getByTestId('case-reference').innerText()).trim();
    assert.equal(converted.caseReference, reference);

    // back on the phone: the follow-up page shows the status in plain words and the team's reply
    await pupil.page.getByTestId('report-follow-up-link').click();
    await pupil.page.getByTestId('follow-code').fill(code.toLowerCase());
    await pupil.page.getByTestId('follow-passcode').fill(passcode);
    await pupil.page.getByTestId('follow-open').click();
    const status = pupil.page.getByTestId('follow-status');
    await status.waitFor();
    assert.equal(await status.getAttribute('data-status'), 'in_progress');
    assert.equal((await status.innerText()).trim(), 'الفريق يتابع الأمر');
    assert.equal((await pupil.page.getByTestId('follow-message-body').first().innerText()).trim(), REPLY);
    assert.ok(!(await pupil.page.content()).includes(reference), 'no case content on the public page');
    await screen(pupil.page, { name: 'public-report-follow-up', lang: 'ar', phone: true });
    await pupil.page.getByTestId('follow-reply').fill(ANSWER);
    await pupil.page.getByTestId('follow-reply-send').click();
    await pupil.page.getByTestId('follow-message').filter({ hasText: ANSWER }).waitFor();

    // a wrong passcode: the same "not found" as an unknown code, in Arabic
    await pupil.page.getByTestId('follow-leave').click();
    await pupil.page.getByTestId('follow-code').fill(code);
    await pupil.page.getByTestId('follow-passcode').fill('2222-3333-4444');
    await pupil.page.getByTestId('follow-open').click();
    await pupil.page.getByTestId('error-summary').waitFor();
    assert.match(await pupil.page.getByTestId('error-summary').innerText(), /هذا الرمز أو كلمة السر لا يعمل/);
    await screen(pupil.page, { name: 'public-report-follow-up-error', lang: 'ar', phone: true });

    await Promise.all([pupil, teacher].map((p) => p.context.close()));
  });
});
