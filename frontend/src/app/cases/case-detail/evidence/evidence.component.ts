import { HttpEventType } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { PLATFORMS } from '@sanad/protocols';
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import { AuthService } from '../../../core/auth.service';
import { LanguageService } from '../../../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../../shared/field-error.component';
import { ACCEPTED_TYPES, CaptureFields, EvidenceApi, EvidenceItem, EvidenceKind, EvidenceList, sizeParts } from './evidence-api';
import { EvidenceItemComponent, EvidenceStatus } from './evidence-item.component';

type ListState = { status: 'loading' } | { status: 'loaded'; list: EvidenceList } | { status: 'error' };

/** Limits of the API (backend/src/evidence/dto.ts), checked before sending. */
export const TITLE_MAX = 200;
export const NOTE_MAX = 4000;
export const SHORT_MAX = 200;
export const URL_MAX = 2000;
export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 4000;

/** The form's fields; the ids of their inputs are `ev-<name>`. */
export interface EvidenceForm {
  kind: EvidenceKind | null;
  title: string;
  capturedAt: string;
  capturedOn: string;
  note: string;
  url: string;
  platform: string;
  accountHandle: string;
  accountName: string;
  seenBy: string;
  description: string;
}

const EMPTY_FORM: EvidenceForm = {
  kind: null,
  title: '',
  capturedAt: '',
  capturedOn: '',
  note: '',
  url: '',
  platform: '',
  accountHandle: '',
  accountName: '',
  seenBy: '',
  description: '',
};

/** Fields the API may name in a 400 `details`. */
const API_FIELDS = new Set([
  'title',
  'note',
  'capturedAt',
  'capturedOn',
  'url',
  'platform',
  'accountHandle',
  'accountName',
  'seenBy',
  'description',
]);

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * "Preuves" on the case page (issue #7): the evidence items of the case (files with their SHA-256 hashes, link
 * records, written descriptions), the form to add one (a file — screenshots or a photo on a phone —, a link or a
 * description only; no file at all when the case involves sexual content of a minor), and for each item its chain
 * of custody, the download, transmissions and the principal's deletion (EvidenceItemComponent).
 */
