import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import { LanguageService } from '../../../core/language.service';
import { ErrorItem } from '../../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../../shared/field-error.component';
import { LocalDateTimePipe } from '../../../shared/local-date-time.pipe';
import { fileNameOf } from '../documents-api';
import { save } from '../documents.component';
import {
  CUSTODY_ACTIONS,
  CustodyEvent,
  EvidenceApi,
  EvidenceItem,
  RECIPIENTS,
  Recipient,
  isKind,
  readBlobError,
  sizeParts,
} from './evidence-api';

/** A message for the panel's live region: a translation key, or a text the API already wrote in the person's language. */
export interface EvidenceStatus {
  key: string;
  params?: Record<string, unknown>;
  text?: string;
  error?: boolean;
}

export const REASON_MIN = 10;
export const REASON_MAX = 1000;
const REFERENCE = /^[\p{L}\p{N} ._:/#+-]{1,100}$/u;

type DetailState = { status: 'closed' } | { status: 'loading' } | { status: 'loaded'; custody: CustodyEvent[] } | { status: 'error' };

/**
 * One evidence item: what it is (a file with its two SHA-256 hashes, a link record, a description), who added
 * it and when, and — once opened — its chain of custody, the download, "record a transmission" and, for the
 * principal, the deletion with a reason (the content goes, the record and hashes stay).
 */
@Component({
  selector: 'app-evidence-item',
  imports: [TranslocoPipe, LocalDateTimePipe, FieldErrorComponent],
  templateUrl: './evidence-item.component.html',
  styleUrl: './evidence-item.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EvidenceItemComponent {
  private readonly api = inject(EvidenceApi);
  protected readonly language = inject(LanguageService);

  readonly caseId = input.required<string>();
  readonly item = input.required<EvidenceItem>();
  readonly canDelete = input(false);
  /** the item after a transmission or a deletion */
  readonly changed = output<EvidenceItem>();
  readonly announce = output<EvidenceStatus>();

  protected readonly recipients = RECIPIENTS;
  protected readonly reasonMin = REASON_MIN;
  protected readonly reasonMax = REASON_MAX;
  protected readonly detail = signal<DetailState>({ status: 'closed' });
  protected readonly open = computed(() => this.detail().status !== 'closed');
  protected readonly busy = signal<'download' | 'transmit' | 'delete' | null>(null);

  protected readonly recipient = signal<Recipient | ''>('');
  protected readonly reference = signal('');
  protected readonly reason = signal('');
  protected readonly deleting = signal<'closed' | 'reason' | 'confirm'>('closed');
  protected readonly errors = signal<ErrorItem[]>([]);
  protected readonly errorFor = computed(() => new Map(this.errors().map((e) => [e.fieldId, e])));

  protected readonly kindKey = computed(() => {
    const kind = this.item().kind;
    return isKind(kind) ? `evidence.kinds.${kind}` : 'evidence.kinds.unknown';
  });

  /** ids of this item's elements (several items on one page) */
  protected id(part: string): string {
    return `ev-${this.item().id}-${part}`;
  }

  protected size(bytes: number): { unit: string; n: string } {
    return sizeParts(bytes, this.language.dateLocale());
  }

  protected custodyKey(event: CustodyEvent): string {
    return (CUSTODY_ACTIONS as readonly string[]).includes(event.action) ? `evidence.custody.${event.action}` : 'evidence.custody.unknown';
  }

  protected recipientOf(event: CustodyEvent): string | null {
    const r = event.details['recipient'];
    return typeof r === 'string' ? ((RECIPIENTS as readonly string[]).includes(r) ? `evidence.recipients.${r}` : r) : null;
  }

  protected referenceOf(event: CustodyEvent): string | null {
    const r = event.details['reference'];
    return typeof r === 'string' && r ? r : null;
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected toggle(): void {
    if (this.open()) {
      this.detail.set({ status: 'closed' });
      this.deleting.set('closed');
      this.errors.set([]);
    } else this.loadDetail();
  }

  protected loadDetail(): void {
    this.detail.set({ status: 'loading' });
    this.api.get(this.caseId(), this.item().id).subscribe({
      next: (item) => this.showDetail(item),
      error: () => this.detail.set({ status: 'error' }),
    });
  }

  private showDetail(item: EvidenceItem): void {
    this.detail.set({ status: 'loaded', custody: item.custody ?? [] });
    this.changed.emit(item);
  }

  protected async copy(value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.announce.emit({ key: 'evidence.copied' });
    } catch {
      this.announce.emit({ key: 'evidence.copyFailed', error: true });
    }
  }

  protected async download(): Promise<void> {
    const item = this.item();
    if (this.busy() || !item.file || item.deleted) return;
    this.busy.set('download');
    this.announce.emit({ key: 'evidence.downloading', params: { title: item.title } });
    try {
      const res = await firstValueFrom(this.api.content(this.caseId(), item.id));
      const name = fileNameOf(res.headers.get('Content-Disposition'), `preuve-${item.file.storedSha256.slice(0, 12)}`);
      save(res.body ?? new Blob([]), name);
      this.announce.emit({ key: 'evidence.downloaded', params: { title: item.title, file: name } });
      if (this.open()) this.loadDetail();
    } catch (error) {
      this.fail(await readBlobError(error), 'evidence.downloadFailed');
    } finally {
      this.busy.set(null);
    }
  }

  protected async transmit(): Promise<void> {
    if (this.busy()) return;
    const recipient = this.recipient();
    const reference = this.reference().trim();
    const errors: ErrorItem[] = [];
    if (!recipient) errors.push({ fieldId: this.id('recipient'), key: 'evidence.transmit.recipientRequired' });
    if (reference && !REFERENCE.test(reference)) errors.push({ fieldId: this.id('reference'), key: 'evidence.transmit.referenceInvalid' });
    this.errors.set(errors);
    if (errors.length > 0 || !recipient) {
      this.announce.emit({ key: errors[0].key ?? '', error: true });
      document.getElementById(errors[0].fieldId)?.focus();
      return;
    }
    this.busy.set('transmit');
    try {
      const item = await firstValueFrom(this.api.transmit(this.caseId(), this.item().id, recipient, reference || undefined));
      this.showDetail(item);
      this.recipient.set('');
      this.reference.set('');
      this.announce.emit({ key: 'evidence.transmit.done', params: { title: item.title } });
    } catch (error) {
      this.fail(error, 'errors.UNKNOWN', { recipient: this.id('recipient'), reference: this.id('reference') });
    } finally {
      this.busy.set(null);
    }
  }

  protected startDelete(): void {
    this.deleting.set('reason');
    this.errors.set([]);
    setTimeout(() => document.getElementById(this.id('reason'))?.focus());
  }

  protected cancelDelete(): void {
    this.deleting.set('closed');
    this.reason.set('');
    this.errors.set([]);
  }

  /** First the reason is checked, then the person confirms. */
  protected async confirmDelete(): Promise<void> {
    if (this.busy()) return;
    const reason = this.reason().trim();
    if (reason.length < REASON_MIN || this.reason().length > REASON_MAX) {
      this.errors.set([{ fieldId: this.id('reason'), key: 'evidence.delete.reasonInvalid', params: { min: REASON_MIN, max: REASON_MAX } }]);
      this.announce.emit({ key: 'evidence.delete.reasonInvalid', params: { min: REASON_MIN, max: REASON_MAX }, error: true });
      document.getElementById(this.id('reason'))?.focus();
      return;
    }
    this.errors.set([]);
    if (this.deleting() === 'reason') {
      this.deleting.set('confirm');
      setTimeout(() => document.getElementById(this.id('confirm'))?.focus());
      return;
    }
    this.busy.set('delete');
    try {
      await firstValueFrom(this.api.delete(this.caseId(), this.item().id, reason));
      this.deleting.set('closed');
      this.reason.set('');
      this.announce.emit({ key: 'evidence.delete.done', params: { title: this.item().title } });
      this.loadDetail();
    } catch (error) {
      this.deleting.set('reason');
      this.fail(error, 'errors.UNKNOWN', { reason: this.id('reason') });
    } finally {
      this.busy.set(null);
    }
  }

  /** The API's message (already translated) in the live region, and on its field when it names one. */
  private fail(error: unknown, fallback: string, fields: Record<string, string> = {}): void {
    const e = toApiError(error);
    if (e.statusCode === 401) return;
    if (e.code === 'NETWORK') return this.announce.emit({ key: 'errors.NETWORK', error: true });
    const onFields = e.details.filter((d) => fields[d.field] && d.message).map((d) => ({ fieldId: fields[d.field], text: d.message }));
    if (onFields.length > 0) this.errors.set(onFields);
    const text = e.details.find((d) => d.message)?.message ?? e.message;
    this.announce.emit(text ? { key: '', text, error: true } : { key: fallback, error: true });
  }
}
