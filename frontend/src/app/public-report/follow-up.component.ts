import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { PublicReportApi } from './public-report-api';
import { FollowUp, MESSAGE_MAX, normaliseCode, retryAfterMinutes } from './public-report.model';

type Field = 'code' | 'passcode' | 'reply';

/** The error codes of the public endpoints, in plain words (`publicReport.errors.*`). */
export function followUpProblem(error: unknown, fieldId: string): ErrorItem {
  const e = toApiError(error);
  switch (e.code) {
    case 'NETWORK':
      return { fieldId, key: 'publicReport.errors.network' };
    case 'PUBLIC_REPORT_NOT_FOUND':
      return { fieldId, key: 'publicReport.errors.notFound' };
    case 'PUBLIC_REPORT_RATE_LIMITED': {
      const minutes = retryAfterMinutes(error);
      return minutes
        ? { fieldId, key: 'publicReport.errors.rateLimitedWait', params: { minutes } }
        : { fieldId, key: 'publicReport.errors.rateLimited' };
    }
    case 'PUBLIC_REPORT_CLOSED':
      return { fieldId, key: 'publicReport.errors.closed' };
    default:
      return e.message ? { fieldId, text: e.message } : { fieldId, key: 'publicReport.errors.generic' };
  }
}

/**
 * `/report/follow-up` (no account): with the code and passcode of a report, its status in plain words (never the
 * content of the case), the messages with the school's team and a box to answer. Code and passcode stay in this page
 * only (never stored).
 */
@Component({
  selector: 'app-report-follow-up',
  imports: [TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, LocalDateTimePipe],
  templateUrl: './follow-up.component.html',
  styleUrl: './public-report.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FollowUpComponent {
  private readonly api = inject(PublicReportApi);
  protected readonly language = inject(LanguageService);
  protected readonly messageMax = MESSAGE_MAX;

  protected readonly code = signal('');
  protected readonly passcode = signal('');
  protected readonly reply = signal('');
  protected readonly busy = signal(false);
  protected readonly view = signal<FollowUp | null>(null);
  /** The code and passcode that opened `view` (the reply is sent with them). */
  private credentials: { reportCode: string; passcode: string } | null = null;

  protected readonly fieldErrors = signal<Partial<Record<Field, ErrorItem>>>({});
  protected readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const f = this.fieldErrors();
    const formError = this.formError();
    return [...(formError ? [formError] : []), ...(['code', 'passcode', 'reply'] as const).flatMap((k) => f[k] ?? [])];
  });
  protected readonly sent = signal(false);
  protected readonly schoolName = computed(() => {
    const v = this.view();
    if (!v) return '';
    return this.language.lang() === 'ar' && v.schoolNameAr ? v.schoolNameAr : v.schoolNameFr;
  });

  private readonly statusHeading = viewChild<ElementRef<HTMLElement>>('statusHeading');

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  protected async open(): Promise<void> {
    if (this.busy()) return;
    const reportCode = normaliseCode(this.code());
    const passcode = normaliseCode(this.passcode());
    const errors: Partial<Record<Field, ErrorItem>> = {};
    if (!reportCode) errors.code = { fieldId: 'follow-code', key: 'publicReport.errors.code' };
    if (!passcode) errors.passcode = { fieldId: 'follow-passcode', key: 'publicReport.errors.passcode' };
    this.fieldErrors.set(errors);
    this.formError.set(null);
    if (Object.keys(errors).length > 0) return;
    this.busy.set(true);
    try {
      const view = await firstValueFrom(this.api.followUp(reportCode, passcode));
      this.credentials = { reportCode, passcode };
      this.view.set(view);
      this.passcode.set('');
      setTimeout(() => this.statusHeading()?.nativeElement.focus());
    } catch (error) {
      this.formError.set(followUpProblem(error, 'follow-code'));
    } finally {
      this.busy.set(false);
    }
  }

  protected async send(): Promise<void> {
    const credentials = this.credentials;
    if (this.busy() || !credentials) return;
    const body = this.reply().trim();
    this.sent.set(false);
    this.formError.set(null);
    if (!body || body.length > MESSAGE_MAX) {
      this.fieldErrors.set({
        reply: {
          fieldId: 'follow-reply',
          key: body ? 'publicReport.errors.tooLong' : 'publicReport.errors.reply',
          params: { max: MESSAGE_MAX },
        },
      });
      return;
    }
    this.fieldErrors.set({});
    this.busy.set(true);
    try {
      this.view.set(await firstValueFrom(this.api.reply(credentials.reportCode, credentials.passcode, body)));
      this.reply.set('');
      this.sent.set(true);
    } catch (error) {
      const problem = followUpProblem(error, 'follow-reply');
      this.formError.set(problem);
      // closed meanwhile: show the closed status, the reply box goes away
      if (toApiError(error).code === 'PUBLIC_REPORT_CLOSED') this.view.update((v) => (v ? { ...v, status: 'closed' } : v));
    } finally {
      this.busy.set(false);
    }
  }

  /** Back to the code form (another report, or leaving a shared phone). */
  protected leave(): void {
    this.credentials = null;
    this.view.set(null);
    this.code.set('');
    this.reply.set('');
    this.sent.set(false);
    this.formError.set(null);
  }
}
