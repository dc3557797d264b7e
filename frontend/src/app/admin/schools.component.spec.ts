import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AdminSchool } from './admin-api';
import { TREE } from './admin-testing';
import { SchoolsComponent } from './schools.component';

const SCHOOL: AdminSchool = {
  id: 's1',
  code: 'RAB-01',
  nameFr: 'Collège Ibn Khaldoun',
  nameAr: 'إعدادية ابن خلدون',
  level: 'college',
  provinceId: 'p1',
};

describe('SchoolsComponent (/admin/schools)', () => {
  let fixture: ComponentFixture<SchoolsComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  beforeEach(async () => {
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
    fixture = TestBed.createComponent(SchoolsComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/admin/units').flush(TREE);
    await settle();
    await fixture.whenStable();
  });

  afterEach(() => {
    controller.verify();
    el.remove();
  });

  async function set(testId: string, value: string, event = 'input'): Promise<void> {
    const input = q<HTMLInputElement | HTMLSelectElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event(event));
    await fixture.whenStable();
  }

  async function showRabat(): Promise<void> {
    all('tree-show')[0].click();
    await settle();
    await fixture.whenStable();
    const req = controller.expectOne((r) => r.url === '/api/admin/schools');
    expect(req.request.params.get('provinceId')).toBe('p1');
    req.flush({ items: [SCHOOL], total: 1, page: 1, pageSize: 50 });
    await settle();
    await fixture.whenStable();
  }

  it('shows the academies and provinces of the scope, then the schools of one province', async () => {
    expect(q('schools-scope')?.textContent).toContain('Académie Rabat-Salé-Kénitra');
    expect(all('tree-province').map((p) => p.textContent)).toEqual([
      jasmine.stringContaining('Direction provinciale de Rabat'),
      jasmine.stringContaining('Direction provinciale de Salé'),
    ]);
    await showRabat();
    expect(all('school-row').length).toBe(1);
    expect(q('school-row')?.textContent).toContain('RAB-01');
    expect(q('school-row')?.textContent).toContain('إعدادية ابن خلدون');
    expect(q('school-row')?.textContent).toContain('Collège');
  });

  it('searches the schools of the province by code or name', async () => {
    await showRabat();
    await set('school-search', 'khaldoun');
    q('school-search-apply')!.click();
    await settle();
    const req = controller.expectOne((r) => r.url === '/api/admin/schools');
    expect(req.request.params.get('q')).toBe('khaldoun');
    expect(req.request.params.get('provinceId')).toBe('p1');
    req.flush({ items: [], total: 0, page: 1, pageSize: 50 });
    await settle();
    await fixture.whenStable();
    expect(q('schools-empty')).not.toBeNull();
  });

  it('checks a new school before sending (Arabic name in Arabic script) and creates it', async () => {
    await set('school-code', 'rab-09');
    await set('school-name-fr', 'Lycée Test');
    await set('school-name-ar', 'Lycee Test');
    q('school-create')!.click();
    await settle();
    await fixture.whenStable();
    const summary = q('error-summary')!.textContent;
    expect(summary).toContain("Écrivez le nom en arabe avec l'écriture arabe");
    expect(summary).toContain('Choisissez le niveau');
    expect(summary).toContain('Choisissez la direction provinciale');
    controller.expectNone('/api/admin/schools');

    await set('school-name-ar', 'ثانوية تجريبية');
    await set('school-level', 'lycee', 'change');
    await set('school-province', 'p2', 'change');
    q('school-create')!.click();
    await settle();
    const req = controller.expectOne('/api/admin/schools');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ code: 'RAB-09', nameFr: 'Lycée Test', nameAr: 'ثانوية تجريبية', level: 'lycee', provinceId: 'p2' });
    req.flush({ ...SCHOOL, id: 's9', code: 'RAB-09' }, { status: 201, statusText: 'Created' });
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/admin/units').flush(TREE);
    await settle();
    await fixture.whenStable();
    expect(q('schools-done')?.textContent).toContain("L'établissement RAB-09 est ajouté.");
  });

  it('shows 409 SCHOOL_CODE_TAKEN on the code', async () => {
    await set('school-code', 'RAB-01');
    await set('school-name-fr', 'Collège');
    await set('school-name-ar', 'إعدادية');
    await set('school-level', 'college', 'change');
    await set('school-province', 'p1', 'change');
    q('school-create')!.click();
    await settle();
    controller
      .expectOne('/api/admin/schools')
      .flush({ statusCode: 409, code: 'SCHOOL_CODE_TAKEN' }, { status: 409, statusText: 'Conflict' });
    await settle();
    await fixture.whenStable();
    expect(el.querySelector('#school-code-error')?.textContent).toContain('Un établissement existe déjà avec ce code');
  });

  it('changes the name or level of a school', async () => {
    await showRabat();
    q('school-edit')!.click();
    await fixture.whenStable();
    expect(q('edit-name-fr')).not.toBeNull();
    await set('edit-name-fr', 'Collège Ibn Khaldoun (annexe)');
    await set('edit-level', 'lycee', 'change');
    q('edit-save')!.click();
    await settle();
    const req = controller.expectOne('/api/admin/schools/s1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ nameFr: 'Collège Ibn Khaldoun (annexe)', nameAr: 'إعدادية ابن خلدون', level: 'lycee' });
    req.flush({ ...SCHOOL, nameFr: 'Collège Ibn Khaldoun (annexe)', level: 'lycee' });
    await settle();
    await fixture.whenStable();
    controller.expectOne((r) => r.url === '/api/admin/schools').flush({ items: [SCHOOL], total: 1, page: 1, pageSize: 50 });
    await settle();
    await fixture.whenStable();
    expect(q('schools-done')?.textContent).toContain("L'établissement RAB-01 est modifié.");
  });
});
