import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { isLang } from '../core/language';
import { LanguageService } from '../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';

type Field = 'email' | 'password';
const FIELDS: readonly Field[] = ['email', 'password'];

/** Only in-app paths are accepted as return URLs (no `//evil.example`, no absolute URLs). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/my-work';
  if (value.startsWith('/sign-in')) return '/my-work';
  return value;
}

/** Error codes this page explains in the current language; any other code shows the API's own message. */
const KNOWN_CODES = new Set(['AUTH_INVALID_CREDENTIALS', 'AUTH_TOO_MANY_ATTEMPTS', 'NETWORK']);

@Component({
  selector: 'app-sign-in',
  imports: [ReactiveFormsModule, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent],
  templateUrl: './sign-in.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);

  /** Query parameters, bound by the router: where to go after signing in, and whether the session expired. */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected readonly submitting = signal(false);
  protected readonly fieldErrors = signal<Partial<Record<Field, ErrorItem>>>({});
  /** A problem not caused by one field (wrong credentials, too many attempts…); its link goes to the email. */
  protected readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const formError = this.formError();
    const fieldErrors = this.fieldErrors();
    return [...(formError ? [formError] : []), ...FIELDS.flatMap((f) => fieldErrors[f] ?? [])];
  });
  protected readonly showExpiredNotice = computed(() => !!this.expired() && this.errors().length === 0);

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const { email, password } = this.form.getRawValue();
    const fieldErrors: Partial<Record<Field, ErrorItem>> = {};
    if (!email.trim()) fieldErrors.email = { fieldId: 'email', key: 'signIn.emailRequired' };
    else if (this.form.controls.email.hasError('email')) fieldErrors.email = { fieldId: 'email', key: 'signIn.emailInvalid' };
    if (!password) fieldErrors.password = { fieldId: 'password', key: 'signIn.passwordRequired' };

    this.formError.set(null);
    this.fieldErrors.set(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;

    this.submitting.set(true);
    try {
      const user = await this.auth.signIn(email.trim(), password);
      // The profile language applies unless the person already chose one in this browser.
      if (!this.language.storedLang() && isLang(user.locale) && user.locale !== this.language.lang()) {
        await this.language.use(user.locale, { persist: false });
      }
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.showServerError(error);
    } finally {
      this.submitting.set(false);
    }
  }

  private showServerError(error: unknown): void {
    const apiError = toApiError(error);
    const fieldErrors: Partial<Record<Field, ErrorItem>> = {};
    for (const detail of apiError.details) {
      if ((FIELDS as readonly string[]).includes(detail.field)) {
        fieldErrors[detail.field as Field] = detail.message
          ? { fieldId: detail.field, text: detail.message }
          : { fieldId: detail.field, key: 'errors.UNKNOWN' };
      }
    }
    this.fieldErrors.set(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) {
      this.formError.set(null);
    } else if (KNOWN_CODES.has(apiError.code)) {
      this.formError.set({ fieldId: 'email', key: `errors.${apiError.code}` });
    } else if (apiError.message) {
      this.formError.set({ fieldId: 'email', text: apiError.message });
    } else {
      this.formError.set({ fieldId: 'email', key: 'errors.UNKNOWN' });
    }
  }
}
