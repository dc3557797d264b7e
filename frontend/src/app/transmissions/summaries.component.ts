import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { SummaryCountsComponent } from './summary-counts.component';
import { TransmissionStatusComponent } from './transmission-status.component';
import { TransmissionThreadComponent, apiErrorItem } from './transmission-thread.component';
import { TransmissionsApi } from './transmissions-api';
import { loc } from './transmissions-display';
import { SummarySnapshot, TransmissionDetail, TransmissionSummary } from './transmissions.model';

export const SUMMARY_COMMENT_MAX = 2000;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2]|T[12])$/;

type ListState = { status: 'loading' } | { status: 'loaded'; items: TransmissionSummary[] } | { status: 'error' };
type PreviewState = { status: 'none' } | { status: 'loading' } | { status: 'loaded'; summary: SummarySnapshot } | { status: 'error' };

export interface PeriodOption {
  id: string;
  kind: 'month' | 'term';
  /** for a term: 1 or 2 and the school year */
  term?: number;
  year: number;
  month?: number;
}

/** The months (this one first, the last twelve) and the terms that have started (the last four), as of `today`. */
export function periodOptions(today: Date): { months: PeriodOption[]; terms: PeriodOption[] } {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth() + 1;
  const months: PeriodOption[] = [];
  for (let i = 0; i < 12; i++) {
    const total = y * 12 + (m - 1) - i;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    months.push({ id: `${year}-${String(month).padStart(2, '0')}`, kind: 'month', year, month });
  }
  // the school year starting in September of `start`; T1 from September, T2 from February
  const start = m >= 9 ? y : y - 1;
  const terms: PeriodOption[] = [];
  for (let s = start; terms.length < 4 && s > start - 3; s--) {
    for (const term of [2, 1]) {
      const from = term === 1 ? s * 12 + 8 : (s + 1) * 12 + 1;
      if (from <= y * 12 + (m - 1) && terms.length < 4) terms.push({ id: `${s}-T${term}`, kind: 'term', term, year: s });
    }
  }
  return { months, terms };
}

/**
 * "Bilans périodiques" for the principal (issue #9): pick a month or a term, see the counts the summary will carry,
 * add a comment (never a name) and send it to the direction provinciale and the academy; the summaries already sent
 * with their status, and their thread when the academy asks for more information. The period is in the address.
 */
