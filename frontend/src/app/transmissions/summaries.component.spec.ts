import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { SummariesComponent, periodOptions } from './summaries.component';
import { TransmissionSummary } from './transmissions.model';
import { SUMMARY_SNAPSHOT, detail, summaryItem } from './transmissions-testing';

const SENT: TransmissionSummary[] = [
  summaryItem({
    id: 's9',
    kind: 'school_summary',
    kindLabel: { fr: 'Bilan', ar: 'حصيلة', en: 'Summary' },
    reference: 'RSK-RAB-0001-2026-10',
    period: '2026-10',
    status: 'information_requested',
    messageCount: 1,
  }),
];

describe('SummariesComponent', () => {
  let fixture: ComponentFixture<SummariesComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(period?: string, lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(SummariesComponent);
    if (period) fixture.componentRef.setInput('period', period);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
    controller.expectOne('/api/school-summaries').flush(SENT);
    if (period) controller.expectOne(`/api/school-summaries/preview?period=${period}`).flush(SUMMARY_SNAPSHOT);
    await stable();
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

  it('offers the months and the terms that have started', () => {
    const { months, terms } = periodOptions(new Date(Date.UTC(2026, 10, 22)));
    expect(months.slice(0, 3).map((m) => m.id)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(months.length).toBe(12);
    expect(terms.map((t) => t.id)).toEqual(['2026-T1', '2025-T2', '2025-T1', '2024-T2']);
  });

  it('asks for a period before showing the numbers, and puts the chosen one in the address', async () => {
    await render();
    expect(text(q('summaries-sent'))).toContain('octobre 2026');
    expect(text(q('summaries-sent'))).toContain('Informations demandées');
    q('summary-preview')!.click();
    await stable();
    const select = q<HTMLSelectElement>('summary-period')!;
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(text(el.querySelector('#summary-period-error'))).toContain('Choisissez une période');
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    select.value = select.options[2].value;
    select.dispatchEvent(new Event('change'));
    q('summary-preview')!.click();
    expect(navigate).toHaveBeenCalledWith(['/statistics/summaries'], { queryParams: { period: select.options[2].value } });
  });

  it('previews the counts of the period, then sends them with the comment and confirms with the reference', async () => {
    await render('2026-11');
    expect(text(q('summary-preview-counts'))).toContain('Chiffres de novembre 2026');
    expect(text(q('summary-totals'))).toMatch(/Dossiers ouverts en fin de période\s*9/);
    const comment = q<HTMLTextAreaElement>('summary-comment')!;
    comment.value = 'Mois calme.';
    comment.dispatchEvent(new Event('input'));
    q('summary-submit')!.click();
    await stable();
    const req = controller.expectOne('/api/school-summaries');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ period: '2026-11', comment: 'Mois calme.' });
    req.flush(detail({ kind: 'school_summary', reference: 'RSK-RAB-0001-2026-11', caseReport: null, summary: SUMMARY_SNAPSHOT }));
    await stable();
    controller.expectOne('/api/school-summaries').flush(SENT);
    await stable();
    expect(text(q('summary-confirmation'))).toContain('Bilan envoyé');
    expect(text(q('summary-reference'))).toBe('RSK-RAB-0001-2026-11');
    expect(document.activeElement?.id).toBe('summary-confirmation');
  });

  it('shows "already sent" next to the period', async () => {
    await render('2026-11');
    q('summary-submit')!.click();
    await stable();
    controller
      .expectOne('/api/school-summaries')
      .flush(
        { statusCode: 409, code: 'TRANSMISSION_ALREADY_SENT', message: 'Ce bilan a déjà été envoyé' },
        { status: 409, statusText: 'Conflict' },
      );
    await stable();
    expect(text(el.querySelector('#summary-period-error'))).toContain('Ce bilan a déjà été envoyé');
    expect(document.activeElement?.id).toBe('summary-period');
  });

  it('opens the thread of a summary sent, where the principal answers (Arabic)', async () => {
    await render(undefined, 'ar');
    q('summary-thread-toggle')!.click();
    await stable();
    controller.expectOne('/api/transmissions/s9').flush(detail({ id: 's9', status: 'information_requested', actions: ['message'] }));
    await stable();
    expect(q('summary-thread-toggle')!.getAttribute('aria-expanded')).toBe('true');
    expect(q('message-form')).not.toBeNull();
    expect(text(el.querySelector('label[for="summary-s9-message"]'))).toBe('الرد على الأكاديمية');
  });
});
