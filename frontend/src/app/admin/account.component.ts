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
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, combineLatest, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { Role } from '../core/user';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { mapApiError } from './account-form';
import { LANGUAGE_NAMES } from './account-new.component';
import { AdminApi, AdminMembership, AdminUser, PasswordLink, ROLES } from './admin-api';
import { apiErrorItem } from './admin-display';
import { PasswordLinkComponent } from './password-link.component';
import { UnitNamePipe } from './unit-name.pipe';
import { UnitPickerComponent } from './unit-picker.component';

type PageState = { status: 'loading' } | { status: 'loaded'; user: AdminUser } | { status: 'notFound' } | { status: 'error' };

/** What waits for a "yes": removing a membership, disabling or enabling the account. */
type Confirm = { kind: 'remove'; membership: AdminMembership } | { kind: 'disable' } | { kind: 'enable' };

type Busy = 'remove' | 'add' | 'active' | 'reset' | 'revoke' | null;
type AddField = 'role' | 'unitId';
const ADD_IDS: Record<AddField, string> = { role: 'add-role', unitId: 'add-unit-region' };

/**
 * One account: its roles in the scope (add, remove — never the last), disable / enable, a new password link,
 * end all sessions. When some roles are outside the scope (`manageable: false`) the account-wide actions are
 * replaced by an explanation.
 */
