import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { ErrorItem } from './error-summary/error-summary.component';

/**
 * The message shown above a field in error, GOV.UK style ("Erreur : Saisissez la date des faits").
 * Give it the id the input's `aria-describedby` points to. Renders nothing when there is no error.
 */
@Component({
  selector: 'app-field-error',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as e) {
      <span class="field-error" data-testid="field-error">
        <span class="visually-hidden">{{ 'common.errorPrefix' | transloco }}</span>
        {{ e.text ?? (e.key ?? '' | transloco: e.params) }}
      </span>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class FieldErrorComponent {
  readonly error = input<ErrorItem | undefined>();
}
