import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../../../core/api.interceptor';
import { AuthService } from '../../../core/auth.service';
import { LanguageService } from '../../../core/language.service';
import { Role } from '../../../core/user';
import { provideTestTransloco, settle, signInAs } from '../../../../testing/testing';
import { EvidenceItem, EvidenceList } from './evidence-api';
import { CaseEvidenceComponent } from './evidence.component';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const ORIGINAL = 'a'.repeat(64);
const STORED = 'b'.repeat(64);
const BASE = { note: null, stepId: null, capturedAt: null, capturedOn: null, file: null, link: null, description: null, deleted: null };

const FILE_ITEM: EvidenceItem = {
  ...BASE,
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'file',
  title: 'Capture du message',
  capturedOn: 'téléphone de la mère',
  createdBy: { id: 'u1', displayName: 'Amina Benali' },
  createdAt: '2026-11-12T18:40:00.000Z',
  file: {
    mediaType: 'image/png',
    fileName: 'capture.png',
    sizeBytes: 245_760,
    storedSizeBytes: 240_000,
    originalSha256: ORIGINAL,
    storedSha256: STORED,
    metadataStripped: true,
  },
};
const LINK_ITEM: EvidenceItem = {
  ...BASE,
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'link',
  title: 'Compte anonyme',
  createdBy: { id: 'u1', displayName: 'Amina Benali' },
  createdAt: '2026-11-12T19:00:00.000Z',
  link: {
    url: 'https://www.instagram.com/p/abc',
    platform: 'INSTAGRAM',
    accountHandle: '@anonyme_2026',
    accountName: null,
    seenBy: 'la victime',
  },
};
const DESCRIPTION_ITEM: EvidenceItem = {
  ...BASE,
  id: '33333333-3333-4333-8333-333333333333',
  kind: 'description',
  title: 'Message vocal',
  createdBy: { id: 'u2', displayName: 'Karim Alaoui' },
  createdAt: '2026-11-13T08:00:00.000Z',
  description: 'Message vocal de menaces reçu le 12 au soir, 40 secondes.',
};
const DELETED_ITEM: EvidenceItem = {
  ...FILE_ITEM,
  id: '44444444-4444-4444-8444-444444444444',
  title: 'Doublon',
  deleted: { at: '2026-11-14T10:00:00.000Z', by: { id: 'p1', displayName: 'Nadia Principal' }, reason: 'Doublon de la capture 1' },
};

const list = (items: EvidenceItem[], filesAllowed = true): EvidenceList => ({
  items,
  filesAllowed,
  maxFileBytes: 10 * 1024 * 1024,
  usedBytes: 240_000,
  maxCaseBytes: 100 * 1024 * 1024,
  acceptedTypes: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain'],
});

