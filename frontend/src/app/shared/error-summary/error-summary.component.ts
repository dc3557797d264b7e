import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, Injector, afterNextRender, effect, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

/** Parameters interpolated into a translation (`{{name}}`). */
export type TranslationParams = Record<string, unknown>;

/**
 * One problem to show in an error summary. Either a translation key (translated when shown, so a language
 * switch updates it) or a ready text (e.g. a message the API already wrote in the person's language).
 */
export interface ErrorItem {
  /** id of the field to focus when the entry is followed. */
  fieldId: string;
  key?: string;
  params?: TranslationParams;
  text?: string;
}

/**
 * GOV.UK-style error summary: a box listing every problem as a link to its field. It takes focus each
 * time a new list of errors is given, so keyboard and screen reader users land on it after a submit.
 */
@Component({
  selector: 'app-error-summary',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'error-summary',
    tabindex: '-1',
    'aria-labelledby': 'error-summary-title',
    'data-testid': 'error-summary',
  },
  template: `
    <div role="alert">
      <h2 class="error-summary__title" id="error-summary-title">{{ 'common.errorSummaryTitle' | transloco }}</h2>
      <ul class="error-summary__list">
        @for (error of errors(); track $index) {
          <li>
            <a [href]="'#' + error.fieldId" (click)="goTo($event, error.fieldId)">{{
              error.text ?? (error.key ?? '' | transloco: error.params)
            }}</a>
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    :host {
      display: block;
      margin-block-end: 2rem;
      padding: 1rem;
      border: 5px solid var(--error);
    }
    :host(:focus-visible) {
      outline: 3px solid var(--focus-bg);
      outline-offset: 0;
    }
    .error-summary__title {
      font-size: 1.25rem;
      margin-block-end: 0.75rem;
    }
    .error-summary__list {
      margin: 0;
      padding-inline-start: 0;
      list-style: none;
    }
    .error-summary__list li {
      margin-block: 0.25rem;
    }
    .error-summary__list a {
      display: inline-block;
      min-block-size: 24px;
      color: var(--error);
      font-weight: 700;
    }
    .error-summary__list a:focus-visible {
      color: var(--focus-ring);
    }
  `,
})
export class ErrorSummaryComponent {
  readonly errors = input.required<readonly ErrorItem[]>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  constructor() {
    effect(() => {
      if (this.errors().length > 0) {
        afterNextRender(() => this.host.nativeElement.focus(), { injector: this.injector });
      }
    });
  }

  /** Follows an entry to its field without changing the URL (the app uses a <base href>). */
  protected goTo(event: Event, fieldId: string): void {
    event.preventDefault();
    const field = this.document.getElementById(fieldId);
    if (!field) return;
    field.focus();
    const label = this.document.querySelector(`label[for="${fieldId}"]`);
    (label ?? field).scrollIntoView({ block: 'start' });
  }
}
