import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { FieldDef, FieldOption } from '@sanad/protocols';
import { PLATFORMS } from '@sanad/protocols';
import type { Lang } from '../../core/language';
import { ErrorItem } from '../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../shared/field-error.component';
import { RawValue } from '../workflow/step-form';
import { text } from '../workflow/step-display';

interface Choice {
  value: string;
  label: string;
  /** Short definition shown under the choice (option `help`, e.g. the cyberviolence types of protocol 1.1.0). */
  help?: string;
  /** Translation key instead of a label (platforms, yes/no). */
  key?: string;
}

/**
 * One question of a step form, drawn from its definition: a text box, a date, a number, or a group of radios
 * or checkboxes in a fieldset with a legend. The first control of a group carries the field's id, so an
 * error summary link lands on it.
 */
@Component({
  selector: 'app-step-field',
  imports: [TranslocoPipe, FieldErrorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // an option's definition sits under its label, aligned with it (box 1.5rem + gap 0.5rem)
  styles: '.choice__help { flex-basis: 100%; margin-block: -0.5rem 0.25rem; padding-inline-start: 2rem; }',
  host: { class: 'form-group', '[class.form-group--error]': 'error()', '[attr.data-testid]': "'field-' + field().id" },
  template: `
    @let f = field();
    @let id = 'f-' + f.id;
    @let described = (f.help ? id + '-hint ' : '') + (error() ? id + '-error' : '');
    @if (group()) {
      <fieldset class="fieldset" [attr.aria-describedby]="described.trim() || null">
        <legend class="label">
          {{ label() }}
          @if (!f.required) {
            <span class="optional">{{ 'stepForm.optional' | transloco }}</span>
          }
        </legend>
        @if (f.help) {
          <span class="hint" [id]="id + '-hint'">{{ help() }}</span>
        }
        <app-field-error [id]="id + '-error'" [error]="error()" />
        <div class="choices" [class.choices--inline]="f.type === 'yesNo'">
          @for (c of choices(); track c.value; let i = $index) {
            @let optionId = i === 0 ? id : id + '-' + i;
            <div class="choice">
              <input
                class="choice__input"
                [type]="multiple() ? 'checkbox' : 'radio'"
                [id]="optionId"
                [name]="id"
                [value]="c.value"
                [checked]="isChecked(c.value)"
                [attr.aria-describedby]="c.help ? optionId + '-help' : null"
                (change)="toggle(c.value, $any($event.target).checked)"
              />
              <label class="choice__label" [for]="optionId">{{ c.key ? (c.key | transloco) : c.label }}</label>
              @if (c.help) {
                <span class="hint choice__help" [id]="optionId + '-help'" data-testid="option-help">{{ c.help }}</span>
              }
            </div>
          }
        </div>
      </fieldset>
    } @else {
      <label class="label" [for]="id">
        {{ label() }}
        @if (!f.required) {
          <span class="optional">{{ 'stepForm.optional' | transloco }}</span>
        }
      </label>
      @if (f.help) {
        <span class="hint" [id]="id + '-hint'">{{ help() }}</span>
      }
      <app-field-error [id]="id + '-error'" [error]="error()" />
      @switch (f.type) {
        @case ('longText') {
          <textarea
            class="input textarea"
            [class.input--error]="error()"
            [id]="id"
            rows="5"
            [value]="textValue()"
            [attr.aria-invalid]="error() ? true : null"
            [attr.aria-describedby]="described.trim() || null"
            (input)="changed.emit($any($event.target).value)"
          ></textarea>
        }
        @default {
          <input
            class="input"
            [class.input--date]="f.type === 'date' || f.type === 'datetime'"
            [class.input--number]="f.type === 'number'"
            [class.input--error]="error()"
            [id]="id"
            [type]="inputType()"
            [attr.inputmode]="f.type === 'number' ? 'decimal' : null"
            [attr.autocomplete]="'off'"
            [value]="textValue()"
            [attr.aria-invalid]="error() ? true : null"
            [attr.aria-describedby]="described.trim() || null"
            (input)="changed.emit($any($event.target).value)"
          />
        }
      }
    }
  `,
})
export class StepFieldComponent {
  readonly field = input.required<FieldDef>();
  /** Options whose condition holds for this case (choice, multiChoice). */
  readonly options = input<readonly FieldOption[]>([]);
  readonly value = input<RawValue | undefined>();
  readonly error = input<ErrorItem | undefined>();
  readonly lang = input.required<Lang>();
  readonly changed = output<RawValue | undefined>();

  protected readonly label = computed(() => text(this.field().label, this.lang()));
  protected readonly help = computed(() => text(this.field().help, this.lang()));
  protected readonly group = computed(() => ['choice', 'multiChoice', 'yesNo', 'platform'].includes(this.field().type));
  protected readonly multiple = computed(() => {
    const f = this.field();
    return f.type === 'multiChoice' || (f.type === 'platform' && f.multiple === true);
  });
  protected readonly inputType = computed(() => {
    const type = this.field().type;
    return type === 'date' ? 'date' : type === 'datetime' ? 'datetime-local' : 'text';
  });
  protected readonly textValue = computed(() => {
    const v = this.value();
    return typeof v === 'string' ? v : '';
  });
  protected readonly choices = computed<Choice[]>(() => {
    const f = this.field();
    const lang = this.lang();
    if (f.type === 'yesNo') {
      return [
        { value: 'true', label: '', key: 'common.yes' },
        { value: 'false', label: '', key: 'common.no' },
      ];
    }
    if (f.type === 'platform') return PLATFORMS.map((p) => ({ value: p, label: p, key: `platforms.${p}` }));
    return this.options().map((o) => ({ value: o.value, label: text(o.label, lang), help: o.help ? text(o.help, lang) : undefined }));
  });

  protected isChecked(choice: string): boolean {
    const v = this.value();
    if (typeof v === 'boolean') return String(v) === choice;
    if (Array.isArray(v)) return v.includes(choice);
    return v === choice;
  }

  protected toggle(choice: string, checked: boolean): void {
    const f = this.field();
    if (f.type === 'yesNo') {
      this.changed.emit(choice === 'true');
    } else if (this.multiple()) {
      const current = Array.isArray(this.value()) ? (this.value() as string[]) : [];
      const next = checked ? [...current.filter((v) => v !== choice), choice] : current.filter((v) => v !== choice);
      // Keep the order of the options, whatever the order of the clicks.
      const order = this.choices().map((c) => c.value);
      this.changed.emit(next.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    } else {
      this.changed.emit(choice);
    }
  }
}