describe('CaseEvidenceComponent', () => {
  let fixture: ComponentFixture<CaseEvidenceComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string, root: ParentNode = el): T | null =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const items = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="evidence-item"]'));

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function render(answer: EvidenceList, role: Role = 'team_member', lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    await signInAs(TestBed.inject(AuthService), controller, role);
    fixture = TestBed.createComponent(CaseEvidenceComponent);
    fixture.componentRef.setInput('caseId', 'c1');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/cases/c1/evidence').flush(answer);
    await stable();
  }

  async function click(node: HTMLElement | null): Promise<void> {
    node!.click();
    await stable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement | HTMLTextAreaElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await stable();
  }

  async function pickFile(file: File): Promise<void> {
    const input = q<HTMLInputElement>('evidence-file')!;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await stable();
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
    controller.verify();
    el?.remove();
  });

  it('lists each kind: a file with both hashes in LTR blocks, a link as text with a warning, a description, a deleted item greyed', async () => {
    await render(list([FILE_ITEM, LINK_ITEM, DESCRIPTION_ITEM, DELETED_ITEM]));
    const [file, link, description, deleted] = items();
    expect(items().map((i) => i.dataset['kind'])).toEqual(['file', 'link', 'description', 'file']);

    expect(text(file)).toContain('Capture du message');
    expect(text(file)).toContain('Fichier');
    expect(text(file)).toContain('Ajoutée par Amina Benali');
    expect(text(q('evidence-media-type', file))).toBe('image/png');
    expect(text(file)).toContain('240 Ko');
    const original = q('hash-original', file)!;
    expect(original.textContent?.trim()).toBe(ORIGINAL);
    expect(original.getAttribute('dir')).toBe('ltr');
    expect(original.tagName).toBe('CODE');
    expect(q('hash-stored', file)!.textContent?.trim()).toBe(STORED);
    expect(text(q('evidence-stripped', file))).toContain('Métadonnées supprimées');
    expect(q('evidence-download', file)).not.toBeNull();

    expect(text(link)).toContain('Instagram');
    expect(text(link)).toContain('@anonyme_2026');
    expect(text(q('evidence-url-text', link))).toBe('https://www.instagram.com/p/abc');
    expect(link.querySelector('a')).toBeNull();
    expect(text(link)).toContain("Ne l'ouvrez pas depuis Sanad");

    expect(text(q('evidence-description-text', description))).toBe('Message vocal de menaces reçu le 12 au soir, 40 secondes.');

    expect(deleted.classList).toContain('ev-item--deleted');
    expect(text(q('evidence-deleted', deleted))).toContain('Nadia Principal');
    expect(text(q('evidence-deleted', deleted))).toContain('Doublon de la capture 1');
    expect(q('evidence-download', deleted)).toBeNull();
  });

  it('replaces the file option with the "description only" explanation for sexual content of a minor', async () => {
    await render(list([], false));
    expect(text(q('evidence-description-only'))).toContain('aucun fichier, aucune copie');
    expect(text(q('evidence-description-only'))).toContain("suivez l'étape d'urgence");
    await click(q('evidence-add-open'));
    expect(q('evidence-kind-file')).toBeNull();
    expect(q('evidence-kind-description')).not.toBeNull();
    expect(q('evidence-kind-link')).not.toBeNull();
    expect(el.querySelector('fieldset legend')?.textContent?.trim()).toBe('Que voulez-vous ajouter ?');
  });

  it('uploads a screenshot as multipart form data with the fields, shows progress, then the new item and a message', async () => {
    await render(list([]));
    expect(text(q('evidence-empty'))).toBe("Aucune preuve pour l'instant.");
    await click(q('evidence-add-open'));
    await click(q('evidence-kind-file'));
    const input = q<HTMLInputElement>('evidence-file')!;
    expect(input.accept).toBe('image/png,image/jpeg,image/webp,application/pdf,text/plain');
    expect(text(q('evidence-file-hint'))).toContain('10 Mo au plus');
    await pickFile(new File([new Uint8Array([137, 80, 78, 71])], 'capture écran.png', { type: 'image/png' }));
    await type('evidence-title', 'Capture du message');
    await type('evidence-captured-at', '2026-11-12T18:40');
    await type('evidence-captured-on', 'téléphone de la mère');
    await click(q('evidence-submit'));

    const req = controller.expectOne('/api/cases/c1/evidence/files');
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    const body = req.request.body as FormData;
    expect(body instanceof FormData).toBeTrue();
    expect((body.get('file') as File).name).toBe('capture écran.png');
    expect(body.get('title')).toBe('Capture du message');
    expect(body.get('capturedOn')).toBe('téléphone de la mère');
    expect(body.get('capturedAt')).toBe(new Date('2026-11-12T18:40').toISOString());
    expect(body.has('note')).toBeFalse();
    expect(text(q('evidence-status'))).toBe('Envoi du fichier en cours…');
    expect(q('evidence-progress')).not.toBeNull();

    req.flush(FILE_ITEM, { status: 201, statusText: 'Created' });
    await stable();
    expect(items().length).toBe(1);
    expect(q('hash-stored')!.textContent?.trim()).toBe(STORED);
    expect(text(q('evidence-status'))).toBe('Preuve « Capture du message » ajoutée.');
    expect(q('evidence-status')!.getAttribute('aria-live')).toBe('polite');
    expect(q('evidence-form')).toBeNull();
  });

  it('checks the size limit before uploading', async () => {
    await render({ ...list([]), maxFileBytes: 1024 });
    await click(q('evidence-add-open'));
    await click(q('evidence-kind-file'));
    await pickFile(new File([new Uint8Array(2048)], 'gros.png', { type: 'image/png' }));
    await type('evidence-title', 'Trop gros');
    await click(q('evidence-submit'));
    controller.expectNone('/api/cases/c1/evidence/files');
    expect(text(q('error-summary'))).toContain('la limite est 1 Ko');
    expect(q('evidence-file')!.getAttribute('aria-invalid')).toBe('true');
    expect(q('evidence-file')!.getAttribute('aria-describedby')).toBe('ev-file-hint ev-file-error');
  });

  it('shows the API’s translated message when a file is refused (415), on the file field and in the summary', async () => {
    await render(list([]));
    await click(q('evidence-add-open'));
    await click(q('evidence-kind-file'));
    await pickFile(new File(['%PDF'], 'capture.png', { type: 'image/png' }));
    await type('evidence-title', 'Capture');
    await click(q('evidence-submit'));
    const message = 'L’extension du fichier ne correspond pas à son contenu. Renommez-le ou exportez-le à nouveau.';
    controller
      .expectOne('/api/cases/c1/evidence/files')
      .flush({ statusCode: 415, code: 'EVIDENCE_TYPE_MISMATCH', message }, { status: 415, statusText: 'Unsupported Media Type' });
    await stable();
    expect(text(q('error-summary'))).toContain(message);
    expect(el.querySelector('#ev-file-error')?.textContent).toContain(message);
    expect(text(q('evidence-status'))).toBe(message);
    expect(items().length).toBe(0);
  });

  it('adds a link record and puts field errors of the API on their field', async () => {
    await render(list([]));
    await click(q('evidence-add-open'));
    await click(q('evidence-kind-link'));
    await type('evidence-url', 'https://www.instagram.com/p/abc');
    const select = q<HTMLSelectElement>('evidence-platform')!;
    expect(select.options.length).toBe(12);
    select.value = 'INSTAGRAM';
    select.dispatchEvent(new Event('change'));
    await type('evidence-account-handle', '@anonyme_2026');
    await type('evidence-title', 'Compte anonyme');
    await click(q('evidence-submit'));
    const req = controller.expectOne('/api/cases/c1/evidence/links');
    expect(req.request.body).toEqual({
      title: 'Compte anonyme',
      url: 'https://www.instagram.com/p/abc',
      platform: 'INSTAGRAM',
      accountHandle: '@anonyme_2026',
    });
    req.flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Vérifiez les champs',
        details: [{ field: 'title', code: 'evidence.title.invalid', message: 'Saisissez un titre (200 caractères au plus).' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(el.querySelector('#ev-title-error')?.textContent).toContain('Saisissez un titre (200 caractères au plus).');
    expect(q('evidence-title')!.getAttribute('aria-invalid')).toBe('true');

    await click(q('evidence-submit'));
    controller.expectOne('/api/cases/c1/evidence/links').flush(LINK_ITEM, { status: 201, statusText: 'Created' });
    await stable();
    expect(text(q('evidence-url-text'))).toBe('https://www.instagram.com/p/abc');
  });

  it('asks for a description of 20 characters at least before sending one', async () => {
    await render(list([], false));
    await click(q('evidence-add-open'));
    await click(q('evidence-kind-description'));
    await type('evidence-description', 'trop court');
    await type('evidence-title', 'Photo');
    await click(q('evidence-submit'));
    controller.expectNone('/api/cases/c1/evidence/descriptions');
    expect(el.querySelector('#ev-description-error')?.textContent).toContain('Décrivez le contenu en 20 à 4000 caractères');
    await type('evidence-description', DESCRIPTION_ITEM.description!);
    await click(q('evidence-submit'));
    const req = controller.expectOne('/api/cases/c1/evidence/descriptions');
    expect(req.request.body).toEqual({ title: 'Photo', description: DESCRIPTION_ITEM.description });
    req.flush(DESCRIPTION_ITEM, { status: 201, statusText: 'Created' });
    await stable();
    expect(items().length).toBe(1);
  });

  it('shows the chain of custody and records a transmission with its reference', async () => {
    await render(list([FILE_ITEM]));
    await click(q('evidence-toggle'));
    expect(q('evidence-toggle')!.getAttribute('aria-expanded')).toBe('true');
    const custody = [
      {
        seq: 1,
        at: '2026-11-12T18:41:00.000Z',
        action: 'captured',
        actor: { id: 'u1', role: 'team_member', displayName: 'Amina Benali' },
        details: {},
      },
      {
        seq: 2,
        at: '2026-11-12T18:45:00.000Z',
        action: 'downloaded',
        actor: { id: 'u1', role: 'team_member', displayName: 'Amina Benali' },
        details: {},
      },
      {
        seq: 3,
        at: '2026-11-13T09:00:00.000Z',
        action: 'viewed',
        actor: { id: 'u2', role: 'principal', displayName: 'Nadia Principal' },
        details: {},
      },
    ];
    controller.expectOne(`/api/cases/c1/evidence/${FILE_ITEM.id}`).flush({ ...FILE_ITEM, custody });
    await stable();
    const events = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="custody-event"]'));
    expect(events.map((e) => e.dataset['action'])).toEqual(['captured', 'downloaded', 'viewed']);
    expect(text(events[0])).toContain('Ajoutée');
    expect(text(events[0])).toContain('par Amina Benali');
    expect(text(events[2])).toContain('Nadia Principal');
    expect(events[0].querySelector('time')?.getAttribute('datetime')).toBe('2026-11-12T18:41:00.000Z');
    // team members record transmissions but never delete
    expect(q('evidence-delete-open')).toBeNull();

    await click(q('evidence-transmit'));
    controller.expectNone(`/api/cases/c1/evidence/${FILE_ITEM.id}/transmissions`);
    expect(text(q('evidence-status'))).toBe('Choisissez le destinataire');
    const select = q<HTMLSelectElement>('evidence-recipient')!;
    select.value = 'police';
    select.dispatchEvent(new Event('change'));
    await type('evidence-reference', 'PV 2026/1142');
    await click(q('evidence-transmit'));
    const req = controller.expectOne(`/api/cases/c1/evidence/${FILE_ITEM.id}/transmissions`);
    expect(req.request.body).toEqual({ recipient: 'police', reference: 'PV 2026/1142' });
    const transmitted = {
      seq: 4,
      at: '2026-11-13T10:00:00.000Z',
      action: 'transmitted',
      actor: { id: 'u1', role: 'team_member', displayName: 'Amina Benali' },
      details: { recipient: 'police', reference: 'PV 2026/1142' },
    };
    req.flush({ ...FILE_ITEM, custody: [...custody, transmitted] });
    await stable();
    const last = el.querySelectorAll<HTMLElement>('[data-testid="custody-event"]')[3];
    expect(text(last)).toContain('Transmise – Police (référence PV 2026/1142)');
    expect(text(q('evidence-status'))).toBe('Transmission de « Capture du message » enregistrée.');
  });

  it('lets only the principal delete, with a reason of 10 characters and a confirmation; the record and hashes stay', async () => {
    await render(list([FILE_ITEM]), 'principal');
    await click(q('evidence-toggle'));
    controller.expectOne(`/api/cases/c1/evidence/${FILE_ITEM.id}`).flush({ ...FILE_ITEM, custody: [] });
    await stable();
    await click(q('evidence-delete-open'));
    const reason = q<HTMLTextAreaElement>('evidence-delete-reason')!;
    expect(document.activeElement).toBe(reason);
    await type('evidence-delete-reason', 'court');
    await click(q('evidence-delete-submit'));
    expect(el.querySelector(`#ev-${FILE_ITEM.id}-reason-error`)?.textContent).toContain('Saisissez un motif de 10 à 1000 caractères');
    expect(reason.getAttribute('aria-invalid')).toBe('true');

    await type('evidence-delete-reason', 'Doublon de la capture 1');
    await click(q('evidence-delete-submit'));
    controller.expectNone(`/api/cases/c1/evidence/${FILE_ITEM.id}`);
    expect(text(q('evidence-delete-confirm'))).toContain('Le contenu sera effacé définitivement');
    expect(text(q('evidence-delete-confirm'))).toContain('empreintes SHA-256');
    await click(q('evidence-delete-submit'));

    const req = controller.expectOne((r) => r.method === 'DELETE' && r.url === `/api/cases/c1/evidence/${FILE_ITEM.id}`);
    expect(req.request.body).toEqual({ reason: 'Doublon de la capture 1' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    const deleted = { ...FILE_ITEM, deleted: DELETED_ITEM.deleted };
    controller.expectOne(`/api/cases/c1/evidence/${FILE_ITEM.id}`).flush({
      ...deleted,
      custody: [
        {
          seq: 2,
          at: '2026-11-14T10:00:00.000Z',
          action: 'deleted',
          actor: { id: 'p1', role: 'principal', displayName: 'Nadia Principal' },
          details: {},
        },
      ],
    });
    await stable();
    expect(items()[0].classList).toContain('ev-item--deleted');
    expect(q('hash-original')!.textContent?.trim()).toBe(ORIGINAL);
    expect(q('evidence-download')).toBeNull();
    expect(text(q('evidence-status'))).toContain('Contenu de « Capture du message » supprimé');
  });

  it('downloads the stored copy under the server’s file name, never opening it', async () => {
    let saved: string | null = null;
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      saved = this.download;
    });
    const open = spyOn(window, 'open');
    await render(list([FILE_ITEM]));
    await click(q('evidence-download'));
    const req = controller.expectOne(`/api/cases/c1/evidence/${FILE_ITEM.id}/content`);
    expect(req.request.responseType).toBe('blob');
    req.flush(new Blob(['png'], { type: 'image/png' }), {
      headers: { 'Content-Disposition': `attachment; filename="preuve-bbbbbbbbbbbb.png"; filename*=UTF-8''capture.png` },
    });
    await stable();
    expect(saved as string | null).toBe('preuve-bbbbbbbbbbbb.png');
    expect(open).not.toHaveBeenCalled();
    expect(text(q('evidence-status'))).toBe('« Capture du message » téléchargé (preuve-bbbbbbbbbbbb.png).');
  });

  it('keeps hashes and addresses left-to-right in Arabic', async () => {
    await render(list([FILE_ITEM, LINK_ITEM]), 'team_member', 'ar');
    expect(text(el.querySelector('h2'))).toBe('الإثباتات');
    expect(q('hash-stored')!.getAttribute('dir')).toBe('ltr');
    expect(q('evidence-url-text')!.getAttribute('dir')).toBe('ltr');
    expect(text(items()[0])).toContain('بصمة SHA-256 للنسخة المحفوظة');
  });
});
