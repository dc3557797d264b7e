import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { ApiError, toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { safeReturnUrl } from '../core/return-url';
import { MfaStatus } from '../core/user';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { groupSecret, isOtp, normaliseOtp } from '../shared/otp-code';
import { AccountApi, MfaSetup } from './account-api';
import { PASSWORD_MIN_LENGTH, RECOVERY_CODES_FILE_NAME, recoveryCodesText } from './recovery-codes';

/** What the two-factor section shows: its status, the setup (QR code, key, code), or the recovery codes (once). */
type MfaView = { kind: 'status' } | { kind: 'setup'; setup: MfaSetup } | { kind: 'codes'; codes: readonly string[] };

type Busy = 'start' | 'confirm' | 'disable' | 'password' | null;
type DisableField = 'password' | 'code';
type PasswordField = 'currentPassword' | 'newPassword';

/** Field ids in the page (the error summary links to them). */
const IDS = {
  start: 'mfa-setup-start',
  confirmCode: 'confirm-code',
  disable: { password: 'disable-password', code: 'disable-code' },
  password: { currentPassword: 'current-password', newPassword: 'new-password' },
} as const;

const NOT_SET_UP: MfaStatus = { enabled: false, required: false };

/** Only images inlined by the API are shown (never a remote address). */
function isInlineImage(url: string): boolean {
  return /^data:image\/(svg\+xml|png)[;,]/.test(url);
}

/** A field error from an API answer: its message, or a translation chosen from its code. */
function detailError(fieldId: string, message: string, code: string, byCode: (code: string) => string): ErrorItem {
  return message ? { fieldId, text: message } : { fieldId, key: byCode(code) };
}

/** The message of an API error not tied to a field: the API's words, or ours for network and unknown errors. */
function generalError(fieldId: string, apiError: ApiError): ErrorItem {
  if (apiError.code === 'NETWORK') return { fieldId, key: 'errors.NETWORK' };
  if (apiError.message) return { fieldId, text: apiError.message };
  if (apiError.statusCode === 429) return { fieldId, key: 'errors.AUTH_TOO_MANY_ATTEMPTS' };
  return { fieldId, key: 'errors.UNKNOWN' };
}

/**
 * "Sécurité du compte": two-factor authentication (explanation, setup with QR code and key, recovery codes
 * shown once, status, turning it off when the role allows) and changing the password.
 */
@Component({
  selector: 'app-security',
  imports: [ReactiveFormsModule, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent],
  templateUrl: './security.component.html',
  styleUrl: './security.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityComponent {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  /** Query parameter: where to go once two-factor authentication is set up (given by the guard and the interceptor). */
  readonly returnUrl = input<string>();

  protected readonly ids = IDS;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;

  protected readonly mfa = computed<MfaStatus>(() => this.auth.currentUser()?.mfa ?? NOT_SET_UP);
  protected readonly view = signal<MfaView>({ kind: 'status' });
  protected readonly busy = signal<Busy>(null);
  protected readonly secretGroups = computed(() => {
    const view = this.view();
    return view.kind === 'setup' ? groupSecret(view.setup.secret) : '';
  });
  protected readonly qrCode = computed(() => {
    const view = this.view();
    return view.kind === 'setup' && isInlineImage(view.setup.qrCode) ? view.setup.qrCode : null;
  });
  protected readonly recoveryCodes = computed(() => {
    const view = this.view();
    return view.kind === 'codes' ? view.codes : [];
  });
  protected readonly codesSaved = signal(false);

  /** A short message for screen readers (copied, turned on / off); a translation key. */
  protected readonly announcement = signal<string | null>(null);
  protected readonly passwordChanged = signal(false);

  protected readonly confirmForm = new FormGroup({ code: new FormControl('', { nonNullable: true }) });
  protected readonly disableForm = new FormGroup({
    password: new FormControl('', { nonNullable: true }),
    code: new FormControl('', { nonNullable: true }),
  });
  protected readonly passwordForm = new FormGroup({
    currentPassword: new FormControl('', { nonNullable: true }),
    newPassword: new FormControl('', { nonNullable: true }),
  });

  private readonly startError = signal<ErrorItem | null>(null);
  protected readonly confirmError = signal<ErrorItem | null>(null);
  protected readonly disableErrors = signal<Partial<Record<DisableField, ErrorItem>>>({});
  private readonly disableFormError = signal<ErrorItem | null>(null);
  protected readonly passwordErrors = signal<Partial<Record<PasswordField, ErrorItem>>>({});
  private readonly passwordFormError = signal<ErrorItem | null>(null);

  /** Every problem on the page, in page order (only the form last sent has some). */
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const disable = this.disableErrors();
    const password = this.passwordErrors();
    return [
      this.startError(),
      this.confirmError(),
      this.disableFormError(),
      disable.password,
      disable.code,
      this.passwordFormError(),
      password.currentPassword,
      password.newPassword,
    ].filter((e): e is ErrorItem => !!e);
  });

  private readonly setupHeading = viewChild<ElementRef<HTMLElement>>('setupHeading');
  private readonly codesHeading = viewChild<ElementRef<HTMLElement>>('codesHeading');
  private readonly mfaHeading = viewChild<ElementRef<HTMLElement>>('mfaHeading');
  private readonly passwordNotice = viewChild<ElementRef<HTMLElement>>('passwordNotice');

  // Two-factor authentication: setup

  protected async startSetup(): Promise<void> {
    if (this.busy()) return;
    this.clearErrors();
    this.busy.set('start');
    try {
      const setup = await firstValueFrom(this.api.setupMfa());
      this.confirmForm.reset();
      this.view.set({ kind: 'setup', setup });
      this.focusAfterRender(() => this.setupHeading());
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.statusCode !== 401) this.startError.set(generalError(IDS.start, apiError));
    } finally {
      this.busy.set(null);
    }
  }

  protected cancelSetup(): void {
    this.clearErrors();
    this.view.set({ kind: 'status' });
    this.focusAfterRender(() => this.mfaHeading());
  }

  protected async copySecret(): Promise<void> {
    const view = this.view();
    if (view.kind !== 'setup') return;
    try {
      await this.document.defaultView?.navigator.clipboard.writeText(view.setup.secret);
      this.announce('account.setup.copied');
    } catch {
      this.announce('account.setup.copyFailed');
    }
  }

  protected async confirm(): Promise<void> {
    if (this.busy()) return;
    this.clearErrors();
    const code = normaliseOtp(this.confirmForm.controls.code.value);
    if (!code) return this.confirmError.set({ fieldId: IDS.confirmCode, key: 'mfa.codeRequired' });
    if (!isOtp(code)) return this.confirmError.set({ fieldId: IDS.confirmCode, key: 'mfa.codeInvalid' });

    this.busy.set('confirm');
    try {
      const { recoveryCodes } = await firstValueFrom(this.api.confirmMfa(code));
      this.auth.setMfa({ enabled: true, required: this.mfa().required });
      this.codesSaved.set(false);
      this.view.set({ kind: 'codes', codes: recoveryCodes });
      this.announce('account.mfa.enabledNow');
      this.focusAfterRender(() => this.codesHeading());
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.statusCode === 401 && apiError.code === 'AUTH_REQUIRED') return;
      const detail = apiError.details.find((d) => d.field === 'code');
      this.confirmError.set(
        detail
          ? detailError(IDS.confirmCode, detail.message, detail.code, () => 'mfa.codeInvalid')
          : generalError(IDS.confirmCode, apiError),
      );
    } finally {
      this.busy.set(null);
    }
  }

  // Two-factor authentication: recovery codes (shown once)

  protected onSavedChange(event: Event): void {
    this.codesSaved.set((event.target as HTMLInputElement).checked);
  }

  protected printCodes(): void {
    this.document.defaultView?.print();
  }

  protected downloadCodes(): void {
    const view = this.view();
    if (view.kind !== 'codes') return;
    const email = this.auth.currentUser()?.email ?? '';
    const text = recoveryCodesText(
      this.transloco.translate<string>('account.codes.fileTitle', { email }),
      this.transloco.translate<string>('account.codes.fileExplain'),
      view.codes,
    );
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = this.document.createElement('a');
    link.href = url;
    link.download = RECOVERY_CODES_FILE_NAME;
    link.hidden = true;
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** Leaves the codes behind (they are never shown again): to the page the person was going to, or the status. */
  protected async continueAfterCodes(): Promise<void> {
    if (!this.codesSaved()) return;
    const returnUrl = this.returnUrl();
    this.view.set({ kind: 'status' });
    if (returnUrl) {
      await this.router.navigateByUrl(safeReturnUrl(returnUrl));
    } else {
      this.focusAfterRender(() => this.mfaHeading());
    }
  }

  // Two-factor authentication: turning it off

  protected async disable(): Promise<void> {
    if (this.busy() || this.mfa().required) return;
    this.clearErrors();
    const password = this.disableForm.controls.password.value;
    const code = normaliseOtp(this.disableForm.controls.code.value);
    const errors: Partial<Record<DisableField, ErrorItem>> = {};
    if (!password) errors.password = { fieldId: IDS.disable.password, key: 'account.disable.passwordRequired' };
    if (!code) errors.code = { fieldId: IDS.disable.code, key: 'mfa.codeRequired' };
    else if (!isOtp(code)) errors.code = { fieldId: IDS.disable.code, key: 'mfa.codeInvalid' };
    this.disableErrors.set(errors);
    if (Object.keys(errors).length > 0) return;

    this.busy.set('disable');
    try {
      await firstValueFrom(this.api.disableMfa(password, code));
      this.auth.setMfa({ enabled: false, required: false });
      this.disableForm.reset();
      this.announce('account.disable.done');
      this.focusAfterRender(() => this.mfaHeading());
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.statusCode === 401 && apiError.code === 'AUTH_REQUIRED') return;
      const fieldErrors: Partial<Record<DisableField, ErrorItem>> = {};
      for (const detail of apiError.details) {
        if (detail.field === 'password' || detail.field === 'code') {
          fieldErrors[detail.field] ??= detailError(IDS.disable[detail.field], detail.message, detail.code, () => 'errors.UNKNOWN');
        }
      }
      this.disableErrors.set(fieldErrors);
      if (Object.keys(fieldErrors).length === 0) this.disableFormError.set(generalError(IDS.disable.password, apiError));
    } finally {
      this.busy.set(null);
    }
  }

  // Password

  protected async changePassword(): Promise<void> {
    if (this.busy()) return;
    this.clearErrors();
    this.passwordChanged.set(false);
    const { currentPassword, newPassword } = this.passwordForm.getRawValue();
    const errors: Partial<Record<PasswordField, ErrorItem>> = {};
    if (!currentPassword) errors.currentPassword = { fieldId: IDS.password.currentPassword, key: 'account.password.currentRequired' };
    if (!newPassword) errors.newPassword = { fieldId: IDS.password.newPassword, key: 'account.password.newRequired' };
    else if ([...newPassword].length < PASSWORD_MIN_LENGTH)
      errors.newPassword = { fieldId: IDS.password.newPassword, key: 'account.password.newTooShort' };
    this.passwordErrors.set(errors);
    if (Object.keys(errors).length > 0) return;

    this.busy.set('password');
    try {
      await firstValueFrom(this.api.changePassword(currentPassword, newPassword));
      this.passwordForm.reset();
      this.passwordChanged.set(true);
      this.focusAfterRender(() => this.passwordNotice());
    } catch (error) {
      this.showPasswordError(toApiError(error));
    } finally {
      this.busy.set(null);
    }
  }

  private showPasswordError(apiError: ApiError): void {
    if (apiError.statusCode === 401 && apiError.code === 'AUTH_REQUIRED') return;
    const fieldErrors: Partial<Record<PasswordField, ErrorItem>> = {};
    const others: string[] = [];
    for (const detail of apiError.details) {
      if (detail.field === 'currentPassword' || detail.field === 'newPassword') {
        fieldErrors[detail.field] ??= detailError(IDS.password[detail.field], detail.message, detail.code, passwordKeyFor);
      } else if (detail.message) {
        others.push(detail.message);
      }
    }
    if (Object.keys(fieldErrors).length === 0 && others.length === 0 && apiError.statusCode === 401) {
      // Wrong current password: the API's message goes on that field.
      fieldErrors.currentPassword = apiError.message
        ? { fieldId: IDS.password.currentPassword, text: apiError.message }
        : { fieldId: IDS.password.currentPassword, key: 'account.password.currentWrong' };
    }
    this.passwordErrors.set(fieldErrors);
    if (others.length > 0) this.passwordFormError.set({ fieldId: IDS.password.currentPassword, text: others.join(' ') });
    else if (Object.keys(fieldErrors).length === 0) this.passwordFormError.set(generalError(IDS.password.currentPassword, apiError));
  }

  // Helpers

  private clearErrors(): void {
    this.startError.set(null);
    this.confirmError.set(null);
    this.disableErrors.set({});
    this.disableFormError.set(null);
    this.passwordErrors.set({});
    this.passwordFormError.set(null);
  }

  private announce(key: string): void {
    // Emptied first so the same message said twice is announced twice.
    this.announcement.set(null);
    afterNextRender(() => this.announcement.set(key), { injector: this.injector });
  }

  private focusAfterRender(target: () => ElementRef<HTMLElement> | undefined): void {
    afterNextRender(() => target()?.nativeElement.focus(), { injector: this.injector });
  }
}

/** A translation for a password rule the API named without a message. */
function passwordKeyFor(code: string): string {
  if (/short|length/i.test(code)) return 'account.password.newTooShort';
  if (/common|weak|breach|pwned/i.test(code)) return 'account.password.newTooCommon';
  return 'errors.UNKNOWN';
}
