import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/language.service';

/**
 * One bar: `value` null when the count is suppressed: fewer than 5 cases ("<5"), or hidden so that such a count
 * cannot be worked out from the others (`hidden: 'complementary'`, shown "c").
 */
export interface ChartRow {
  key: string;
  label: string;
  value: number | null;
  hidden?: 'small' | 'complementary' | null;
}

/** What a suppressed count reads, and the translation key of its explanation. */
export function suppressedMark(row: ChartRow): { text: string; title: string } {
  return row.hidden === 'complementary'
    ? { text: 'c', title: 'charts.complementaryTitle' }
    : { text: '<5', title: 'charts.suppressedTitle' };
}

/**
 * A horizontal bar chart that is a table: one row per category (label, bar, number), so screen readers, printing,
 * right-to-left and zoom all work without a second "data table" view. Suppressed counts read "<5" and draw a
 * hatched stub, never a length that would hint at the value.
 */
@Component({
  selector: 'app-bar-chart',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="bar-chart" [attr.data-testid]="testId()">
      <caption class="bar-chart__caption">
        {{
          caption()
        }}
      </caption>
      <thead class="visually-hidden">
        <tr>
          <th scope="col">{{ categoryHeader() }}</th>
          <th scope="col">{{ valueHeader() }}</th>
        </tr>
      </thead>
      <tbody>
        @for (r of bars(); track r.key) {
          <tr class="bar-chart__row" [attr.data-key]="r.key">
            <th scope="row" class="bar-chart__label">{{ r.label }}</th>
            <td class="bar-chart__cell">
              <span class="bar-chart__track" aria-hidden="true">
                <span class="bar-chart__bar" [class.bar-chart__bar--suppressed]="r.value === null" [style.inline-size.%]="r.width"></span>
              </span>
              <span class="bar-chart__value" data-testid="bar-value">
                @if (r.mark; as m) {
                  <abbr [attr.title]="m.title | transloco">{{ m.text }}</abbr>
                } @else {
                  {{ r.formatted }}
                }
              </span>
            </td>
          </tr>
        } @empty {
          <tr>
            <td colspan="2">{{ 'charts.empty' | transloco }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styleUrl: './charts.css',
})
export class BarChartComponent {
  private readonly language = inject(LanguageService);
  readonly caption = input.required<string>();
  readonly rows = input.required<readonly ChartRow[]>();
  readonly categoryHeader = input('');
  readonly valueHeader = input('');
  readonly testId = input('bar-chart');

  protected readonly bars = computed(() => {
    const rows = this.rows();
    const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
    const format = new Intl.NumberFormat(this.language.dateLocale());
    return rows.map((r) => ({
      ...r,
      width: r.value === null ? 3 : Math.max(r.value > 0 ? 1 : 0, (r.value / max) * 100),
      formatted: r.value === null ? '' : format.format(r.value),
      mark: r.value === null ? suppressedMark(r) : null,
    }));
  });
}
