import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import type { FieldDef, StepDef } from '@sanad/protocols';
import { LanguageService } from '../../core/language.service';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { text } from './step-display';

interface Row {
  id: string;
  label: string;
  value: string;
}

/** The answers given for a step, as label: value (for the signer, and in the timeline). */
@Component({
  selector: 'app-answer-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="answers" data-testid="answer-list">
      @for (row of rows(); track row.id) {
        <div class="answers__row">
          <dt>{{ row.label }}</dt>
          <dd>{{ row.value }}</dd>
        </div>
      }
      @for (item of checked(); track $index) {
        <div class="answers__row">
          <dt><span aria-hidden="true">✓ </span>{{ item }}</dt>
          <dd></dd>
        </div>
      }
    </dl>
  `,
})
export class AnswerListComponent {
  readonly step = input.required<StepDef>();
  readonly answers = input<Record<string, unknown>>({});
  readonly checklist = input<readonly string[]>([]);

  private readonly language = inject(LanguageService);
  private readonly transloco = inject(TranslocoService);
  private readonly datePipe = new LocalDatePipe();

  protected readonly rows = computed<Row[]>(() => {
    const lang = this.language.lang();
    const answers = this.answers();
    return (this.step().form?.fields ?? [])
      .filter((f) => answers[f.id] !== undefined && answers[f.id] !== null && answers[f.id] !== '')
      .map((f) => ({ id: f.id, label: text(f.label, lang), value: this.format(f, answers[f.id]) }));
  });

  protected readonly checked = computed(() => {
    const lang = this.language.lang();
    const ids = this.checklist();
    return (this.step().checklist?.items ?? []).filter((i) => ids.includes(i.id)).map((i) => text(i.label, lang));
  });

  private format(field: FieldDef, value: unknown): string {
    const lang = this.language.lang();
    const locale = this.language.dateLocale();
    const one = (v: unknown): string => {
      if (typeof v === 'boolean') return this.transloco.translate<string>(v ? 'common.yes' : 'common.no');
      if (typeof v !== 'string') return String(v);
      if (field.type === 'platform') return this.transloco.translate<string>(`platforms.${v}`);
      if (field.type === 'date' || field.type === 'datetime') return this.datePipe.transform(v, locale);
      const option = field.options?.find((o) => o.value === v);
      return option ? text(option.label, lang) : v;
    };
    return Array.isArray(value) ? value.map(one).join(', ') : one(value);
  }
}