@Component({
  selector: 'app-case-evidence',
  imports: [TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, EvidenceItemComponent],
  templateUrl: './evidence.component.html',
  styleUrl: './evidence.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseEvidenceComponent {
  private readonly api = inject(EvidenceApi);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);
  protected readonly language = inject(LanguageService);

  readonly caseId = input.required<string>();
  /** changes when the case changes (a step recorded): the list is fetched again */
  readonly version = input<number>(0);

  protected readonly accept = ACCEPTED_TYPES;
  protected readonly platforms = PLATFORMS;
  protected readonly limits = { TITLE_MAX, NOTE_MAX, SHORT_MAX, URL_MAX, DESCRIPTION_MIN, DESCRIPTION_MAX };

  protected readonly state = signal<ListState>({ status: 'loading' });
  protected readonly list = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.list : null;
  });
  protected readonly filesAllowed = computed(() => this.list()?.filesAllowed ?? true);
  protected readonly canDelete = computed(() => this.auth.currentUser()?.role === 'principal');

  protected readonly formOpen = signal(false);
  protected readonly form = signal<EvidenceForm>({ ...EMPTY_FORM });
  protected readonly file = signal<File | null>(null);
  protected readonly errors = signal<ErrorItem[]>([]);
  protected readonly errorFor = computed(() => new Map(this.errors().map((e) => [e.fieldId, e])));
  protected readonly kindError = computed(() => this.errorFor().get('ev-kind-file') ?? this.errorFor().get('ev-kind-link'));
  protected readonly sending = signal(false);
  /** upload progress in percent, null when not uploading a file */
  protected readonly progress = signal<number | null>(null);
  /** announced (aria-live) */
  protected readonly status = signal<EvidenceStatus | null>(null);

  private readonly formElement = viewChild<ElementRef<HTMLFormElement>>('addForm');
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');

  constructor() {
    effect(() => {
      const id = this.caseId();
      this.version();
      untracked(() => this.load(id));
    });
  }

  protected load(id = this.caseId()): void {
    if (this.state().status !== 'loaded') this.state.set({ status: 'loading' });
    this.api.list(id).subscribe({
      next: (list) => {
        this.state.set({ status: 'loaded', list });
        if (!list.filesAllowed && this.form().kind === 'file') this.set('kind', 'description');
      },
      error: () => this.state.set({ status: 'error' }),
    });
  }

  protected size(bytes: number): { unit: string; n: string } {
    return sizeParts(bytes, this.language.dateLocale());
  }

  protected set<K extends keyof EvidenceForm>(name: K, value: EvidenceForm[K]): void {
    this.form.update((f) => ({ ...f, [name]: value }));
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
  }

  protected described(id: string, hint = false): string | null {
    const ids = [hint ? `${id}-hint` : '', this.errorFor().has(id) ? `${id}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : null;
  }

  protected toggleForm(): void {
    const open = !this.formOpen();
    this.formOpen.set(open);
    if (open) {
      setTimeout(() => this.formElement()?.nativeElement.querySelector<HTMLInputElement>('input[name="evidence-kind"]')?.focus());
    } else {
      this.resetForm();
    }
  }

  protected chooseFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.file.set(file);
    this.errors.update((list) => list.filter((e) => e.fieldId !== 'ev-file'));
    const max = this.list()?.maxFileBytes;
    if (file && max && file.size > max) this.errors.set([this.tooLarge(file.size, max)]);
  }

  private tooLarge(size: number, max: number): ErrorItem {
    const words = (bytes: number) => {
      const s = this.size(bytes);
      return this.transloco.translate<string>(`evidence.units.${s.unit}`, { n: s.n });
    };
    return { fieldId: 'ev-file', key: 'evidence.add.fileTooLarge', params: { size: words(size), max: words(max) } };
  }

  /** Client checks mirroring the API's rules; field ids are `ev-<name>`. */
  private check(f: EvidenceForm): ErrorItem[] {
    const errors: ErrorItem[] = [];
    const add = (field: string, key: string, params?: Record<string, unknown>) => errors.push({ fieldId: `ev-${field}`, key, params });
    if (!f.kind) {
      add('kind-' + (this.filesAllowed() ? 'file' : 'link'), 'evidence.add.kindRequired');
      return errors;
    }
    if (f.kind === 'file') {
      const file = this.file();
      const max = this.list()?.maxFileBytes;
      if (!file) add('file', 'evidence.add.fileRequired');
      else if (max && file.size > max) errors.push(this.tooLarge(file.size, max));
    }
    if (f.kind === 'link') {
      if (!isHttpUrl(f.url.trim()) || f.url.trim().length > URL_MAX) add('url', 'evidence.add.urlInvalid');
      if (!f.platform) add('platform', 'evidence.add.platformRequired');
    }
    if (f.kind === 'description') {
      const d = f.description.trim();
      if (d.length < DESCRIPTION_MIN || f.description.length > DESCRIPTION_MAX) {
        add('description', 'evidence.add.descriptionInvalid', { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX });
      }
    }
    if (!f.title.trim() || f.title.length > TITLE_MAX) add('title', 'evidence.add.titleRequired', { max: TITLE_MAX });
    if (f.capturedAt) {
      const t = new Date(f.capturedAt).getTime();
      if (!Number.isFinite(t) || t > Date.now() + 5 * 60_000) add('capturedAt', 'evidence.add.capturedAtInvalid');
    }
    if (f.capturedOn.length > SHORT_MAX) add('capturedOn', 'evidence.add.tooLong', { max: SHORT_MAX });
    if (f.kind === 'link') {
      for (const name of ['accountHandle', 'accountName', 'seenBy'] as const) {
        if (f[name].length > SHORT_MAX) add(name, 'evidence.add.tooLong', { max: SHORT_MAX });
      }
    }
    if (f.note.length > NOTE_MAX) add('note', 'evidence.add.tooLong', { max: NOTE_MAX });
    return errors;
  }

  protected async submit(): Promise<void> {
    if (this.sending()) return;
    const f = this.form();
    const errors = this.check(f);
    this.errors.set(errors);
    if (errors.length > 0) {
      this.status.set({ key: 'evidence.add.fix', params: { count: errors.length }, error: true });
      return;
    }
    const common: CaptureFields = {
      title: f.title.trim(),
      note: f.note.trim() || undefined,
      capturedAt: f.capturedAt ? new Date(f.capturedAt).toISOString() : undefined,
      capturedOn: f.capturedOn.trim() || undefined,
    };
    const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    this.sending.set(true);
    this.status.set({ key: f.kind === 'file' ? 'evidence.add.uploading' : 'evidence.add.sending' });
    try {
      let item: EvidenceItem;
      if (f.kind === 'file') {
        this.progress.set(0);
        const done = await lastValueFrom(
          this.api.addFile(this.caseId(), this.file()!, clean(common)).pipe(
            tap((event) => {
              if (event.type === HttpEventType.UploadProgress && event.total) {
                this.progress.set(Math.round((100 * event.loaded) / event.total));
              }
            }),
          ),
        );
        if (done.type !== HttpEventType.Response || !done.body) throw new Error('no response');
        item = done.body;
      } else if (f.kind === 'link') {
        item = await firstValueFrom(
          this.api.addLink(
            this.caseId(),
            clean({
              ...common,
              url: f.url.trim(),
              platform: f.platform,
              accountHandle: f.accountHandle.trim() || undefined,
              accountName: f.accountName.trim() || undefined,
              seenBy: f.seenBy.trim() || undefined,
            }),
          ),
        );
      } else {
        item = await firstValueFrom(this.api.addDescription(this.caseId(), clean({ ...common, description: f.description.trim() })));
      }
      this.state.update((s) =>
        s.status === 'loaded'
          ? {
              status: 'loaded',
              list: { ...s.list, items: [...s.list.items, item], usedBytes: s.list.usedBytes + (item.file?.storedSizeBytes ?? 0) },
            }
          : s,
      );
      this.resetForm();
      this.formOpen.set(false);
      this.status.set({ key: 'evidence.add.added', params: { title: item.title } });
    } catch (error) {
      this.showError(error, f.kind);
    } finally {
      this.sending.set(false);
      this.progress.set(null);
    }
  }

  private showError(error: unknown, kind: EvidenceKind | null): void {
    const e = toApiError(error);
    if (e.statusCode === 401) return; // the interceptor sends the person to sign in
    const mainField = kind === 'file' ? 'ev-file' : 'ev-title';
    let errors: ErrorItem[];
    if (e.code === 'NETWORK') errors = [{ fieldId: mainField, key: 'errors.NETWORK' }];
    else if (e.details.length > 0) {
      errors = e.details.map((d) => ({
        fieldId: API_FIELDS.has(d.field) ? `ev-${d.field}` : mainField,
        ...(d.message ? { text: d.message } : { key: 'errors.UNKNOWN' }),
      }));
    } else if (e.message) errors = [{ fieldId: mainField, text: e.message }];
    else errors = [{ fieldId: mainField, key: 'errors.UNKNOWN' }];
    if (e.code === 'EVIDENCE_DESCRIPTION_ONLY') {
      // the case changed meanwhile: no file any more
      this.state.update((s) => (s.status === 'loaded' ? { status: 'loaded', list: { ...s.list, filesAllowed: false } } : s));
    }
    this.errors.set(errors);
    const first = errors[0];
    this.status.set(first.text ? { key: '', text: first.text, error: true } : { key: first.key ?? 'errors.UNKNOWN', error: true });
  }

  private resetForm(): void {
    this.form.set({ ...EMPTY_FORM });
    this.file.set(null);
    this.errors.set([]);
    const input = this.fileInput()?.nativeElement;
    if (input) input.value = '';
  }

  protected replace(item: EvidenceItem): void {
    this.state.update((s) => {
      if (s.status !== 'loaded') return s;
      const before = s.list.items.find((i) => i.id === item.id);
      const freed = before && !before.deleted && item.deleted ? (before.file?.storedSizeBytes ?? 0) : 0;
      const items = s.list.items.map((i) => (i.id === item.id ? { ...item, custody: undefined } : i));
      return { status: 'loaded', list: { ...s.list, items, usedBytes: Math.max(0, s.list.usedBytes - freed) } };
    });
  }
}
