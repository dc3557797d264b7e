import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, combineLatest, map, of, startWith, switchMap } from 'rxjs';
import { LanguageService } from '../../core/language.service';
import { mediaQuery } from '../../core/media-query';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { CaseCreatedState, CaseSummary, Page, isKnownState } from '../case.model';
import { CasesApi, DEFAULT_PAGE_SIZE } from '../cases-api';

type ListState = { status: 'loading' } | { status: 'loaded'; page: Page<CaseSummary> } | { status: 'error' };

/** "Mes dossiers": the cases of the person's school, newest first, 20 per page. */
@Component({
  selector: 'app-case-list',
  imports: [RouterLink, TranslocoPipe, LocalDatePipe],
  templateUrl: './case-list.component.html',
  styleUrl: './case-list.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseListComponent {
  private readonly api = inject(CasesApi);
  protected readonly language = inject(LanguageService);

  /** `?page=` query parameter, bound by the router. */
  readonly page = input<string>();
  protected readonly pageNumber = computed(() => {
    const n = Number(this.page());
    return Number.isInteger(n) && n >= 1 ? n : 1;
  });

  /** Wide screens get a table; under 40em (≈ 640px, and when zoomed in) each case is a card. */
  protected readonly wide = mediaQuery('(min-width: 40em)');

  protected readonly createdReference = signal((inject(Location).getState() as CaseCreatedState | null)?.createdReference ?? null);

  private readonly reload = signal(0);
  protected readonly state = signal<ListState>({ status: 'loading' });

  protected readonly result = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.page : null;
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || DEFAULT_PAGE_SIZE))) : 1;
  });

  constructor() {
    combineLatest([toObservable(this.pageNumber), toObservable(this.reload)])
      .pipe(
        switchMap(([page]) =>
          this.api.list(page, DEFAULT_PAGE_SIZE).pipe(
            map((result): ListState => ({ status: 'loaded', page: result })),
            catchError(() => of<ListState>({ status: 'error' })),
            startWith<ListState>({ status: 'loading' }),
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

  protected isEmergency(state: string): boolean {
    return state === 'EMERGENCY_ESCALATED';
  }
}
