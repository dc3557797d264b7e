import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  WritableSignal,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { ApiError, toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from '../core/password-rules';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { PasswordLinkApi } from './password-link-api';

/**
 * What the page shows: the form; the confirmation; or why the link cannot be used
 * (`missing`: no token in the address, e.g. the page was reloaded; `invalid`: the API refused the link).
 */
type View = 'form' | 'done' | 'missing' | 'invalid';
type Field = 'newPassword' | 'confirmPassword';
const FIELDS: readonly Field[] = ['newPassword', 'confirmPassword'];

/** Field ids in the page (the error summary links to them). */
const IDS: Record<Field, string> = { newPassword: 'new-password', confirmPassword: 'confirm-password' };

/** Password rules the API names in `details[].code`, worded by us so a language switch updates them. */
const PASSWORD_RULE_KEYS: Record<string, string> = {
  'password.tooShort': 'setupPassword.newTooShort',
  'password.tooLong': 'setupPassword.newTooLong',
  'password.common': 'setupPassword.newTooCommon',
  'password.containsEmail': 'setupPassword.newContainsEmail',
};

/**
 * "Choisissez votre mot de passe": the public page a one-time link opens (`/setup-password?token=…`, printed by
 * the administrator bootstrap and sent with invitations). The token is read once, kept in memory only and removed
 * from the address bar and the history entry at once (it is never logged nor stored).
 */
@Component({
  selector: 'app-setup-password',
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent],
  templateUrl: './setup-password.component.html',
  styles: `
    h1[tabindex='-1']:focus {
      outline: none;
    }
    .done-icon {
      color: var(--success);
      margin-inline-end: 0.25rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SetupPasswordComponent {
  private readonly api = inject(PasswordLinkApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);

  /** The link's secret: in memory only, forgotten once used or refused. */
  private token: string | null;

  protected readonly ids = IDS;
  protected readonly minLength = PASSWORD_MIN_LENGTH;

  protected readonly view: WritableSignal<View>;
  protected readonly submitting = signal(false);
  protected readonly form = new FormGroup({
    newPassword: new FormControl('', { nonNullable: true }),
    confirmPassword: new FormControl('', { nonNullable: true }),
  });

  protected readonly fieldErrors = signal<Partial<Record<Field, ErrorItem>>>({});
  /** A problem not tied to one field (too many attempts, network…); its link goes to the new password. */
  private readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const formError = this.formError();
    const fieldErrors = this.fieldErrors();
    return [...(formError ? [formError] : []), ...FIELDS.flatMap((f) => fieldErrors[f] ?? [])];
  });

  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  constructor() {
    const route = inject(ActivatedRoute);
    const query = route.snapshot.queryParamMap;
    const token = query.get('token');
    this.token = token?.length ? token : null;
    this.view = signal<View>(this.token ? 'form' : 'missing');
    if (query.keys.length > 0) {
      // Once read, the token leaves the address bar and this history entry (replaceState), so it cannot be
      // seen over a shoulder, bookmarked, synced or found in the history. Done after the first render: a
      // navigation started while this one is activating would cancel it.
      afterNextRender(() => void this.router.navigate([], { relativeTo: route, replaceUrl: true }), { injector: this.injector });
    }
  }

  protected async submit(): Promise<void> {
    if (this.submitting() || !this.token) return;
    const { newPassword, confirmPassword } = this.form.getRawValue();
    const fieldErrors: Partial<Record<Field, ErrorItem>> = {};
    const length = passwordLength(newPassword);
    if (!newPassword) fieldErrors.newPassword = { fieldId: IDS.newPassword, key: 'setupPassword.newRequired' };
    else if (length < PASSWORD_MIN_LENGTH) fieldErrors.newPassword = { fieldId: IDS.newPassword, key: 'setupPassword.newTooShort' };
    else if (length > PASSWORD_MAX_LENGTH) fieldErrors.newPassword = { fieldId: IDS.newPassword, key: 'setupPassword.newTooLong' };
    if (!confirmPassword) fieldErrors.confirmPassword = { fieldId: IDS.confirmPassword, key: 'setupPassword.confirmRequired' };
    else if (newPassword && confirmPassword !== newPassword)
      fieldErrors.confirmPassword = { fieldId: IDS.confirmPassword, key: 'setupPassword.confirmMismatch' };

    this.formError.set(null);
    this.fieldErrors.set(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;

    this.submitting.set(true);
    try {
      await firstValueFrom(this.api.setupPassword(this.token, newPassword));
      this.finish('done');
      // Every session of the account has just been ended: ask the API again who is signed in here.
      this.auth.clearSession();
    } catch (error) {
      this.showServerError(toApiError(error));
    } finally {
      this.submitting.set(false);
    }
  }

  private showServerError(apiError: ApiError): void {
    if (apiError.code === 'PASSWORD_LINK_INVALID' || apiError.details.some((d) => d.field === 'token')) {
      this.finish('invalid');
      return;
    }
    const fieldErrors: Partial<Record<Field, ErrorItem>> = {};
    const others: string[] = [];
    for (const detail of apiError.details) {
      if (detail.field === 'newPassword') {
        const key = PASSWORD_RULE_KEYS[detail.code];
        fieldErrors.newPassword ??= key
          ? { fieldId: IDS.newPassword, key }
          : detail.message
            ? { fieldId: IDS.newPassword, text: detail.message }
            : { fieldId: IDS.newPassword, key: 'errors.UNKNOWN' };
      } else if (detail.message) {
        others.push(detail.message);
      }
    }
    this.fieldErrors.set(fieldErrors);
    if (others.length > 0) this.formError.set({ fieldId: IDS.newPassword, text: others.join(' ') });
    else if (Object.keys(fieldErrors).length === 0) this.formError.set(generalError(apiError));
  }

  /** Leaves the form: the token and the passwords are forgotten, focus goes to the new heading. */
  private finish(view: View): void {
    this.token = null;
    this.form.reset();
    this.fieldErrors.set({});
    this.formError.set(null);
    this.view.set(view);
    afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
  }
}

/** The message of an API error not tied to a field. */
function generalError(apiError: ApiError): ErrorItem {
  const fieldId = IDS.newPassword;
  if (apiError.code === 'NETWORK') return { fieldId, key: 'errors.NETWORK' };
  if (apiError.statusCode === 429) return { fieldId, key: 'setupPassword.tooManyAttempts' };
  if (apiError.message) return { fieldId, text: apiError.message };
  return { fieldId, key: 'errors.UNKNOWN' };
}
