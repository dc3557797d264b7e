import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { toApiError } from '../core/api-error';
import { AuthService, MfaProof } from '../core/auth.service';
import { isLang } from '../core/language';
import { LanguageService } from '../core/language.service';
import { safeReturnUrl } from '../core/return-url';
import { User } from '../core/user';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { isOtp, normaliseOtp, normaliseRecoveryCode } from '../shared/otp-code';

export { safeReturnUrl } from '../core/return-url';

type Field = 'email' | 'password';
const FIELDS: readonly Field[] = ['email', 'password'];

/** The second step: a code from the authenticator app, or a recovery code. */
type MfaMethod = 'app' | 'recovery';
const MFA_FIELD_ID: Record<MfaMethod, string> = { app: 'mfa-code', recovery: 'recovery-code' };

/** Error codes this page explains in the current language; any other code shows the API's own message. */
const KNOWN_CODES = new Set(['AUTH_INVALID_CREDENTIALS', 'AUTH_TOO_MANY_ATTEMPTS', 'NETWORK']);

@Component({
  selector: 'app-sign-in',
  imports: [ReactiveFormsModule, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent],
  templateUrl: './sign-in.component.html',
  styles: `
    .input--code {
      max-inline-size: 12rem;
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.1em;
    }
    .mfa-help {
      margin-block-start: 2rem;
      color: var(--text-secondary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  private readonly injector = inject(Injector);

  /** Query parameters, bound by the router: where to go after signing in, and whether the session expired. */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly mfaForm = new FormGroup({
    code: new FormControl('', { nonNullable: true }),
    recoveryCode: new FormControl('', { nonNullable: true }),
  });

  /** `credentials` (e-mail and password), then `mfa` when the account has two-factor authentication. */
  protected readonly step = signal<'credentials' | 'mfa'>('credentials');
  protected readonly mfaMethod = signal<MfaMethod>('app');
  protected readonly mfaFieldId = computed(() => MFA_FIELD_ID[this.mfaMethod()]);
  /** The pending sign-in expired before the code was given: back to step one, with an explanation. */
  protected readonly mfaExpired = signal(false);

  protected readonly submitting = signal(false);
  protected readonly fieldErrors = signal<Partial<Record<Field, ErrorItem>>>({});
  /** A problem not caused by one field (wrong credentials, too many attempts…); its link goes to the email. */
  protected readonly formError = signal<ErrorItem | null>(null);
  /** The problem with the code of the second step (shown above the field and in the summary). */
  protected readonly mfaError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    if (this.step() === 'mfa') {
      const mfaError = this.mfaError();
      return mfaError ? [mfaError] : [];
    }
    const formError = this.formError();
    const fieldErrors = this.fieldErrors();
    return [...(formError ? [formError] : []), ...FIELDS.flatMap((f) => fieldErrors[f] ?? [])];
  });
  protected readonly showExpiredNotice = computed(() => !!this.expired() && !this.mfaExpired() && this.errors().length === 0);

  private readonly mfaHeading = viewChild<ElementRef<HTMLElement>>('mfaHeading');
  private readonly credentialsHeading = viewChild<ElementRef<HTMLElement>>('credentialsHeading');
  private readonly expiredNotice = viewChild<ElementRef<HTMLElement>>('mfaExpiredNotice');
  private readonly mfaInput = viewChild<ElementRef<HTMLInputElement>>('mfaInput');

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
      const result = await this.auth.signIn(email.trim(), password);
      if (result.mfaRequired) {
        this.startMfaStep();
      } else {
        await this.afterSignIn(result.user);
      }
    } catch (error) {
      this.showServerError(error);
    } finally {
      this.submitting.set(false);
    }
  }

  /** Second step: sends the code (or the recovery code). */
  protected async submitMfa(): Promise<void> {
    if (this.submitting()) return;
    const method = this.mfaMethod();
    const fieldId = MFA_FIELD_ID[method];
    let proof: MfaProof;
    if (method === 'app') {
      const code = normaliseOtp(this.mfaForm.controls.code.value);
      if (!code) return this.mfaError.set({ fieldId, key: 'mfa.codeRequired' });
      if (!isOtp(code)) return this.mfaError.set({ fieldId, key: 'mfa.codeInvalid' });
      proof = { code };
    } else {
      const recoveryCode = normaliseRecoveryCode(this.mfaForm.controls.recoveryCode.value);
      if (!recoveryCode) return this.mfaError.set({ fieldId, key: 'signIn.recoveryCodeRequired' });
      proof = { recoveryCode };
    }

    this.mfaError.set(null);
    this.submitting.set(true);
    try {
      await this.afterSignIn(await this.auth.verifyMfa(proof));
    } catch (error) {
      this.showMfaError(error, fieldId);
    } finally {
      this.submitting.set(false);
    }
  }

  /** "Utiliser un code de secours" and back: switches the field and puts the focus in it. */
  protected toggleMfaMethod(): void {
    this.mfaMethod.update((m) => (m === 'app' ? 'recovery' : 'app'));
    this.mfaError.set(null);
    afterNextRender(() => this.mfaInput()?.nativeElement.focus(), { injector: this.injector });
  }

  /** Back to e-mail and password (another account, or the pending sign-in expired). */
  protected restart(expired = false): void {
    this.step.set('credentials');
    this.mfaMethod.set('app');
    this.mfaForm.reset();
    this.mfaError.set(null);
    this.formError.set(null);
    this.fieldErrors.set({});
    this.mfaExpired.set(expired);
    afterNextRender(() => (this.expiredNotice() ?? this.credentialsHeading())?.nativeElement.focus(), { injector: this.injector });
  }

  private startMfaStep(): void {
    // The password has done its job: it is not kept in the page while the code is asked for.
    this.form.controls.password.reset();
    this.mfaForm.reset();
    this.mfaMethod.set('app');
    this.mfaError.set(null);
    this.mfaExpired.set(false);
    this.step.set('mfa');
    afterNextRender(() => this.mfaHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  private async afterSignIn(user: User): Promise<void> {
    // The profile language applies unless the person already chose one in this browser.
    if (!this.language.storedLang() && isLang(user.locale) && user.locale !== this.language.lang()) {
      await this.language.use(user.locale, { persist: false });
    }
    // The guard takes people who must still set up two-factor authentication to the security page first.
    await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  private showMfaError(error: unknown, fieldId: string): void {
    const apiError = toApiError(error);
    if (apiError.statusCode === 401 && apiError.code === 'AUTH_REQUIRED') {
      this.restart(true);
      return;
    }
    if (apiError.code === 'NETWORK') this.mfaError.set({ fieldId, key: 'errors.NETWORK' });
    else if (apiError.message) this.mfaError.set({ fieldId, text: apiError.message });
    else if (apiError.statusCode === 429) this.mfaError.set({ fieldId, key: 'errors.AUTH_TOO_MANY_ATTEMPTS' });
    else if (apiError.statusCode === 401) this.mfaError.set({ fieldId, key: 'signIn.mfaWrongCode' });
    else this.mfaError.set({ fieldId, key: 'errors.UNKNOWN' });
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
