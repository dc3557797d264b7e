import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { TransmissionDetailComponent } from './transmission-detail.component';
import { TransmissionDetail } from './transmissions.model';
import { SUMMARY_SNAPSHOT, detail } from './transmissions-testing';

describe('TransmissionDetailComponent', () => {
  let fixture: ComponentFixture<TransmissionDetailComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(body: TransmissionDetail | null = detail(), lang: 'fr' | 'ar' = 'fr', status = 200): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(TransmissionDetailComponent);
    fixture.componentRef.setInput('id', 't1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
    const req = controller.expectOne('/api/transmissions/t1');
    if (status === 200) req.flush(body);
    else req.flush({ statusCode: status, code: 'TRANSMISSION_NOT_FOUND', message: 'x' }, { status, statusText: 'x' });
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

  it('lays out the pseudonymised case report, the PDF links and the thread', async () => {
    await render();
    expect(text(q('detail-title'))).toBe('Rapport de triage');
    expect(text(q('detail-school'))).toBe('Collège Ibn Khaldoun (RSK-RAB-0001)');
    expect(text(q('snapshot-case-code'))).toBe('RSK-RAB-0001-2026-0007');
    expect(text(q('snapshot-tier'))).toBe('T2');
    expect(text(q('case-snapshot'))).toContain('Préoccupation partagée (Pikas)');
    expect(text(q('snapshot-types'))).toBe('Insultes');
    expect(text(q('snapshot-platforms'))).toBe('WhatsApp');
    expect(text(q('snapshot-people'))).toBe('E1 (élève cible) A1 (auteur présumé)');
    expect(text(q('snapshot-key-dates'))).toContain('Évaluer la gravité');
    expect(text(q('snapshot-no-escalation'))).toBe('Aucun signalement aux autorités.');
    expect(q('pdf-fr')?.getAttribute('href')).toBe('/api/transmissions/t1/report.pdf?lang=fr');
    expect(q('pdf-fr+ar')?.getAttribute('href')).toBe('/api/transmissions/t1/report.pdf?lang=fr%2Bar');
    const events = all('thread-event');
    expect(events.length).toBe(1);
    expect(text(events[0])).toContain("Envoyé par l'établissement");
    expect(text(events[0])).toContain("Chef·fe d'établissement");
    expect(text(events[0])).toContain('Situation suivie de près.');
  });

  it('acknowledges, and announces it', async () => {
    await render();
    q('acknowledge')!.click();
    await stable();
    const req = controller.expectOne('/api/transmissions/t1/acknowledge');
    expect(req.request.method).toBe('POST');
    req.flush(detail({ status: 'acknowledged', acknowledgedAt: '2026-11-21T09:00:00.000Z', actions: ['message', 'handle'] }));
    await stable();
    expect(text(q('detail-announcement'))).toBe("Réception accusée. L'établissement en est informé.");
    expect(q('acknowledge')).toBeNull();
    expect(document.activeElement?.id).toBe('detail-confirmation');
    expect(text(q('transmission-status'))).toContain('Réception accusée');
  });

  it('asks the school for information; an empty request is refused next to the field, and the API refusal too', async () => {
    await render(detail({ status: 'acknowledged', actions: ['message', 'handle'] }));
    q('message-send')!.click();
    await stable();
    const field = q<HTMLTextAreaElement>('message-text')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe('detail-message-hint detail-message-error');
    expect(text(el.querySelector('#detail-message-error'))).toContain("Écrivez votre demande à l'établissement");
    expect(document.activeElement).toBe(field);

    field.value = 'Quelles mesures de protection ?';
    field.dispatchEvent(new Event('input'));
    q('message-send')!.click();
    await stable();
    const req = controller.expectOne('/api/transmissions/t1/messages');
    expect(req.request.body).toEqual({ text: 'Quelles mesures de protection ?' });
    req.flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Invalide',
        details: [{ field: 'text', code: 'x', message: 'Le message est trop long' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(text(el.querySelector('#detail-message-error'))).toContain('Le message est trop long');

    q('message-send')!.click();
    await stable();
    const events = [
      ...detail().events,
      {
        seq: 2,
        type: 'message' as const,
        side: 'officer' as const,
        actorRole: 'officer',
        text: 'Quelles mesures de protection ?',
        status: 'information_requested' as const,
        at: '2026-11-21T10:00:00.000Z',
      },
    ];
    controller
      .expectOne('/api/transmissions/t1/messages')
      .flush(detail({ status: 'information_requested', events, actions: ['message', 'handle'] }));
    await stable();
    expect(text(q('detail-announcement'))).toBe("Message envoyé au chef ou à la cheffe d'établissement.");
    expect(all('thread-event').length).toBe(2);
    expect(text(all('thread-event')[1])).toContain("Message de l'académie");
    expect(q<HTMLTextAreaElement>('message-text')!.value).toBe('');
  });

  it('marks handled after a confirmation; a 409 shows the message and reloads', async () => {
    await render(detail({ status: 'answered', actions: ['message', 'handle'] }));
    q('handle')!.click();
    await stable();
    expect(text(q('handle-confirmation'))).toContain('plus aucun message');
    expect(document.activeElement).toBe(q('handle-confirm'));
    q('handle-confirm')!.click();
    await stable();
    controller
      .expectOne('/api/transmissions/t1/handled')
      .flush({ statusCode: 409, code: 'TRANSMISSION_HANDLED', message: 'Déjà traitée' }, { status: 409, statusText: 'Conflict' });
    await stable();
    controller.expectOne('/api/transmissions/t1').flush(detail({ status: 'handled', actions: [] }));
    await stable();
    expect(text(el.querySelector('#action-error'))).toContain('Déjà traitée');
    expect(q('message-form')).toBeNull();
  });

  it('shows a school summary as tables of counts', async () => {
    await render(detail({ kind: 'school_summary', caseReport: null, summary: SUMMARY_SNAPSHOT, hasReport: false }));
    expect(q('case-snapshot')).toBeNull();
    expect(q('pdf-links')).toBeNull();
    expect(text(q('summary-snapshot'))).toContain('Bilan : novembre 2026');
    expect(text(q('summary-totals'))).toMatch(/Dossiers signalés sur la période\s*7/);
    expect(text(q('summary-byTier'))).toMatch(/Pas encore évalué\s*3/);
    expect(text(q('summary-byPlatform'))).toContain('Aucun');
  });

  it('says "not found" for a transmission out of scope, in Arabic', async () => {
    await render(null, 'ar', 404);
    expect(text(q('detail-not-found'))).toContain('غير موجودة');
  });
});
