import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, DeferBlockState, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { FIXTURE_DEF, FIXTURE_TIMELINE, RESOURCES_DEF, fixtureDetail } from '../../../testing/protocol-fixture';
import { LanguageService } from '../../core/language.service';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { apiInterceptor } from '../../core/api.interceptor';
import { CaseDetail } from '../workflow.model';
import { CaseDetailComponent } from './case-detail.component';
import { CasePagePrefetch } from './case-prefetch';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

/** Renders every defer block (the page below the header, then the panels within it). */
async function renderDeferred(parent: Pick<ComponentFixture<unknown>, 'getDeferBlocks'>): Promise<void> {
  for (const block of await parent.getDeferBlocks()) {
    await block.render(DeferBlockState.Complete);
    await renderDeferred(block);
  }
}

describe('CaseDetailComponent', () => {
  let fixture: ComponentFixture<CaseDetailComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);

  async function render(
    detail: CaseDetail = fixtureDetail(),
    options: { definition?: boolean; protocol?: ProtocolDefinition } = {},
  ): Promise<void> {
    fixture = TestBed.createComponent(CaseDetailComponent);
    fixture.componentRef.setInput('id', 'c1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1').flush(detail);
    await settle();
    if (options.definition ?? true) {
      controller.expectOne('/api/protocols/test-protocol/1.0.0').flush({ contentHash: 'abc', definition: options.protocol ?? FIXTURE_DEF });
      await settle();
    }
    controller.expectOne('/api/cases/c1/timeline').flush(FIXTURE_TIMELINE);
    await settle();
    await fixture.whenStable();
    // the panels and the timeline are deferred until the page is idle: render them now
    await renderDeferred(fixture);
    await settle();
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([{ path: '**', component: BlankComponent }]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    // the documents section loads its own list (documents.component.spec.ts)
    controller.match((r) => r.url.endsWith('/documents')).forEach((r) => r.flush([]));
    // and so does the evidence section (evidence/evidence.component.spec.ts)
    controller
      .match((r) => r.url.endsWith('/evidence'))
      .forEach((r) => r.flush({ items: [], filesAllowed: true, maxFileBytes: 0, usedBytes: 0, maxCaseBytes: 0, acceptedTypes: [] }));
    // and the people involved (people/people.component.spec.ts)
    controller.match((r) => r.url.endsWith('/people')).forEach((r) => r.flush({ items: [] }));
    // and the reports to the academy (transmissions/case-transmissions.component.spec.ts)
    controller
      .match((r) => r.url.endsWith('/transmissions'))
      .forEach((r) => r.flush({ reports: [], canTransmit: false, transmissions: [] }));
    controller.verify();
    el.remove();
  });

  it('shows the header, the overdue steps, the task list and the timeline', async () => {
    await render();
    expect(q('case-reference')?.textContent).toBe('SAN-2025-0001');
    expect(q('case-title')?.textContent).toContain('Messages sur un groupe de classe');
    expect(q('case-state')?.textContent).toContain('Signalé');
    expect(el.textContent).toContain('10 mars 2025');
    expect(q('overdue-notice')?.textContent).toContain('Étapes en retard : 1');
    expect(q('overdue-notice')?.textContent).toContain('Vérifier le danger immédiat');
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(6);
    expect(q('confirmation')).toBeNull();
  });

  it('tells where the protocol comes from in a closed disclosure, once, with its id, version and sources', async () => {
    await render(fixtureDetail(), { protocol: RESOURCES_DEF });
    const about = q<HTMLDetailsElement>('protocol-notice')!;
    expect(el.querySelectorAll('[data-testid="protocol-notice"]').length).toBe(1);
    expect(about.tagName).toBe('DETAILS');
    expect(about.open).toBeFalse();
    expect(about.querySelector('summary')?.textContent).toContain('À propos de ce protocole');
    expect(q('protocol-notice-text')?.textContent).toContain('Reconstitution de référence');
    expect(q('protocol-id')?.textContent).toBe('test-protocol');
    expect(q('protocol-id')?.getAttribute('dir')).toBe('ltr');
    expect(q('protocol-version')?.textContent).toBe('1.0.0');
    // the sources are drawn when the disclosure is opened
    expect(q('protocol-sources')).toBeNull();
    about.open = true;
    await new Promise((resolve) => about.addEventListener('toggle', resolve, { once: true }));
    await fixture.whenStable();
    const sources = Array.from(q('protocol-sources')!.querySelectorAll('li'));
    expect(sources.length).toBe(2);
    const link = sources[0].querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.org/campagne');
    expect(link.getAttribute('rel')).toBe('noopener');
    expect(sources[0].textContent).toContain('R1');
    expect(sources[1].querySelector('a')).toBeNull();
    expect(sources[1].textContent).toContain('Source sans lien');

    await TestBed.inject(LanguageService).use('ar', { persist: false });
    await fixture.whenStable();
    expect(about.querySelector('summary')?.textContent).toContain('حول هذا البروتوكول');
    expect(q('protocol-notice-text')?.textContent).toContain('صيغة مرجعية');
    await TestBed.inject(LanguageService).use('fr', { persist: false });
    document.documentElement.dir = 'ltr';
  });

  it('shows the id and version even when the protocol has no notice', async () => {
    await render();
    expect(q('protocol-notice')).not.toBeNull();
    expect(q('protocol-notice-text')).toBeNull();
    expect(q('protocol-sources')).toBeNull();
    expect(q('protocol-version')?.textContent).toBe('1.0.0');
  });

  it('reuses the cached definition of a published version', async () => {
    await render();
    fixture.destroy();
    await render(fixtureDetail(), { definition: false });
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(6);
  });

  it('shows the timeline newest first, with the correction shown as a correction and the note', async () => {
    await render();
    const items = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="timeline-item"]'));
    expect(items.map((i) => i.getAttribute('data-type'))).toEqual(['note_added', 'correction', 'step_completed', 'case_created']);
    expect(items[0]?.textContent).toContain('Parents appelés.');
    expect(items[1]?.textContent).toContain('Correction : Recevoir le signalement');
    expect(items[1]?.textContent).toContain('Corrige les réponses enregistrées le');
    expect(items[1]?.textContent).toContain('Erreur de saisie');
    expect(items[1]?.textContent).toContain('Karim Alaoui');
    expect(items[1]?.textContent).toContain('(Coordinateur)');
    expect(items[2]?.textContent).toContain('Étape faite : Recevoir le signalement');
    // the answers are drawn when their disclosure is opened
    const answers = items[2].querySelector('details')!;
    expect(answers.querySelector('[data-testid="answer-list"]')).toBeNull();
    answers.open = true;
    await new Promise((resolve) => answers.addEventListener('toggle', resolve, { once: true }));
    await fixture.whenStable();
    expect(items[2]?.querySelector('[data-testid="answer-list"]')?.textContent).toContain('Témoin');
  });

  it('shows the confirmation after a step was saved', async () => {
    await TestBed.inject(Router).navigateByUrl('/cases/c1', { state: { saved: 'step', stepId: 'intake' } });
    await render();
    expect(q('confirmation')?.textContent).toContain('Étape enregistrée');
    expect(q('confirmation')?.textContent).toContain('Recevoir le signalement');
    expect(q('confirmation')?.getAttribute('role')).toBe('status');
  });

  it('adds a note with expectedSeq and reloads the timeline', async () => {
    await render();
    q('note-submit')!.click();
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain("Écrivez la note avant de l'ajouter");
    controller.expectNone('/api/cases/c1/notes');

    const text = q<HTMLTextAreaElement>('note-text')!;
    text.value = 'Rendez-vous avec les parents jeudi.';
    text.dispatchEvent(new Event('input'));
    q('note-submit')!.click();
    await settle();
    const req = controller.expectOne('/api/cases/c1/notes');
    expect(req.request.body).toEqual({ expectedSeq: 4, text: 'Rendez-vous avec les parents jeudi.' });
    req.flush(fixtureDetail({ lastEventSeq: 5 }));
    await settle();
    controller.expectOne('/api/cases/c1/timeline').flush(FIXTURE_TIMELINE);
    await settle();
    await fixture.whenStable();
    expect(q<HTMLTextAreaElement>('note-text')!.value).toBe('');
    expect(q('error-summary')).toBeNull();
  });

  it('on 409 for a note reloads the case and keeps the text', async () => {
    await render();
    const text = q<HTMLTextAreaElement>('note-text')!;
    text.value = 'Ma note';
    text.dispatchEvent(new Event('input'));
    q('note-submit')!.click();
    await settle();
    controller
      .expectOne('/api/cases/c1/notes')
      .flush({ statusCode: 409, code: 'CONFLICT', message: 'x' }, { status: 409, statusText: 'Conflict' });
    await settle();
    controller.expectOne('/api/cases/c1').flush(fixtureDetail({ lastEventSeq: 7 }));
    await settle();
    controller.expectOne('/api/cases/c1/timeline').flush(FIXTURE_TIMELINE);
    await settle();
    await fixture.whenStable();
    expect(q('conflict')?.textContent).toContain("Quelqu'un d'autre vient d'agir");
    expect(q<HTMLTextAreaElement>('note-text')!.value).toBe('Ma note');
  });

  it('says plainly when the case does not exist or belongs to another school', async () => {
    fixture = TestBed.createComponent(CaseDetailComponent);
    fixture.componentRef.setInput('id', 'zz');
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller
      .expectOne('/api/cases/zz')
      .flush({ statusCode: 404, code: 'CASE_NOT_FOUND', message: 'x' }, { status: 404, statusText: 'Not Found' });
    await settle();
    await fixture.whenStable();
    expect(q('case-not-found')?.textContent).toContain("n'appartient pas à votre établissement");
  });

  it('shows the header as soon as the case has come, the steps once the protocol has come', async () => {
    fixture = TestBed.createComponent(CaseDetailComponent);
    fixture.componentRef.setInput('id', 'c1');
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1').flush(fixtureDetail());
    await settle();
    await fixture.whenStable();
    expect(q('case-title')?.textContent).toContain('Messages sur un groupe de classe');
    expect(q('case-pending')?.getAttribute('role')).toBe('status');
    expect(q('task-list')).toBeNull();
    controller.expectOne('/api/protocols/test-protocol/1.0.0').flush({ contentHash: 'abc', definition: FIXTURE_DEF });
    await settle();
    await fixture.whenStable();
    expect(q('case-pending')).toBeNull();
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(6);
    controller.expectOne('/api/cases/c1/timeline').flush(FIXTURE_TIMELINE);
  });

  it('uses the case asked for at start-up, then asks for the protocol once the header is on screen', async () => {
    TestBed.inject(CasePagePrefetch).start('/cases/c1', 'fr');
    controller.expectOne('/api/cases/c1').flush(fixtureDetail());
    fixture = TestBed.createComponent(CaseDetailComponent);
    fixture.componentRef.setInput('id', 'c1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectNone('/api/cases/c1');
    expect(q('case-title')?.textContent).toContain('Messages sur un groupe de classe');
    expect(q('case-pending')).not.toBeNull();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve))));
    controller.expectOne('/api/protocols/test-protocol/1.0.0').flush({ contentHash: 'abc', definition: FIXTURE_DEF });
    await settle();
    controller.expectOne('/api/cases/c1/timeline').flush(FIXTURE_TIMELINE);
    await settle();
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(6);
  });

  it('asks for the case itself when the request made at start-up failed', async () => {
    TestBed.inject(CasePagePrefetch).start('/cases/zz', 'fr');
    controller.expectOne('/api/cases/zz').flush({ statusCode: 500, code: 'INTERNAL' }, { status: 500, statusText: 'Error' });
    fixture = TestBed.createComponent(CaseDetailComponent);
    fixture.componentRef.setInput('id', 'zz');
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller
      .expectOne('/api/cases/zz')
      .flush({ statusCode: 404, code: 'CASE_NOT_FOUND', message: 'x' }, { status: 404, statusText: 'Not Found' });
    await settle();
    await fixture.whenStable();
    expect(q('case-not-found')).not.toBeNull();
  });

  it('marks an emergency case calmly, with an icon and words', async () => {
    await render(fixtureDetail({ state: 'EMERGENCY_ESCALATED' }));
    expect(q('emergency-notice')?.textContent).toContain("Cas d'urgence");
    expect(q('case-state')?.textContent).toContain('Urgence signalée');
  });
});
