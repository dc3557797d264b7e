import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { PupilRecord } from './subject-access-api';
import { SubjectAccessComponent } from './subject-access.component';

const record = (over: Partial<PupilRecord>): PupilRecord => ({
  personId: 'p1',
  caseId: 'c1',
  caseReference: '2026-0007',
  code: 'E1',
  role: 'target',
  kind: 'pupil',
  displayName: 'Yasmine El Amrani',
  classLabel: '3AC-2',
  occurredOn: '2026-11-02',
  caseState: 'MONITORING',
  caseClosed: false,
  removed: false,
  ...over,
});

describe('SubjectAccessComponent', () => {
  let fixture: ComponentFixture<SubjectAccessComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let blobs: Blob[];
  let names: string[];

  const q = <T extends Element = HTMLElement>(testId: string): T => el.querySelector<T>(`[data-testid="${testId}"]`)!;
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(lang: 'fr' | 'ar' | 'en' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(SubjectAccessComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
  }
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  async function search(value: string, items: PupilRecord[] = []): Promise<void> {
    const input = q<HTMLInputElement>('subject-query');
    input.value = value;
    input.dispatchEvent(new Event('input'));
    q('subject-search-form').dispatchEvent(new Event('submit'));
    await stable();
    if (items.length || value.trim().length >= 2) {
      const req = controller.expectOne((r) => r.url === '/api/subject-access/people');
      expect(req.request.params.get('q')).toBe(value.trim());
      req.flush({ items, truncated: false });
      await stable();
    }
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
    blobs = [];
    names = [];
    // the download itself: keep what would be saved instead of clicking a link
    spyOn(URL, 'createObjectURL').and.callFake((blob: Blob | MediaSource) => {
      blobs.push(blob as Blob);
      return 'blob:test';
    });
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
  });
  afterEach(() => {
    controller.verify();
    el?.remove();
  });

  it('explains what the export contains and who may receive it', async () => {
    await render();
    expect(text(q('subject-hand-over'))).toContain('représentant légal');
    expect(text(q('subject-contents'))).toContain('jamais leur contenu');
    expect(text(q('subject-contents'))).toContain('code');
  });

  it('asks for at least 2 letters, with the error linked to the field and announced in a summary', async () => {
    await render();
    await search('y');
    controller.expectNone('/api/subject-access/people');
    expect(text(q('error-summary'))).toContain('Saisissez au moins 2 lettres');
    const input = q<HTMLInputElement>('subject-query');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain('subject-query-error');
    expect(text(el.querySelector('#subject-query-error'))).toContain('Saisissez au moins 2 lettres');
    expect(el.querySelector('.error-summary a')?.getAttribute('href')).toBe('#subject-query');
  });

  it('lists the records found, each with its case, role, class and stage, and announces how many', async () => {
    await render();
    await search(' yasmine ', [
      record({}),
      record({ personId: 'p2', caseId: 'c2', caseReference: '2026-0011', code: 'W1', role: 'witness', removed: true }),
    ]);
    const rows = el.querySelectorAll('[data-testid="subject-record"]');
    expect(rows.length).toBe(2);
    expect(text(rows[0])).toContain('Yasmine El Amrani');
    expect(text(rows[0])).toContain('2026-0007');
    expect(text(rows[0])).toContain('Élève cible');
    expect(text(rows[0])).toContain('3AC-2');
    expect(text(rows[1])).toContain('Témoin');
    expect(text(rows[1])).toContain('retiré du dossier');
    expect(text(q('subject-status'))).toBe('2 fiche(s) trouvée(s).');
    expect(q('subject-status').getAttribute('role')).toBe('status');
    // each checkbox has its own label
    const box = rows[0].querySelector('input')!;
    expect(el.querySelector(`label[for="${box.id}"]`)).not.toBeNull();
  });

  it('says when nothing matches', async () => {
    await render();
    await search('personne');
    expect(text(q('subject-status'))).toContain('Aucune fiche');
    expect(q('subject-results')).toBeNull();
  });

  it('refuses to export before a record is ticked, then exports the ticked ones and saves a JSON file', async () => {
    await render();
    await search('yasmine', [
      record({}),
      record({ personId: 'p2', caseReference: '2026-0011' }),
      record({ personId: 'p3', caseReference: '2026-0012' }),
    ]);
    q('subject-download').click();
    await stable();
    controller.expectNone('/api/subject-access/export');
    expect(text(q('error-summary'))).toContain('Cochez au moins une fiche');
    expect(el.querySelector('.error-summary a')?.getAttribute('href')).toBe('#subject-record-first');

    for (const id of ['p1', 'p3']) {
      const box = q<HTMLInputElement>(`subject-record-${id}`);
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    }
    await stable();
    expect(text(q('subject-selected'))).toBe('2 fiche(s) cochée(s).');
    q('subject-download').click();
    await stable();
    const req = controller.expectOne('/api/subject-access/export');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ personIds: ['p1', 'p3'] });
    req.flush({ format: 'sanad.subject-access/1', generatedAt: '2026-11-22T10:00:00.000Z', names: ['Yasmine El Amrani'], cases: [] });
    await stable();
    expect(names).toEqual(['sanad-acces-2026-11-22.json']);
    expect(blobs.length).toBe(1);
    expect(JSON.parse(await blobs[0].text())).toEqual(jasmine.objectContaining({ format: 'sanad.subject-access/1' }));
    expect(text(q('subject-status'))).toContain('sanad-acces-2026-11-22.json');
    expect(q('error-summary')).toBeNull();
  });

  it('downloads the PDF in the language of the page, named as the server says', async () => {
    await render('ar');
    await search('yasmine', [record({})]);
    const box = q<HTMLInputElement>('subject-record-p1');
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    q('subject-download-pdf').click();
    await stable();
    const req = controller.expectOne('/api/subject-access/export.pdf');
    expect(req.request.body).toEqual({ personIds: ['p1'], lang: 'ar' });
    req.flush(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), {
      headers: { 'Content-Disposition': 'attachment; filename="sanad-acces-2026-11-22-ar.pdf"' },
    });
    await stable();
    expect(names).toEqual(['sanad-acces-2026-11-22-ar.pdf']);
    expect(text(q('subject-status'))).toContain('sanad-acces-2026-11-22-ar.pdf');
  });

  it('shows the API message of a refused PDF (the error comes as a Blob)', async () => {
    await render();
    await search('yasmine', [record({})]);
    const box = q<HTMLInputElement>('subject-record-p1');
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    q('subject-download-pdf').click();
    await stable();
    controller
      .expectOne('/api/subject-access/export.pdf')
      .flush(new Blob([JSON.stringify({ statusCode: 404, code: 'SUBJECT_ACCESS_RECORD_NOT_FOUND', message: 'Fiche introuvable.' })]), {
        status: 404,
        statusText: 'Not Found',
      });
    await stable();
    await settle(20);
    await stable();
    expect(text(q('error-summary'))).toContain('Fiche introuvable.');
  });

  it('shows the API message when the export is refused', async () => {
    await render();
    await search('yasmine', [record({})]);
    const box = q<HTMLInputElement>('subject-record-p1');
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    q('subject-download').click();
    await stable();
    controller
      .expectOne('/api/subject-access/export')
      .flush(
        { statusCode: 404, code: 'SUBJECT_ACCESS_RECORD_NOT_FOUND', message: 'Une des fiches choisies est introuvable.' },
        { status: 404, statusText: 'Not Found' },
      );
    await stable();
    expect(text(q('error-summary'))).toContain('Une des fiches choisies est introuvable.');
  });

  it('is in Arabic with case references and codes kept left to right', async () => {
    await render('ar');
    expect(text(el.querySelector('h1'))).toContain('القانون 09-08');
    await search('ياسمين', [record({ displayName: 'ياسمين العمراني' })]);
    expect(text(q('subject-record'))).toContain('ياسمين العمراني');
    expect(q('subject-record').querySelector('bdi')?.getAttribute('dir')).toBe('ltr');
  });
});
