import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { isPrincipal } from '../core/user';
import { KnowledgeApi } from '../knowledge/knowledge-api';
import { text } from '../cases/workflow/step-display';
import { BarChartComponent, ChartRow } from '../shared/charts/bar-chart.component';
import { ColumnChartComponent } from '../shared/charts/column-chart.component';
import { StatisticsApi } from './statistics-api';
import { BreakdownKey, StatCell, StatDuration, StatRow, Statistics, StatisticsFilters } from './statistics.model';

type PageState = { status: 'loading' } | { status: 'loaded'; stats: Statistics } | { status: 'error'; message: string | null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f-]{36}$/i;
const LEVELS = ['primaire', 'college', 'lycee'];

/** The breakdowns shown as bar charts, in this order (the month trend is a column chart above them). */
const BARS: BreakdownKey[] = ['type', 'platform', 'tier', 'track', 'followUpOutcome', 'level', 'province'];
/** Gender-based and AI-facilitated cyberviolence (issue #13): bar charts, then the monthly AI trend as columns. */
const GENDER_AI_BARS: BreakdownKey[] = ['targetSex', 'authorSex', 'genderBased', 'aiFacilitated'];

/**
 * Statistics of the cases in the viewer's scope (issue #9): a principal's school, an officer's direction provinciale
 * or academy, an administrator's unit. Small counts come suppressed from the API for officers and administrators
 * and are shown as "<5" / "c", never worked around; no school is named or ranked. Filters live in the address;
 * the same view downloads as CSV and prints.
 */
