import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { EmergencyNumbersComponent } from './emergency-numbers.component';
import { PowUnavailableError, solveProofOfWork } from './proof-of-work';
import { PublicReportApi } from './public-report-api';
import {
  CONTACT_MAX,
  INVOLVED_MAX,
  PLATFORMS_MAX,
  PublicSchool,
  REPORTER_ROLES,
  REPORT_PLATFORMS,
  ReportReceipt,
  ReporterRole,
  SINCE_VALUES,
  Since,
  WHAT_HAPPENED_MAX,
  retryAfterMinutes,
} from './public-report.model';
import { ReceiptComponent } from './receipt.component';

export type ReportField = 'dangerNow' | 'reporterRole' | 'whatHappened' | 'platforms' | 'since' | 'involved' | 'contact';
/** The fields in page order: the error summary lists them in this order. */
const FIELDS: readonly ReportField[] = ['dangerNow', 'reporterRole', 'whatHappened', 'platforms', 'since', 'involved', 'contact'];
/** id of the element an error links to (the first choice of a group, the field itself otherwise). */
export const FIELD_IDS: Record<ReportField, string> = {
  dangerNow: 'danger-yes',
  reporterRole: 'role-target',
  whatHappened: 'what-happened',
  platforms: 'platform-INSTAGRAM',
  since: 'since-today',
  involved: 'involved',
  contact: 'contact',
};

type SchoolState = { status: 'loading' } | { status: 'loaded'; school: PublicSchool } | { status: 'notFound' } | { status: 'error' };
type Phase = 'form' | 'working' | 'receipt';

/**
 * The public page of a school (`/report/:schoolCode`, no account): a short report in plain words, the danger
 * question first (a "yes" shows the emergency numbers at once), anonymous unless the person gives a contact. On
 * sending, the browser does a small proof of work (docs/public-reporting.md), then the page shows the case code
 * and passcode once (receipt).
 */
