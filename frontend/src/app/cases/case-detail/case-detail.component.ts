import { CasePeopleComponent } from './people/people.component';
import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Localized, ProtocolDefinition } from '@sanad/protocols';
import { EMPTY, Observable, catchError, concat, firstValueFrom, lastValueFrom, map, of, startWith, switchMap, tap } from 'rxjs';
import { toApiError } from '../../core/api-error';
import type { Lang } from '../../core/language';
import { LanguageService } from '../../core/language.service';
import { webLink } from '../../knowledge/resources';
import { ProtocolsApi } from '../../protocols/protocols-api';
import { ErrorItem, ErrorSummaryComponent } from '../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../shared/field-error.component';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { isKnownState } from '../case.model';
import { CasesApi } from '../cases-api';
import { CaseDetail, StepSavedState, TimelineEvent } from '../workflow.model';
import { CasePagePrefetch } from './case-prefetch';
import { CaseAccessComponent } from './access/case-access.component';
import { CaseLegalHoldComponent } from './legal-hold/case-legal-hold.component';
import { CaseAssigneeComponent } from './assignee/case-assignee.component';
import { CaseDocumentsComponent } from './documents.component';
import { CaseTransmissionsComponent } from './transmissions/case-transmissions.component';
import { ReportedDangerComponent } from './reported-danger.component';
import { CaseEvidenceComponent } from './evidence/evidence.component';
import { TaskListComponent } from './task-list.component';
import { TimelineComponent } from './timeline.component';

/** `def` is null while the protocol is on its way: the header is shown first. */
type PageState =
  | { status: 'loading' }
  | { status: 'loaded'; detail: CaseDetail; def: ProtocolDefinition | null }
  | { status: 'notFound' }
  | { status: 'error' };

type TimelineState = { status: 'loading' } | { status: 'loaded'; events: TimelineEvent[] } | { status: 'error' };

/**
 * A text of the protocol in the person's language (French when missing), and a step's title: as `text` and
 * `findStep` of step-display.ts and the engine, which this page's first chunk does not import (the task list and
 * all that needs the protocol engine load with the rest of the page, after the header).
 */
function localized(value: Localized | undefined, lang: Lang): string {
  return value ? value[lang] || value.fr : '';
}
function stepTitle(def: ProtocolDefinition, stepId: string, lang: Lang): string {
  for (const phase of def.phases) for (const step of phase.steps) if (step.id === stepId) return localized(step.title, lang);
  return '';
}

export const NOTE_MAX = 5000;
export const REOPEN_REASON_MIN = 3;
export const REOPEN_REASON_MAX = 500;

