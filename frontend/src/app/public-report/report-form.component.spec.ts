import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { leadingZeroBits } from './proof-of-work';
import { PublicSchool } from './public-report.model';
import { ReportFormComponent } from './report-form.component';

const SCHOOL: PublicSchool = {
  code: 'DEMO01',
  nameFr: 'Collège Ibn Khaldoun',
  nameAr: 'إعدادية ابن خلدون',
  helplines: [
    { id: 'police', name: { fr: 'Police', ar: 'الشرطة', en: 'Police' }, phone: '19' },
    { id: 'onde', name: { fr: 'ONDE', ar: 'المرصد', en: 'ONDE' }, phone: '2511' },
    { id: 'emc', name: { fr: 'e-Himaya', ar: 'e-Himaya', en: 'e-Himaya' }, url: 'https://example.ma/e-himaya' },
  ],
};

describe('ReportFormComponent (public page of a school)', () => {
  let fixture: ComponentFixture<ReportFormComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(ReportFormComponent);
    fixture.componentRef.setInput('schoolCode', 'DEMO01');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/public/schools/DEMO01').flush(SCHOOL);
    await stable();
  }

  async function click(id: string): Promise<void> {
    q(id)!.click();
    await stable();
  }

  async function type(id: string, value: string): Promise<void> {
    const field = q<HTMLInputElement | HTMLTextAreaElement>(id)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await stable();
  }

  async function fill(): Promise<void> {
    await click('danger-no');
    await click('role-target');
    await type('what-happened', 'Des messages méchants tous les soirs');
    await click('platform-INSTAGRAM');
    await click('platform-WHATSAPP');
    await click('since-this_week');
  }

  /** Answers the challenge request; resolves with the report request once the proof of work is done. */
  async function passChallenge(difficulty = 4, challenge = 'c1.sig'): Promise<TestRequest> {
    controller.expectOne('/api/public/challenge?school=DEMO01').flush({ challenge, difficulty, expiresAt: '2030-01-01T00:00:00Z' });
    for (let i = 0; i < 200; i++) {
      const found = controller.match('/api/public/schools/DEMO01/reports');
      if (found.length > 0) return found[0];
      await settle(5);
    }
    throw new Error('no report sent');
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    controller.verify();
    el?.remove();
  });

  it('asks no staff API: only the school, and the danger question comes first', async () => {
    await render();
    expect(text(q('report-school'))).toBe('Collège Ibn Khaldoun');
    const questions = Array.from(el.querySelectorAll('fieldset legend, .question__legend')).map((l) => text(l));
    expect(questions[0]).toBe('Est-ce que quelqu’un est en danger en ce moment ?');
    expect(el.querySelectorAll('fieldset').length).toBe(5);
    expect(el.querySelectorAll('fieldset > legend').length).toBe(5);
  });

  it('shows the emergency numbers as tel: links as soon as "someone is in danger" is answered yes', async () => {
    await render();
    expect(q('emergency-numbers')).toBeNull();
    await click('danger-yes');
    const calls = all('helpline-call');
    expect(calls.map((a) => a.getAttribute('href'))).toEqual(['tel:19', 'tel:2511']);
    expect(text(q('emergency-numbers'))).toContain('e-Himaya');
    expect(q('emergency-numbers')!.closest('[aria-live]')?.getAttribute('aria-live')).toBe('assertive');
    await click('danger-no');
    expect(q('emergency-numbers')).toBeNull();
  });

  it('lists what is missing in an error summary that takes the focus, each linked to its question', async () => {
    await render();
    await click('report-submit');
    await settle(20);
    const summary = q('error-summary')!;
    expect(document.activeElement).toBe(summary);
    const links = Array.from(summary.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#danger-yes', '#role-target', '#what-happened', '#since-today']);
    expect(text(links[2])).toBe('Écris ce qui s’est passé');
    expect(q('what-happened')!.getAttribute('aria-invalid')).toBe('true');
    controller.expectNone('/api/public/challenge?school=DEMO01');
  });

  it('asks for the contact only when the person chooses to give one', async () => {
    await render();
    expect(q('contact')).toBeNull();
    await fill();
    await click('anonymous-no');
    await click('report-submit');
    expect(text(q('error-summary'))).toContain('Écris ton téléphone ou ton e-mail');
  });

  it('does the proof of work, sends an anonymous report and shows the code and passcode once', async () => {
    await render();
    await fill();
    await click('report-submit');
    expect(text(q('report-working'))).toContain('Vérification en cours');
    const req = await passChallenge(4);
    const body = req.request.body as Record<string, unknown>;
    expect(body).toEqual({
      challenge: 'c1.sig',
      nonce: jasmine.any(String),
      language: 'fr',
      reporterRole: 'target',
      whatHappened: 'Des messages méchants tous les soirs',
      platforms: ['INSTAGRAM', 'WHATSAPP'],
      since: 'this_week',
      dangerNow: false,
    });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`c1.sig:${body['nonce'] as string}`)));
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(4);
    req.flush({ reportCode: 'R7K-4QX-9TB', passcode: '7KQM-4XT9-BR2W', dangerNow: false }, { status: 201, statusText: 'Created' });
    await stable();
    await settle(20);
    expect(text(q('receipt-code'))).toBe('R7K-4QX-9TB');
    expect(text(q('receipt-passcode'))).toBe('7KQM-4XT9-BR2W');
    expect(document.activeElement).toBe(q('receipt-heading'));
    expect(text(q('receipt-warning'))).toContain('ne seront plus jamais affichés');
    const done = q<HTMLButtonElement>('receipt-done')!;
    expect(done.disabled).toBeTrue();
    await click('receipt-kept');
    expect(done.disabled).toBeFalse();
    await click('receipt-done');
    expect(q('receipt-code')).toBeNull();
    expect(el.textContent).not.toContain('7KQM-4XT9-BR2W');
    expect(q<HTMLTextAreaElement>('what-happened')!.value).toBe('');
  });

  it('sends the contact and the danger when given, and shows the numbers again on the receipt', async () => {
    await render('ar');
    await fill();
    await click('danger-yes');
    await click('anonymous-no');
    await type('contact', '0600000000');
    await type('involved', 'Karim');
    await click('report-submit');
    const req = await passChallenge(2);
    expect(req.request.body).toEqual(
      jasmine.objectContaining({ language: 'ar', dangerNow: true, contact: '0600000000', involved: 'Karim' }),
    );
    req.flush({ reportCode: 'R7K-4QX-9TB', passcode: '7KQM-4XT9-BR2W', dangerNow: true }, { status: 201, statusText: 'Created' });
    await stable();
    expect(all('helpline-call').length).toBe(2);
    expect(q('receipt-code')!.querySelector('bdi')!.getAttribute('dir')).toBe('ltr');
  });

  it('tries once more with a new challenge when the proof was refused (expired), then reports', async () => {
    await render();
    await fill();
    await click('report-submit');
    (await passChallenge(1, 'old')).flush(
      { statusCode: 400, code: 'PUBLIC_REPORT_PROOF_INVALID', message: 'x' },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    const again = await passChallenge(1, 'new');
    expect((again.request.body as { challenge: string }).challenge).toBe('new');
    again.flush({ reportCode: 'AAA-BBB-CCC', passcode: 'DDDD-EEEE-FFFF', dangerNow: false }, { status: 201, statusText: 'Created' });
    await stable();
    expect(text(q('receipt-code'))).toBe('AAA-BBB-CCC');
  });

  it('says in plain words when there were too many tries (429), keeping what was typed', async () => {
    await render();
    await fill();
    await click('report-submit');
    (await passChallenge(1)).flush(
      { statusCode: 429, code: 'PUBLIC_REPORT_RATE_LIMITED', message: 'Too many' },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await stable();
    expect(text(q('error-summary'))).toContain('Trop d’essais pour le moment');
    expect(q<HTMLTextAreaElement>('what-happened')!.value).toBe('Des messages méchants tous les soirs');
  });

  it('tells the person when the school link is unknown (404)', async () => {
    await TestBed.inject(LanguageService).use('fr', { persist: false });
    fixture = TestBed.createComponent(ReportFormComponent);
    fixture.componentRef.setInput('schoolCode', 'NOPE');
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller
      .expectOne('/api/public/schools/NOPE')
      .flush({ statusCode: 404, code: 'PUBLIC_SCHOOL_NOT_FOUND', message: 'x' }, { status: 404, statusText: 'Not Found' });
    await stable();
    expect(text(q('school-not-found'))).toBe('Ce lien ne marche pas');
    expect(q('report-form')).toBeNull();
  });
});