@Component({
  selector: 'app-school-summaries',
  imports: [
    RouterLink,
    TranslocoPipe,
    FieldErrorComponent,
    LocalDatePipe,
    SummaryCountsComponent,
    TransmissionStatusComponent,
    TransmissionThreadComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './summaries.component.html',
  styleUrl: './transmissions.css',
})
export class SummariesComponent {
  private readonly api = inject(TransmissionsApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  /** Query parameter, bound by the router. */
  readonly period = input<string>();

  protected readonly commentMax = SUMMARY_COMMENT_MAX;
  protected readonly options = periodOptions(new Date());
  protected readonly chosen = computed(() => (PERIOD.test(this.period() ?? '') ? this.period()! : ''));
  protected readonly draft = signal('');
  protected readonly comment = signal('');
  protected readonly list = signal<ListState>({ status: 'loading' });
  protected readonly preview = signal<PreviewState>({ status: 'none' });
  protected readonly periodError = signal<ErrorItem | undefined>(undefined);
  protected readonly commentError = signal<ErrorItem | undefined>(undefined);
  protected readonly sending = signal(false);
  protected readonly sent = signal<{ period: string; reference: string } | null>(null);
  /** the summary whose thread is open, as the API sends it */
  protected readonly open = signal<TransmissionDetail | null>(null);
  protected readonly items = computed(() => {
    const l = this.list();
    return l.status === 'loaded' ? l.items : [];
  });

  constructor() {
    this.loadList();
    effect(() => {
      const period = this.chosen();
      untracked(() => {
        this.draft.set(period);
        this.periodError.set(undefined);
        if (period) this.loadPreview(period);
        else this.preview.set({ status: 'none' });
      });
    });
  }

  /** "novembre 2026", "Semestre 1 2026-2027" */
  protected label(id: string | null): string {
    const match = PERIOD.exec(id ?? '');
    if (!match) return id ?? '';
    const year = Number(match[1]);
    const part = match[2] ?? '';
    if (part.startsWith('T')) {
      return this.transloco.translate<string>('transmissions.summaries.term', { term: part.slice(1), from: year, to: year + 1 });
    }
    const format = new Intl.DateTimeFormat(this.language.dateLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' });
    return format.format(new Date(Date.UTC(year, Number(part) - 1, 1)));
  }

  protected show(event: Event): void {
    event.preventDefault();
    this.sent.set(null);
    const period = this.draft();
    if (!period) {
      this.periodError.set({ fieldId: 'summary-period', key: 'transmissions.summaries.choosePeriod' });
      document.getElementById('summary-period')?.focus();
      return;
    }
    if (period === this.chosen()) this.loadPreview(period);
    else void this.router.navigate(['/statistics/summaries'], { queryParams: { period } });
  }

  protected async submit(): Promise<void> {
    const period = this.chosen();
    if (this.sending() || !period) return;
    const comment = this.comment().trim();
    if (comment.length > SUMMARY_COMMENT_MAX) {
      this.commentError.set({
        fieldId: 'summary-comment',
        key: 'transmissions.summaries.commentTooLong',
        params: { max: SUMMARY_COMMENT_MAX },
      });
      document.getElementById('summary-comment')?.focus();
      return;
    }
    this.commentError.set(undefined);
    this.periodError.set(undefined);
    this.sending.set(true);
    try {
      const created = await firstValueFrom(this.api.submitSummary(period, comment));
      this.comment.set('');
      this.sent.set({ period: this.label(period), reference: created.reference });
      this.loadList();
      afterNextRender(() => document.getElementById('summary-confirmation')?.focus(), { injector: this.injector });
    } catch (e) {
      const apiError = toApiError(e);
      const onPeriod = apiError.statusCode === 409 || apiError.details.some((d) => d.field === 'period');
      const fieldId = onPeriod ? 'summary-period' : 'summary-comment';
      const item = apiErrorItem(e, fieldId);
      if (item) {
        (onPeriod ? this.periodError : this.commentError).set(item);
        document.getElementById(fieldId)?.focus();
      }
    } finally {
      this.sending.set(false);
    }
  }

  protected async toggleThread(item: TransmissionSummary): Promise<void> {
    if (this.open()?.id === item.id) {
      this.open.set(null);
      return;
    }
    try {
      this.open.set(await firstValueFrom(this.api.get(item.id)));
    } catch {
      this.open.set(null);
    }
  }

  protected answered(updated: TransmissionDetail): void {
    this.open.set(updated);
    this.list.update((l) =>
      l.status === 'loaded'
        ? { status: 'loaded', items: l.items.map((t) => (t.id === updated.id ? { ...t, status: updated.status } : t)) }
        : l,
    );
  }

  protected periodLabel(s: SummarySnapshot): string {
    return loc(s.period.label, this.language.lang()) || this.label(s.period.id);
  }

  protected loadList(): void {
    this.api.summaries().subscribe({
      next: (items) => this.list.set({ status: 'loaded', items }),
      error: () => this.list.set({ status: 'error' }),
    });
  }

  private loadPreview(period: string): void {
    this.preview.set({ status: 'loading' });
    this.api.previewSummary(period).subscribe({
      next: (summary) => this.preview.set({ status: 'loaded', summary }),
      error: (e: unknown) => {
        this.preview.set({ status: 'error' });
        const item = apiErrorItem(e, 'summary-period');
        if (item) this.periodError.set(item);
      },
    });
  }
}
