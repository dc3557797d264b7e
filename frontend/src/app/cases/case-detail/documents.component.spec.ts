import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../../core/api.interceptor';
import { LanguageService } from '../../core/language.service';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { CaseDocument, fileNameOf } from './documents-api';
import { CaseDocumentsComponent } from './documents.component';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const DOCS: CaseDocument[] = [
  {
    template: 'report-form',
    code: 'D1',
    title: { fr: 'Fiche de signalement', ar: 'بطاقة التبليغ', en: 'Report form' },
    available: true,
    reason: null,
    leavesSchool: false,
  },
  {
    template: 'authority-transmission',
    code: 'D9',
    title: { fr: 'Fiche de transmission aux autorités', ar: 'بطاقة الإحالة على السلطات', en: 'Referral to the authorities' },
    available: false,
    reason: 'no_escalation',
    leavesSchool: true,
  },
  {
    template: 'case-file',
    code: null,
    title: { fr: 'Dossier complet', ar: 'الملف الكامل', en: 'Full case file' },
    available: true,
    reason: null,
    leavesSchool: false,
  },
];

describe('CaseDocumentsComponent', () => {
  let fixture: ComponentFixture<CaseDocumentsComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let saved: { name: string; blob: Blob } | null;

  const q = <T extends Element = HTMLElement>(testId: string): T => el.querySelector<T>(`[data-testid="${testId}"]`)!;
  const text = (testId: string) => q(testId).textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(lang: 'fr' | 'ar' | 'en' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(CaseDocumentsComponent);
    fixture.componentRef.setInput('caseId', 'c1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1/documents').flush(DOCS);
    await settle();
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q(testId).click();
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
    saved = null;
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      saved = { name: this.download, blob: new Blob() };
    });
  });

  afterEach(() => {
    controller.verify();
    el?.remove();
  });

  it('lists the documents with their titles, the unavailable ones greyed with the reason', async () => {
    await render();
    expect(text('document-report-form')).toContain('D1');
    expect(text('document-report-form')).toContain('Fiche de signalement');
    const d9 = q('document-authority-transmission');
    expect(d9.classList).toContain('document--unavailable');
    expect(text('document-authority-transmission')).toContain('Disponible seulement si le dossier est transmis à une autorité.');
    const button = q<HTMLButtonElement>('download-authority-transmission');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.getAttribute('aria-describedby')).toBe('document-reason-authority-transmission');
    await click('download-authority-transmission');
    controller.expectNone(() => true);
  });

  it('shows titles in Arabic and chooses the interface language by default', async () => {
    await render('ar');
    expect(text('document-report-form')).toContain('بطاقة التبليغ');
    expect(q<HTMLInputElement>('document-lang-ar').checked).toBeTrue();
    expect(q('documents-list').textContent).toContain('متاحة فقط إذا أُحيل الملف على سلطة');
  });

  it('downloads a document in the chosen language and saves it under the server’s file name', async () => {
    await render();
    expect(q<HTMLInputElement>('document-lang-fr').checked).toBeTrue();
    q<HTMLInputElement>('document-lang-fr+ar').click();
    await settle();
    await click('download-case-file');
    expect(text('documents-status')).toContain('Préparation du document « Dossier complet »');
    const req = controller.expectOne('/api/cases/c1/documents/case-file');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ lang: 'fr+ar' });
    expect(req.request.responseType).toBe('blob');
    req.flush(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), {
      headers: { 'Content-Disposition': 'attachment; filename="2026-0001-case-file-fr+ar.pdf"' },
    });
    await settle();
    await fixture.whenStable();
    expect(saved?.name).toBe('2026-0001-case-file-fr+ar.pdf');
    expect(text('documents-status')).toBe('Document « Dossier complet » téléchargé (2026-0001-case-file-fr+ar.pdf).');
    expect(q('documents-status').getAttribute('aria-live')).toBe('polite');
  });

  it('asks for a password of 8 characters at least before a protected download, then sends it in the body', async () => {
    await render();
    await click('document-protect');
    const password = q<HTMLInputElement>('document-password');
    expect(password.type).toBe('password');
    password.value = 'court';
    password.dispatchEvent(new Event('input'));
    await click('download-report-form');
    controller.expectNone('/api/cases/c1/documents/report-form');
    expect(text('documents-status')).toBe('Saisissez un mot de passe de 8 à 128 caractères.');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(password);

    password.value = 'atlas-cedre-42';
    password.dispatchEvent(new Event('input'));
    await click('download-report-form');
    const req = controller.expectOne('/api/cases/c1/documents/report-form');
    expect(req.request.body).toEqual({ lang: 'fr', password: 'atlas-cedre-42' });
    req.flush(new Blob(['%PDF']), { headers: { 'Content-Disposition': 'attachment; filename="2026-0001-report-form-fr.pdf"' } });
    await settle();
    await fixture.whenStable();
    expect(text('documents-status')).toContain('protégé par mot de passe');
  });

  it('announces the server’s message when the document cannot be produced', async () => {
    await render();
    await click('download-report-form');
    const body = { statusCode: 500, code: 'DOCUMENT_RENDER_FAILED', message: 'Le document n’a pas pu être produit.' };
    controller
      .expectOne('/api/cases/c1/documents/report-form')
      .flush(new Blob([JSON.stringify(body)], { type: 'application/json' }), { status: 500, statusText: 'Error' });
    await settle();
    await new Promise((r) => setTimeout(r, 20));
    await fixture.whenStable();
    expect(text('documents-status')).toBe('Le document n’a pas pu être produit.');
    expect(q('documents-status').classList).toContain('documents__status--error');
    expect(saved).toBeNull();
  });

  it('reads the file name from Content-Disposition', () => {
    expect(fileNameOf('attachment; filename="2026-0001-d1-ar.pdf"', 'x.pdf')).toBe('2026-0001-d1-ar.pdf');
    expect(fileNameOf(null, 'x.pdf')).toBe('x.pdf');
  });
});
