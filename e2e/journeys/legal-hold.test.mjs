// The legal hold of issue #10 (docs/retention.md), as a principal lives it on the case page: the "Conservation
// légale" panel says the case follows the retention policy; the principal places a hold, first without a reason (the
// error is shown next to the field and linked to it), then with one; the panel and the timeline show it; the
// principal releases it. The coordinator sees the hold but has no button. Once in French on a desktop screen, once in
// Arabic (right-to-left) on a 360 px phone; axe-core on each screen, no horizontal scrolling on the phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { journeyKit, XHR } from '../support/journey.mjs';
import { startServer } from '../support/server.mjs';

const TEACHER = 'enseignante@demo.sanad.ma';
const COORDINATOR = 'coordinateur@demo.sanad.ma';
const PRINCIPAL = 'directrice@demo.sanad.ma';

describe('legal hold (case page panel)', () => {
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

  async function journey(lang, device, { title, reason, release }) {
    const phone = device === 'phone';
    const teacher = await open(lang, 'desktop');
    const principal = await open(lang, device);
    const coordinator = await open(lang, device);
    await signIn(teacher.page, TEACHER, lang);
    await signIn(principal.page, PRINCIPAL, lang);
    await signIn(coordinator.page, COORDINATOR, lang);
    const created = await teacher.page.request.post(`${server.url}/api/cases`, {
      headers: XHR,
      data: { title, occurredOn: new Date().toISOString().slice(0, 10) },
    });
    assert.equal(created.status(), 201, await created.text());
    const caseId = (await created.json()).id;

    await principal.page.goto(`${server.url}/cases/${caseId}`);
    const panel = principal.page.getByTestId('legal-hold');
    await panel.getByTestId('legal-hold-change').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await screen(principal.page, { name: 'legal-hold-none', lang, phone });

    // without a reason: the error is next to the field, linked to it, and nothing is sent
    await panel.getByTestId('legal-hold-change').click();
    await panel.getByTestId('legal-hold-save').click();
    const field = panel.getByTestId('legal-hold-reason');
    await principal.page.locator('#legal-hold-reason-error').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await field.getAttribute('aria-describedby'), /legal-hold-reason-error/);
    await screen(principal.page, { name: 'legal-hold-error', lang, phone });

    await field.fill(reason);
    await panel.getByTestId('legal-hold-save').click();
    await panel.getByTestId('legal-hold-reason-text').waitFor();
    assert.ok((await panel.getByTestId('legal-hold-status').innerText()).includes(reason));
    await screen(principal.page, { name: 'legal-hold-placed', lang, phone });
    const timeline = await (await principal.page.request.get(`${server.url}/api/cases/${caseId}/timeline`)).json();
    assert.equal(timeline.at(-1).type, 'legal_hold_placed');

    // the coordinator sees the hold, without a button
    await coordinator.page.goto(`${server.url}/cases/${caseId}`);
    await coordinator.page.getByTestId('legal-hold-reason-text').waitFor();
    assert.equal(await coordinator.page.getByTestId('legal-hold-change').count(), 0);

    // the principal releases it
    await panel.getByTestId('legal-hold-change').click();
    await panel.getByTestId('legal-hold-reason').fill(release);
    await panel.getByTestId('legal-hold-save').click();
    await panel.getByTestId('legal-hold-reason-text').waitFor({ state: 'detached' });
    const detail = await (await principal.page.request.get(`${server.url}/api/cases/${caseId}`)).json();
    assert.equal(detail.legalHold, null);

    for (const who of [teacher, principal, coordinator]) await who.context.close();
  }

  test('French, desktop screen', () =>
    journey('fr', 'desktop', {
      title: 'Insultes sur un groupe de classe',
      reason: 'Plainte déposée par la famille auprès de la police',
      release: 'Classement sans suite par le parquet',
    }));

  test('Arabic, 360 px phone', () =>
    journey('ar', 'phone', {
      title: 'سب في مجموعة القسم',
      reason: 'شكاية الأسرة لدى الشرطة',
      release: 'حفظ الملف من طرف النيابة العامة',
    }));
});
