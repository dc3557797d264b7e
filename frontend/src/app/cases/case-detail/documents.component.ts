import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { LanguageService } from '../../core/language.service';
import { ErrorItem } from '../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../shared/field-error.component';
import { CaseDocument, DOCUMENT_LANGS, DocumentLang, DocumentsApi, fileNameOf } from './documents-api';

export const DOCUMENT_PASSWORD_MIN = 8;
export const DOCUMENT_PASSWORD_MAX = 128;

type ListState = { status: 'loading' } | { status: 'loaded'; documents: CaseDocument[] } | { status: 'error' };

/** Reason codes the app has a sentence for; others show a generic one. */
const KNOWN_REASONS = new Set([
  'intake_not_recorded',
  'not_triaged',
  'no_target_interview',
  'no_interviews',
  'no_evidence',
  'no_protection_plan',
  'no_platform_report',
  'family_not_contacted',
  'no_escalation',
  'no_council',
  'no_follow_up',
  'not_closed',
]);

/** Reads the JSON error body of a failed blob request. */
async function errorCodeOf(error: unknown): Promise<{ status: number; code: string | null; message: string | null }> {
  if (!(error instanceof HttpErrorResponse)) return { status: -1, code: null, message: null };
  if (error.status === 0) return { status: 0, code: 'NETWORK', message: null };
  try {
    const body: unknown = error.error instanceof Blob ? JSON.parse(await error.error.text()) : error.error;
    const b = (body ?? {}) as { code?: unknown; message?: unknown; details?: { message?: unknown }[] };
    const detail = Array.isArray(b.details) ? b.details.find((d) => typeof d.message === 'string')?.message : undefined;
    return {
      status: error.status,
      code: typeof b.code === 'string' ? b.code : null,
      message: typeof detail === 'string' ? detail : typeof b.message === 'string' ? b.message : null,
    };
  } catch {
    return { status: error.status, code: null, message: null };
  }
}

/**
 * "Documents" on the case page: the official documents of the case (D1–D12, the full file, the academy report),
 * in French, Arabic, English or both French and Arabic, optionally protected by a password for files that leave
 * the school. Documents that do not apply yet are listed, greyed, with the reason.
 */
@Component({
  selector: 'app-case-documents',
  imports: [TranslocoPipe, FieldErrorComponent],
  templateUrl: './documents.component.html',
  styleUrl: './documents.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseDocumentsComponent {
  private readonly api = inject(DocumentsApi);
  protected readonly language = inject(LanguageService);

  readonly caseId = input.required<string>();
  /** changes when the case changes (a step recorded): the list is fetched again */
  readonly version = input<number>(0);

  protected readonly langs = DOCUMENT_LANGS;
  protected readonly list = signal<ListState>({ status: 'loading' });
  /** null: follow the interface language */
  private readonly chosenLang = signal<DocumentLang | null>(null);
  protected readonly docLang = computed<DocumentLang>(() => this.chosenLang() ?? this.language.lang());
  protected readonly protect = signal(false);
  protected readonly password = signal('');
  protected readonly passwordError = signal<string | null>(null);
  protected readonly passwordErrorItem = computed<ErrorItem | undefined>(() => {
    const key = this.passwordError();
    return key ? { fieldId: 'document-password', key, params: { min: DOCUMENT_PASSWORD_MIN, max: DOCUMENT_PASSWORD_MAX } } : undefined;
  });
  protected readonly busy = signal<string | null>(null);
  /** announced (aria-live): downloading, downloaded, failed */
  protected readonly status = signal<{ key: string; params?: Record<string, string | number>; error?: boolean; text?: string } | null>(
    null,
  );
  protected readonly passwordMin = DOCUMENT_PASSWORD_MIN;

  constructor() {
    effect(() => {
      const id = this.caseId();
      this.version();
      this.load(id);
    });
  }

  protected title(doc: CaseDocument): string {
    return doc.title[this.language.lang()];
  }

  protected reasonKey(doc: CaseDocument): string {
    return doc.reason && KNOWN_REASONS.has(doc.reason) ? `documents.reasons.${doc.reason}` : 'documents.reasons.other';
  }

  protected setLang(value: string): void {
    if ((DOCUMENT_LANGS as readonly string[]).includes(value)) this.chosenLang.set(value as DocumentLang);
  }

  protected load(id = this.caseId()): void {
    this.list.set({ status: 'loading' });
    this.api.list(id).subscribe({
      next: (documents) => this.list.set({ status: 'loaded', documents }),
      error: () => this.list.set({ status: 'error' }),
    });
  }

  protected async download(doc: CaseDocument): Promise<void> {
    if (this.busy() || !doc.available) return;
    const password = this.protect() ? this.password() : '';
    if (this.protect() && (password.length < DOCUMENT_PASSWORD_MIN || password.length > DOCUMENT_PASSWORD_MAX)) {
      this.passwordError.set('documents.passwordLength');
      this.status.set({ key: 'documents.passwordLength', params: { min: DOCUMENT_PASSWORD_MIN, max: DOCUMENT_PASSWORD_MAX }, error: true });
      document.getElementById('document-password')?.focus();
      return;
    }
    this.passwordError.set(null);
    const title = this.title(doc);
    this.busy.set(doc.template);
    this.status.set({ key: 'documents.preparing', params: { title } });
    try {
      const lang = this.docLang();
      const res = await firstValueFrom(this.api.download(this.caseId(), doc.template, lang, password || undefined));
      const name = fileNameOf(res.headers.get('Content-Disposition'), `${doc.template}-${lang}.pdf`);
      save(res.body ?? new Blob([], { type: 'application/pdf' }), name);
      this.status.set({ key: password ? 'documents.downloadedProtected' : 'documents.downloaded', params: { title, file: name } });
    } catch (error) {
      const e = await errorCodeOf(error);
      if (e.status === 401) return; // the interceptor sends the person to sign in
      if (e.code === 'NETWORK') this.status.set({ key: 'errors.NETWORK', error: true });
      else if (e.message) this.status.set({ key: '', text: e.message, error: true });
      else this.status.set({ key: 'documents.failed', error: true });
    } finally {
      this.busy.set(null);
    }
  }
}

/** Saves a blob under a file name (a temporary link, clicked and removed). */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
