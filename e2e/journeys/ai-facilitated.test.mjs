// A sexual deepfake ("nudify" montage) of a 15-year-old girl (issue #13, protocol 1.1.0), as the school lives it on a
// 360 px phone: the intake lists the AI-facilitated types with their definitions (fr, ar, en), the danger check sends
// the case to the emergency path, triage offers only T3 and asks whether the case is gender-based, and the removal
// step shows the EMC/IWF portal, the EMC Helpline for Women, e-Blagh, Take It Down and the deepfakes article.
// axe-core and no horizontal scrolling on each screen; screenshots go to docs/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { journeyKit, XHR } from '../support/journey.mjs';
import { startServer } from '../support/server.mjs';

const TEACHER = 'enseignante@demo.sanad.ma';
const COORDINATOR = 'coordinateur@demo.sanad.ma';
const LABELS = {
  fr: 'Image sexuelle truquée ou créée par IA',
  ar: 'صورة جنسية مفبركة أو مولَّدة بالذكاء الاصطناعي',
  en: 'AI-generated or manipulated sexual image',
};

describe('a sexual deepfake of a pupil (protocol 1.1.0)', () => {
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

  /** The type's checkbox, its label and the definition it is described by. */
  async function typeOption(page, value) {
    const box = page.locator(`[data-testid=field-types] input[value=${value}]`);
    await box.waitFor();
    const id = await box.getAttribute('id');
    const helpId = await box.getAttribute('aria-describedby');
    assert.ok(helpId, `${value}: the checkbox is described by its definition`);
    return {
      box,
      label: (await page.locator(`label[for="${id}"]`).innerText()).trim(),
      help: (await page.locator(`[id="${helpId}"]`).innerText()).trim(),
    };
  }

  test('the new types are explained, the deepfake takes the emergency path and the removal step lists the right channels', async () => {
    const { context, page } = await open('fr', 'phone');
    await signIn(page, TEACHER, 'fr');
    const created = await page.request.post(`${server.url}/api/cases`, {
      headers: XHR,
      data: { title: 'Montage « nudify » d’une élève de 15 ans', occurredOn: '2026-11-20' },
    });
    assert.equal(created.status(), 201);
    const caseId = (await created.json()).id;
    const person = await page.request.post(`${server.url}/api/cases/${caseId}/people`, {
      headers: XHR,
      data: { role: 'target', kind: 'pupil', displayName: 'Salma B.', classLabel: '3AC-2', note: '15 ans', sex: 'female' },
    });
    assert.equal(person.status(), 201);

    // intake: each AI-facilitated type with its definition, in the three languages
    await page.goto(`${server.url}/cases/${caseId}/steps/intake`);
    await page.getByTestId('step-form').waitFor();
    for (const lang of ['fr', 'ar', 'en']) {
      if (lang !== 'fr') {
        await page.getByTestId(`lang-${lang}`).click();
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }
      const deepfake = await typeOption(page, 'AI_SEXUAL_IMAGE');
      assert.equal(deepfake.label, LABELS[lang]);
      assert.match(deepfake.help, /447-2/);
      for (const value of ['MANIPULATED_MEDIA', 'VOICE_VIDEO_CLONE', 'INAUTHENTIC_ACCOUNTS']) {
        const option = await typeOption(page, value);
        assert.ok(option.label && option.help, `${value} (${lang})`);
        if (lang === 'ar') assert.match(option.help, /[\u0621-\u064A]{3,}/, `${value}: Arabic definition`);
      }
      await screen(page, { name: 'intake-ai-types', lang, phone: true });
    }
    await page.getByTestId('lang-fr').click();
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    await complete(page, caseId, 'intake', {
      authorsKnown: false,
      types: ['AI_SEXUAL_IMAGE'],
      repeated: false,
      platforms: ['INSTAGRAM'],
      description: 'Une fausse photo dénudée de l’élève circule dans un groupe de classe.',
    });

    // the coordinator's danger check (no sign ticked) is enough: emergency path; triage offers only T3
    const coordinator = await open('fr', 'phone');
    await signIn(coordinator.page, COORDINATOR, 'fr');
    const checked = await complete(coordinator.page, caseId, 'danger_check', { staffImplicated: false });
    assert.equal(checked.state, 'EMERGENCY_ESCALATED');
    await coordinator.page.goto(`${server.url}/cases/${caseId}/steps/triage`);
    await coordinator.page.getByTestId('step-form').waitFor();
    const tiers = await coordinator.page
      .locator('[data-testid=field-tier] input[type=radio]')
      .evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(tiers, ['T3']);
    const gender = coordinator.page.getByTestId('field-genderBased');
    assert.match(await gender.innerText(), /Violence fondée sur le genre/);
    assert.match(await gender.innerText(), /parce que fille ou garçon/);
    await screen(coordinator.page, { name: 'triage-gender-based', lang: 'fr', phone: true });
    await coordinator.context.close();

    // the removal step: the channels and helplines, Take It Down, and the article for the team and the family
    await page.goto(`${server.url}/cases/${caseId}/steps/image_removal`);
    await page.getByTestId('step-resources').waitFor();
    for (const id of ['EMC_IWF_PORTAL', 'EMC_HELPLINE', 'EMC_HELPLINE_WOMEN', 'E_BLAGH'])
      await page.locator(`[data-testid=directory-entry][data-entry-id=${id}]`).waitFor();
    await page.locator('[data-testid=platform-guide][data-guide=TAKE_IT_DOWN]').waitFor();
    const article = page.locator('[data-testid=knowledge-article][data-article=DEEPFAKES]');
    await article.locator('summary').click();
    assert.match(await article.innerText(), /ni anodine ni légale/);
    await screen(page, { name: 'image-removal-ai', lang: 'fr', phone: true });
    await page.getByTestId('lang-ar').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.match(await page.locator('[data-testid=directory-entry][data-entry-id=EMC_HELPLINE_WOMEN]').innerText(), /النساء/);
    assert.match(await article.innerText(), /التزييف العميق/);
    await screen(page, { name: 'image-removal-ai', lang: 'ar', phone: true });
    await page.getByTestId('lang-fr').click();
    await context.close();
  });
});
