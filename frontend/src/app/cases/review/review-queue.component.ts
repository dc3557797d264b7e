import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Localized, ProtocolDefinition } from '@sanad/protocols';
import { findStep } from '@sanad/protocols';
import { catchError, combineLatest, forkJoin, map, of, startWith, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth.service';
import { LanguageService } from '../../core/language.service';
import { ProtocolsApi } from '../../protocols/protocols-api';
import { LocalDateTimePipe } from '../../shared/local-date-time.pipe';
import { CaseSummary, Page, isKnownState } from '../case.model';
import { EMPTY_FILTERS } from '../case-list/case-filters';
import { CasesApi } from '../cases-api';
import { text } from '../workflow/step-display';

export const REVIEW_PAGE_SIZE = 50;

/** What the principal does on a step: sign another's answers, decide (approve or return), or act. */
export type ReviewKind = 'signature' | 'decision' | 'action';

export interface ReviewStep {
  title: Localized | null;
  kind: ReviewKind;
}

/** How a step waiting for the principal is presented, from the protocol definitions (the latest version first). */
export function reviewStep(defs: readonly ProtocolDefinition[], stepId: string): ReviewStep {
  for (const def of defs) {
    const step = findStep(def, stepId);
    if (!step) continue;
    const fields = step.form?.fields ?? [];
    const kind: ReviewKind = step.secondSignature
      ? 'signature'
      : fields.some((f) => f.type === 'choice' && f.id === 'decision')
        ? 'decision'
        : 'action';
    return { title: step.title, kind };
  }
  return { title: null, kind: 'action' };
}

type QueueState = { status: 'loading' } | { status: 'loaded'; page: Page<CaseSummary> } | { status: 'error' };

/**
 * "À valider": for the principal, the cases where a step waits for them (triage co-signatures, escalations, closure
 * proposals to sign off), soonest deadline first, each with a direct link to the step where they approve, or
 * return with a comment.
 */
@Component({
  selector: 'app-review-queue',
  imports: [RouterLink, TranslocoPipe, LocalDateTimePipe],
  templateUrl: './review-queue.component.html',
  styleUrl: './review-queue.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewQueueComponent {
  private readonly api = inject(CasesApi);
  private readonly protocols = inject(ProtocolsApi);
  private readonly auth = inject(AuthService);
  protected readonly language = inject(LanguageService);

  /** `?page=`, bound by the router. */
  readonly page = input<string>();
  protected readonly pageNumber = computed(() => {
    const n = Number(this.page());
    return Number.isInteger(n) && n >= 1 ? n : 1;
  });

  protected readonly isPrincipal = computed(() => this.auth.currentUser()?.role === 'principal');

  private readonly reload = signal(0);
  protected readonly state = signal<QueueState>({ status: 'loading' });
  protected readonly result = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.page : null;
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || REVIEW_PAGE_SIZE))) : 1;
  });

  /** Every loaded protocol definition, newest version first (step titles); empty until loaded or if unavailable. */
  private readonly defs = toSignal(
    this.protocols.list().pipe(
      switchMap((versions) =>
        versions.length === 0
          ? of([])
          : forkJoin([...versions].reverse().map((v) => this.protocols.definition(v.id, v.version).pipe(catchError(() => of(null))))),
      ),
      map((defs) => defs.filter((d): d is ProtocolDefinition => d !== null)),
      catchError(() => of<ProtocolDefinition[]>([])),
    ),
    { initialValue: [] as ProtocolDefinition[] },
  );

  protected readonly rows = computed(() => {
    const r = this.result();
    const defs = this.defs();
    const lang = this.language.lang();
    return (r?.items ?? []).map((c) => ({
      summary: c,
      steps: (c.awaitingPrincipal ?? []).map((stepId) => {
        const step = reviewStep(defs, stepId);
        return { stepId, title: text(step.title ?? undefined, lang) || stepId, kind: step.kind };
      }),
    }));
  });

  constructor() {
    combineLatest([toObservable(this.pageNumber), toObservable(this.reload)])
      .pipe(
        switchMap(([page]) =>
          this.api.search({ ...EMPTY_FILTERS, review: true, sort: 'nextDueAt', page }, REVIEW_PAGE_SIZE).pipe(
            map((result): QueueState => ({ status: 'loaded', page: result })),
            catchError(() => of<QueueState>({ status: 'error' })),
            startWith<QueueState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  protected stateKey(state: string): string {
    return isKnownState(state) ? `cases.states.${state}` : 'cases.states.unknown';
  }
}
