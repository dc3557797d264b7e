import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { FIXTURE_DEF, RESOURCES_DEF, fixtureDetail, view } from '../../../testing/protocol-fixture';
import { provideTestTransloco } from '../../../testing/testing';
import { LanguageService } from '../../core/language.service';
import { CaseDetail } from '../workflow.model';
import { STEPS_PER_TASK, TaskListComponent } from './task-list.component';

describe('TaskListComponent', () => {
  let fixture: ComponentFixture<TaskListComponent>;
  let el: HTMLElement;

  const item = (stepId: string): HTMLElement => el.querySelector<HTMLElement>(`[data-testid="step-item"][data-step-id="${stepId}"]`)!;
  const tag = (stepId: string): string => item(stepId).querySelector('[data-testid="status-tag"]')!.textContent.trim();

  /** Shows the steps of every folded phase. */
  async function unfold(): Promise<void> {
    for (const button of Array.from(el.querySelectorAll<HTMLButtonElement>('[data-testid="phase-toggle"][aria-expanded="false"]'))) {
      button.click();
    }
    await fixture.whenStable();
  }

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
    await unfold();
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
    await unfold();
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

  it('folds a phase where nothing is done nor to do to one line with its counts, and shows its steps on demand', async () => {
    await render(
      fixtureDetail({
        steps: [
          view('intake', 'intake', 'done', { completedAt: '2025-03-11T10:00:00.000Z' }),
          view('danger_check', 'intake', 'skipped', { reason: 'not_applicable' }),
          view('triage', 'triage', 'locked', { reason: 'wrong_state' }),
          view('protection_plan', 'triage', 'skipped', { reason: 'not_applicable' }),
          view('follow_up', 'triage', 'locked', { reason: 'waiting_for:triage' }),
          view('family', 'triage', 'locked', { reason: 'wrong_state' }),
        ],
        actions: [],
      }),
    );
    const phase = (id: string): HTMLElement => el.querySelector<HTMLElement>(`[data-testid="phase"][data-phase-id="${id}"]`)!;
    // a phase with a step done stays open, without a button
    expect(phase('intake').querySelectorAll('[data-testid="step-item"]').length).toBe(2);
    expect(phase('intake').querySelector('[data-testid="phase-toggle"]')).toBeNull();

    const triage = phase('triage');
    expect(triage.querySelector('h3')?.textContent).toContain('Évaluation et orientation');
    expect(triage.querySelector('[data-testid="phase-summary"]')?.textContent?.trim()).toBe(
      'Ne peut pas commencer : 3 · Non nécessaire : 1',
    );
    expect(triage.querySelectorAll('[data-testid="step-item"]').length).toBe(0);
    const toggle = triage.querySelector<HTMLButtonElement>('[data-testid="phase-toggle"]')!;
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.type).toBe('button');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toContain('Afficher les étapes');
    // the button says which phase it opens, and controls a region that is always there
    expect(toggle.querySelector('.visually-hidden')?.textContent).toContain('Évaluation et orientation');
    expect(el.querySelector(`#${toggle.getAttribute('aria-controls')}`)).not.toBeNull();

    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toContain('Masquer les étapes');
    expect(Array.from(triage.querySelectorAll('[data-testid="step-item"]')).map((li) => li.getAttribute('data-step-id'))).toEqual([
      'triage',
      'protection_plan',
      'follow_up',
      'family',
    ]);
    expect(item('follow_up').textContent).toContain("Faites d'abord l'étape « Qualifier la situation »");

    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(triage.querySelectorAll('[data-testid="step-item"]').length).toBe(0);

    await TestBed.inject(LanguageService).use('ar', { persist: false });
    await fixture.whenStable();
    expect(toggle.textContent).toContain('عرض الخطوات');
    expect(triage.querySelector('[data-testid="phase-summary"]')?.textContent).toContain('لا يمكن البدء بعد: 3');
  });

  it('never folds a phase with a step the person can act on', async () => {
    await render(
      fixtureDetail({
        steps: [
          view('intake', 'intake', 'done', { completedAt: '2025-03-11T10:00:00.000Z' }),
          view('danger_check', 'intake', 'done', { completedAt: '2025-03-11T10:00:00.000Z' }),
          view('triage', 'triage', 'available'),
          view('protection_plan', 'triage', 'skipped', { reason: 'not_applicable' }),
        ],
        actions: [{ kind: 'complete_step', stepId: 'triage', roles: ['coordinator'] }],
      }),
    );
    expect(el.querySelector('[data-testid="phase-toggle"]')).toBeNull();
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(4);
  });

  it('draws a long list a few phases per task, and says when it is complete', async () => {
    const [, triagePhase] = FIXTURE_DEF.phases;
    const copies = 4;
    const definition: ProtocolDefinition = {
      ...FIXTURE_DEF,
      phases: Array.from({ length: copies }, (_, i) => ({
        ...triagePhase,
        id: `p${i}`,
        steps: triagePhase.steps.map((step) => ({ ...step, id: `${step.id}_${i}` })),
      })),
    };
    const steps = definition.phases.flatMap((phase) => phase.steps.map((step) => view(step.id, phase.id, 'available')));
    expect(steps.length).toBeGreaterThan(STEPS_PER_TASK);

    fixture = TestBed.createComponent(TaskListComponent);
    fixture.componentRef.setInput('definition', definition);
    fixture.componentRef.setInput('detail', fixtureDetail({ steps, actions: [] }));
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    const first = el.querySelectorAll('[data-testid="phase"]').length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(copies);
    expect(fixture.componentInstance.complete()).toBeFalse();

    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="phase"]').length).toBe(copies);
    expect(el.querySelectorAll('[data-testid="step-item"]').length).toBe(steps.length);
    expect(fixture.componentInstance.complete()).toBeTrue();
    expect(Array.from(el.querySelectorAll('h3')).map((h) => h.textContent?.trim().split('.')[0])).toEqual(['1', '2', '3', '4']);
  });
});
