// The transmission flow of issue #9, as a school and its academy live it: the principal transmits the triage report
// of a T2 case from the case page (a comment that never names anyone), the academy officer finds it in the inbox,
// opens the pseudonymised report, acknowledges it and asks for more information; the principal answers on the case
// page; the officer marks it handled. The principal also previews and sends a periodic school summary. Once in French
// on desktop screens, once in Arabic (right-to-left) on 360 px phones. axe-core on each screen; screenshots of the
// main screens go to docs/screenshots (French on a desktop screen, Arabic on a phone).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { journeyKit, XHR } from '../support/journey.mjs';
import { startServer } from '../support/server.mjs';

const TEACHER = 'enseignante@demo.sanad.ma';
const COORDINATOR = 'coordinateur@demo.sanad.ma';
const PRINCIPAL = 'directrice@demo.sanad.ma';
const OFFICER = 'aref.rsk@demo.sanad.ma';

describe('transmissions (case report to the academy, inbox, thread, school summary)', () => {
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
  const { open, signIn, screen, complete } = journeyKit(
    () => server,
    () => browser,
  );

  /** A T2 case triaged by the coordinator and co-signed by the principal: its triage report is due. */
  async function prepareT2Case(teacher, coordinator, principal, title) {
    const created = await teacher.request.post(`${server.url}/api/cases`, {
      headers: XHR,
      data: { title, occurredOn: new Date().toISOString().slice(0, 10) },
    });
    assert.equal(created.status(), 201, await created.text());
    const caseId = (await created.json()).id;
    await complete(teacher, caseId, 'intake', { authorsKnown: true, authorsArePupils: true });
    await complete(coordinator, caseId, 'danger_check', { staffImplicated: false });
    await complete(coordinator, caseId, 'triage', { tier: 'T2' });
    const detail = await (await principal.request.get(`${server.url}/api/cases/${caseId}`)).json();
    const signed = await principal.request.post(`${server.url}/api/cases/${caseId}/steps/triage/signature`, {
      headers: XHR,
      data: { expectedSeq: detail.lastEventSeq },
    });
    assert.equal(signed.status(), 200, await signed.text());
    return caseId;
  }

  async function journey(lang, device, { title, comment, question, answer, period }) {
    const phone = device === 'phone';
    const teacher = await open(lang, 'desktop');
    const coordinator = await open(lang, 'desktop');
    const principal = await open(lang, device);
    const officer = await open(lang, device);
    await signIn(teacher.page, TEACHER, lang);
    await signIn(coordinator.page, COORDINATOR, lang);
    await signIn(principal.page, PRINCIPAL, lang);
    const caseId = await prepareT2Case(teacher.page, coordinator.page, principal.page, title);

    // the principal sees the report due on the case page and transmits it with a comment
    await principal.page.goto(`${server.url}/cases/${caseId}`);
    const panel = principal.page.getByTestId('case-transmissions');
    await panel.getByTestId('transmit-form-triage_report').waitFor();
    assert.equal(await panel.locator('[data-testid=due-report][data-kind=triage_report]').getAttribute('data-status'), 'due');
    await panel.getByTestId('transmit-comment').fill(comment);
    await panel.scrollIntoViewIfNeeded();
    await screen(principal.page, { name: 'case-transmission-due', lang, phone });
    await panel.getByTestId('transmit-submit').click();
    await panel.getByTestId('transmit-confirmation').waitFor();
    await panel.locator('[data-testid=due-report][data-kind=triage_report][data-status=sent]').waitFor();
    const reference = (await panel.getByTestId('transmit-reference').innerText()).trim();
    const sent = await (await principal.page.request.get(`${server.url}/api/cases/${caseId}/transmissions`)).json();
    const transmission = sent.transmissions.find((t) => t.kind === 'triage_report');
    assert.ok(transmission, 'the triage report is sent');
    assert.equal(transmission.reference, reference);
    assert.ok(!JSON.stringify(transmission.caseReport).includes(title), 'the case title never leaves the school');
    await screen(principal.page, { name: 'case-transmission-sent', lang, phone });

    // the officer lands on the inbox, where the new report waits, and opens it
    await signIn(officer.page, OFFICER, lang, 'inbox-status');
    assert.match(officer.page.url(), /\/transmissions$/);
    const row = officer.page.locator(`[data-testid=inbox-row][data-id="${transmission.id}"]`);
    await row.waitFor();
    await row.getByTestId('inbox-waiting-flag').waitFor();
    await screen(officer.page, { name: 'transmissions-inbox', lang, phone });
    await row.getByTestId('inbox-link').click();
    await officer.page.getByTestId('case-snapshot').waitFor();
    assert.equal((await officer.page.getByTestId('snapshot-tier').innerText()).trim(), 'T2');
    assert.equal((await officer.page.getByTestId('thread-text').first().innerText()).trim(), comment);
    await screen(officer.page, { name: 'transmission-detail', lang, phone });
    // the academy report as PDF, in both languages at once
    const pdfHref = await officer.page.getByTestId('pdf-fr+ar').getAttribute('href');
    const pdf = await officer.page.request.get(server.url + pdfHref);
    assert.equal(pdf.status(), 200, `${pdfHref}: ${pdf.status()}`);
    assert.match(pdf.headers()['content-type'], /application\/pdf/);

    // acknowledges it, then asks for more information
    await officer.page.getByTestId('acknowledge').click();
    await officer.page.locator('[data-testid=transmission-status][data-status=acknowledged]').first().waitFor();
    await officer.page.getByTestId('message-text').fill(question);
    await officer.page.getByTestId('message-send').click();
    await officer.page.locator('[data-testid=transmission-status][data-status=information_requested]').first().waitFor();
    assert.equal(await officer.page.getByTestId('thread-event').count(), 3);

    // the principal answers on the case page
    await principal.page.goto(`${server.url}/cases/${caseId}`);
    const mine = principal.page.locator(`[data-testid=sent-transmission][data-id="${transmission.id}"]`);
    await mine.getByTestId('request-waiting').waitFor();
    await mine.getByTestId('message-text').fill(answer);
    await mine.scrollIntoViewIfNeeded();
    await screen(principal.page, { name: 'case-transmission-request', lang, phone });
    await mine.getByTestId('message-send').click();
    await mine.locator('[data-testid=transmission-status][data-status=answered]').waitFor();

    // the officer sees the answer and marks the transmission handled
    await officer.page.reload();
    await officer.page.locator('[data-testid=transmission-status][data-status=answered]').first().waitFor();
    assert.equal((await officer.page.getByTestId('thread-text').last().innerText()).trim(), answer);
    await officer.page.getByTestId('handle').click();
    await officer.page.getByTestId('handle-confirm').click();
    await officer.page.locator('[data-testid=transmission-status][data-status=handled]').first().waitFor();
    await officer.page.getByTestId('detail-confirmation').waitFor();
    assert.equal(await officer.page.getByTestId('message-form').count(), 0);
    await screen(officer.page, { name: 'transmission-handled', lang, phone });

    // the officer's statistics count the case (the academy's cases, small numbers suppressed, no school named)
    await officer.page.getByTestId('nav-statistics').click();
    await officer.page.getByTestId('stats-totals').waitFor();
    assert.ok((await officer.page.getByTestId('stats-disclosure').count()) === 1, 'officers see the disclosure rule');
    const total = (await officer.page.getByTestId('stats-total').innerText()).trim();
    assert.ok(total === '<5' || Number(total.replace(/\D/g, '')) > 0 || /[٠-٩]/.test(total), `total: ${total}`);
    await officer.page.getByTestId('chart-type').waitFor();
    await screen(officer.page, { name: 'statistics', lang, phone });

    // the principal's periodic summary: the counts of a period, a comment, sent
    await principal.page.goto(`${server.url}/statistics`);
    await principal.page.getByTestId('stats-summaries').click();
    await principal.page.getByTestId('summary-period').selectOption(period);
    await principal.page.getByTestId('summary-preview').click();
    await principal.page.getByTestId('summary-totals').waitFor();
    await principal.page.getByTestId('summary-comment').fill(comment);
    await screen(principal.page, { name: 'school-summary', lang, phone });
    await principal.page.getByTestId('summary-submit').click();
    await principal.page.getByTestId('summary-confirmation').waitFor();
    const inbox = await (await officer.page.request.get(`${server.url}/api/transmissions?kind=school_summary`)).json();
    assert.ok(inbox.items.some((t) => t.period === period));

    await Promise.all([teacher, coordinator, principal, officer].map((p) => p.context.close()));
  }

  /** The month before this one (`2026-10`) and the term of the school year in progress (`2026-T1` / `2025-T2`). */
  function periods() {
    const now = new Date();
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth() + 1;
    const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const term = m >= 9 ? `${y}-T1` : m === 1 ? `${y - 1}-T1` : `${y - 1}-T2`;
    return { prev, term };
  }

  test('in French on desktop screens: transmitted, received, acknowledged, asked, answered, handled; a monthly summary', async () => {
    await journey('fr', 'desktop', {
      title: `Menaces sur Instagram — transmission ${Date.now()}`,
      comment: 'Situation suivie de près, famille informée.',
      question: 'Quelles mesures de protection ont été prises ?',
      answer: "Changement de place en classe et suivi hebdomadaire par l'équipe.",
      period: periods().prev,
    });
  });

  test('in Arabic, right-to-left on 360 px phones: the same flow and a term summary', async () => {
    await journey('ar', 'phone', {
      title: `تهديدات عبر إنستغرام — ${Date.now()}`,
      comment: 'الوضع متابع عن قرب، وتم إخبار الأسرة.',
      question: 'ما هي تدابير الحماية المتخذة؟',
      answer: 'تغيير المقعد في القسم وتتبع أسبوعي من طرف الفريق.',
      period: periods().term,
    });
  });
});
