import { Location } from '@angular/common';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { FIXTURE_DEF, FIXTURE_KNOWLEDGE, FIXTURE_TIMELINE, RESOURCES_DEF, fixtureDetail, view } from '../../../testing/protocol-fixture';
import { provideTestTransloco, settle, signInAs } from '../../../testing/testing';
import { apiInterceptor } from '../../core/api.interceptor';
import { AuthService } from '../../core/auth.service';
import { Role } from '../../core/user';
import { draftKey, problemsFromApi, toAnswers } from '../workflow/step-form';
import { CaseDetail } from '../workflow.model';
import { StepComponent } from './step.component';
import { DANGER_DEF } from '../case-detail/reported-danger.component.spec';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const INTAKE_OPEN = (): CaseDetail =>
  fixtureDetail({
    steps: [view('intake', 'intake', 'available')],
    actions: [{ kind: 'complete_step', stepId: 'intake', roles: ['team_member', 'coordinator'] }],
    facts: {},
  });

describe('StepComponent', () => {
  let fixture: ComponentFixture<StepComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(sel: string): T | null => el.querySelector<T>(sel);
  const field = (id: string): HTMLElement | null => q(`[data-testid="field-${id}"]`);

  async function open(
    stepId = 'intake',
    detail: CaseDetail = INTAKE_OPEN(),
    role: Role = 'team_member',
    definition: ProtocolDefinition = FIXTURE_DEF,
  ): Promise<void> {
    await signInAs(TestBed.inject(AuthService), controller, role);
    fixture = TestBed.createComponent(StepComponent);
    fixture.componentRef.setInput('id', 'c1');
    fixture.componentRef.setInput('stepId', stepId);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1').flush(detail);
    await settle();
    controller.expectOne('/api/protocols/test-protocol/1.0.0').flush({ contentHash: 'abc', definition });
    await settle();
    await fixture.whenStable();
  }

  /** A case of RESOURCES_DEF where `stepId` is to do for the team member. */
  const openStep = (stepId: string, facts: CaseDetail['facts'] = {}): CaseDetail =>
    fixtureDetail({
      steps: [view(stepId, 'respond', 'available')],
      actions: [{ kind: 'complete_step', stepId, roles: ['team_member', 'coordinator'] }],
      facts,
    });

  /** Another step page in the same visit: already signed in, definition cached. */
  async function openAgain(stepId: string, detail: CaseDetail): Promise<void> {
    fixture.destroy();
    el.remove();
    fixture = TestBed.createComponent(StepComponent);
    fixture.componentRef.setInput('id', 'c1');
    fixture.componentRef.setInput('stepId', stepId);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1').flush(detail);
    await settle();
    await fixture.whenStable();
  }

  async function flushKnowledge(): Promise<void> {
    controller.expectOne('/api/knowledge').flush(FIXTURE_KNOWLEDGE);
    await settle();
    await fixture.whenStable();
  }

  async function type(id: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(`#f-${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function click(selector: string): Promise<void> {
    q<HTMLElement>(selector)!.click();
    await settle();
    await fixture.whenStable();
  }

  async function fillValid(): Promise<void> {
    await click('#f-channel-1'); // Témoin
    await type('targetRef', 'Élève A.');
    await click('#f-authorsKnown-1'); // Non
    await click('#f-types'); // Insultes
    await type('description', 'Messages insultants');
    await click('#c-noReply');
  }

  beforeEach(() => {
    sessionStorage.clear();
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
    controller.verify();
    el.remove();
    sessionStorage.clear();
  });

  it('shows the guidance and one control per field type, from the definition', async () => {
    await open();
    expect(q('h1')?.textContent).toContain('Recevoir le signalement');
    expect(q('[data-testid="step-guidance"]')?.textContent).toContain('Notez qui signale');
    expect(q('[data-testid="step-form"]')).not.toBeNull();

    // choice → radios in a fieldset with a legend; the option with a false `when` is not offered.
    expect(field('channel')?.querySelector('legend')?.textContent).toContain('Source du signalement');
    expect(field('channel')?.querySelectorAll('input[type="radio"]').length).toBe(2);
    expect(field('channel')?.textContent).not.toContain('Ligne d’écoute');
    // yesNo → two radios, Oui / Non
    expect(Array.from(field('authorsKnown')!.querySelectorAll('label')).map((l) => l.textContent?.trim())).toEqual(['Oui', 'Non']);
    // multiChoice → checkboxes; platform (multiple) → a checkbox per platform
    expect(field('types')?.querySelectorAll('input[type="checkbox"]').length).toBe(2);
    expect(field('platforms')?.querySelectorAll('input[type="checkbox"]').length).toBe(11);
    expect(field('platforms')?.textContent).toContain('Jeu en ligne');
    expect(field('platforms')?.textContent).toContain('(facultatif)');
    // text-like fields
    expect(q('#f-targetRef')?.getAttribute('type')).toBe('text');
    expect(q('#f-place')?.getAttribute('type')).toBe('text');
    expect(q('#f-description')?.tagName).toBe('TEXTAREA');
    expect(q('#f-description')?.getAttribute('aria-describedby')).toBe('f-description-hint');
    expect(q('#f-reportedOn')?.getAttribute('type')).toBe('date');
    expect(q('#f-reportedAt')?.getAttribute('type')).toBe('datetime-local');
    expect(q('#f-pupils')?.getAttribute('inputmode')).toBe('decimal');
    // checklist
    expect(q('[data-testid="step-checklist"] legend')?.textContent).toContain('À vérifier');
    expect(q('#c-noReply')?.getAttribute('type')).toBe('checkbox');
  });

  it('hides a field until its `when` holds, given the answers so far', async () => {
    await open();
    expect(field('authorsArePupils')).toBeNull();
    await click('#f-authorsKnown'); // Oui
    expect(field('authorsArePupils')).not.toBeNull();
    await click('#f-authorsKnown-1'); // Non
    expect(field('authorsArePupils')).toBeNull();
  });

  it('checks the answers with the engine before sending: error summary, messages by the fields, no request', async () => {
    await open();
    await type('description', 'x'.repeat(41));
    await type('pupils', 'douze');
    await click('[data-testid="step-submit"]');
    controller.expectNone('/api/cases/c1/steps/intake');

    const summary = q('[data-testid="error-summary"]')!;
    expect(document.activeElement).toBe(summary);
    const links = Array.from(summary.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '#f-channel',
      '#f-targetRef',
      '#f-authorsKnown',
      '#f-types',
      '#f-description',
      '#f-pupils',
      '#c-noReply',
    ]);
    expect(links[0]?.textContent).toContain('Choisissez une réponse pour « Source du signalement »');
    expect(links[1]?.textContent).toContain('Répondez à « Élève cible »');
    expect(links[3]?.textContent).toContain('Cochez au moins une case pour « Types de cyberviolence »');
    // Messages of the engine itself, in the current language.
    expect(links[4]?.textContent).toContain('Description des faits : Au plus 40 caractères.');
    expect(links[5]?.textContent).toContain('Saisissez un nombre pour « Nombre d’élèves »');
    expect(links[6]?.textContent).toContain("Cochez « Ne pas répondre » quand c'est fait");

    expect(q('#f-description-error')?.textContent).toContain('Au plus 40 caractères');
    expect(q('#f-description')?.getAttribute('aria-invalid')).toBe('true');
    expect(field('description')?.classList).toContain('form-group--error');
  });

  it('sends the answers with expectedSeq, clears the draft and goes back to the case with a confirmation', async () => {
    await open();
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
    await fillValid();
    await type('pupils', '3');
    await click('#f-platforms-3'); // WHATSAPP
    expect(sessionStorage.getItem(draftKey('c1', 'intake'))).not.toBeNull();
    await click('[data-testid="step-submit"]');

    const req = controller.expectOne('/api/cases/c1/steps/intake');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      expectedSeq: 4,
      answers: {
        channel: 'WITNESS',
        targetRef: 'Élève A.',
        authorsKnown: false,
        types: ['INSULT'],
        platforms: ['WHATSAPP'],
        description: 'Messages insultants',
        pupils: 3,
      },
      checklist: ['noReply'],
    });
    req.flush(fixtureDetail());
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c1'], { state: { saved: 'step', stepId: 'intake' } });
    expect(sessionStorage.getItem(draftKey('c1', 'intake'))).toBeNull();
  });

  it('right after the guided intake, says the case was created (and how many people could not be added)', async () => {
    TestBed.inject(Location).replaceState('/cases/c1/steps/intake', '', { createdReference: 'SAN-2025-0042', peopleFailed: 1 });
    await open();
    const notice = q('[data-testid="case-created"]');
    expect(notice?.getAttribute('role')).toBe('status');
    expect(notice?.textContent).toContain('Le dossier SAN-2025-0042 a été créé');
    expect(notice?.textContent).toContain('1 personne(s) n');
  });

  it('keeps what was typed when the session expired on sending, and goes to sign in with the way back', async () => {
    await open();
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    await fillValid();
    await click('[data-testid="step-submit"]');
    controller
      .expectOne('/api/cases/c1/steps/intake')
      .flush({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();
    expect(q('[data-testid="error-summary"]')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(
      ['/sign-in'],
      jasmine.objectContaining({ queryParams: jasmine.objectContaining({ expired: 1 }) }),
    );
    const draft = JSON.parse(sessionStorage.getItem(draftKey('c1', 'intake')) ?? 'null') as { answers: Record<string, unknown> } | null;
    expect(draft?.answers['targetRef']).toBe('Élève A.');
  });

  it('shows no "created" notice on an ordinary visit', async () => {
    await open();
    expect(q('[data-testid="case-created"]')).toBeNull();
  });

  it('restores the answers kept in sessionStorage', async () => {
    sessionStorage.setItem(
      draftKey('c1', 'intake'),
      JSON.stringify({ answers: { targetRef: 'Élève B.', authorsKnown: true }, checklist: ['noReply'] }),
    );
    await open();
    expect(q<HTMLInputElement>('#f-targetRef')?.value).toBe('Élève B.');
    expect(q<HTMLInputElement>('#f-authorsKnown')?.checked).toBeTrue();
    expect(field('authorsArePupils')).not.toBeNull();
    expect(q<HTMLInputElement>('#c-noReply')?.checked).toBeTrue();
    expect(q('[data-testid="draft-restored"]')).not.toBeNull();
  });

  it('maps the server validation details onto the fields and the checklist', async () => {
    await open();
    await fillValid();
    await click('[data-testid="step-submit"]');
    controller.expectOne('/api/cases/c1/steps/intake').flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Certaines informations sont à corriger',
        details: [
          { field: 'answers.targetRef', code: 'pattern', message: 'Le format n’est pas valide.' },
          { field: 'checklist.noReply', code: 'required', message: 'Ce champ est obligatoire.' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    const summary = q('[data-testid="error-summary"]')!;
    expect(summary.querySelector('a[href="#f-targetRef"]')?.textContent).toContain('Élève cible : Le format n’est pas valide.');
    expect(summary.querySelector('a[href="#c-noReply"]')).not.toBeNull();
    expect(q('#f-targetRef-error')?.textContent).toContain('Le format n’est pas valide.');
    expect(q('#c-noReply-error')?.textContent).toContain('Ce champ est obligatoire.');
  });

  it('on 409 reloads the case, explains it plainly and keeps the answers', async () => {
    await open();
    await fillValid();
    await click('[data-testid="step-submit"]');
    controller
      .expectOne('/api/cases/c1/steps/intake')
      .flush({ statusCode: 409, code: 'CONFLICT', message: 'Conflit' }, { status: 409, statusText: 'Conflict' });
    await settle();
    controller.expectOne('/api/cases/c1').flush({ ...INTAKE_OPEN(), lastEventSeq: 6 });
    await settle();
    await fixture.whenStable();
    expect(q('[data-testid="conflict"]')?.textContent).toContain("Quelqu'un d'autre vient d'agir sur ce dossier");
    expect(q('[data-testid="error-summary"]')).toBeNull();
    expect(q<HTMLInputElement>('#f-targetRef')?.value).toBe('Élève A.');

    await click('[data-testid="step-submit"]');
    const again = controller.expectOne('/api/cases/c1/steps/intake');
    expect((again.request.body as { expectedSeq: number }).expectedSeq).toBe(6);
    again.flush(fixtureDetail());
    await settle();
  });

  it('shows the message of a protocol rule (422) in the summary', async () => {
    await open();
    await fillValid();
    await click('[data-testid="step-submit"]');
    controller
      .expectOne('/api/cases/c1/steps/intake')
      .flush(
        { statusCode: 422, code: 'PROTOCOL_RULE', rule: 'step_not_available', message: 'Cette étape n’est pas disponible maintenant.' },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
    await settle();
    await fixture.whenStable();
    const link = q('[data-testid="error-summary"] a');
    expect(link?.textContent).toContain('Cette étape n’est pas disponible maintenant.');
    expect(link?.getAttribute('href')).toBe('#f-channel');
  });

  it('explains why a step cannot be done and shows no form', async () => {
    await open('follow_up', fixtureDetail());
    expect(q('[data-testid="step-form"]')).toBeNull();
    expect(q('[data-testid="step-unavailable"]')?.textContent).toContain('Ne peut pas commencer');
    expect(q('[data-testid="step-unavailable"]')?.textContent).toContain("Faites d'abord l'étape « Qualifier la situation »");
  });

  it('lets the principal check the answers and sign a step awaiting signature', async () => {
    const detail = fixtureDetail({ actions: [{ kind: 'sign_step', stepId: 'triage', roles: ['principal'] }] });
    await open('triage', detail, 'principal');
    controller.expectOne('/api/cases/c1/timeline').flush([
      ...FIXTURE_TIMELINE,
      {
        seq: 5,
        type: 'step_completed',
        at: '2025-03-12T09:00:00.000Z',
        actor: { id: 'u2', displayName: 'Karim Alaoui', role: 'coordinator' },
        payload: { stepId: 'triage', answers: { tier: 'T1' }, checklist: [] },
      },
    ]);
    await settle();
    await fixture.whenStable();
    expect(q('h1')?.textContent).toContain('Signer : Qualifier la situation');
    expect(q('[data-testid="completed-by"]')?.textContent).toContain('Karim Alaoui');
    expect(q('[data-testid="answer-list"]')?.textContent).toContain('T1 – Modéré');

    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
    const comment = q<HTMLTextAreaElement>('[data-testid="sign-comment"]')!;
    comment.value = 'Vu.';
    comment.dispatchEvent(new Event('input'));
    await click('[data-testid="step-submit"]');
    const req = controller.expectOne('/api/cases/c1/steps/triage/signature');
    expect(req.request.body).toEqual({ expectedSeq: 4, comment: 'Vu.' });
    req.flush(fixtureDetail());
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c1'], { state: { saved: 'signature', stepId: 'triage' } });
  });

  it('lets the principal send the step back with a comment instead of signing (the comment is then required)', async () => {
    const detail = fixtureDetail({
      actions: [
        { kind: 'sign_step', stepId: 'triage', roles: ['principal'] },
        { kind: 'return_step', stepId: 'triage', roles: ['principal'] },
      ],
    });
    await open('triage', detail, 'principal');
    controller.expectOne('/api/cases/c1/timeline').flush(FIXTURE_TIMELINE);
    await settle();
    await fixture.whenStable();
    expect(q('#f-comment-hint')?.textContent).toContain('obligatoire pour renvoyer');
    await click('[data-testid="step-send-back"]');
    controller.expectNone('/api/cases/c1/steps/triage/return');
    expect(q('app-error-summary')?.textContent).toContain("Écrivez pourquoi vous renvoyez l'étape");
    expect(q('#f-comment')?.getAttribute('aria-describedby')).toBe('f-comment-hint f-comment-error');

    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
    const comment = q<HTMLTextAreaElement>('[data-testid="sign-comment"]')!;
    comment.value = '  Un seul message : T1 suffit.  ';
    comment.dispatchEvent(new Event('input'));
    await click('[data-testid="step-send-back"]');
    const req = controller.expectOne('/api/cases/c1/steps/triage/return');
    expect(req.request.body).toEqual({ expectedSeq: 4, comment: 'Un seul message : T1 suffit.' });
    req.flush(fixtureDetail());
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c1'], { state: { saved: 'returned', stepId: 'triage' } });
  });

  it('shows the person redoing a step who sent it back, when, and their comment', async () => {
    const detail = fixtureDetail({
      steps: [
        {
          ...view('triage', 'assess', 'available'),
          returned: {
            at: '2025-03-12T10:00:00.000Z',
            comment: 'Un seul message : T1 suffit.',
            by: { id: 'p1', displayName: 'Nadia Berrada' },
            completedBy: { id: 'u2', displayName: 'Karim Alaoui' },
          },
        },
      ],
      actions: [{ kind: 'complete_step', stepId: 'triage', roles: ['coordinator'] }],
    });
    await open('triage', detail, 'coordinator');
    const notice = q('[data-testid="step-returned"]');
    expect(notice?.textContent).toContain('Étape renvoyée par Nadia Berrada le');
    expect(q('[data-testid="step-returned-comment"]')?.textContent).toBe('Un seul message : T1 suffit.');
    expect(q('[data-testid="step-form"]')).not.toBeNull();
  });

  it('starts the danger check from the signs reported at intake, and says so', async () => {
    const detail = fixtureDetail({
      reportedDanger: { flags: ['SEXTORTION'], at: '2025-03-11T09:00:00.000Z', by: { id: 'u1', displayName: 'Amina Benali' } },
    });
    await open('danger_check', detail, 'coordinator', DANGER_DEF);
    expect(q('[data-testid="danger-prefilled"]')?.textContent).toContain('signalés par Amina Benali');
    expect(q<HTMLInputElement>('#f-dangerFlags-1')?.checked).toBeTrue();
    expect(q<HTMLInputElement>('#f-dangerFlags')?.checked).toBeFalse();
  });

  describe('contacts, guides and evidence', () => {
    const ids = (testId: string, attr: string): (string | null)[] =>
      Array.from(el.querySelectorAll(`[data-testid="${testId}"]`)).map((e) => e.getAttribute(attr));

    it('shows the contacts and the guides of the platforms recorded in the case under the guidance', async () => {
      await open('platform_report', openStep('platform_report', { platforms: ['INSTAGRAM', 'TELEGRAM'] }), 'team_member', RESOURCES_DEF);
      expect(q('[data-testid="resources-loading"]')).not.toBeNull();
      await flushKnowledge();
      const section = q('[data-testid="step-resources"]')!;
      expect(section.textContent).toContain('Contacts et guides utiles');
      // Under the guidance, above the form.
      expect(q('[data-testid="step-guidance"]')!.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(section.compareDocumentPosition(q('[data-testid="step-form"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(ids('directory-entry', 'data-entry-id')).toEqual(['EMC_HELPLINE']);
      expect(ids('platform-guide', 'data-guide')).toEqual(['INSTAGRAM', 'TELEGRAM']);
      expect(q('[data-guide="TELEGRAM"] [data-testid="guide-unresearched"]')).not.toBeNull();
      expect(q('[data-testid="description-only-notice"]')).toBeNull();
    });

    it('shows only the contacts when the case records no platform, and fetches the knowledge base once', async () => {
      await open('platform_report', openStep('platform_report'), 'team_member', RESOURCES_DEF);
      await flushKnowledge();
      expect(ids('directory-entry', 'data-entry-id')).toEqual(['EMC_HELPLINE']);
      expect(ids('platform-guide', 'data-guide')).toEqual([]);
      await openAgain('emergency_report', openStep('emergency_report'));
      controller.expectNone('/api/knowledge');
      expect(ids('directory-entry', 'data-entry-id')).toEqual(['POLICE_19', 'RSK_REFERENT']);
      expect(q('a[href="tel:19"]')).not.toBeNull();
      expect(q('[data-testid="region-badge"]')).not.toBeNull();
      expect(ids('platform-guide', 'data-guide')).toEqual(['TAKE_IT_DOWN']);
    });

    it('asks for nothing when the step has no contacts or guides', async () => {
      await open();
      controller.expectNone('/api/knowledge');
      expect(q('[data-testid="step-resources"]')).toBeNull();
      expect(q('[data-testid="description-only-notice"]')).toBeNull();
    });

    it('says plainly when the contacts cannot be loaded, keeps the form and offers to try again', async () => {
      await open('platform_report', openStep('platform_report'), 'team_member', RESOURCES_DEF);
      controller.expectOne('/api/knowledge').flush({ message: 'down' }, { status: 503, statusText: 'Unavailable' });
      await settle();
      await fixture.whenStable();
      expect(q('[data-testid="resources-error"]')?.textContent).toContain('Impossible de charger les contacts');
      expect(q('[data-testid="step-form"]')).not.toBeNull();
      await click('[data-testid="resources-error"] button');
      await flushKnowledge();
      expect(q('[data-testid="resources-error"]')).toBeNull();
      expect(ids('directory-entry', 'data-entry-id')).toEqual(['EMC_HELPLINE']);
    });

    it('shows the "no images" notice as soon as the answers make the step description-only', async () => {
      await open('evidence', openStep('evidence'), 'team_member', RESOURCES_DEF);
      expect(q('[data-testid="description-only-notice"]')).toBeNull();
      await click('#f-sexualImagesOfMinor'); // Oui
      const notice = q('[data-testid="description-only-notice"]')!;
      expect(notice.textContent).toContain('Aucune image : décrivez avec des mots');
      expect(notice.textContent).toContain('ne les transférez à personne');
      expect(field('contentDescription')).not.toBeNull();
      await click('#f-sexualImagesOfMinor-1'); // Non
      expect(q('[data-testid="description-only-notice"]')).toBeNull();
    });

    it('shows the notice from the case facts, and always for a description-only step', async () => {
      await open('evidence', openStep('evidence', { types: ['THREATS'] }), 'team_member', RESOURCES_DEF);
      expect(q('[data-testid="description-only-notice"]')).not.toBeNull();
      await openAgain('emergency_report', openStep('emergency_report'));
      await flushKnowledge();
      expect(q('[data-testid="description-only-notice"]')).not.toBeNull();
    });
  });
});

describe('step form helpers', () => {
  const intake = FIXTURE_DEF.phases[0].steps[0];

  it('converts numbers and date-times, and drops empty values and fields that do not apply', () => {
    const answers = toAnswers(
      intake,
      { pupils: '2,5', reportedAt: '2025-03-10T08:30', place: '  ', types: [], authorsKnown: false, authorsArePupils: true },
      {},
    );
    expect(answers['pupils']).toBe(2.5);
    expect(answers['reportedAt']).toBe(new Date('2025-03-10T08:30').toISOString());
    expect('place' in answers).toBeFalse();
    expect('types' in answers).toBeFalse();
    expect('authorsArePupils' in answers).toBeFalse();
  });

  it('maps `answers.checklist.<id>` too, and unknown fields to the form', () => {
    const problems = problemsFromApi(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'À corriger',
        details: [
          { field: 'answers.checklist.noReply', code: 'required', message: 'Obligatoire' },
          { field: 'answers', code: 'role_not_allowed', message: 'Votre rôle ne permet pas cette action.' },
        ],
      },
      intake,
    );
    expect(problems.map((p) => p.target)).toEqual(['checklist.noReply', '']);
  });
});
