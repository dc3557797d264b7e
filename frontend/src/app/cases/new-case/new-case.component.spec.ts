import { Location } from '@angular/common';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { FIXTURE_DEF, FIXTURE_KNOWLEDGE } from '../../../testing/protocol-fixture';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { LanguageService } from '../../core/language.service';
import { apiInterceptor } from '../../core/api.interceptor';
import { CaseSummary } from '../case.model';
import { NEW_CASE_DRAFT_KEY, NewCaseComponent } from './new-case.component';
import { localToday, validateNewCase } from './new-case.validation';
import { predictedCodes } from './people-draft';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const CREATED: CaseSummary = {
  id: 'c9',
  reference: 'SAN-2025-0009',
  title: 'Messages insultants sur un groupe de classe',
  occurredOn: '2025-03-10',
  state: 'REPORTED',
  createdAt: '2025-03-11T09:00:00.000Z',
  createdBy: { id: 'u1', displayName: 'Amina Benali' },
};

describe('validateNewCase', () => {
  const today = '2025-03-15';

  it('accepts a valid title and a date up to today', () => {
    expect(validateNewCase({ title: 'Photos partagées', occurredOn: '2025-03-15' }, today)).toEqual({});
    expect(validateNewCase({ title: 'abc', occurredOn: '2024-12-31' }, today)).toEqual({});
  });

  it('asks for the title and the date when empty', () => {
    expect(validateNewCase({ title: '   ', occurredOn: '' }, today)).toEqual({
      title: 'newCase.titleRequired',
      occurredOn: 'newCase.dateRequired',
    });
  });

  it('checks the title length (3 to 200 characters, trimmed)', () => {
    expect(validateNewCase({ title: ' ab ', occurredOn: today }, today).title).toBe('newCase.titleTooShort');
    expect(validateNewCase({ title: 'x'.repeat(200), occurredOn: today }, today).title).toBeUndefined();
    expect(validateNewCase({ title: 'x'.repeat(201), occurredOn: today }, today).title).toBe('newCase.titleTooLong');
  });

  it('rejects impossible and future dates', () => {
    expect(validateNewCase({ title: 'abc', occurredOn: '2025-02-30' }, today).occurredOn).toBe('newCase.dateInvalid');
    expect(validateNewCase({ title: 'abc', occurredOn: '15/03/2025' }, today).occurredOn).toBe('newCase.dateInvalid');
    expect(validateNewCase({ title: 'abc', occurredOn: '2025-03-16' }, today).occurredOn).toBe('newCase.dateFuture');
  });

  it('computes today in the local time zone as YYYY-MM-DD', () => {
    expect(localToday(new Date(2025, 0, 5, 23, 30))).toBe('2025-01-05');
  });
});

const L = (fr: string, ar = `${fr} (ar)`, en = `${fr} (en)`) => ({ fr, ar, en });

/** The fixture protocol with the reference protocol's danger check (danger signs and emergency contacts). */
const DEF: ProtocolDefinition = {
  ...FIXTURE_DEF,
  phases: [
    // the fixture's own danger_check (without danger signs) is replaced by this one
    ...FIXTURE_DEF.phases.map((phase) => ({ ...phase, steps: phase.steps.filter((step) => step.id !== 'danger_check') })),
    {
      id: 'danger',
      title: L('Danger'),
      steps: [
        {
          id: 'danger_check',
          title: L('Vérifier le danger immédiat'),
          guidance: L('Vérifiez maintenant.'),
          roles: ['coordinator', 'principal'],
          availableIn: ['REPORTED'],
          resources: { directory: ['POLICE_19'] },
          form: {
            fields: [
              {
                id: 'dangerFlags',
                type: 'multiChoice',
                required: false,
                label: L('Signes de danger'),
                options: [
                  { value: 'SELF_HARM', label: L("Risque d'automutilation ou de suicide", 'خطر إيذاء النفس أو الانتحار') },
                  { value: 'PHYSICAL_THREAT', label: L('Menace pour la sécurité physique', 'تهديد للسلامة الجسدية') },
                ],
              },
            ],
          },
        },
      ],
    },
  ],
};

