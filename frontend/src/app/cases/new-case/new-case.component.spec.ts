import { Location } from '@angular/common';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { apiInterceptor } from '../../core/api.interceptor';
import { CaseSummary } from '../case.model';
import { NEW_CASE_DRAFT_KEY, NewCaseComponent } from './new-case.component';
import { localToday, validateNewCase } from './new-case.validation';

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

describe('NewCaseComponent', () => {
  let fixture: ComponentFixture<NewCaseComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);

  async function create(): Promise<void> {
    fixture = TestBed.createComponent(NewCaseComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>('case-submit')!.click();
    await settle();
    await fixture.whenStable();
  }

  beforeEach(() => {
    sessionStorage.removeItem(NEW_CASE_DRAFT_KEY);
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
    sessionStorage.removeItem(NEW_CASE_DRAFT_KEY);
  });

  it('shows the error summary with links to both fields and focuses it', async () => {
    await create();
    await submit();
    const summary = q('error-summary');
    expect(summary).not.toBeNull();
    expect(document.activeElement).toBe(summary);
    expect(summary!.querySelector('h2')?.textContent).toContain('Il y a un problème');
    const links = Array.from(summary!.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#title', '#occurredOn']);
    expect(links.map((a) => a.textContent?.trim())).toEqual(['Saisissez le titre du dossier', 'Saisissez la date des faits']);
    controller.expectNone('/api/cases');
  });

  it('shows each message next to its field and marks the field invalid', async () => {
    await create();
    await type('case-title', 'ab');
    await type('case-occurred-on', '2999-01-01');
    await submit();
    expect(el.querySelector('#title-error')?.textContent).toContain('Le titre doit comporter au moins 3 caractères');
    expect(el.querySelector('#occurredOn-error')?.textContent).toContain("La date des faits doit être aujourd'hui ou dans le passé");
    const title = q('case-title')!;
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(title.getAttribute('aria-describedby')).toBe('title-hint title-error');
    expect(title.closest('.form-group')?.classList).toContain('form-group--error');
  });

  it('the date field does not accept dates after today', async () => {
    await create();
    expect(q('case-occurred-on')!.getAttribute('max')).toBe(localToday());
  });

  it('creates the case, clears the draft and goes back to the list with the reference', async () => {
    await create();
    const router = TestBed.inject(Router);
    const navigate = spyOn(router, 'navigate').and.callThrough();
    await type('case-title', '  Messages insultants sur un groupe de classe ');
    await type('case-occurred-on', '2025-03-10');
    expect(sessionStorage.getItem(NEW_CASE_DRAFT_KEY)).not.toBeNull();
    await submit();

    const req = controller.expectOne('/api/cases');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ title: 'Messages insultants sur un groupe de classe', occurredOn: '2025-03-10' });
    req.flush(CREATED, { status: 201, statusText: 'Created' });
    await settle();

    expect(navigate).toHaveBeenCalledWith(['/cases'], { state: { createdReference: 'SAN-2025-0009' } });
    expect(sessionStorage.getItem(NEW_CASE_DRAFT_KEY)).toBeNull();
    expect((TestBed.inject(Location).getState() as { createdReference?: string }).createdReference).toBe('SAN-2025-0009');
  });

  it('maps the server validation details onto the fields', async () => {
    await create();
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
    expect(el.querySelector('#occurredOn-error')?.textContent).toContain('La date des faits ne peut pas être dans le futur');
    expect(document.activeElement).toBe(summary);
  });

  it('explains a network failure in the summary', async () => {
    await create();
    await type('case-title', 'Titre correct');
    await type('case-occurred-on', '2025-03-10');
    await submit();
    controller.expectOne('/api/cases').error(new ProgressEvent('error'), { status: 0 });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain('Le service ne répond pas');
  });

  it('keeps what was typed in sessionStorage and restores it (e.g. after the session expired)', async () => {
    await create();
    await type('case-title', 'Brouillon en cours');
    await type('case-occurred-on', '2025-03-01');
    el.remove();
    fixture.destroy();

    await create();
    expect(q<HTMLInputElement>('case-title')!.value).toBe('Brouillon en cours');
    expect(q<HTMLInputElement>('case-occurred-on')!.value).toBe('2025-03-01');
    expect(q('draft-restored')?.textContent).toContain('Nous avons restauré');
  });

  it('keeps the draft when the API answers 401 and shows no error summary', async () => {
    await create();
    await type('case-title', 'Titre correct');
    await type('case-occurred-on', '2025-03-10');
    await submit();
    controller
      .expectOne('/api/cases')
      .flush({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')).toBeNull();
    expect(JSON.parse(sessionStorage.getItem(NEW_CASE_DRAFT_KEY) ?? '{}')).toEqual({ title: 'Titre correct', occurredOn: '2025-03-10' });
  });
});
