import { Location, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, combineLatest, map, of, startWith, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth.service';
import { LanguageService } from '../../core/language.service';
import { mediaQuery } from '../../core/media-query';
import { KnowledgeApi } from '../../knowledge/knowledge-api';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { LocalDateTimePipe } from '../../shared/local-date-time.pipe';
import { CaseCreatedState, CaseSummary, Page, isKnownState } from '../case.model';
import { CasesApi, DEFAULT_PAGE_SIZE } from '../cases-api';
import { text } from '../workflow/step-display';
import {
  CASE_SORTS,
  CaseFilters,
  CaseSort,
  EMPTY_FILTERS,
  FILTER_PLATFORMS,
  FILTER_STATES,
  TIERS,
  activeFilterCount,
  filtersFromParams,
  filtersToQueryParams,
} from './case-filters';

type ListState = { status: 'loading' } | { status: 'loaded'; page: Page<CaseSummary> } | { status: 'error' };
type MultiKey = 'state' | 'tier' | 'type' | 'platform';

interface Option {
  value: string;
  label: string;
}

/**
 * "Mes dossiers": the cases of the person's school with a filter bar (search, state, tier, type, platform, reported
 * between, overdue, waiting for the principal), a sort and pages. Everything is in the address (`?state=…&page=2`):
 * a filtered list can be shared and the back button goes back to the previous filters. On phones the filters fold
 * behind a "Filtres" button and each case is a card.
 */
@Component({
  selector: 'app-case-list',
  imports: [NgTemplateOutlet, RouterLink, TranslocoPipe, LocalDatePipe, LocalDateTimePipe],
  templateUrl: './case-list.component.html',
  styleUrl: './case-list.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseListComponent {
  private readonly api = inject(CasesApi);
  private readonly router = inject(Router);
  private readonly knowledgeApi = inject(KnowledgeApi);
  private readonly auth = inject(AuthService);
  protected readonly language = inject(LanguageService);

  /** Query parameters, bound by the router. */
  readonly page = input<string>();
  readonly q = input<string>();
  readonly state = input<string>();
  readonly tier = input<string>();
  readonly type = input<string>();
  readonly platform = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly overdue = input<string>();
  readonly review = input<string>();
  readonly createdBy = input<string>();
  readonly assignee = input<string>();
  readonly sort = input<string>();

  /** The filters of the address: what is listed. */
  protected readonly filters = computed<CaseFilters>(() =>
    filtersFromParams({
      page: this.page(),
      q: this.q(),
      state: this.state(),
      tier: this.tier(),
      type: this.type(),
      platform: this.platform(),
      from: this.from(),
      to: this.to(),
      overdue: this.overdue(),
      review: this.review(),
      createdBy: this.createdBy(),
      assignee: this.assignee(),
      sort: this.sort(),
    }),
  );
  protected readonly pageNumber = computed(() => this.filters().page);
  protected readonly activeCount = computed(() => activeFilterCount(this.filters()));

  /** What is being edited in the filter bar, applied with "Appliquer". */
  protected readonly draft = signal<CaseFilters>(EMPTY_FILTERS);

  /** Wide screens get a table; under 40em (≈ 640px, and when zoomed in) each case is a card and the filters fold. */
  protected readonly wide = mediaQuery('(min-width: 40em)');
  protected readonly filtersOpen = signal(false);
  private readonly filtersToggle = viewChild<ElementRef<HTMLButtonElement>>('filtersToggle');

  protected readonly createdReference = signal((inject(Location).getState() as CaseCreatedState | null)?.createdReference ?? null);

  private readonly reload = signal(0);
  protected readonly listState = signal<ListState>({ status: 'loading' });

  protected readonly result = computed(() => {
    const s = this.listState();
    return s.status === 'loaded' ? s.page : null;
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || DEFAULT_PAGE_SIZE))) : 1;
  });

  private readonly knowledge = toSignal(this.knowledgeApi.get().pipe(catchError(() => of(null))), { initialValue: null });

  /** The school's team, for the "in charge" filter (the list works without it). */
  protected readonly staff = toSignal(this.api.staff().pipe(catchError(() => of([]))), { initialValue: [] });

  protected readonly sorts = CASE_SORTS;
  protected readonly stateOptions = computed<Option[]>(() => FILTER_STATES.map((s) => ({ value: s, label: s })));
  protected readonly tierOptions = computed<Option[]>(() => {
    const lang = this.language.lang();
    const tiers = this.knowledge()?.taxonomy.tiers ?? [];
    return TIERS.map((code) => {
      const label = text(tiers.find((t) => t.code === code)?.label, lang);
      return { value: code, label: label ? `${code} – ${label}` : code };
    });
  });
  protected readonly typeOptions = computed<Option[]>(() => {
    const lang = this.language.lang();
    return (this.knowledge()?.taxonomy.types ?? []).map((t) => ({ value: t.code, label: text(t.label, lang) || t.code }));
  });
  protected readonly platformOptions = computed<Option[]>(() => FILTER_PLATFORMS.map((p) => ({ value: p, label: p })));
  /** The multi-selects of the filter bar; `prefix`: the options' labels are translation keys. */
  protected readonly groups = computed<{ key: MultiKey; options: Option[]; prefix: string }[]>(() => [
    { key: 'state', options: this.stateOptions(), prefix: 'cases.states.' },
    { key: 'tier', options: this.tierOptions(), prefix: '' },
    { key: 'type', options: this.typeOptions(), prefix: '' },
    { key: 'platform', options: this.platformOptions(), prefix: 'platforms.' },
  ]);

  constructor() {
    // The filter bar shows the filters of the address (after a back, a shared link or "clear").
    effect(() => this.draft.set(this.filters()));

    combineLatest([toObservable(this.filters), toObservable(this.reload)])
      .pipe(
        switchMap(([filters]) =>
          this.api.search(filters, DEFAULT_PAGE_SIZE).pipe(
            map((result): ListState => ({ status: 'loaded', page: result })),
            catchError(() => of<ListState>({ status: 'error' })),
            startWith<ListState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.listState.set(state));
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  protected toggleFilters(): void {
    this.filtersOpen.update((open) => !open);
  }

  protected setText(key: 'q' | 'from' | 'to', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.draft.update((d) => ({ ...d, [key]: value }));
  }

  protected setFlag(key: 'overdue' | 'review', event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.draft.update((d) => ({ ...d, [key]: checked }));
  }

  protected toggle(key: MultiKey, value: string, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.draft.update((d) => ({
      ...d,
      [key]: checked ? [...d[key].filter((v) => v !== value), value] : d[key].filter((v) => v !== value),
    }));
  }

  protected setAssignee(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.draft.update((d) => ({ ...d, assignee: value }));
  }

  /** "Opened by me": the signed-in person's id as `createdBy`. */
  protected setMine(event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.draft.update((d) => ({ ...d, createdBy: checked ? (this.auth.currentUser()?.id ?? '') : '' }));
  }

  protected readonly mine = computed(() => {
    const id = this.auth.currentUser()?.id;
    return !!id && this.draft().createdBy === id;
  });

  protected isChecked(key: MultiKey, value: string): boolean {
    return this.draft()[key].includes(value);
  }

  protected selectedCount(key: MultiKey): number {
    return this.draft()[key].length;
  }

  /** "Appliquer": the filters go to the address (a new history entry), back to page 1. */
  protected apply(event?: Event): void {
    event?.preventDefault();
    const draft = this.draft();
    const from = draft.from && draft.to && draft.from > draft.to ? draft.to : draft.from;
    const to = draft.from && draft.to && draft.from > draft.to ? draft.from : draft.to;
    void this.go({ ...draft, from, to, sort: this.filters().sort, page: 1 });
    if (!this.wide()) {
      // The folded form hid the focused button: focus goes back to "Filtres".
      this.filtersOpen.set(false);
      this.filtersToggle()?.nativeElement.focus();
    }
  }

  protected clear(): void {
    void this.go({ ...EMPTY_FILTERS, sort: this.filters().sort });
  }

  protected changeSort(event: Event): void {
    const sort = (event.target as HTMLSelectElement).value as CaseSort;
    void this.go({ ...this.filters(), sort, page: 1 });
  }

  protected pageParams(page: number): Record<string, string> {
    return filtersToQueryParams({ ...this.filters(), page });
  }

  private go(filters: CaseFilters): Promise<boolean> {
    return this.router.navigate(['/cases'], { queryParams: filtersToQueryParams(filters) });
  }

  protected stateKey(state: string): string {
    return isKnownState(state) ? `cases.states.${state}` : 'cases.states.unknown';
  }

  protected isEmergency(state: string): boolean {
    return state === 'EMERGENCY_ESCALATED';
  }

  protected typeLabels(c: CaseSummary): string {
    const options = this.typeOptions();
    return (c.types ?? []).map((code) => options.find((o) => o.value === code)?.label ?? code).join(', ');
  }
}