describe('predictedCodes', () => {
  it('numbers each role in the order people are added, as the API does', () => {
    const p = (role: 'target' | 'author' | 'witness') => ({ role, kind: 'pupil' as const, displayName: '', classLabel: '' });
    expect(predictedCodes([p('target'), p('author'), p('author'), p('witness'), p('target')])).toEqual(['E1', 'A1', 'A2', 'W1', 'E2']);
  });
});

describe('NewCaseComponent', () => {
  let fixture: ComponentFixture<NewCaseComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  /** Renders the page and answers the protocol and knowledge requests of the danger screen. */
  async function create(answer: 'ok' | 'fail' | 'cached' = 'ok'): Promise<void> {
    fixture = TestBed.createComponent(NewCaseComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    const list = controller.expectOne('/api/protocols');
    if (answer === 'fail') {
      list.flush({ code: 'X' }, { status: 500, statusText: 'Error' });
    } else {
      list.flush([{ id: DEF.id, version: DEF.version, status: 'published' }]);
      // the definition and the knowledge base are fetched once per visit
      if (answer === 'ok') controller.expectOne(`/api/protocols/${DEF.id}/${DEF.version}`).flush({ contentHash: 'x', definition: DEF });
      if (answer === 'ok') controller.expectOne('/api/knowledge').flush(FIXTURE_KNOWLEDGE);
    }
    await settle();
    await fixture.whenStable();
  }

  async function continueToDetails(): Promise<void> {
    q<HTMLButtonElement>('danger-continue')!.click();
    await settle();
    await fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function choose(id: string): Promise<void> {
    el.querySelector<HTMLInputElement>(`#${id}`)!.click();
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>('case-submit')!.click();
    await settle();
    await fixture.whenStable();
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
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
    localStorage.removeItem('sanad.lang');
  });

  describe('the danger screen (first)', () => {
    it("asks each of the protocol's danger signs as a yes/no question", async () => {
      await create();
      expect(q('intake-heading')?.textContent).toContain('y a-t-il un danger immédiat');
      expect(q('intake-progress')?.textContent).toContain('Étape 1 sur 2');
      const questions = all('danger-question');
      expect(questions.map((f) => f.getAttribute('data-flag'))).toEqual(['SELF_HARM', 'PHYSICAL_THREAT']);
      expect(questions[0].tagName).toBe('FIELDSET');
      expect(questions[0].querySelector('legend')?.textContent).toContain("Risque d'automutilation ou de suicide ?");
      expect(Array.from(questions[0].querySelectorAll('label')).map((l) => l.textContent?.trim())).toEqual(['Oui', 'Non']);
      expect(q('emergency-guidance')).toBeNull();
      expect(q('case-title')).toBeNull();
    });

    it('shows the emergency guidance and contacts at once when a sign is answered "yes"', async () => {
      await create();
      await choose('danger-SELF_HARM-no');
      expect(q('emergency-guidance')).toBeNull();
      await choose('danger-PHYSICAL_THREAT-yes');
      const guidance = q('emergency-guidance')!;
      expect(guidance.textContent).toContain('Danger immédiat : agissez maintenant');
      expect(guidance.textContent).toContain('Prévenez tout de suite le coordinateur ou le directeur');
      expect(guidance.parentElement?.getAttribute('aria-live')).toBe('assertive');
      const entries = all('directory-entry');
      expect(entries.map((e) => e.getAttribute('data-entry-id'))).toEqual(['POLICE_19']);
      expect(entries[0].querySelector('a[href^="tel:"]')).not.toBeNull();
      expect(q('danger-continue')?.textContent).toContain("J'ai prévenu, continuer");
      // then continue: the details remind that the coordinator must be told
      await continueToDetails();
      expect(q('danger-reminder')).not.toBeNull();
      expect(q('case-title')).not.toBeNull();
    });

    it('in Arabic, the questions use the protocol labels in Arabic', async () => {
      await create();
      await TestBed.inject(LanguageService).use('ar');
      await fixture.whenStable();
      expect(all('danger-question')[0].querySelector('legend')?.textContent).toContain('خطر إيذاء النفس أو الانتحار؟');
      expect(q('danger-continue')?.textContent).toContain('متابعة');
    });

    it('still lets the person go on (with the emergency numbers) when the questions cannot be loaded', async () => {
      await create('fail');
      expect(q('danger-load-error')?.textContent).toContain('19');
      await continueToDetails();
      expect(q('case-title')).not.toBeNull();
    });
  });

  it('shows the error summary with links to both fields and focuses it', async () => {
    await create();
    await continueToDetails();
    await submit();
    const summary = q('error-summary');
    expect(summary).not.toBeNull();
    expect(document.activeElement).toBe(summary);
    const links = Array.from(summary!.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#title', '#occurredOn']);
    expect(links.map((a) => a.textContent?.trim())).toEqual(['Saisissez le titre du dossier', 'Saisissez la date des faits']);
    controller.expectNone('/api/cases');
  });

  it('shows each message next to its field and marks the field invalid', async () => {
    await create();
    await continueToDetails();
    await type('case-title', 'ab');
    await type('case-occurred-on', '2999-01-01');
    await submit();
    expect(el.querySelector('#title-error')?.textContent).toContain('Le titre doit comporter au moins 3 caractères');
    expect(el.querySelector('#occurredOn-error')?.textContent).toContain("La date des faits doit être aujourd'hui ou dans le passé");
    const title = q('case-title')!;
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(title.getAttribute('aria-describedby')).toBe('title-hint title-error');
    expect(q('case-occurred-on')!.getAttribute('max')).toBe(localToday());
  });

  it('adds the people involved with the code used outside the school, then creates the case, the people, and opens the intake step', async () => {
    await create();
    await choose('danger-SELF_HARM-yes');
    await continueToDetails();
    const router = TestBed.inject(Router);
    const navigate = spyOn(router, 'navigate').and.callThrough();
    await type('case-title', '  Messages insultants sur un groupe de classe ');
    await type('case-occurred-on', '2025-03-10');

    await type('person-name', 'Salma B.');
    await type('person-class', '3AC-2');
    expect(q('person-sex-select')?.getAttribute('aria-describedby')).toBe('person-sex-hint');
    expect(el.querySelector('#person-sex-hint')?.textContent).toContain('statistiques anonymes');
    const sex = q<HTMLSelectElement>('person-sex-select')!;
    sex.value = 'female';
    sex.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>('person-add')!.click();
    await fixture.whenStable();
    const role = q<HTMLSelectElement>('person-role')!;
    role.value = 'author';
    role.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>('person-add')!.click();
    await fixture.whenStable();
    expect(all('person-code').map((c) => c.textContent?.trim())).toEqual(['E1', 'A1']);
    expect(all('person')[0].textContent).toContain('Élève cible');
    expect(all('person')[0].textContent).toContain('Salma B.');
    // the sex is kept with the first person only; the form is cleared for the next one
    expect(all('person-sex').map((e) => e.textContent?.trim())).toEqual(['Féminin']);
    expect(sex.value).toBe('');
    expect(q('people-codes-note')?.textContent).toContain('remplacent les noms');

    await submit();
    const req = controller.expectOne('/api/cases');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      title: 'Messages insultants sur un groupe de classe',
      occurredOn: '2025-03-10',
      dangerSigns: ['SELF_HARM'],
    });
    req.flush(CREATED, { status: 201, statusText: 'Created' });
    await settle();
    const first = controller.expectOne('/api/cases/c9/people');
    expect(first.request.body).toEqual({ role: 'target', kind: 'pupil', displayName: 'Salma B.', classLabel: '3AC-2', sex: 'female' });
    first.flush({ id: 'p1', code: 'E1' }, { status: 201, statusText: 'Created' });
    await settle();
    const second = controller.expectOne('/api/cases/c9/people');
    expect(second.request.body).toEqual({ role: 'author', kind: 'pupil', displayName: null, classLabel: null });
    second.flush({ code: 'X' }, { status: 500, statusText: 'Error' });
    await settle();

    expect(navigate).toHaveBeenCalledWith(['/cases', 'c9', 'steps', 'intake'], {
      state: { createdReference: 'SAN-2025-0009', peopleFailed: 1 },
    });
    expect(sessionStorage.getItem(NEW_CASE_DRAFT_KEY)).toBeNull();
    expect((TestBed.inject(Location).getState() as { createdReference?: string }).createdReference).toBe('SAN-2025-0009');
  });

  it('maps the server validation details onto the fields', async () => {
    await create();
    await continueToDetails();
    await type('case-title', 'Titre correct');
    await type('case-occurred-on', '2025-03-10');
    await submit();
    controller.expectOne('/api/cases').flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Certaines informations sont à corriger',
        details: [{ field: 'occurredOn', code: 'DATE_IN_FUTURE', message: 'La date des faits ne peut pas être dans le futur' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    const summary = q('error-summary');
    expect(summary?.querySelector('a[href="#occurredOn"]')?.textContent).toContain('La date des faits ne peut pas être dans le futur');
    expect(document.activeElement).toBe(summary);
  });

  it('explains a network failure in the summary', async () => {
    await create();
    await continueToDetails();
    await type('case-title', 'Titre correct');
    await type('case-occurred-on', '2025-03-10');
    await submit();
    controller.expectOne('/api/cases').error(new ProgressEvent('error'), { status: 0 });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain('Le service ne répond pas');
  });

  it('keeps the whole draft in sessionStorage (never localStorage) and restores it with a notice', async () => {
    await create();
    await choose('danger-SELF_HARM-yes');
    await continueToDetails();
    await type('case-title', 'Brouillon en cours');
    await type('case-occurred-on', '2025-03-01');
    await type('person-name', 'Karim');
    q<HTMLButtonElement>('person-add')!.click();
    await fixture.whenStable();
    expect(localStorage.getItem(NEW_CASE_DRAFT_KEY)).toBeNull();
    el.remove();
    fixture.destroy();

    await create('cached');
    expect(q('draft-restored')?.textContent).toContain('Nous avons restauré');
    expect(q<HTMLInputElement>('case-title')!.value).toBe('Brouillon en cours');
    expect(q<HTMLInputElement>('case-occurred-on')!.value).toBe('2025-03-01');
    expect(all('person').length).toBe(1);
    expect(q('danger-reminder')).not.toBeNull();
    q<HTMLButtonElement>('back-to-danger')!.click();
    await fixture.whenStable();
    expect(el.querySelector<HTMLInputElement>('#danger-SELF_HARM-yes')!.checked).toBeTrue();
    expect(q('emergency-guidance')).not.toBeNull();
  });

  it('restores a draft of the previous form (title and date only) on the details', async () => {
    sessionStorage.setItem(NEW_CASE_DRAFT_KEY, JSON.stringify({ title: 'Ancien brouillon', occurredOn: '2025-03-01' }));
    await create();
    expect(q<HTMLInputElement>('case-title')!.value).toBe('Ancien brouillon');
  });

  it('"discard" forgets the draft and starts again at the danger screen', async () => {
    sessionStorage.setItem(
      NEW_CASE_DRAFT_KEY,
      JSON.stringify({ stage: 'details', danger: { SELF_HARM: 'yes' }, title: 'À jeter', occurredOn: '', people: [] }),
    );
    await create();
    q<HTMLButtonElement>('draft-discard')!.click();
    await settle();
    await fixture.whenStable();
    expect(sessionStorage.getItem(NEW_CASE_DRAFT_KEY)).toBeNull();
    expect(q('draft-restored')).toBeNull();
    expect(all('danger-question').length).toBe(2);
    expect(q('emergency-guidance')).toBeNull();
    await continueToDetails();
    expect(q<HTMLInputElement>('case-title')!.value).toBe('');
  });

  it('keeps the draft when the API answers 401 and shows no error summary', async () => {
    await create();
    await continueToDetails();
    await type('case-title', 'Titre correct');
    await type('case-occurred-on', '2025-03-10');
    await submit();
    controller
      .expectOne('/api/cases')
      .flush({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')).toBeNull();
    expect(JSON.parse(sessionStorage.getItem(NEW_CASE_DRAFT_KEY) ?? '{}')).toEqual(
      jasmine.objectContaining({ stage: 'details', title: 'Titre correct', occurredOn: '2025-03-10' }),
    );
  });
});
