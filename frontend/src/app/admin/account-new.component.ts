import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, firstValueFrom, of } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LANGUAGES, Lang } from '../core/language';
import { Role } from '../core/user';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { mapApiError } from './account-form';
import { AdminApi, AdminUser, PasswordLink, ROLES } from './admin-api';
import { isEmail } from './admin-display';
import { PasswordLinkComponent } from './password-link.component';
import { UnitPickerComponent } from './unit-picker.component';

type Field = 'email' | 'displayName' | 'locale' | 'role' | 'unitId';
const IDS: Record<Field, string> = {
  email: 'new-email',
  displayName: 'new-name',
  locale: 'new-locale-fr',
  role: 'new-role',
  unitId: 'new-unit-region',
};

/** Names of the languages, each in its own language. */
export const LANGUAGE_NAMES: Record<Lang, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

/**
 * "Créer un compte": e-mail, name, language, role and the unit that fits the role. The answer carries the
 * one-time link to set the password, shown once on this page (and e-mailed when the server can).
 */
@Component({
  selector: 'app-account-new',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    ErrorSummaryComponent,
    FieldErrorComponent,
    UnitPickerComponent,
    PasswordLinkComponent,
  ],
  templateUrl: './account-new.component.html',
  styleUrl: './admin.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountNewComponent {
  private readonly api = inject(AdminApi);

  protected readonly ids = IDS;
  protected readonly roles = ROLES;
  protected readonly languages = LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code] }));

  protected readonly tree = toSignal(this.api.units().pipe(catchError(() => of(null))), { initialValue: undefined });

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true }),
    displayName: new FormControl('', { nonNullable: true }),
    locale: new FormControl<Lang>('fr', { nonNullable: true }),
    role: new FormControl<Role | ''>('', { nonNullable: true }),
  });
  protected readonly role = toSignal(this.form.controls.role.valueChanges, { initialValue: '' });
  protected readonly unitId = signal<string | null | undefined>(undefined);

  protected readonly fieldErrors = signal<Partial<Record<Field, ErrorItem>>>({});
  private readonly generalError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const f = this.fieldErrors();
    const general = this.generalError();
    return [...(general ? [general] : []), ...(['email', 'displayName', 'locale', 'role', 'unitId'] as const).flatMap((k) => f[k] ?? [])];
  });

  protected readonly busy = signal(false);
  protected readonly created = signal<{ user: AdminUser; link: PasswordLink } | null>(null);

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    const { email: rawEmail, displayName: rawName, locale, role } = this.form.getRawValue();
    const email = rawEmail.trim();
    const displayName = rawName.trim();
    const unitId = this.unitId();
    const errors: Partial<Record<Field, ErrorItem>> = {};
    if (!email) errors.email = { fieldId: IDS.email, key: 'admin.form.emailRequired' };
    else if (!isEmail(email)) errors.email = { fieldId: IDS.email, key: 'admin.form.emailInvalid' };
    if (!displayName) errors.displayName = { fieldId: IDS.displayName, key: 'admin.form.nameRequired' };
    else if ([...displayName].length > 120) errors.displayName = { fieldId: IDS.displayName, key: 'admin.form.nameTooLong' };
    if (!role) errors.role = { fieldId: IDS.role, key: 'admin.form.roleRequired' };
    else if (unitId === undefined) errors.unitId = { fieldId: IDS.unitId, key: 'admin.form.unitRequired' };
    this.generalError.set(null);
    this.fieldErrors.set(errors);
    if (Object.keys(errors).length > 0 || !role || unitId === undefined) return;

    this.busy.set(true);
    try {
      const result = await firstValueFrom(this.api.createUser({ email, displayName, locale, role, unitId }));
      this.created.set(result);
    } catch (error) {
      const mapped = mapApiError(
        toApiError(error),
        IDS,
        { EMAIL_TAKEN: 'email', UNIT_NOT_FOUND: 'unitId', PRINCIPAL_EXISTS: 'unitId' },
        IDS.email,
      );
      this.fieldErrors.set(mapped.fields);
      this.generalError.set(mapped.general);
    } finally {
      this.busy.set(false);
    }
  }

  /** "Créer un autre compte": a fresh form (the link just shown is gone for good). */
  protected another(): void {
    this.created.set(null);
    this.form.reset();
    this.unitId.set(undefined);
    this.fieldErrors.set({});
    this.generalError.set(null);
  }
}
