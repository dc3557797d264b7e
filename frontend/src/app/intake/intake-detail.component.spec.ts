import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { provideTestTransloco, settle } from '../../testing/testing';
import { IntakeReport } from './intake-api';
import { IntakeDetailComponent } from './intake-detail.component';

const REPORT: IntakeReport = {
  id: 'r1',
  receivedAt: '2026-11-20T10:00:00Z',
  language: 'ar',
  reporterRole: 'target',
  whatHappened: 'رسائل مؤذية كل مساء',
  platforms: ['INSTAGRAM', 'WHATSAPP'],
  since: 'this_week',
  involved: null,
  dangerNow: true,
  contact: null,
  status: 'pending',
  messages: [{ from: 'reporter', body: 'Merci', at: '2026-11-20T11:00:00Z' }],
  events: [{ type: 'received', at: '2026-11-20T10:00:00Z' }],
};

describe('IntakeDetailComponent', () => {
  let fixture: ComponentFixture<IntakeDetailComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
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
  function summaryAsked(): void {
    controller.match('/api/intake-reports/summary').forEach((r) => r.flush({ pending: 0, unreadMessages: 0 }));
  }

  async function render(report: IntakeReport = REPORT): Promise<void> {
    fixture = TestBed.createComponent(IntakeDetailComponent);
    fixture.componentRef.setInput('id', 'r1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/intake-reports/r1').flush(report);
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

  it('shows the report in its language, the danger, anonymity, messages and history', async () => {
    await render();
    expect(text(q('intake-what'))).toBe('رسائل مؤذية كل مساء');
    expect(q('intake-what')!.getAttribute('lang')).toBe('ar');
    expect(q('intake-detail-danger')).not.toBeNull();
    expect(text(q('intake-contact'))).toBe('Anonyme (aucun contact)');
    expect(text(el.querySelector('.facts'))).toContain('Instagram, WhatsApp');
    expect(text(q('intake-message'))).toContain('La personne');
    expect(text(q('intake-event'))).toContain('Signalement reçu');
    expect(q('intake-actions')).not.toBeNull();
    // a pending report is dismissed, not closed
    expect(q('intake-close')).toBeNull();
  });

  it('converts the report into a case and goes to the new case', async () => {
    await render();
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    await click('intake-convert');
    controller
      .expectOne((r) => r.method === 'POST' && r.url === '/api/intake-reports/r1/convert')
      .flush({ caseId: 'c42', reference: '2026-0042' }, { status: 201, statusText: 'Created' });
    await stable();
    summaryAsked();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c42']);
  });

  it('links to an existing case picked by its reference', async () => {
    await render();
    await click('intake-link');
    expect(text(q('error-summary'))).toContain('Saisissez la référence du dossier');
    await type('intake-link-reference', '2026-0007');
    await click('intake-link');
    controller
      .expectOne((r) => r.url === '/api/cases' && r.params.get('q') === '2026-0007')
      .flush({ items: [{ id: 'c7', reference: '2026-0007' }], total: 1, page: 1, pageSize: 20 });
    await stable();
    const link = controller.expectOne('/api/intake-reports/r1/link');
    expect(link.request.body).toEqual({ caseId: 'c7' });
    link.flush({});
    await stable();
    summaryAsked();
    controller.expectOne('/api/intake-reports/r1').flush({ ...REPORT, status: 'linked', caseId: 'c7', caseReference: '2026-0007' });
    await stable();
    expect(text(q('intake-done'))).toBe('Rattaché au dossier 2026-0007.');
    expect(q('intake-case-link')?.getAttribute('href')).toBe('/cases/c7');
    expect(q('intake-actions')).toBeNull();
  });

  it('says when no case has that reference', async () => {
    await render();
    await type('intake-link-reference', '2026-9999');
    await click('intake-link');
    controller
      .expectOne((r) => r.url === '/api/cases')
      .flush({ items: [{ id: 'c1', reference: '2026-99990' }], total: 1, page: 1, pageSize: 20 });
    await stable();
    expect(text(q('error-summary'))).toContain('Aucun dossier avec cette référence');
  });

  it('dismisses with a reason of 3 characters or more; a report handled meanwhile (409) is said and reloaded', async () => {
    await render();
    await type('intake-dismiss-reason-input', 'ok');
    await click('intake-dismiss');
    expect(text(q('error-summary'))).toContain('Saisissez un motif de 3 à 500 caractères');
    await type('intake-dismiss-reason-input', 'Doublon du signalement précédent');
    await click('intake-dismiss');
    const req = controller.expectOne('/api/intake-reports/r1/dismiss');
    expect(req.request.body).toEqual({ reason: 'Doublon du signalement précédent' });
    req.flush({ statusCode: 409, code: 'INTAKE_REPORT_ALREADY_HANDLED', message: 'x' }, { status: 409, statusText: 'Conflict' });
    await stable();
    expect(text(q('error-summary'))).toContain('déjà été traité');
    controller.expectOne('/api/intake-reports/r1').flush({ ...REPORT, status: 'converted', caseId: 'c1', caseReference: '2026-0001' });
    await stable();
    expect(q('intake-actions')).toBeNull();
  });

  it('sends a message to the person, and closes the conversation', async () => {
    await render({ ...REPORT, status: 'converted', caseId: 'c1', caseReference: '2026-0001' });
    await type('intake-message-text', 'Merci, nous nous en occupons.');
    await click('intake-message-send');
    const req = controller.expectOne('/api/intake-reports/r1/messages');
    expect(req.request.body).toEqual({ body: 'Merci, nous nous en occupons.' });
    req.flush([], { status: 201, statusText: 'Created' });
    await stable();
    summaryAsked();
    controller.expectOne('/api/intake-reports/r1').flush({ ...REPORT, status: 'converted', caseId: 'c1', caseReference: '2026-0001' });
    await stable();
    expect(text(q('intake-done'))).toBe('Message envoyé.');
    expect(q<HTMLTextAreaElement>('intake-message-text')!.value).toBe('');
    await click('intake-close');
    controller.expectOne('/api/intake-reports/r1/close').flush({});
    await stable();
    summaryAsked();
    controller
      .expectOne('/api/intake-reports/r1')
      .flush({ ...REPORT, status: 'converted', closed: true, events: [...REPORT.events, { type: 'closed', at: '2026-11-21T10:00:00Z' }] });
    await stable();
    expect(q('intake-closed')).not.toBeNull();
    expect(q('intake-message-form')).toBeNull();
  });

  it('another school’s report (404) is "not found"', async () => {
    fixture = TestBed.createComponent(IntakeDetailComponent);
    fixture.componentRef.setInput('id', 'r1');
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/intake-reports/r1').flush({ statusCode: 404, code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    await stable();
    expect(q('intake-not-found')).not.toBeNull();
  });
});