@Component({
  selector: 'app-report-form',
  imports: [RouterLink, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, EmergencyNumbersComponent, ReceiptComponent],
  templateUrl: './report-form.component.html',
  styleUrl: './public-report.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportFormComponent {
  private readonly api = inject(PublicReportApi);
  protected readonly language = inject(LanguageService);

  /** From the address (`withComponentInputBinding`). */
  readonly schoolCode = input.required<string>();

  protected readonly roles = REPORTER_ROLES;
  protected readonly sinceValues = SINCE_VALUES;
  protected readonly platformList = REPORT_PLATFORMS;
  protected readonly whatMax = WHAT_HAPPENED_MAX;
  protected readonly involvedMax = INVOLVED_MAX;
  protected readonly contactMax = CONTACT_MAX;

  protected readonly school = signal<SchoolState>({ status: 'loading' });
  protected readonly schoolName = computed(() => {
    const s = this.school();
    if (s.status !== 'loaded') return '';
    return this.language.lang() === 'ar' && s.school.nameAr ? s.school.nameAr : s.school.nameFr;
  });
  protected readonly helplines = computed(() => {
    const s = this.school();
    return s.status === 'loaded' ? s.school.helplines : [];
  });

  protected readonly dangerNow = signal<'yes' | 'no' | null>(null);
  protected readonly reporterRole = signal<ReporterRole | null>(null);
  protected readonly whatHappened = signal('');
  protected readonly platforms = signal<readonly string[]>([]);
  protected readonly since = signal<Since | null>(null);
  protected readonly involved = signal('');
  protected readonly anonymous = signal(true);
  protected readonly contact = signal('');

  protected readonly phase = signal<Phase>('form');
  /** Share of the proof of work done (0…1), shown while "checking…". */
  protected readonly progress = signal(0);
  protected readonly fieldErrors = signal<Partial<Record<ReportField, ErrorItem>>>({});
  protected readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const formError = this.formError();
    const fieldErrors = this.fieldErrors();
    return [...(formError ? [formError] : []), ...FIELDS.flatMap((f) => fieldErrors[f] ?? [])];
  });
  protected readonly receipt = signal<ReportReceipt | null>(null);

  private readonly abort = new AbortController();
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  constructor() {
    effect(() => this.loadSchool(this.schoolCode()));
    inject(DestroyRef).onDestroy(() => this.abort.abort(new DOMException('left the page', 'AbortError')));
  }

  protected loadSchool(code: string): void {
    this.school.set({ status: 'loading' });
    this.api.school(code).subscribe({
      next: (school) => this.school.set({ status: 'loaded', school }),
      error: (error: unknown) => this.school.set({ status: toApiError(error).statusCode === 404 ? 'notFound' : 'error' }),
    });
  }

  protected retrySchool(): void {
    this.loadSchool(this.schoolCode());
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  protected togglePlatform(code: string, checked: boolean): void {
    this.platforms.update((list) => (checked ? [...list.filter((p) => p !== code), code] : list.filter((p) => p !== code)));
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  /** The problems of the form, each as a key telling what to do. */
  private validate(): Partial<Record<ReportField, ErrorItem>> {
    const errors: Partial<Record<ReportField, ErrorItem>> = {};
    const add = (field: ReportField, key: string, params?: Record<string, unknown>): void => {
      errors[field] = { fieldId: FIELD_IDS[field], key: `publicReport.errors.${key}`, params };
    };
    if (this.dangerNow() === null) add('dangerNow', 'dangerNow');
    if (this.reporterRole() === null) add('reporterRole', 'reporterRole');
    const what = this.whatHappened().trim();
    if (!what) add('whatHappened', 'whatHappened');
    else if (what.length > WHAT_HAPPENED_MAX) add('whatHappened', 'tooLong', { max: WHAT_HAPPENED_MAX });
    if (this.platforms().length > PLATFORMS_MAX) add('platforms', 'platforms', { max: PLATFORMS_MAX });
    if (this.since() === null) add('since', 'since');
    if (this.involved().trim().length > INVOLVED_MAX) add('involved', 'tooLong', { max: INVOLVED_MAX });
    if (!this.anonymous()) {
      const contact = this.contact().trim();
      if (!contact) add('contact', 'contact');
      else if (contact.length > CONTACT_MAX) add('contact', 'tooLong', { max: CONTACT_MAX });
    }
    return errors;
  }

  protected async submit(): Promise<void> {
    if (this.phase() !== 'form') return;
    this.formError.set(null);
    const errors = this.validate();
    this.fieldErrors.set(errors);
    if (Object.keys(errors).length > 0) return;
    this.phase.set('working');
    this.progress.set(0);
    try {
      const receipt = await this.send(true);
      this.receipt.set(receipt);
      this.phase.set('receipt');
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.phase.set('form');
      this.formError.set(this.problem(error));
    }
  }

  /** Challenge, proof of work, report. A refused proof (expired while the phone slept) is tried once more. */
  private async send(retry: boolean): Promise<ReportReceipt> {
    const code = this.schoolCode();
    const { challenge, difficulty } = await firstValueFrom(this.api.challenge(code));
    const nonce = await solveProofOfWork(challenge, difficulty, { signal: this.abort.signal, onProgress: (p) => this.progress.set(p) });
    const contact = this.contact().trim();
    const involved = this.involved().trim();
    try {
      return await firstValueFrom(
        this.api.submit(code, {
          challenge,
          nonce,
          language: this.language.lang(),
          reporterRole: this.reporterRole() ?? 'witness',
          whatHappened: this.whatHappened().trim(),
          platforms: [...this.platforms()],
          since: this.since() ?? 'longer',
          ...(involved ? { involved } : {}),
          dangerNow: this.dangerNow() === 'yes',
          ...(!this.anonymous() && contact ? { contact } : {}),
        }),
      );
    } catch (error) {
      if (retry && toApiError(error).code === 'PUBLIC_REPORT_PROOF_INVALID') return this.send(false);
      throw error;
    }
  }

  /** What to tell the person when sending failed: plain words for the known cases, the API's message otherwise. */
  private problem(error: unknown): ErrorItem {
    const fieldId = FIELD_IDS.dangerNow;
    if (error instanceof PowUnavailableError) return { fieldId, key: 'publicReport.errors.browser' };
    const e = toApiError(error);
    switch (e.code) {
      case 'NETWORK':
        return { fieldId, key: 'publicReport.errors.network' };
      case 'PUBLIC_REPORT_RATE_LIMITED': {
        const minutes = retryAfterMinutes(error);
        return minutes
          ? { fieldId, key: 'publicReport.errors.rateLimitedWait', params: { minutes } }
          : { fieldId, key: 'publicReport.errors.rateLimited' };
      }
      case 'PUBLIC_REPORT_PROOF_INVALID':
        return { fieldId, key: 'publicReport.errors.proof' };
      case 'PUBLIC_SCHOOL_NOT_FOUND':
        return { fieldId, key: 'publicReport.errors.school' };
      default: {
        const detail = e.details[0];
        const field = FIELDS.find((f) => f === detail?.field);
        if (field) return { fieldId: FIELD_IDS[field], text: detail.message || undefined, key: 'publicReport.errors.generic' };
        return e.message ? { fieldId, text: e.message } : { fieldId, key: 'publicReport.errors.generic' };
      }
    }
  }

  /** "I wrote it down": the receipt is gone for good; the page offers to write another report or to follow up. */
  protected done(): void {
    this.receipt.set(null);
    this.phase.set('form');
    this.reset();
    setTimeout(() => this.heading()?.nativeElement.focus());
  }

  private reset(): void {
    this.dangerNow.set(null);
    this.reporterRole.set(null);
    this.whatHappened.set('');
    this.platforms.set([]);
    this.since.set(null);
    this.involved.set('');
    this.anonymous.set(true);
    this.contact.set('');
    this.fieldErrors.set({});
  }

  protected describedBy(field: ReportField, hint?: string): string | null {
    const ids = [hint, this.fieldErrors()[field] ? `${field}-error` : undefined].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : null;
  }
}