/** The case page: header, the protocol as a task list, the timeline and a note form. */
@Component({
  selector: 'app-case-detail',
  imports: [
    TranslocoPipe,
    CaseAssigneeComponent,
    CaseAccessComponent,
    CaseLegalHoldComponent,
    ReportedDangerComponent,
    LocalDatePipe,
    ErrorSummaryComponent,
    FieldErrorComponent,
    TaskListComponent,
    TimelineComponent,
    CaseDocumentsComponent,
    CaseTransmissionsComponent,
    CaseEvidenceComponent,
    CasePeopleComponent,
  ],
  templateUrl: './case-detail.component.html',
  styleUrl: './case-detail.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseDetailComponent {
  private readonly api = inject(CasesApi);
  private readonly protocols = inject(ProtocolsApi);
  private readonly prefetch = inject(CasePagePrefetch);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();

  protected readonly noteMax = NOTE_MAX;
  protected readonly page = signal<PageState>({ status: 'loading' });
  protected readonly timeline = signal<TimelineState>({ status: 'loading' });
  private readonly saved = signal<StepSavedState | null>((inject(Location).getState() as StepSavedState | null) ?? null);

  protected readonly noteText = signal('');
  protected readonly reopenReason = signal('');
  protected readonly formErrors = signal<ErrorItem[]>([]);
  protected readonly sending = signal<'note' | 'reopen' | null>(null);
  protected readonly announcement = signal<string | null>(null);
  protected readonly conflict = signal(false);
  /** The code of the page below the header may be fetched (once the header is on screen when opened directly). */
  protected readonly bodyWanted = signal(false);

  protected readonly detail = computed(() => {
    const p = this.page();
    return p.status === 'loaded' ? p.detail : null;
  });
  protected readonly def = computed(() => {
    const p = this.page();
    return p.status === 'loaded' ? p.def : null;
  });
  protected readonly events = computed(() => {
    const t = this.timeline();
    return t.status === 'loaded' ? t.events : [];
  });
  protected readonly stateKey = computed(() => {
    const state = this.detail()?.state ?? '';
    return isKnownState(state) ? `cases.states.${state}` : 'cases.states.unknown';
  });
  protected readonly emergency = computed(() => this.detail()?.state === 'EMERGENCY_ESCALATED');
  protected readonly overdueTitles = computed(() => {
    const def = this.def();
    const lang = this.language.lang();
    return def ? (this.detail()?.overdue ?? []).map((id) => stepTitle(def, id, lang) || id) : [];
  });
  /** "À propos de ce protocole": where the text comes from (`metadata.notice`), its id, version and sources. */
  protected readonly about = computed(() => {
    const def = this.def();
    if (!def) return null;
    const lang = this.language.lang();
    return {
      title: localized(def.title, lang),
      id: def.id,
      version: def.version,
      notice: localized(def.metadata.notice, lang),
      sources: (def.metadata.sources ?? []).map((s) => ({ key: s.key, title: s.title, url: webLink(s.url) })),
    };
  });
  /** The person opened "À propos de ce protocole" (its list of sources is drawn from then on). */
  protected readonly aboutOpened = signal(false);
  protected readonly canReopen = computed(() => this.detail()?.actions.some((a) => a.kind === 'reopen_case') ?? false);
  /** "Étape enregistrée : …" after coming back from a step page. */
  protected readonly confirmation = computed(() => {
    const saved = this.saved();
    const def = this.def();
    if (!saved?.saved || !saved.stepId || !def) return null;
    const step = stepTitle(def, saved.stepId, this.language.lang()) || saved.stepId;
    const key = {
      signature: 'caseDetail.signedConfirmation',
      returned: 'caseDetail.returnedConfirmation',
      step: 'caseDetail.stepConfirmation',
    };
    return { key: key[saved.saved], step };
  });
  protected readonly errorFor = computed(() => new Map(this.formErrors().map((e) => [e.fieldId, e])));

  constructor() {
    toObservable(this.id)
      .pipe(
        switchMap((id) => this.firstLoad(id).pipe(startWith<PageState>({ status: 'loading' }))),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.page.set(state);
        if (state.status === 'loaded' && state.def) this.loadTimeline();
      });
  }

  /**
   * The case as asked for at start-up when the app opened on this page (case-prefetch.ts), else as usual. Then
   * the protocol (about 90 kB) is asked for once the header is on screen, so that on a slow connection it does
   * not hold back the page's code and translations, still loading.
   */
  private firstLoad(id: string): Observable<PageState> {
    const prefetched = this.prefetch.take(id);
    if (!prefetched) return this.load(id);
    return this.load(id, prefetched.pipe(switchMap((detail) => (detail ? of(detail) : this.api.detail(id)))), !this.saved()?.saved);
  }

  /** The case, then (header first) its protocol; `afterPaint`: ask for the protocol only once the header shows. */
  private load(id: string, detail$ = this.api.detail(id), afterPaint = false): Observable<PageState> {
    return detail$.pipe(
      switchMap((detail) => {
        const def$ = this.protocols.definition(detail.protocol.id, detail.protocol.version);
        // coming back from a step, the confirmation above the header needs the protocol: no header first then
        const headerFirst = !this.saved()?.saved;
        if (!afterPaint) this.bodyWanted.set(true);
        return concat(
          headerFirst ? of<PageState>({ status: 'loaded', detail, def: null }) : EMPTY,
          (afterPaint
            ? this.painted().pipe(
                tap(() => this.bodyWanted.set(true)),
                switchMap(() => def$),
              )
            : def$
          ).pipe(map((def): PageState => ({ status: 'loaded', detail, def }))),
        );
      }),
      catchError((error: unknown) => of<PageState>(toApiError(error).statusCode === 404 ? { status: 'notFound' } : { status: 'error' })),
    );
  }

  /** Emits once what is on the page now has been rendered and shown (the frame after the next one has begun). */
  private painted(): Observable<void> {
    return new Observable<void>((subscriber) => {
      let frame = 0;
      const ref = afterNextRender(
        () => {
          frame = requestAnimationFrame(() => {
            frame = requestAnimationFrame(() => {
              subscriber.next();
              subscriber.complete();
            });
          });
        },
        { injector: this.injector },
      );
      return () => {
        ref.destroy();
        cancelAnimationFrame(frame);
      };
    });
  }

  protected loadTimeline(): void {
    this.timeline.set({ status: 'loading' });
    this.api.timeline(this.id()).subscribe({
      next: (events) => this.timeline.set({ status: 'loaded', events }),
      error: () => this.timeline.set({ status: 'error' }),
    });
  }

  protected retry(): void {
    this.page.set({ status: 'loading' });
    this.load(this.id()).subscribe((state) => {
      this.page.set(state);
      if (state.status === 'loaded' && state.def) this.loadTimeline();
    });
  }

  protected async addNote(): Promise<void> {
    const detail = this.detail();
    if (this.sending() || !detail) return;
    const text = this.noteText().trim();
    this.announcement.set(null);
    this.conflict.set(false);
    this.saved.set(null);
    if (!text) return this.formErrors.set([{ fieldId: 'note', key: 'caseDetail.noteRequired' }]);
    if (text.length > NOTE_MAX) return this.formErrors.set([{ fieldId: 'note', key: 'caseDetail.noteTooLong', params: { max: NOTE_MAX } }]);
    this.formErrors.set([]);
    this.sending.set('note');
    try {
      const updated = await firstValueFrom(this.api.addNote(this.id(), detail.lastEventSeq, text));
      this.replaceDetail(updated);
      this.noteText.set('');
      this.announcement.set('caseDetail.noteAdded');
      this.loadTimeline();
    } catch (error) {
      await this.showError(error, 'note');
    } finally {
      this.sending.set(null);
    }
  }

  protected async reopen(): Promise<void> {
    const detail = this.detail();
    if (this.sending() || !detail) return;
    const reason = this.reopenReason().trim();
    this.announcement.set(null);
    this.conflict.set(false);
    this.saved.set(null);
    if (reason.length < REOPEN_REASON_MIN)
      return this.formErrors.set([{ fieldId: 'reopen-reason', key: 'caseDetail.reopenReasonRequired' }]);
    if (reason.length > REOPEN_REASON_MAX) {
      return this.formErrors.set([{ fieldId: 'reopen-reason', key: 'caseDetail.reopenReasonTooLong', params: { max: REOPEN_REASON_MAX } }]);
    }
    this.formErrors.set([]);
    this.sending.set('reopen');
    try {
      const updated = await firstValueFrom(this.api.reopen(this.id(), detail.lastEventSeq, reason));
      this.replaceDetail(updated);
      this.reopenReason.set('');
      this.announcement.set('caseDetail.reopened');
      this.loadTimeline();
    } catch (error) {
      await this.showError(error, 'reopen-reason');
    } finally {
      this.sending.set(null);
    }
  }

  /** The person in charge changed (app-case-assignee): the new case, its timeline, and a word for screen readers. */
  protected assigned(detail: CaseDetail): void {
    this.replaceDetail(detail);
    this.announcement.set('caseDetail.assignee.saved');
    this.loadTimeline();
  }

  /** Who sees the case changed (app-case-access). */
  protected accessChanged(detail: CaseDetail): void {
    this.replaceDetail(detail);
    this.announcement.set('caseDetail.access.saved');
    this.loadTimeline();
  }

  /** A legal hold was placed or released (app-case-legal-hold). */
  protected legalHoldChanged(detail: CaseDetail): void {
    this.replaceDetail(detail);
    this.announcement.set(detail.legalHold ? 'caseDetail.legalHold.placed' : 'caseDetail.legalHold.released');
    this.loadTimeline();
  }

  /** Something else on the page wrote to the case (a report sent): take its new state and timeline quietly. */
  protected refresh(): void {
    this.api.detail(this.id()).subscribe({
      next: (detail) => {
        this.replaceDetail(detail);
        this.loadTimeline();
      },
      error: () => undefined,
    });
  }

  private replaceDetail(detail: CaseDetail): void {
    if (this.detail()) this.page.set({ status: 'loaded', detail, def: this.def() });
  }

  private async showError(error: unknown, fieldId: string): Promise<void> {
    const apiError = toApiError(error);
    if (apiError.statusCode === 401) return;
    if (apiError.statusCode === 409) {
      // Someone else wrote first: show their change, keep the text, ask to send again.
      this.conflict.set(true);
      const state = await lastValueFrom(this.load(this.id()));
      if (state.status === 'loaded') this.page.set(state);
      this.loadTimeline();
      return;
    }
    const detailMessage = apiError.details.find((d) => d.message)?.message;
    if (apiError.code === 'NETWORK') this.formErrors.set([{ fieldId, key: 'errors.NETWORK' }]);
    else if (detailMessage ?? apiError.message) this.formErrors.set([{ fieldId, text: detailMessage ?? apiError.message ?? '' }]);
    else this.formErrors.set([{ fieldId, key: 'errors.UNKNOWN' }]);
  }
}
