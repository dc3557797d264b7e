// From the first report to the principal's sign-off, as the school lives it: a teacher on a 360 px phone logs an
// incident through the guided intake (danger questions first, the emergency contacts at once for a "yes", then the
// case, the people involved with their codes, then the intake step), the coordinator and the teacher follow the
// steps, and the principal finds the case in the review queue and signs off the closure. Once in French, once in
// Arabic (right-to-left). axe-core on each screen; screenshots of the main screens go to docs/screenshots
// (French on a desktop screen, Arabic on a phone).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { journeyKit, SCREENS, XHR } from '../support/journey.mjs';
import { startServer } from '../support/server.mjs';

const TEACHER = 'enseignante@demo.sanad.ma';
const COORDINATOR = 'coordinateur@demo.sanad.ma';
const PRINCIPAL = 'directrice@demo.sanad.ma';

describe('intake to closure (guided intake, steps, review queue, sign-off)', () => {
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

  /** The teacher's guided intake on a phone; returns the new case's id. */
  async function teacherLogsIncident(page, lang, title) {
    const phone = true;
    await signIn(page, TEACHER, lang);
    await screen(page, { name: 'my-work', lang, phone });

    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-row').first().waitFor();
    // on a phone the filters fold behind "Filtres"
    await page.getByTestId('filters-toggle').click();
    await page.getByTestId('filter-form').waitFor();
    await screen(page, { name: 'case-list-filters', lang, phone });
    await page.getByTestId('filters-toggle').click();

    await page.getByTestId('new-case-button').click();
    const questions = page.getByTestId('danger-question');
    await questions.first().waitFor();
    assert.ok((await questions.count()) >= 5, 'the protocol has five danger signs');
    await screen(page, { name: 'intake-danger', lang, phone });

    // one "yes" shows the emergency guidance and contacts at once
    await page.locator('[data-flag=PHYSICAL_THREAT] input[value=yes]').check();
    await page.getByTestId('emergency-guidance').waitFor();
    await page.locator('[data-testid=directory-entry][data-entry-id=POLICE_19]').waitFor();
    assert.ok(await page.locator('[data-testid=directory-entry] a[href^="tel:"]').first().isVisible());
    await screen(page, { name: 'intake-emergency', lang, phone });
    // (a mistake, corrected: there is no threat)
    await page.locator('[data-flag=PHYSICAL_THREAT] input[value=no]').check();
    await page.getByTestId('emergency-guidance').waitFor({ state: 'detached' });
    await page.getByTestId('danger-continue').click();

    await page.getByTestId('case-title').fill(title);
    await page.getByTestId('case-occurred-on').fill(new Date().toISOString().slice(0, 10));
    await page.getByTestId('person-name').fill('Salma B.');
    await page.getByTestId('person-class').fill('3AC-2');
    await page.getByTestId('person-add').click();
    await page.getByTestId('person-role').selectOption('author');
    await page.getByTestId('person-add').click();
    await page.getByTestId('person-code').nth(1).waitFor();
    assert.deepEqual(await page.getByTestId('person-code').allInnerTexts(), ['E1', 'A1']);
    // the draft is kept in this tab only
    assert.ok(await page.evaluate(() => window.sessionStorage.getItem('sanad.draft.new-case') !== null));
    assert.equal(await page.evaluate(() => window.localStorage.getItem('sanad.draft.new-case')), null);
    await screen(page, { name: 'intake-details', lang, phone });
    await page.getByTestId('case-submit').click();

    // the intake step opens next
    await page.waitForURL(/\/steps\/intake/);
    await page.getByTestId('case-created').waitFor();
    const caseId = page.url().match(/\/cases\/([^/]+)\/steps/)[1];
    assert.equal(await page.evaluate(() => window.sessionStorage.getItem('sanad.draft.new-case')), null);
    const people = await (await page.request.get(`${server.url}/api/cases/${caseId}/people`)).json();
    assert.deepEqual(
      people.items.map((p) => [p.code, p.role]),
      [
        ['E1', 'target'],
        ['A1', 'author'],
      ],
    );

    await page.getByTestId('step-form').waitFor();
    await page.locator('[data-testid=field-reportChannel] input[type=radio]').first().check();
    await page.locator('[data-testid=field-targetRef] input').fill('E1');
    await page.locator('[data-testid=field-authorsKnown] input[value=true]').check();
    await page.locator('[data-testid=field-authorsArePupils] input[value=true]').check();
    await page.locator('[data-testid=field-types] input[value=INSULT]').check();
    await page.locator('[data-testid=field-repeated] input[value=false]').check();
    await page.locator('[data-testid=field-platforms] input[value=WHATSAPP]').check();
    await page.locator('[data-testid=field-description] textarea').fill('Moqueries dans un groupe WhatsApp de la classe.');
    await screen(page, { name: 'intake-step', lang, phone });
    await page.getByTestId('step-submit').click();
    await page.getByTestId('confirmation').waitFor();
    await page.locator('[data-testid=step-item][data-step-id=intake][data-status=done]').waitFor();
    return caseId;
  }

  /** The principal finds the case in the review queue and approves the closure on the step page. */
  async function principalSignsOff(page, lang, phone, caseId, reference) {
    await signIn(page, PRINCIPAL, lang);
    const block = page.getByTestId('my-review');
    await block.waitFor();
    await block.getByText(reference).waitFor();
    await page.getByTestId('state-count').first().waitFor();
    await screen(page, { name: 'my-work-principal', lang, phone });

    await page.getByTestId('nav-review').click();
    const item = page.locator(`[data-testid=review-item][data-case-id="${caseId}"]`);
    await item.waitFor();
    const step = item.locator('[data-testid=review-step][data-step-id=closure_signoff]');
    assert.equal(await step.getAttribute('data-kind'), 'decision');
    await screen(page, { name: 'review-queue', lang, phone });
    await step.getByTestId('review-step-link').click();

    await page.waitForURL(/\/steps\/closure_signoff/);
    await page.getByTestId('step-form').waitFor();
    await page.locator('[data-testid=field-decision] input[value=APPROVE]').check();
    await screen(page, { name: 'closure-signoff', lang, phone });
    await page.getByTestId('step-submit').click();
    await page.getByTestId('confirmation').waitFor();
    const detail = await (await page.request.get(`${server.url}/api/cases/${caseId}`)).json();
    assert.equal(detail.state, 'CLOSED');
    assert.equal(detail.closed, true);
    await page.reload();
    await page.getByTestId('task-list').waitFor();
    await screen(page, { name: 'case-closed', lang, phone });
  }

  /** The coordinator and the teacher follow the educational track (T0) up to the closure proposal. */
  async function followSteps(coordinator, teacher, caseId, { dangerCheckInUi }) {
    if (dangerCheckInUi) {
      await coordinator.goto(`${server.url}/cases/${caseId}/steps/danger_check`);
      await coordinator.getByTestId('step-form').waitFor();
      await coordinator.getByTestId('step-resources').waitFor();
      await coordinator.locator('[data-testid=field-staffImplicated] input[value=false]').check();
      await coordinator.getByTestId('step-submit').click();
      await coordinator.getByTestId('confirmation').waitFor();
    } else {
      await complete(coordinator, caseId, 'danger_check', { staffImplicated: false });
    }
    await complete(coordinator, caseId, 'triage', { tier: 'T0' });
    await complete(coordinator, caseId, 'track_decision', { track: 'EDUCATIONAL' });
    await complete(teacher, caseId, 'target_interview');
    await complete(coordinator, caseId, 'educational_response');
    await complete(teacher, caseId, 'educational_followup', { situation: 'STOPPED' });
    const proposed = await complete(coordinator, caseId, 'closure_proposal');
    assert.equal(proposed.state, 'CLOSURE_PROPOSED');
    return proposed.case.reference;
  }

  test('in French: a teacher on a phone logs it, the team follows it, the principal signs off the closure', async () => {
    const title = `Moqueries WhatsApp — parcours ${Date.now()}`;
    const teacher = await open('fr', 'phone');
    const caseId = await teacherLogsIncident(teacher.page, 'fr', title);

    const coordinator = await open('fr', 'desktop');
    await signIn(coordinator.page, COORDINATOR, 'fr');
    const reference = await followSteps(coordinator.page, teacher.page, caseId, { dangerCheckInUi: true });

    // the list filters find it: waiting for the principal, shareable address
    await coordinator.page.goto(`${server.url}/cases?review=true&q=${encodeURIComponent(reference)}`);
    await coordinator.page.locator(`[data-testid=case-row][data-case-id="${caseId}"]`).waitFor();
    assert.equal(await coordinator.page.getByTestId('case-row').count(), 1);
    await screen(coordinator.page, { name: 'case-list', lang: 'fr', phone: false });

    const principal = await open('fr', 'desktop');
    await principalSignsOff(principal.page, 'fr', false, caseId, reference);
    await Promise.all([teacher.context.close(), coordinator.context.close(), principal.context.close()]);
  });

  test('in Arabic, right-to-left on phones: guided intake, review queue and sign-off', async () => {
    const title = `تنمر عبر واتساب — ${Date.now()}`;
    const teacher = await open('ar', 'phone');
    const caseId = await teacherLogsIncident(teacher.page, 'ar', title);

    const coordinator = await open('ar', 'phone');
    await signIn(coordinator.page, COORDINATOR, 'ar');
    const reference = await followSteps(coordinator.page, teacher.page, caseId, { dangerCheckInUi: false });

    const principal = await open('ar', 'phone');
    await principalSignsOff(principal.page, 'ar', true, caseId, reference);
    await Promise.all([teacher.context.close(), coordinator.context.close(), principal.context.close()]);
  });

  /** The same screen in the other language, switched at runtime: French on a desktop, Arabic on a 360 px phone. */
  async function otherWay(page, name, to) {
    const size = page.viewportSize();
    await page.getByTestId(`lang-${to}`).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, to);
    await page.setViewportSize(to === 'ar' ? SCREENS.phone.viewport : SCREENS.desktop.viewport);
    await screen(page, { name, lang: to, phone: to === 'ar' });
    await page.getByTestId(`lang-${to === 'ar' ? 'fr' : 'ar'}`).click();
    await page.setViewportSize(size);
  }

  test('a danger sign at intake reaches the coordinator, who puts someone in charge; the principal sends a T2 triage back (Arabic, phone)', async () => {
    const teacher = await open('fr', 'phone');
    await signIn(teacher.page, TEACHER, 'fr');
    const created = await teacher.page.request.post(`${server.url}/api/cases`, {
      headers: XHR,
      data: {
        title: `Messages inquiétants la nuit — ${Date.now()}`,
        occurredOn: new Date().toISOString().slice(0, 10),
        dangerSigns: ['SELF_HARM'],
      },
    });
    assert.equal(created.status(), 201, await created.text());
    const caseId = (await created.json()).id;
    await complete(teacher.page, caseId, 'intake', { authorsKnown: true, authorsArePupils: true });

    // the coordinator sees the signs on the case, with the way to the danger check, and puts the teacher in charge
    const coordinator = await open('fr', 'desktop');
    await signIn(coordinator.page, COORDINATOR, 'fr');
    await coordinator.page.goto(`${server.url}/cases/${caseId}`);
    await coordinator.page.getByTestId('reported-danger').waitFor();
    assert.match(await coordinator.page.getByTestId('reported-danger-signs').innerText(), /automutilation/);
    await coordinator.page.getByTestId('assignee-change').click();
    await coordinator.page.getByTestId('assignee-select').locator('option').nth(1).waitFor({ state: 'attached' });
    const teacherName = (await (await teacher.page.request.get(`${server.url}/api/auth/me`)).json()).user.displayName;
    await coordinator.page.getByTestId('assignee-select').selectOption({ label: teacherName });
    await screen(coordinator.page, { name: 'case-danger-reported', lang: 'fr', phone: false });
    await otherWay(coordinator.page, 'case-danger-reported', 'ar');
    await coordinator.page.getByTestId('assignee-save').click();
    await coordinator.page.getByTestId('case-assignee').filter({ hasText: teacherName }).waitFor();
    // the danger check starts from the teacher's answer
    await coordinator.page.goto(`${server.url}/cases/${caseId}/steps/danger_check`);
    await coordinator.page.getByTestId('danger-prefilled').waitFor();
    assert.ok(await coordinator.page.locator('#f-dangerFlags').isChecked());
    // (checked with the pupil: no risk after all) the triage is T2, which the principal co-signs
    await complete(coordinator.page, caseId, 'danger_check', { dangerFlags: [], staffImplicated: false });
    await complete(coordinator.page, caseId, 'triage', { tier: 'T2' });
    const mine = await (await teacher.page.request.get(`${server.url}/api/cases?assignee=me&pageSize=100`)).json();
    assert.ok(
      mine.items.some((c) => c.id === caseId),
      'the teacher finds the case under "in charge: me"',
    );

    // the principal, on a phone in Arabic, sends the triage back: the comment is required
    const principal = await open('ar', 'phone');
    await signIn(principal.page, PRINCIPAL, 'ar');
    await principal.page.goto(`${server.url}/cases/${caseId}/steps/triage`);
    await principal.page.getByTestId('step-send-back').click();
    await principal.page.locator('app-error-summary').waitFor();
    await principal.page.getByTestId('sign-comment').fill('رسالة واحدة فقط: المستوى T1 يكفي.');
    await screen(principal.page, { name: 'triage-send-back', lang: 'ar', phone: true });
    await otherWay(principal.page, 'triage-send-back', 'fr');
    await principal.page.getByTestId('step-send-back').click();
    await principal.page.getByTestId('confirmation').waitFor();

    // the coordinator is told, sees who sent it back and why, and triages again
    await coordinator.page.goto(`${server.url}/cases/${caseId}/steps/triage`);
    await coordinator.page.getByTestId('step-returned').waitFor();
    assert.equal(await coordinator.page.getByTestId('step-returned-comment').innerText(), 'رسالة واحدة فقط: المستوى T1 يكفي.');
    await screen(coordinator.page, { name: 'step-returned', lang: 'fr', phone: false });
    await otherWay(coordinator.page, 'step-returned', 'ar');
    const notices = await (await coordinator.page.request.get(`${server.url}/api/notifications`)).json();
    assert.ok(notices.some((n) => n.kind === 'step_returned' && n.caseId === caseId));
    await Promise.all([teacher.context.close(), coordinator.context.close(), principal.context.close()]);
  });
});