@Component({
  selector: 'app-account',
  imports: [
    FormsModule,
    RouterLink,
    TranslocoPipe,
    ErrorSummaryComponent,
    FieldErrorComponent,
    LocalDateTimePipe,
    PasswordLinkComponent,
    UnitNamePipe,
    UnitPickerComponent,
  ],
  templateUrl: './account.component.html',
  styleUrl: './admin.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountComponent {
  private readonly api = inject(AdminApi);
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly roles = ROLES;
  protected readonly addIds = ADD_IDS;
  protected readonly languageNames = LANGUAGE_NAMES;

  protected readonly tree = toSignal(this.api.units().pipe(catchError(() => of(null))), { initialValue: undefined });

  private readonly reload = signal(0);
  protected readonly state = signal<PageState>({ status: 'loading' });
  protected readonly account = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.user : null;
  });
  protected readonly isSelf = computed(() => this.account()?.id === this.auth.currentUser()?.id);

  protected readonly confirm = signal<Confirm | null>(null);
  protected readonly busy = signal<Busy>(null);
  /** A short confirmation of the last action (translation key and parameters). */
  protected readonly done = signal<{ key: string; params?: Record<string, unknown> } | null>(null);
  protected readonly link = signal<PasswordLink | null>(null);

  protected readonly addRole = signal<Role | ''>('');
  protected readonly addUnitId = signal<string | null | undefined>(undefined);
  protected readonly addErrors = signal<Partial<Record<AddField, ErrorItem>>>({});
  protected readonly actionError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const add = this.addErrors();
    const action = this.actionError();
    return [...(action ? [action] : []), ...(['role', 'unitId'] as const).flatMap((f) => add[f] ?? [])];
  });

  private readonly confirmBox = viewChild<ElementRef<HTMLElement>>('confirmBox');
  private readonly doneBox = viewChild<ElementRef<HTMLElement>>('doneBox');

  constructor() {
    combineLatest([toObservable(this.id), toObservable(this.reload)])
      .pipe(
        switchMap(([id]) =>
          this.api.user(id).pipe(
            map((user): PageState => ({ status: 'loaded', user })),
            catchError((error: unknown) => {
              const status = toApiError(error).statusCode;
              return of<PageState>(status === 404 || status === 400 ? { status: 'notFound' } : { status: 'error' });
            }),
            startWith<PageState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        // A reload after an action keeps the page in place (no "loading" flash).
        if (state.status === 'loading' && this.state().status === 'loaded') return;
        this.state.set(state);
      });
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  protected ask(confirm: Confirm): void {
    this.actionError.set(null);
    this.done.set(null);
    this.confirm.set(confirm);
    afterNextRender(() => this.confirmBox()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancelConfirm(): void {
    this.confirm.set(null);
  }

  protected async confirmed(): Promise<void> {
    const confirm = this.confirm();
    const user = this.account();
    if (!confirm || !user || this.busy()) return;
    if (confirm.kind === 'remove') {
      await this.run('remove', () => firstValueFrom(this.api.removeMembership(user.id, confirm.membership.id)), {
        key: 'admin.account.memberships.removed',
      });
    } else {
      const active = confirm.kind === 'enable';
      await this.run('active', () => firstValueFrom(this.api.setActive(user.id, active)), {
        key: active ? 'admin.account.access.enabled' : 'admin.account.access.disabled',
      });
    }
  }

  protected async resetLink(): Promise<void> {
    const user = this.account();
    if (!user || this.busy()) return;
    this.confirm.set(null);
    this.link.set(null);
    this.busy.set('reset');
    this.actionError.set(null);
    this.done.set(null);
    try {
      this.link.set(await firstValueFrom(this.api.passwordLink(user.id, 'reset')));
    } catch (error) {
      this.actionError.set(apiErrorItem('account-reset', toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  protected async revokeSessions(): Promise<void> {
    const user = this.account();
    if (!user || this.busy()) return;
    let revoked = 0;
    await this.run(
      'revoke',
      async () => {
        revoked = (await firstValueFrom(this.api.revokeSessions(user.id))).revoked;
      },
      { key: 'admin.account.access.revoked' },
      () => ({ count: revoked }),
    );
  }

  protected chooseAddRole(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.addRole.set((ROLES as readonly string[]).includes(value) ? (value as Role) : '');
  }

  protected async addMembership(): Promise<void> {
    const user = this.account();
    if (!user || this.busy()) return;
    const role = this.addRole();
    const unitId = this.addUnitId();
    const errors: Partial<Record<AddField, ErrorItem>> = {};
    if (!role) errors.role = { fieldId: ADD_IDS.role, key: 'admin.form.roleRequired' };
    else if (unitId === undefined) errors.unitId = { fieldId: ADD_IDS.unitId, key: 'admin.form.unitRequired' };
    this.actionError.set(null);
    this.addErrors.set(errors);
    if (!role || unitId === undefined) return;
    this.busy.set('add');
    this.done.set(null);
    try {
      await firstValueFrom(this.api.addMembership(user.id, { role, unitId }));
      this.addRole.set('');
      this.showDone({ key: 'admin.account.memberships.added' });
      this.reload.update((n) => n + 1);
    } catch (error) {
      const mapped = mapApiError(
        toApiError(error),
        ADD_IDS,
        { MEMBERSHIP_EXISTS: 'unitId', PRINCIPAL_EXISTS: 'unitId', UNIT_NOT_FOUND: 'unitId' },
        ADD_IDS.role,
      );
      this.addErrors.set(mapped.fields);
      this.actionError.set(mapped.general);
    } finally {
      this.busy.set(null);
    }
  }

  /** Runs an action, then says it is done and reloads the account; an error goes to the summary. */
  private async run(
    busy: Exclude<Busy, null>,
    action: () => Promise<unknown>,
    done: { key: string },
    params?: () => Record<string, unknown>,
  ): Promise<void> {
    this.busy.set(busy);
    this.actionError.set(null);
    this.done.set(null);
    this.link.set(null);
    try {
      await action();
      this.confirm.set(null);
      this.showDone({ key: done.key, params: params?.() });
      this.reload.update((n) => n + 1);
    } catch (error) {
      this.confirm.set(null);
      this.actionError.set(apiErrorItem(busy === 'remove' ? 'account-memberships' : 'account-access', toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  private showDone(done: { key: string; params?: Record<string, unknown> }): void {
    this.done.set(done);
    afterNextRender(() => this.doneBox()?.nativeElement.focus(), { injector: this.injector });
  }
}
