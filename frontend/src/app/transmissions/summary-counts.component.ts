import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../core/language.service';
import { loc } from './transmissions-display';
import { SummarySnapshot } from './transmissions.model';

/** The counts of a school summary as tables (totals, by tier, by type, by platform). */
@Component({
  selector: 'app-summary-counts',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="counts" data-testid="summary-totals">
      <caption class="counts__caption">
        {{
          'transmissions.summary.totals' | transloco
        }}
      </caption>
      <tbody>
        @for (t of totals(); track t.key) {
          <tr>
            <th scope="row">{{ 'transmissions.summary.' + t.key | transloco }}</th>
            <td>{{ n(t.value) }}</td>
          </tr>
        }
      </tbody>
    </table>
    <div class="counts__grid">
      @for (b of breakdowns(); track b.key) {
        <table class="counts" [attr.data-testid]="'summary-' + b.key">
          <caption class="counts__caption">
            {{
              'transmissions.summary.' + b.key | transloco
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ 'transmissions.summary.' + b.key + 'Column' | transloco }}</th>
              <th scope="col">{{ 'transmissions.summary.cases' | transloco }}</th>
            </tr>
          </thead>
          <tbody>
            @for (r of b.rows; track r.key) {
              <tr>
                <th scope="row">{{ r.labelKey ? (r.labelKey | transloco) : r.label }}</th>
                <td>{{ n(r.count) }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="2" class="counts__none">{{ 'transmissions.summary.none' | transloco }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </div>
  `,
  styles: `
    .counts {
      inline-size: 100%;
      max-inline-size: 32rem;
      margin-block-end: 1.5rem;
      border-collapse: collapse;
    }
    .counts__caption {
      text-align: start;
      font-weight: 700;
      padding-block-end: 0.5rem;
    }
    .counts th,
    .counts td {
      padding: 0.5rem;
      border-block-end: 1px solid var(--border-light);
      text-align: start;
      vertical-align: top;
    }
    .counts thead th {
      border-block-end: 2px solid var(--text);
    }
    .counts tbody th {
      font-weight: 400;
    }
    .counts td {
      text-align: end;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .counts td.counts__none {
      text-align: start;
      color: var(--text-secondary);
    }
    .counts__grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
      gap: 0 1.5rem;
    }
  `,
})
export class SummaryCountsComponent {
  private readonly language = inject(LanguageService);
  readonly summary = input.required<SummarySnapshot>();

  protected readonly totals = computed(() => {
    const s = this.summary();
    return [
      { key: 'reported', value: s.reported },
      { key: 'closed', value: s.closed },
      { key: 'openAtEnd', value: s.openAtEnd },
      { key: 'caseReportsSent', value: s.caseReportsSent },
    ];
  });

  protected readonly breakdowns = computed(() => {
    const s = this.summary();
    const lang = this.language.lang();
    return [
      {
        key: 'byTier',
        rows: s.byTier.map((r) => ({
          key: r.tier,
          label: r.tier,
          labelKey: r.tier === 'none' ? 'transmissions.summary.noTier' : '',
          count: r.count,
        })),
      },
      { key: 'byType', rows: s.byType.map((r) => ({ key: r.code, label: loc(r.label, lang) || r.code, labelKey: '', count: r.count })) },
      {
        key: 'byPlatform',
        rows: s.byPlatform.map((r) => ({ key: r.code, label: loc(r.label, lang) || r.code, labelKey: '', count: r.count })),
      },
    ];
  });

  protected n(value: number): string {
    return new Intl.NumberFormat(this.language.dateLocale()).format(value);
  }
}
