import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { FollowUpComponent } from './follow-up.component';
import { FollowUp } from './public-report.model';

const VIEW: FollowUp = {
  status: 'in_progress',
  schoolNameFr: 'Collège Ibn Khaldoun',
  schoolNameAr: 'إعدادية ابن خلدون',
  messages: [{ from: 'team', body: 'Merci, nous nous en occupons.\nViens nous voir.', at: '2026-11-20T10:00:00Z' }],
};

describe('FollowUpComponent (code + passcode → status and messages)', () => {
  let fixture: ComponentFixture<FollowUpComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  async function type(id: string, value: string): Promise<void> {
    const field = q<HTMLInputElement | HTMLTextAreaElement>(id)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await stable();
  }
  async function click(id: string): Promise<void> {
    q(id)!.click();
    await stable();
  }

  async function render(lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(FollowUpComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
  }

  async function openReport(view: FollowUp = VIEW): Promise<void> {
    await type('follow-code', ' r7k-4qx-9tb ');
    await type('follow-passcode', '7kqm-4xt9-br2w');
    await click('follow-open');
    const req = controller.expectOne('/api/public/follow-up');
    expect(req.request.body).toEqual({ reportCode: 'R7K-4QX-9TB', passcode: '7KQM-4XT9-BR2W' });
    req.flush(view);
    await stable();
    await settle(10);
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

  it('asks for both the code and the passcode before calling the API', async () => {
    await render();
    await click('follow-open');
    const summary = q('error-summary')!;
    expect(Array.from(summary.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['#follow-code', '#follow-passcode']);
  });

  it('shows the status in plain words and the team’s messages, focusing the status', async () => {
    await render();
    await openReport();
    expect(text(q('follow-status'))).toBe('L’équipe s’en occupe');
    expect(text(q('follow-school'))).toBe('Collège Ibn Khaldoun');
    const messages = all('follow-message');
    expect(messages.length).toBe(1);
    expect(messages[0].getAttribute('data-from')).toBe('team');
    expect(q('follow-message-body')!.textContent).toBe('Merci, nous nous en occupons.\nViens nous voir.');
    expect(document.activeElement).toBe(q('follow-heading'));
  });

  it('in Arabic: the status and the school in Arabic', async () => {
    await render('ar');
    await openReport({ ...VIEW, status: 'received', messages: [] });
    expect(text(q('follow-status'))).toBe('تم الاستلام');
    expect(text(q('follow-school'))).toBe('إعدادية ابن خلدون');
    expect(text(q('follow-no-messages'))).toBe('لا توجد رسائل بعد.');
  });

  it('sends a reply in plain text and shows the new thread', async () => {
    await render();
    await openReport();
    await click('follow-reply-send');
    expect(text(q('error-summary'))).toContain('Écris ton message');
    await type('follow-reply', 'Merci, à demain');
    await click('follow-reply-send');
    const req = controller.expectOne('/api/public/follow-up/messages');
    expect(req.request.body).toEqual({ reportCode: 'R7K-4QX-9TB', passcode: '7KQM-4XT9-BR2W', body: 'Merci, à demain' });
    req.flush({ ...VIEW, messages: [...VIEW.messages, { from: 'reporter', body: 'Merci, à demain', at: '2026-11-20T11:00:00Z' }] });
    await stable();
    expect(all('follow-message').length).toBe(2);
    expect(text(q('follow-sent'))).toBe('Ton message est envoyé.');
    expect(q<HTMLTextAreaElement>('follow-reply')!.value).toBe('');
  });

  it('translates a wrong code or passcode (404) without saying which one', async () => {
    await render();
    await type('follow-code', 'AAA-BBB-CCC');
    await type('follow-passcode', 'DDDD-EEEE-FFFF');
    await click('follow-open');
    controller
      .expectOne('/api/public/follow-up')
      .flush({ statusCode: 404, code: 'PUBLIC_REPORT_NOT_FOUND', message: 'Not found' }, { status: 404, statusText: 'Not Found' });
    await stable();
    expect(text(q('error-summary'))).toContain('Ce code ou ce mot de passe ne marche pas');
    expect(q('follow-status')).toBeNull();
  });

  it('translates too many attempts (429)', async () => {
    await render();
    await type('follow-code', 'AAA-BBB-CCC');
    await type('follow-passcode', 'DDDD-EEEE-FFFF');
    await click('follow-open');
    controller
      .expectOne('/api/public/follow-up')
      .flush(
        { statusCode: 429, code: 'PUBLIC_REPORT_RATE_LIMITED', message: 'x' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '150' } },
      );
    await stable();
    expect(text(q('error-summary'))).toContain('Trop d’essais pour le moment. Réessaie dans 3 minute(s).');
  });

  it('a report closed meanwhile (409): says so, shows "closed" and removes the reply box', async () => {
    await render();
    await openReport();
    await type('follow-reply', 'Encore une chose');
    await click('follow-reply-send');
    controller
      .expectOne('/api/public/follow-up/messages')
      .flush({ statusCode: 409, code: 'PUBLIC_REPORT_CLOSED', message: 'x' }, { status: 409, statusText: 'Conflict' });
    await stable();
    expect(text(q('error-summary'))).toContain('Ce signalement est fermé');
    expect(text(q('follow-status'))).toBe('Terminé');
    expect(q('follow-reply-form')).toBeNull();
  });

  it('has no reply box on a closed report, and "leave" forgets everything', async () => {
    await render();
    await openReport({ ...VIEW, status: 'closed' });
    expect(q('follow-reply-form')).toBeNull();
    await click('follow-leave');
    expect(q('follow-status')).toBeNull();
    expect(q<HTMLInputElement>('follow-code')!.value).toBe('');
  });
});
