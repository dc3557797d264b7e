import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import { LanguageService } from '../../../core/language.service';
import { ErrorItem } from '../../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../../shared/field-error.component';
import { LocalDatePipe } from '../../../shared/local-date.pipe';
import { TransmissionStatusComponent } from '../../../transmissions/transmission-status.component';
import { TransmissionThreadComponent, apiErrorItem } from '../../../transmissions/transmission-thread.component';
import { TransmissionsApi } from '../../../transmissions/transmissions-api';
import { loc } from '../../../transmissions/transmissions-display';
import { CaseTransmissions, DueReport, Localized, TransmissionDetail } from '../../../transmissions/transmissions.model';
import { CasesApi } from '../../cases-api';

export const COMMENT_MAX = 2000;

type ListState = { status: 'loading' } | { status: 'loaded'; data: CaseTransmissions } | { status: 'error' };

const REPORT_LOOK: Record<DueReport['status'], { icon: string; tone: string }> = {
  not_due: { icon: '–', tone: 'cannotStart' },
  due: { icon: '!', tone: 'overdue' },
  sent: { icon: '✔', tone: 'done' },
};

/**
 * "Rapports à l'académie" on the case page (issue #9): the pseudonymised reports the protocol provides for this case
 * and whether each is due or sent. The principal sends a due one with an optional comment (never a name: it leaves
 * the school); the reports sent show their status and thread, and the principal answers a request for information.
 * Other roles read.
 */
@Component({
  selector: 'app-case-transmissions',
  imports: [TranslocoPipe, FieldErrorComponent, LocalDatePipe, TransmissionStatusComponent, TransmissionThreadComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-transmissions.component.html',
  styleUrl: './case-transmissions.component.css',
})
export class CaseTransmissionsComponent {
  private readonly api = inject(TransmissionsApi);
  private readonly cases = inject(CasesApi);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  readonly caseId = input.required<string>();
  /** the case's lastEventSeq as the page knows it (sent as expectedSeq); a change reloads the list */
  readonly version = input<number>(0);
  /** The case got an event here (a report sent): the page refreshes its own view of the case. */
  readonly caseChanged = output<void>();

  protected readonly commentMax = COMMENT_MAX;
  protected readonly list = signal<ListState>({ status: 'loading' });
  protected readonly data = computed(() => {
    const l = this.list();
    return l.status === 'loaded' ? l.data : null;
  });
  /** the case's seq learnt here (after a send or a conflict), newer than the page's */
  private readonly knownSeq = signal<number | null>(null);
  protected readonly comments = signal<Record<string, string>>({});
  protected readonly errors = signal<Record<string, ErrorItem | undefined>>({});
  protected readonly sending = signal<string | null>(null);
  protected readonly conflict = signal(false);
  protected readonly sent = signal<{ kind: string; reference: string } | null>(null);
  protected readonly announcement = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.caseId();
      this.version();
      untracked(() => {
        this.knownSeq.set(null);
        this.load(id);
      });
    });
  }

  protected load(id = this.caseId()): void {
    if (this.list().status !== 'loaded') this.list.set({ status: 'loading' });
    this.api.forCase(id).subscribe({
      next: (data) => this.list.set({ status: 'loaded', data }),
      error: () => this.list.set({ status: 'error' }),
    });
  }

  protected t(value: Localized | null | undefined): string {
    return loc(value, this.language.lang());
  }

  protected look(status: DueReport['status']): { icon: string; tone: string } {
    return REPORT_LOOK[status] ?? REPORT_LOOK.not_due;
  }

  protected fieldId(kind: string): string {
    return `transmit-comment-${kind}`;
  }

  protected setComment(kind: string, value: string): void {
    this.comments.update((c) => ({ ...c, [kind]: value }));
  }

  protected async transmit(report: DueReport): Promise<void> {
    if (this.sending()) return;
    const kind = report.kind;
    const comment = (this.comments()[kind] ?? '').trim();
    const fieldId = this.fieldId(kind);
    if (comment.length > COMMENT_MAX) {
      this.setError(kind, { fieldId, key: 'transmissions.case.commentTooLong', params: { max: COMMENT_MAX } });
      return;
    }
    this.setError(kind, undefined);
    this.conflict.set(false);
    this.sent.set(null);
    this.announcement.set(null);
    this.sending.set(kind);
    const expectedSeq = this.knownSeq() ?? this.version();
    try {
      const created = await firstValueFrom(this.api.transmit(this.caseId(), { kind, ...(comment ? { comment } : {}), expectedSeq }));
      // the case got one event ('transmitted')
      this.knownSeq.set(expectedSeq + 1);
      this.caseChanged.emit();
      this.setComment(kind, '');
      this.sent.set({ kind: this.t(created.kindLabel) || created.kind, reference: created.reference });
      this.load();
      afterNextRender(() => document.getElementById('transmissions-confirmation')?.focus(), { injector: this.injector });
    } catch (e) {
      const apiError = toApiError(e);
      if (apiError.statusCode === 409 && apiError.code !== 'TRANSMISSION_ALREADY_SENT') {
        // someone changed the case: learn its seq, reload, and let the principal check and send again
        this.conflict.set(true);
        this.cases.detail(this.caseId()).subscribe({ next: (d) => this.knownSeq.set(d.lastEventSeq), error: () => undefined });
        this.load();
        return;
      }
      if (apiError.statusCode === 409) this.load();
      const item = apiErrorItem(e, fieldId);
      if (item) {
        this.setError(kind, item);
        document.getElementById(fieldId)?.focus();
      }
    } finally {
      this.sending.set(null);
    }
  }

  protected answered(updated: TransmissionDetail): void {
    this.list.update((l) =>
      l.status === 'loaded'
        ? { status: 'loaded', data: { ...l.data, transmissions: l.data.transmissions.map((t) => (t.id === updated.id ? updated : t)) } }
        : l,
    );
    this.announcement.set('transmissions.case.answered');
  }

  private setError(kind: string, item: ErrorItem | undefined): void {
    this.errors.update((e) => ({ ...e, [kind]: item }));
  }
}
