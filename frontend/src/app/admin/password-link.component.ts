import { ChangeDetectionStrategy, Component, DOCUMENT, ElementRef, afterNextRender, inject, input, signal, viewChild } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../core/language.service';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { PasswordLink } from './admin-api';

/**
 * A one-time link to set a password, shown once (the server keeps only a fingerprint): the link in a read-only
 * field with a copy button, when it expires, and whether it was e-mailed. Takes the focus when shown.
 */
@Component({
  selector: 'app-password-link',
  imports: [TranslocoPipe, LocalDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin.css',
  template: `
    <div class="notice notice--success link-notice" tabindex="-1" #box data-testid="password-link">
      <h2 class="notice__title">{{ heading() | transloco: { name: name() } }}</h2>
      <p>
        <strong>{{ 'admin.link.onlyNow' | transloco }}</strong>
        {{ 'admin.link.expires' | transloco: { date: (link().expiresAt | localDateTime: language.dateLocale()) } }}
      </p>
      <label class="sublabel" for="password-link-url">{{ 'admin.link.label' | transloco }}</label>
      <div class="link-notice__row">
        <input
          class="input input--id link-notice__url"
          id="password-link-url"
          type="text"
          dir="ltr"
          readonly
          [value]="link().url"
          (focus)="select($event)"
          data-testid="password-link-url"
        />
        <button type="button" class="button button--secondary" (click)="copy()" data-testid="password-link-copy">
          {{ 'admin.link.copy' | transloco }}
        </button>
      </div>
      <p class="hint" role="status" data-testid="password-link-copied">
        @if (copied(); as c) {
          {{ c | transloco }}
        }
      </p>
      <p data-testid="password-link-emailed" [attr.data-emailed]="link().emailed">
        {{ (link().emailed ? 'admin.link.emailed' : 'admin.link.notEmailed') | transloco }}
      </p>
    </div>
  `,
})
export class PasswordLinkComponent {
  private readonly document = inject(DOCUMENT);
  protected readonly language = inject(LanguageService);

  readonly link = input.required<PasswordLink>();
  /** The account's name, for the heading. */
  readonly name = input('');
  readonly heading = input('admin.link.heading');

  protected readonly copied = signal<string | null>(null);
  private readonly box = viewChild.required<ElementRef<HTMLElement>>('box');

  constructor() {
    afterNextRender(() => this.box().nativeElement.focus());
  }

  protected select(event: Event): void {
    (event.target as HTMLInputElement).select();
  }

  protected async copy(): Promise<void> {
    try {
      await this.document.defaultView?.navigator.clipboard.writeText(this.link().url);
      this.copied.set('admin.link.copied');
    } catch {
      this.copied.set('admin.link.copyFailed');
    }
  }
}
