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
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable, firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { DISMISS_REASON_MAX, DISMISS_REASON_MIN, IntakeApi, IntakeReport, IntakeSummaryStore, TEAM_MESSAGE_MAX } from './intake-api';
import { eventKey, intakeProblem } from './intake-display';

type DetailState = { status: 'loading' } | { status: 'loaded'; report: IntakeReport } | { status: 'notFound' } | { status: 'error' };
type Field = 'reference' | 'reason' | 'message';
const FIELD_IDS: Record<Field, string> = { reference: 'link-reference', reason: 'dismiss-reason', message: 'team-message' };

/**
 * `/intake/:id`: one report from the public page, its messages with the person and its history; the resource team
 * turns it into a case (then goes to the case), links it to an existing case by reference, dismisses it with a
 * reason, writes to the person (plain text, no names) or closes the conversation.
 */
@Component({
  selector: 'app-intake-detail',
  imports: [RouterLink, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, LocalDateTimePipe],
  templateUrl: './intake-detail.component.html',
  styleUrl: './intake.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntakeDetailComponent {
  private readonly api = inject(IntakeApi);
  private readonly summary = inject(IntakeSummaryStore);
  private readonly router = inject(Router);
  protected readonly language = inject(LanguageService);

  /** From the address. */
  readonly id = input.required<string>();

  protected readonly reasonMax = DISMISS_REASON_MAX;
  protected readonly messageMax = TEAM_MESSAGE_MAX;
  protected readonly state = signal<DetailState>({ status: 'loading' });
  protected readonly report = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.report : null;
  });
  protected readonly pending = computed(() => this.report()?.status === 'pending');
  protected readonly closed = computed(() => {
    const r = this.report();
    return !!r && (r.closed === true || r.status === 'dismissed');
  });

  protected readonly reference = signal('');
  protected readonly reason = signal('');
  protected readonly message = signal('');
  protected readonly busy = signal<string | null>(null);
  protected readonly done = signal<{ key: string; params?: Record<string, string> } | null>(null);
  protected readonly fieldErrors = signal<Partial<Record<Field, ErrorItem>>>({});
  protected readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const f = this.fieldErrors();
    const formError = this.formError();
    return [...(formError ? [formError] : []), ...(['reference', 'reason', 'message'] as const).flatMap((k) => f[k] ?? [])];
  });
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  protected readonly eventKey = eventKey;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  private load(id: string, quiet = false): void {
    if (!quiet) this.state.set({ status: 'loading' });
    this.api.get(id).subscribe({
      next: (report) => this.state.set({ status: 'loaded', report }),
      error: (error: unknown) => this.state.set({ status: toApiError(error).statusCode === 404 ? 'notFound' : 'error' }),
    });
  }

  protected retry(): void {
    this.load(this.id());
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  private begin(action: string, errors: Partial<Record<Field, ErrorItem>> = {}): boolean {
    if (this.busy()) return false;
    this.fieldErrors.set(errors);
    this.formError.set(null);
    this.done.set(null);
    if (Object.keys(errors).length > 0) return false;
    this.busy.set(action);
    return true;
  }

  /** Runs an action; on success reloads the report (and the badge), on failure shows why (409: reloads too). */
  private async run<T>(
    action: string,
    fieldId: string,
    call: () => Observable<T>,
    after?: (result: T) => Promise<void> | void,
  ): Promise<void> {
    try {
      const result = await firstValueFrom(call());
      this.summary.refresh(true);
      if (after) await after(result);
      else this.load(this.id(), true);
    } catch (error) {
      if (toApiError(error).statusCode === 401) return;
      this.formError.set(intakeProblem(error, fieldId));
      if (toApiError(error).statusCode === 409) this.load(this.id(), true);
    } finally {
      this.busy.set(null);
      // the action's form is gone (the report is handled): start again from the heading; an error takes the focus itself
      if (!this.formError() && action !== 'convert' && action !== 'message') setTimeout(() => this.heading()?.nativeElement.focus());
    }
  }

  protected async convert(): Promise<void> {
    if (!this.begin('convert')) return;
    await this.run(
      'convert',
      'convert-button',
      () => this.api.convert(this.id()),
      async ({ caseId }) => {
        await this.router.navigate(['/cases', caseId]);
      },
    );
  }

  protected async link(): Promise<void> {
    const reference = this.reference().trim();
    if (!this.begin('link', reference ? {} : { reference: { fieldId: FIELD_IDS.reference, key: 'intakeQueue.errors.reference' } })) return;
    try {
      const found = await this.api.findCase(reference);
      if (!found) {
        this.fieldErrors.set({ reference: { fieldId: FIELD_IDS.reference, key: 'intakeQueue.errors.caseNotFound' } });
        this.busy.set(null);
        return;
      }
      await this.run(
        'link',
        FIELD_IDS.reference,
        () => this.api.link(this.id(), found.id),
        () => {
          this.reference.set('');
          this.done.set({ key: 'intakeQueue.actions.linked', params: { reference: found.reference } });
          this.load(this.id(), true);
        },
      );
    } catch (error) {
      this.formError.set(intakeProblem(error, FIELD_IDS.reference));
      this.busy.set(null);
    }
  }

  protected async dismiss(): Promise<void> {
    const reason = this.reason().trim();
    const bad = reason.length < DISMISS_REASON_MIN || reason.length > DISMISS_REASON_MAX;
    if (!this.begin('dismiss', bad ? { reason: { fieldId: FIELD_IDS.reason, key: 'intakeQueue.errors.reason' } } : {})) return;
    await this.run(
      'dismiss',
      FIELD_IDS.reason,
      () => this.api.dismiss(this.id(), reason),
      () => {
        this.reason.set('');
        this.done.set({ key: 'intakeQueue.actions.dismissed' });
        this.load(this.id(), true);
      },
    );
  }

  protected async send(): Promise<void> {
    const body = this.message().trim();
    const error: ErrorItem | null = !body
      ? { fieldId: FIELD_IDS.message, key: 'intakeQueue.errors.message' }
      : body.length > TEAM_MESSAGE_MAX
        ? { fieldId: FIELD_IDS.message, key: 'intakeQueue.errors.tooLong', params: { max: TEAM_MESSAGE_MAX } }
        : null;
    if (!this.begin('message', error ? { message: error } : {})) return;
    await this.run(
      'message',
      FIELD_IDS.message,
      () => this.api.message(this.id(), body),
      () => {
        this.message.set('');
        this.done.set({ key: 'intakeQueue.detail.sent' });
        this.load(this.id(), true);
      },
    );
  }

  protected async close(): Promise<void> {
    if (!this.begin('close')) return;
    await this.run('close', 'close-button', () => this.api.close(this.id()));
  }
}
