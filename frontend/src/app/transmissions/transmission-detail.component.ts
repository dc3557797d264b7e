import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { Observable, firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { SummaryCountsComponent } from './summary-counts.component';
import { TransmissionStatusComponent } from './transmission-status.component';
import { TransmissionThreadComponent, apiErrorItem } from './transmission-thread.component';
import { TransmissionsApi } from './transmissions-api';
import { loc, schoolName } from './transmissions-display';
import { Localized, REPORT_LANGS, TransmissionDetail } from './transmissions.model';

type PageState = { status: 'loading' } | { status: 'loaded'; detail: TransmissionDetail } | { status: 'notFound' } | { status: 'error' };

const KNOWN_OUTCOMES = ['STOPPED', 'DECREASED', 'CONTINUED'];
const KNOWN_TRACKS = ['EDUCATIONAL', 'MPP', 'FORMAL', 'EMERGENCY'];
const PEOPLE_ROLES = ['target', 'author', 'witness', 'reporter'];

/**
 * One transmission, for the officer (issue #9): the pseudonymised snapshot as sent (a case report: codes, dates,
 * types and platforms, never a name; a school summary: its counts), the academy report as PDF, the thread, and the
 * steps the API allows now: acknowledge, ask the school for more information, mark handled. Each step is announced
 * to screen readers; a refusal of the API is shown next to what was tried.
 */
@Component({
  selector: 'app-transmission-detail',
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalDateTimePipe,
    FieldErrorComponent,
    SummaryCountsComponent,
    TransmissionStatusComponent,
    TransmissionThreadComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './transmission-detail.component.html',
  styleUrl: './transmissions.css',
})
export class TransmissionDetailComponent {
  private readonly api = inject(TransmissionsApi);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();

  protected readonly page = signal<PageState>({ status: 'loading' });
  protected readonly detail = computed(() => {
    const p = this.page();
    return p.status === 'loaded' ? p.detail : null;
  });
  protected readonly busy = signal<'acknowledge' | 'handle' | null>(null);
  protected readonly confirmingHandle = signal(false);
  protected readonly actionError = signal<ErrorItem | undefined>(undefined);
  /** announced (role=status) after a step */
  protected readonly announcement = signal<string | null>(null);
  protected readonly reportLangs = REPORT_LANGS;

  constructor() {
    effect(() => this.load(this.id()));
  }

  protected load(id = this.id()): void {
    this.page.set({ status: 'loading' });
    this.api.get(id).subscribe({
      next: (detail) => this.page.set({ status: 'loaded', detail }),
      error: (e: unknown) => {
        const status = toApiError(e).statusCode;
        this.page.set(status === 404 || status === 403 ? { status: 'notFound' } : { status: 'error' });
      },
    });
  }

  protected can(d: TransmissionDetail, action: 'acknowledge' | 'message' | 'handle'): boolean {
    return d.actions.includes(action);
  }

  protected t(value: Localized | null | undefined): string {
    return loc(value, this.language.lang());
  }

  protected school(d: TransmissionDetail): string {
    return schoolName(d.school, this.language.lang());
  }

  protected trackKey(track: string): string | null {
    return KNOWN_TRACKS.includes(track) ? `statistics.tracks.${track}` : null;
  }

  protected outcomeKey(outcome: string): string | null {
    return KNOWN_OUTCOMES.includes(outcome) ? `statistics.outcomes.${outcome}` : null;
  }

  protected personRoleKey(role: string): string {
    return PEOPLE_ROLES.includes(role) ? `transmissions.people.${role}` : 'transmissions.people.other';
  }

  protected reportUrl(d: TransmissionDetail, lang: (typeof REPORT_LANGS)[number]): string {
    return this.api.reportUrl(d.id, lang);
  }

  protected acknowledge(): Promise<void> {
    return this.step('acknowledge', this.api.acknowledge(this.id()), 'transmissions.detail.acknowledged');
  }

  protected askHandle(): void {
    this.actionError.set(undefined);
    this.confirmingHandle.set(true);
    this.focusAfterRender('handle-confirm');
  }

  protected cancelHandle(): void {
    this.confirmingHandle.set(false);
    this.focusAfterRender('handle-button');
  }

  protected async handle(): Promise<void> {
    await this.step('handle', this.api.handled(this.id()), 'transmissions.detail.handledDone');
    this.confirmingHandle.set(false);
  }

  protected messaged(updated: TransmissionDetail): void {
    this.page.set({ status: 'loaded', detail: updated });
    this.actionError.set(undefined);
    this.announcement.set('transmissions.detail.requestSent');
  }

  private async step(action: 'acknowledge' | 'handle', call: Observable<TransmissionDetail>, done: string): Promise<void> {
    if (this.busy()) return;
    this.busy.set(action);
    this.actionError.set(undefined);
    this.announcement.set(null);
    try {
      const updated = await firstValueFrom(call);
      this.page.set({ status: 'loaded', detail: updated });
      this.announcement.set(done);
      // the button pressed is gone: focus goes to what happened
      this.focusAfterRender('detail-confirmation');
    } catch (e) {
      const item = apiErrorItem(e, action === 'handle' ? 'handle-button' : 'acknowledge-button');
      if (item) this.actionError.set(item);
      // someone else moved it on: show where it is now
      if (toApiError(e).statusCode === 409) this.refresh();
    } finally {
      this.busy.set(null);
    }
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }

  private refresh(): void {
    this.api.get(this.id()).subscribe({ next: (detail) => this.page.set({ status: 'loaded', detail }), error: () => undefined });
  }
}
