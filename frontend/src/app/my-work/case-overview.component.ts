import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, forkJoin, map, of } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { CASE_STATES, CaseSummary } from '../cases/case.model';
import { EMPTY_FILTERS } from '../cases/case-list/case-filters';
import { CasesApi } from '../cases/cases-api';

export interface StateCount {
  state: string;
  total: number;
}

type Counts = { status: 'loading' } | { status: 'loaded'; counts: StateCount[] } | { status: 'error' };
type Review = { status: 'none' } | { status: 'loading' } | { status: 'loaded'; items: CaseSummary[]; total: number } | { status: 'error' };

export const REVIEW_PREVIEW_SIZE = 5;

/**
 * The school's cases at a glance on "Mon travail": how many in each state (one small request per state, the API
 * counts), each linking to the filtered list; and, for the principal, the cases waiting for their review.
 */
@Component({
  selector: 'app-case-overview',
  imports: [RouterLink, TranslocoPipe],
  template: `
    @if (showReview()) {
      <section class="overview-review" aria-labelledby="review-block-heading" data-testid="my-review">
        <h2 id="review-block-heading">{{ 'review.myWorkHeading' | transloco }}</h2>
        @switch (review().status) {
          @case ('loaded') {
            @if (reviewItems().length === 0) {
              <p data-testid="my-review-none">{{ 'review.myWorkNone' | transloco }}</p>
            } @else {
              <p>{{ 'review.count' | transloco: { total: reviewTotal() } }}</p>
              <ul class="overview-review__list">
                @for (c of reviewItems(); track c.id) {
                  <li data-testid="my-review-item">
                    <a [routerLink]="['/cases', c.id]"
                      ><bdi dir="ltr">{{ c.reference }}</bdi> – {{ c.title }}</a
                    >
                    @if (c.overdue) {
                      <strong class="overview-review__late">{{ 'caseList.overdue' | transloco }}</strong>
                    }
                  </li>
                }
              </ul>
            }
            <a class="button button--secondary" routerLink="/cases/review" data-testid="my-review-link">{{
              'review.myWorkLink' | transloco
            }}</a>
          }
          @case ('error') {
            <p class="notice notice--error" role="alert">{{ 'review.loadError' | transloco }}</p>
          }
        }
      </section>
    }

    @if (part() === 'counts') {
      <section class="overview" aria-labelledby="state-counts-heading" data-testid="state-counts">
        <h2 id="state-counts-heading">{{ 'caseOverview.heading' | transloco }}</h2>
        @switch (counts().status) {
          @case ('loading') {
            <p class="status">{{ 'caseOverview.loading' | transloco }}</p>
          }
          @case ('error') {
            <p class="notice notice--error" role="alert">{{ 'caseOverview.loadError' | transloco }}</p>
          }
          @case ('loaded') {
            @if (nonZero().length === 0) {
              <p>{{ 'caseOverview.none' | transloco }}</p>
            } @else {
              <ul class="overview__list">
                @for (c of nonZero(); track c.state) {
                  <li class="overview__item" data-testid="state-count" [attr.data-state]="c.state">
                    <a class="overview__link" routerLink="/cases" [queryParams]="{ state: c.state }">
                      <span class="overview__number">{{ c.total }}&#32;</span>
                      <span class="overview__label">{{ 'cases.states.' + c.state | transloco }}</span>
                    </a>
                  </li>
                }
              </ul>
            }
          }
        }
      </section>
    }
  `,
  styles: `
    .overview,
    .overview-review {
      margin-block-end: 2rem;
    }
    .overview-review {
      padding: 1rem;
      border-inline-start: 5px solid var(--accent);
      background: var(--surface-muted);
    }
    .overview-review__list {
      margin: 0 0 1rem;
      padding-inline-start: 1.25rem;
    }
    .overview-review__list li {
      margin-block-end: 0.5rem;
    }
    .overview-review__late {
      margin-inline-start: 0.5rem;
      color: var(--error);
    }
    .overview__list {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.5rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .overview__link {
      display: flex;
      flex-direction: column;
      min-block-size: 44px;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--border-light);
      text-decoration: none;
    }
    .overview__link:hover .overview__label {
      text-decoration: underline;
    }
    .overview__number {
      font-size: 1.5rem;
      font-weight: 700;
      color: var(--text);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseOverviewComponent implements OnInit {
  /** `review`: the principal's "waiting for my review" block (nothing for other roles); `counts`: cases per state. */
  readonly part = input.required<'review' | 'counts'>();

  private readonly api = inject(CasesApi);
  private readonly auth = inject(AuthService);

  protected readonly counts = signal<Counts>({ status: 'loading' });
  protected readonly review = signal<Review>({ status: 'none' });
  protected readonly showReview = computed(() => this.part() === 'review' && this.auth.currentUser()?.role === 'principal');
  protected readonly nonZero = computed(() => {
    const c = this.counts();
    return c.status === 'loaded' ? c.counts.filter((s) => s.total > 0) : [];
  });
  protected readonly reviewItems = computed(() => {
    const r = this.review();
    return r.status === 'loaded' ? r.items : [];
  });
  protected readonly reviewTotal = computed(() => {
    const r = this.review();
    return r.status === 'loaded' ? r.total : 0;
  });

  ngOnInit(): void {
    if (this.part() === 'counts') this.loadCounts();
    if (this.showReview()) this.loadReview();
  }

  private loadCounts(): void {
    forkJoin(
      CASE_STATES.map((state) =>
        this.api.search({ ...EMPTY_FILTERS, state: [state] }, 1).pipe(map((page): StateCount => ({ state, total: page.total }))),
      ),
    ).subscribe({
      next: (counts) => this.counts.set({ status: 'loaded', counts }),
      error: () => this.counts.set({ status: 'error' }),
    });
  }

  private loadReview(): void {
    this.review.set({ status: 'loading' });
    this.api
      .search({ ...EMPTY_FILTERS, review: true, sort: 'nextDueAt' }, REVIEW_PREVIEW_SIZE)
      .pipe(catchError(() => of(null)))
      .subscribe((page) => this.review.set(page ? { status: 'loaded', items: page.items, total: page.total } : { status: 'error' }));
  }
}