@Component({
  selector: 'app-statistics',
  imports: [RouterLink, TranslocoPipe, BarChartComponent, ColumnChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './statistics.component.html',
  styleUrl: './statistics.component.css',
})
export class StatisticsComponent {
  private readonly api = inject(StatisticsApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  protected readonly language = inject(LanguageService);
  /** the principal sends the school's periodic summaries from here */
  private readonly auth = inject(AuthService);
  protected readonly principal = computed(() => isPrincipal(this.auth.currentUser()));

  /** Query parameters, bound by the router. */
  readonly from = input<string>();
  readonly to = input<string>();
  readonly level = input<string>();
  readonly regionId = input<string>();
  readonly provinceId = input<string>();

  protected readonly filters = computed<StatisticsFilters>(() => ({
    from: DAY.test(this.from() ?? '') ? this.from()! : '',
    to: DAY.test(this.to() ?? '') ? this.to()! : '',
    level: LEVELS.includes(this.level() ?? '') ? this.level()! : '',
    regionId: UUID.test(this.regionId() ?? '') ? this.regionId()! : '',
    provinceId: UUID.test(this.provinceId() ?? '') ? this.provinceId()! : '',
  }));
  protected readonly draft = signal<StatisticsFilters>({ from: '', to: '', level: '', regionId: '', provinceId: '' });
  /** The academies and provinces offered by the filters (from the last answer: they do not depend on the filters). */
  protected readonly units = signal<Statistics['units']>({ regions: [], provinces: [] });
  protected readonly provinceChoices = computed(() => {
    const region = this.draft().regionId;
    return this.units().provinces.filter((p) => !region || p.regionId === region);
  });
  protected readonly levels = LEVELS;
  protected readonly state = signal<PageState>({ status: 'loading' });
  protected readonly stats = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.stats : null;
  });
  protected readonly exportUrl = computed(() => this.api.exportUrl(this.filters()));
  protected readonly reportUrl = computed(() => this.api.reportUrl(this.filters(), this.language.lang()));

  private readonly knowledge = toSignal(
    inject(KnowledgeApi)
      .get()
      .pipe(catchError(() => of(null))),
    { initialValue: null },
  );

  protected readonly trend = computed<ChartRow[]>(() => this.monthRows(this.stats()?.breakdowns.month ?? []));
  /** AI-facilitated cases per month of report (issue #13), suppressed cells as in every other chart */
  protected readonly aiTrend = computed<ChartRow[]>(() => this.monthRows(this.stats()?.breakdowns.aiTrend ?? []));

  protected readonly genderBars = computed(() => {
    const s = this.stats();
    if (!s) return [];
    this.language.lang(); // labels follow the language
    return GENDER_AI_BARS.map((key) => ({
      key,
      caption: this.t(`statistics.breakdowns.${key}`),
      withheld: s.withheld.includes(key),
      rows: s.breakdowns[key].map((r) => this.row(key, r)),
    }));
  });

  protected readonly bars = computed(() => {
    const s = this.stats();
    if (!s) return [];
    this.language.lang(); // labels follow the language
    return BARS.filter((key) => !(key === 'province' && s.scope.kind !== 'region' && s.scope.kind !== 'national')).map((key) => ({
      key,
      caption: this.t(`statistics.breakdowns.${key}`),
      withheld: s.withheld.includes(key),
      rows: s.breakdowns[key].map((r) => this.row(key, r)),
    }));
  });

  protected readonly durations = computed(() => {
    const s = this.stats();
    if (!s) return [];
    const d = s.durations;
    return (
      [
        ['toTriage', d.toTriage],
        ['toFirstInterview', d.toFirstInterview],
        ['toClosure', d.toClosure],
      ] as [string, StatDuration][]
    ).map(([key, v]) => ({ key, ...v }));
  });

  constructor() {
    toObservable(this.filters)
      .pipe(
        switchMap((f) =>
          this.api.get(f).pipe(
            map((stats): PageState => ({ status: 'loaded', stats })),
            catchError((e: unknown) => of<PageState>({ status: 'error', message: toApiError(e).message })),
            startWith<PageState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((s) => {
        this.state.set(s);
        if (s.status === 'loaded') this.units.set(s.stats.units);
        this.draft.set(this.filters());
      });
  }

  protected cell(c: StatCell | undefined): string {
    if (!c) return '—';
    if (c.value === null) return c.reason === 'complementary' ? 'c' : c.suppressed ? '<5' : '—';
    return new Intl.NumberFormat(this.language.dateLocale()).format(c.value);
  }

  protected days(v: number | null): string {
    return v === null ? '—' : new Intl.NumberFormat(this.language.dateLocale(), { maximumFractionDigits: 1 }).format(v);
  }

  protected percent(share: number | null): string {
    return share === null
      ? '—'
      : new Intl.NumberFormat(this.language.dateLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
  }

  protected set(key: keyof StatisticsFilters, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.draft.update((d) => {
      const next = { ...d, [key]: value };
      // a province of another academy no longer fits
      if (key === 'regionId' && value && this.units().provinces.find((p) => p.id === d.provinceId)?.regionId !== value)
        next.provinceId = '';
      return next;
    });
  }

  protected unitLabel(u: { label: { fr: string; ar: string; en: string } }): string {
    return u.label[this.language.lang()] || u.label.fr;
  }

  protected apply(event: Event): void {
    event.preventDefault();
    const d = this.draft();
    const queryParams = Object.fromEntries(Object.entries(d).filter(([, v]) => v));
    void this.router.navigate(['/statistics'], { queryParams });
  }

  protected clear(): void {
    void this.router.navigate(['/statistics']);
  }

  protected print(): void {
    window.print();
  }

  private monthRows(rows: StatRow[]): ChartRow[] {
    const format = new Intl.DateTimeFormat(this.language.dateLocale(), { month: 'short', year: '2-digit', timeZone: 'UTC' });
    return rows.map((r) => ({
      key: r.key ?? '',
      label: r.key ? format.format(new Date(`${r.key}-01T00:00:00Z`)) : '—',
      value: r.value,
      hidden: r.reason,
    }));
  }

  private row(key: BreakdownKey, r: StatRow): ChartRow {
    const lang = this.language.lang();
    const k = r.key ?? '';
    let label: string;
    if (key === 'targetSex' || key === 'authorSex') label = this.t(r.key === null ? 'statistics.notRecorded' : `statistics.sex.${k}`);
    else if (key === 'genderBased' || key === 'aiFacilitated')
      label = this.t(r.key === null ? 'statistics.notAssessed' : `statistics.answers.${k}`);
    else if (r.key === null) label = this.t('statistics.notYet');
    else if (key === 'type') label = text(this.knowledge()?.taxonomy.types.find((x) => x.code === k)?.label, lang) || k;
    else if (key === 'tier') {
      const name = text(this.knowledge()?.taxonomy.tiers.find((x) => x.code === k)?.label, lang);
      label = name ? `${k} – ${name}` : k;
    } else if (key === 'level') label = text(this.knowledge()?.levels.find((x) => x.code === k)?.label, lang) || k;
    else if (key === 'platform') label = this.t(`platforms.${k}`);
    else if (key === 'province') label = (r.label ? r.label[lang] || r.label.fr : '') || k;
    else label = this.t(`statistics.${key === 'track' ? 'tracks' : 'outcomes'}.${k}`);
    return { key: k || 'none', label, value: r.value, hidden: r.reason };
  }

  private t(key: string): string {
    return this.transloco.translate<string>(key);
  }
}
