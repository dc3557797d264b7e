import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { FIXTURE_DEF, RESOURCES_DEF, fixtureDetail, view } from '../../../testing/protocol-fixture';
import { provideTestTransloco } from '../../../testing/testing';
import { LanguageService } from '../../core/language.service';
import { CaseDetail } from '../workflow.model';
import { TaskListComponent } from './task-list.component';

describe('TaskListComponent', () => {
  let fixture: ComponentFixture<TaskListComponent>;
  let el: HTMLElement;

  const item = (stepId: string): HTMLElement => el.querySelector<HTMLElement>(`[data-testid="step-item"][data-step-id="${stepId}"]`)!;
  const tag = (stepId: string): string => item(stepId).querySelector('[data-testid="status-tag"]')!.textContent.trim();

  async function render(detail: CaseDetail = fixtureDetail(), definition: ProtocolDefinition = FIXTURE_DEF): Promise<void> {
    fixture = TestBed.createComponent(TaskListComponent);
    fixture.componentRef.setInput('definition', definition);
    fixture.componentRef.setInput('detail', detail);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideTestTransloco(), provideRouter([])],
    });
  });

  afterEach(async () => {
    await TestBed.inject(LanguageService).use('fr', { persist: false });
    document.documentElement.dir = 'ltr';
  });

  it('groups the steps by phase, with the phase titles of the definition, in order', async () => {
    await render();
    const phases = Array.from(el.querySelectorAll('h3')).map((h) => h.textContent?.replace(/\s+/g, ' ').trim());
    expect(phases).toEqual(['1. Signalement', '2. Évaluation et orientation']);
    const ids = Array.from(el.querySelectorAll('[data-testid="step-item"]')).map((li) => li.getAttribute('data-step-id'));
    expect(ids).toEqual(['intake', 'danger_check', 'triage', 'protection_plan', 'follow_up', 'family']);
  });

  it('shows every status as icon + words, with the engine status in data-status', async () => {
    await render();
    expect(item('intake').getAttribute('data-status')).toBe('done');
    expect(tag('intake')).toContain('Fait');
    expect(item('intake').textContent).toContain('le 11 mars 2025');

    expect(item('danger_check').getAttribute('data-status')).toBe('overdue');
    expect(tag('danger_check')).toContain('En retard');
    expect(item('danger_check').textContent).toContain('Échéance :');
    expect(item('danger_check').textContent).toContain('mars 2025');

    expect(item('triage').getAttribute('data-status')).toBe('awaiting_signature');
    expect(tag('triage')).toContain('En attente de signature');
    expect(item('triage').textContent).toContain('Doit être signée par : Directeur');

    expect(item('protection_plan').getAttribute('data-status')).toBe('skipped');
    expect(tag('protection_plan')).toContain('Non nécessaire');
    expect(item('protection_plan').textContent).toContain('Seulement si « Niveau de gravité » : T1 – Modéré ou T2 – Grave');

    expect(item('follow_up').getAttribute('data-status')).toBe('locked');
    expect(tag('follow_up')).toContain('Ne peut pas commencer');
    expect(item('follow_up').textContent).toContain("Faites d'abord l'étape « Qualifier la situation »");

    expect(item('family').getAttribute('data-status')).toBe('available');
    expect(tag('family')).toContain('À faire');
    expect(item('family').textContent).toContain('À faire pour');

    // Never colour alone: each tag has an icon (hidden from screen readers) and words.
    for (const t of Array.from(el.querySelectorAll('[data-testid="status-tag"]'))) {
      expect(t.querySelector('[aria-hidden="true"]')?.textContent?.trim()).toBeTruthy();
    }
  });

  it('links only the steps the person can act on, to the step page', async () => {
    await render();
    const links = Array.from(el.querySelectorAll<HTMLAnchorElement>('[data-testid="step-action"]'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/cases/c1/steps/danger_check', '/cases/c1/steps/family']);
    expect(links[0]?.getAttribute('aria-describedby')).toBe('task-status-danger_check');
  });

  it('offers the signature to the allowed role', async () => {
    await render(fixtureDetail({ actions: [{ kind: 'sign_step', stepId: 'triage', roles: ['principal'] }] }));
    const link = item('triage').querySelector('[data-testid="step-action"]');
    expect(link?.getAttribute('href')).toBe('/cases/c1/steps/triage');
    expect(item('triage').textContent).toContain('Vérifier et signer');
  });

  it('explains other reasons in plain words', async () => {
    await render(
      fixtureDetail({
        steps: [
          view('intake', 'intake', 'locked', { reason: 'wrong_state' }),
          view('danger_check', 'intake', 'locked', { reason: 'signature_required:triage' }),
          view('triage', 'triage', 'locked', { reason: 'closure_requirements_unmet' }),
          view('family', 'triage', 'skipped', { reason: 'case_closed' }),
        ],
        actions: [],
      }),
    );
    expect(item('intake').textContent).toContain('Pas à ce stade du dossier');
    expect(item('danger_check').textContent).toContain("Attend la signature de l'étape « Qualifier la situation »");
    expect(item('triage').textContent).toContain("Terminez d'abord les étapes obligatoires");
    expect(item('family').textContent).toContain('Le dossier est clôturé');
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(4);
  });

  it("words a locked closure with the protocol's own explanation while its closure condition does not hold", async () => {
    const closure = (facts: CaseDetail['facts'], missingForClosure: string[] = []): CaseDetail =>
      fixtureDetail({
        steps: [view('closure', 'respond', 'locked', { reason: 'closure_requirements_unmet' })],
        actions: [],
        facts,
        missingForClosure,
      });
    await render(closure({ lastSituation: 'ONGOING' }), RESOURCES_DEF);
    expect(item('closure').querySelector('.task__hint')?.textContent?.trim()).toBe(
      'Enregistrez d’abord un suivi où le harcèlement a cessé ou diminué.',
    );

    fixture.componentRef.setInput('detail', closure({}, ['evidence']));
    await fixture.whenStable();
    expect(item('closure').querySelector('.task__hint')?.textContent?.trim()).toBe(
      "Terminez d'abord les étapes obligatoires. Enregistrez d’abord un suivi où le harcèlement a cessé ou diminué.",
    );

    // The condition holds: only required steps are missing.
    fixture.componentRef.setInput('detail', closure({ lastSituation: 'DECREASED' }, ['evidence']));
    await fixture.whenStable();
    expect(item('closure').querySelector('.task__hint')?.textContent?.trim()).toBe("Terminez d'abord les étapes obligatoires");

    fixture.componentRef.setInput('detail', closure({ lastSituation: 'ONGOING' }));
    await TestBed.inject(LanguageService).use('en', { persist: false });
    await fixture.whenStable();
    expect(item('closure').textContent).toContain('First record a follow-up where the harassment stopped or decreased.');
  });

  it('follows the language: titles, phases and tags in Arabic', async () => {
    await render();
    await TestBed.inject(LanguageService).use('ar', { persist: false });
    await fixture.whenStable();
    expect(el.querySelector('h3')?.textContent).toContain('التبليغ');
    expect(item('intake').textContent).toContain('استقبال التبليغ');
    expect(tag('intake')).toContain('تم');
    expect(item('follow_up').textContent).toContain('أنجز أولًا خطوة «تكييف الوضعية»');
  });
});
