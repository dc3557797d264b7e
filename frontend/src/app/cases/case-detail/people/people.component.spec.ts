import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiInterceptor } from '../../../core/api.interceptor';
import { LanguageService } from '../../../core/language.service';
import { provideTestTransloco, settle } from '../../../../testing/testing';
import { CasePerson } from '../../people-api';
import { CasePeopleComponent } from './people.component';

const person = (over: Partial<CasePerson>): CasePerson => ({
  id: 'p1',
  code: 'E1',
  role: 'target',
  kind: 'pupil',
  displayName: 'Yasmine B.',
  classLabel: '2AC-3',
  note: null,
  sex: null,
  createdAt: '2026-11-20T09:00:00.000Z',
  createdBy: { id: 'u1', displayName: 'Salma Bennani' },
  ...over,
});

describe('CasePeopleComponent', () => {
  let fixture: ComponentFixture<CasePeopleComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T => el.querySelector<T>(`[data-testid="${testId}"]`)!;
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(people: CasePerson[], lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(CasePeopleComponent);
    fixture.componentRef.setInput('caseId', 'c1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1/people').flush({ items: people });
    await stable();
  }
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  function type(testId: string, value: string): void {
    const input = q<HTMLInputElement | HTMLSelectElement>(testId);
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
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

  it('lists each person with the code used outside the school, the role, the name and the class', async () => {
    await render([person({}), person({ id: 'p2', code: 'A1', role: 'author', displayName: null, classLabel: null, kind: 'unknown' })]);
    const rows = el.querySelectorAll('[data-testid="person"]');
    expect(rows.length).toBe(2);
    expect(text(rows[0])).toContain('E1');
    expect(text(rows[0])).toContain('Élève cible');
    expect(text(rows[0])).toContain('Yasmine B.');
    expect(text(rows[0])).toContain('2AC-3');
    expect(text(rows[1])).toContain('A1');
    expect(text(rows[1])).toContain('Auteur présumé');
    expect(text(rows[1])).toContain('Inconnu');
  });

  it('adds a person and announces the new code', async () => {
    await render([]);
    expect(text(q('people-empty'))).toContain('Personne');
    q('person-add-open').click();
    await stable();
    type('person-role', 'witness');
    type('person-name', '  Sara  ');
    type('person-class', '3AC-1');
    q('person-form').dispatchEvent(new Event('submit'));
    await stable();
    const req = controller.expectOne('/api/cases/c1/people');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ role: 'witness', kind: 'pupil', displayName: 'Sara', classLabel: '3AC-1' });
    req.flush(person({ id: 'p9', code: 'W1', role: 'witness', displayName: 'Sara', classLabel: '3AC-1' }));
    await stable();
    expect(el.querySelectorAll('[data-testid="person"]').length).toBe(1);
    expect(text(q('people-status'))).toBe('W1 ajouté.');
  });

  it('asks for a confirmation before removing, and shows the API message when it fails', async () => {
    await render([person({})]);
    q('person-remove-E1').click();
    await stable();
    expect(text(q('person-remove-E1'))).toBe('Confirmer le retrait de E1');
    controller.expectNone('/api/cases/c1/people/p1');
    q('person-remove-E1').click();
    await stable();
    controller
      .expectOne('/api/cases/c1/people/p1')
      .flush(
        { statusCode: 404, code: 'PERSON_NOT_FOUND', message: 'Cette personne n’est pas (ou plus) dans ce dossier.' },
        { status: 404, statusText: 'Not Found' },
      );
    await stable();
    expect(text(q('people-status'))).toBe('Cette personne n’est pas (ou plus) dans ce dossier.');
    expect(el.querySelectorAll('[data-testid="person"]').length).toBe(1);
  });

  it('corrects a person with a reason, sends only what changed, and tells the case page', async () => {
    await render([person({})]);
    let changed = 0;
    fixture.componentInstance.changed.subscribe(() => changed++);
    q('person-correct-E1').click();
    await stable();
    expect(q('person-correct-E1').getAttribute('aria-expanded')).toBe('true');
    expect(q<HTMLInputElement>('person-edit-name').value).toBe('Yasmine B.');
    type('person-edit-class', '2AC-4');
    type('person-edit-reason', ' À la demande de l’élève ');
    q('person-edit-form').dispatchEvent(new Event('submit'));
    await stable();
    const req = controller.expectOne('/api/cases/c1/people/p1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ classLabel: '2AC-4', reason: 'À la demande de l’élève' });
    req.flush(person({ classLabel: '2AC-4' }));
    await stable();
    expect(text(q('people-status'))).toContain('E1 corrigé');
    expect(text(q('person'))).toContain('2AC-4');
    expect(q('person-edit-form')).toBeNull();
    expect(changed).toBe(1);
  });

  it('records the optional sex with its sensitivity note, shows it, and corrects it back to "not recorded"', async () => {
    await render([]);
    q('person-add-open').click();
    await stable();
    expect(el.querySelector('label[for="person-sex"]')?.textContent?.trim()).toBe('Sexe (facultatif)');
    expect(q('person-sex-select').getAttribute('aria-describedby')).toBe('person-sex-hint');
    expect(text(el.querySelector('#person-sex-hint'))).toContain('statistiques anonymes');
    expect(Array.from(q<HTMLSelectElement>('person-sex-select').options).map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ['', 'Non renseigné'],
      ['female', 'Féminin'],
      ['male', 'Masculin'],
    ]);
    type('person-sex-select', 'female');
    q('person-form').dispatchEvent(new Event('submit'));
    await stable();
    const req = controller.expectOne('/api/cases/c1/people');
    expect(req.request.body).toEqual({ role: 'target', kind: 'pupil', displayName: null, classLabel: null, sex: 'female' });
    req.flush(person({ sex: 'female' }));
    await stable();
    expect(text(q('person-sex'))).toBe('Féminin');

    q('person-correct-E1').click();
    await stable();
    expect(q<HTMLSelectElement>('person-edit-sex').value).toBe('female');
    type('person-edit-sex', '');
    q('person-edit-form').dispatchEvent(new Event('submit'));
    await stable();
    const patch = controller.expectOne('/api/cases/c1/people/p1');
    expect(patch.request.body).toEqual({ sex: null });
    patch.flush(person({ sex: null }));
    await stable();
    expect(q('person-sex')).toBeNull();
  });

  it('sends nothing when nothing changed', async () => {
    await render([person({})]);
    q('person-correct-E1').click();
    await stable();
    q('person-edit-form').dispatchEvent(new Event('submit'));
    await stable();
    controller.expectNone('/api/cases/c1/people/p1');
    expect(text(q('people-status'))).toBe('Rien n’a été modifié.');
  });

  it('keeps codes left to right in Arabic', async () => {
    await render([person({})], 'ar');
    expect(el.querySelector('.person__code')?.getAttribute('dir')).toBe('ltr');
    expect(text(el.querySelector('[data-testid="person"]'))).toContain('E1');
  });
});
