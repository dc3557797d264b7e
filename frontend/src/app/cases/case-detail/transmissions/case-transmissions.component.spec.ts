import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiInterceptor } from '../../../core/api.interceptor';
import { LanguageService } from '../../../core/language.service';
import { fixtureDetail } from '../../../../testing/protocol-fixture';
import { provideTestTransloco, settle } from '../../../../testing/testing';
import { CaseTransmissions } from '../../../transmissions/transmissions.model';
import { detail } from '../../../transmissions/transmissions-testing';
import { CaseTransmissionsComponent } from './case-transmissions.component';

const L = (fr: string, ar: string, en: string) => ({ fr, ar, en });
const TRIAGE = L('Rapport de triage', 'تقرير التقييم', 'Triage report');
const CLOSURE = L('Rapport de clôture', 'تقرير الإغلاق', 'Closure report');

function due(canTransmit: boolean): CaseTransmissions {
  return {
    reports: [
      { kind: 'triage_report', label: TRIAGE, status: 'due' },
      { kind: 'closure_report', label: CLOSURE, status: 'not_due' },
    ],
    canTransmit,
    transmissions: [],
  };
}

describe('CaseTransmissionsComponent', () => {
  let fixture: ComponentFixture<CaseTransmissionsComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(body: CaseTransmissions, lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(CaseTransmissionsComponent);
    fixture.componentRef.setInput('caseId', 'c1');
    fixture.componentRef.setInput('version', 7);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
    controller.expectOne('/api/cases/c1/transmissions').flush(body);
    await stable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
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

  it('lists the reports of the protocol with their status in words; a team member reads, without a form', async () => {
    await render(due(false));
    const reports = all('due-report');
    expect(reports.map((r) => text(r.querySelector('[data-testid="due-report-status"]')))).toEqual(['!À transmettre', '–Pas encore dû']);
    expect(text(reports[0])).toContain('Rapport de triage');
    expect(text(reports[0])).toContain("Le chef ou la cheffe d'établissement transmet ce rapport.");
    expect(text(reports[1])).toContain('Rapport de clôture');
    expect(q('transmit-form-triage_report')).toBeNull();
  });

  it('lets the principal transmit a due report with a comment, sending the case seq, then confirms with the reference', async () => {
    await render(due(true));
    let caseChanged = 0;
    fixture.componentInstance.caseChanged.subscribe(() => caseChanged++);
    const hint = el.querySelector('#transmit-comment-triage_report-hint');
    expect(text(hint)).toContain('Jamais de nom');
    const comment = q<HTMLTextAreaElement>('transmit-comment')!;
    comment.value = 'Suivi rapproché, famille informée.';
    comment.dispatchEvent(new Event('input'));
    q('transmit-submit')!.click();
    await stable();
    const req = controller.expectOne('/api/cases/c1/transmissions');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ kind: 'triage_report', comment: 'Suivi rapproché, famille informée.', expectedSeq: 7 });
    req.flush(detail());
    await stable();
    controller.expectOne('/api/cases/c1/transmissions').flush({
      ...due(true),
      reports: [{ kind: 'triage_report', label: TRIAGE, status: 'sent' }],
      transmissions: [detail()],
    });
    await stable();
    expect(text(q('transmit-confirmation'))).toContain('Rapport transmis');
    expect(text(q('transmit-reference'))).toBe('RSK-RAB-0001-2026-0007');
    expect(document.activeElement?.id).toBe('transmissions-confirmation');
    expect(text(q('due-report-status'))).toContain('Transmis');
    expect(all('sent-transmission').length).toBe(1);
    expect(text(q('sent-transmission'))).toContain('Nouvelle');
    // the case page is told, so that its other forms send the new seq
    expect(caseChanged).toBe(1);
  });

  it('on a conflict, says so, reloads and sends the new seq next time', async () => {
    await render(due(true));
    q('transmit-submit')!.click();
    await stable();
    controller
      .expectOne('/api/cases/c1/transmissions')
      .flush({ statusCode: 409, code: 'CONFLICT', message: 'Le dossier a changé' }, { status: 409, statusText: 'Conflict' });
    await stable();
    controller.expectOne('/api/cases/c1').flush(fixtureDetail({ lastEventSeq: 9 }));
    controller.expectOne('/api/cases/c1/transmissions').flush(due(true));
    await stable();
    expect(text(q('transmit-conflict'))).toContain('Le dossier a changé entre-temps');
    q('transmit-submit')!.click();
    await stable();
    const req = controller.expectOne('/api/cases/c1/transmissions');
    expect(req.request.body).toEqual({ kind: 'triage_report', expectedSeq: 9 });
    req.flush({ statusCode: 422, code: 'PROTOCOL_RULE', message: "Ce rapport n'est pas dû" }, { status: 422, statusText: 'x' });
    await stable();
    const field = q<HTMLTextAreaElement>('transmit-comment')!;
    expect(field.getAttribute('aria-describedby')).toBe('transmit-comment-triage_report-hint transmit-comment-triage_report-error');
    expect(text(el.querySelector('#transmit-comment-triage_report-error'))).toContain("Ce rapport n'est pas dû");
  });

  it('shows a request for information and lets the principal answer in the thread (Arabic)', async () => {
    const events = [
      ...detail().events,
      {
        seq: 2,
        type: 'message' as const,
        side: 'officer' as const,
        actorRole: 'officer',
        text: 'ما هي تدابير الحماية؟',
        status: 'information_requested' as const,
        at: '2026-11-21T10:00:00.000Z',
      },
    ];
    const requested = detail({ status: 'information_requested', events, actions: ['message'] });
    await render(
      { reports: [{ kind: 'triage_report', label: TRIAGE, status: 'sent' }], canTransmit: true, transmissions: [requested] },
      'ar',
    );
    expect(text(q('request-waiting'))).toContain('تطلب الأكاديمية معلومات');
    expect(text(all('thread-event')[1])).toContain('ما هي تدابير الحماية؟');
    const answer = q<HTMLTextAreaElement>('message-text')!;
    expect(text(el.querySelector(`label[for="${answer.id}"]`))).toBe('الرد على الأكاديمية');
    answer.value = 'تم إخبار الأسرة.';
    answer.dispatchEvent(new Event('input'));
    q('message-send')!.click();
    await stable();
    const req = controller.expectOne('/api/transmissions/t1/messages');
    expect(req.request.body).toEqual({ text: 'تم إخبار الأسرة.' });
    req.flush({ ...requested, status: 'answered', actions: ['message'] });
    await stable();
    expect(q('request-waiting')).toBeNull();
    expect(text(q('transmission-status'))).toContain('أجابت المؤسسة');
  });
});
