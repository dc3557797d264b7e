// What the browser journeys share: screens (desktop, 360 px phone), a context per person in a language, signing
// in, the axe + no-horizontal-scroll + screenshot check of each screen, and steps driven through the API with valid
// answers (as the backend specs do), for the parts of a journey that are not the subject of the test.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applySets, findStep, holds, PLATFORMS } from '@sanad/protocols';
import { expectNoAxeViolations } from './axe.mjs';

export const DOCS_SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
export const PASSWORD = 'Sanad-demo-2026!';
export const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
export const SCREENS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
};
mkdirSync(DOCS_SHOTS, { recursive: true });

/** Valid answers for a step: required fields only, first allowed option, plus overrides (as the API specs do). */
export function fillForm(step, facts, overrides = {}) {
  const answers = {};
  for (const field of step.form?.fields ?? []) {
    if (field.id in overrides) {
      answers[field.id] = overrides[field.id];
      continue;
    }
    const ctx = applySets(facts, step, { ...answers, ...overrides });
    if (!holds(field.when, ctx) || !field.required) continue;
    const allowed = (field.options ?? []).filter((o) => holds(o.when, ctx)).map((o) => o.value);
    switch (field.type) {
      case 'text':
      case 'longText':
      case 'personRef':
        answers[field.id] = 'Noté par la cellule'.padEnd(field.minLength ?? 1, '.').slice(0, field.maxLength ?? 200);
        break;
      case 'date':
        answers[field.id] = new Date().toISOString().slice(0, 10);
        break;
      case 'datetime':
        answers[field.id] = new Date().toISOString();
        break;
      case 'number':
        answers[field.id] = field.min ?? 1;
        break;
      case 'yesNo':
        answers[field.id] = false;
        break;
      case 'choice':
        if (allowed[0] !== undefined) answers[field.id] = allowed[0];
        break;
      case 'multiChoice':
        if (allowed[0] !== undefined) answers[field.id] = [allowed[0]];
        break;
      case 'platform':
        answers[field.id] = field.multiple ? [PLATFORMS[0]] : PLATFORMS[0];
        break;
    }
  }
  return { answers, checklist: (step.checklist?.items ?? []).filter((i) => i.required).map((i) => i.id) };
}

/** The helpers of one journey, bound to its server and browser (read when called: they start in `before`). */
export function journeyKit(getServer, getBrowser) {
  /** A browser context for one person, in a language, on a screen. */
  async function open(lang, screen) {
    const context = await getBrowser().newContext({ ...SCREENS[screen], locale: lang === 'ar' ? 'ar-MA' : 'fr-MA' });
    await context.addInitScript((l) => window.localStorage.setItem('sanad.lang', l), lang);
    const page = await context.newPage();
    return { context, page };
  }

  /** Signs in and waits for the person's first page ("Mon travail", or another test id given as `ready`). */
  async function signIn(page, email, lang, ready = 'my-work') {
    await page.goto(getServer().url + '/sign-in');
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId(ready).waitFor();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  /** axe, no horizontal scrolling on a phone, and the screenshot for the docs (fr on a desktop, ar on a phone). */
  async function screen(page, { name, lang, phone }) {
    // the page as a person reads it: deferred panels drawn and their requests answered (the case page draws its
    // lower panels one after the other; axe once caught one of them half-drawn, an input before its label's text)
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => new Promise((resolve) => window.requestAnimationFrame(() => window.requestAnimationFrame(resolve))));
    await page.evaluate(() => document.fonts.ready);
    const label = `${name} (${lang}${phone ? ', 360 px' : ''})`;
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr', label);
    await expectNoAxeViolations(page, label);
    if (phone) {
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${label}: ${overflow}px of horizontal scrolling`);
    }
    if (lang === 'ar' && phone) {
      await page.screenshot({ path: join(DOCS_SHOTS, `journey-${name}-ar-phone.png`), fullPage: true });
    } else if (lang === 'fr') {
      // the French shots are taken on a desktop screen, whatever the device of the journey
      const size = page.viewportSize();
      if (phone) await page.setViewportSize(SCREENS.desktop.viewport);
      await page.screenshot({ path: join(DOCS_SHOTS, `journey-${name}-fr-desktop.png`), fullPage: true });
      if (phone) await page.setViewportSize(size);
    }
  }

  /** Drives one step through the API with the page's session, as the person would with the form. */
  async function complete(page, caseId, stepId, overrides = {}) {
    const url = getServer().url;
    const detail = await (await page.request.get(`${url}/api/cases/${caseId}`)).json();
    const defRes = await page.request.get(`${url}/api/protocols/${detail.protocol.id}/${detail.protocol.version}`);
    const step = findStep((await defRes.json()).definition, stepId);
    const { answers, checklist } = fillForm(step, detail.facts, overrides);
    const res = await page.request.post(`${url}/api/cases/${caseId}/steps/${stepId}`, {
      headers: XHR,
      data: { expectedSeq: detail.lastEventSeq, answers, checklist },
    });
    assert.equal(res.status(), 200, `${stepId}: ${res.status()} ${await res.text()}`);
    return res.json();
  }

  return { open, signIn, screen, complete };
}
