import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/language.service';
import { ChartRow, suppressedMark } from './bar-chart.component';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, bottom: 36, side: 8 };

/**
 * A trend as vertical columns (e.g. cases per month), drawn in SVG (vector, printable), mirrored in Arabic so time
 * runs right to left, with the same numbers as a table under "Voir les données" for screen readers and copying.
 */
@Component({
  selector: 'app-column-chart',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="column-chart" [attr.data-testid]="testId()">
      <figcaption class="bar-chart__caption" [id]="testId() + '-caption'">{{ caption() }}</figcaption>
      <svg
        class="column-chart__svg"
        [attr.viewBox]="'0 0 ' + width + ' ' + height"
        role="img"
        [attr.aria-labelledby]="testId() + '-caption'"
        preserveAspectRatio="xMidYMid meet"
      >
        <line class="column-chart__axis" [attr.x1]="pad.side" [attr.x2]="width - pad.side" [attr.y1]="baseline" [attr.y2]="baseline" />
        @for (c of columns(); track c.key) {
          <g [attr.data-key]="c.key">
            <rect
              class="column-chart__column"
              [class.column-chart__column--suppressed]="c.value === null"
              [attr.x]="c.x"
              [attr.y]="c.y"
              [attr.width]="c.w"
              [attr.height]="c.h"
            />
            <text class="column-chart__value" [attr.x]="c.x + c.w / 2" [attr.y]="c.y - 4" text-anchor="middle">{{ c.text }}</text>
            <text class="column-chart__label" [attr.x]="c.x + c.w / 2" [attr.y]="baseline + 16" text-anchor="middle">{{ c.label }}</text>
          </g>
        }
      </svg>
      <details class="column-chart__data">
        <summary>{{ 'charts.showData' | transloco }}</summary>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{{ categoryHeader() }}</th>
              <th scope="col">{{ valueHeader() }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of columns(); track c.key) {
              <tr>
                <th scope="row">{{ c.label }}</th>
                <td>{{ c.text }}</td>
              </tr>
            }
          </tbody>
        </table>
      </details>
    </figure>
  `,
  styleUrl: './charts.css',
})
export class ColumnChartComponent {
  private readonly language = inject(LanguageService);
  readonly caption = input.required<string>();
  readonly rows = input.required<readonly ChartRow[]>();
  readonly categoryHeader = input('');
  readonly valueHeader = input('');
  readonly testId = input('column-chart');

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly pad = PAD;
  protected readonly baseline = HEIGHT - PAD.bottom;

  protected readonly columns = computed(() => {
    const rows = this.rows();
    const rtl = this.language.lang() === 'ar';
    const format = new Intl.NumberFormat(this.language.dateLocale());
    const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
    const slot = (WIDTH - 2 * PAD.side) / Math.max(1, rows.length);
    const w = Math.max(4, slot * 0.6);
    const room = this.baseline - PAD.top - 12;
    return rows.map((r, i) => {
      const index = rtl ? rows.length - 1 - i : i;
      const h = r.value === null ? 4 : (r.value / max) * room;
      return {
        key: r.key,
        label: r.label,
        value: r.value,
        text: r.value === null ? suppressedMark(r).text : format.format(r.value),
        x: PAD.side + index * slot + (slot - w) / 2,
        y: this.baseline - h,
        w,
        h,
      };
    });
  });
}
