import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { NgTemplateOutlet } from '@angular/common';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, combineLatest, map, of, startWith, switchMap } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { mediaQuery } from '../core/media-query';
import { Role } from '../core/user';
import { AdminApi, AdminUser, PageOf, ROLES, USERS_PAGE_SIZE, UserFilters } from './admin-api';
import { provincesOf } from './admin-display';
import { UnitNamePipe } from './unit-name.pipe';

export const ACCOUNTS_PATH = '/admin/accounts';

type ListState = { status: 'loading' } | { status: 'loaded'; page: PageOf<AdminUser> } | { status: 'error' };

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Filters from the address; values the API would refuse are left out. */
export function userFiltersFromQuery(query: { q?: string; unitId?: string; role?: string; active?: string }): UserFilters {
  const filters: UserFilters = {};
  const q = query.q?.trim();
  if (q) filters.q = q.slice(0, 100);
  if (query.unitId && /^[\w-]{1,64}$/.test(query.unitId)) filters.unitId = query.unitId;
  if (isRole(query.role)) filters.role = query.role;
  if (query.active === 'true' || query.active === 'false') filters.active = query.active === 'true';
  return filters;
}

/**
 * "Comptes": the accounts holding a membership in the administrator's scope, searched by name or e-mail and
 * filtered by unit, role and status. Filters live in the address (`?q=&unitId=&role=&active=&page=`).
 */
@Component({
  selector: 'app-accounts',
  imports: [NgTemplateOutlet, ReactiveFormsModule, RouterLink, TranslocoPipe, UnitNamePipe],
  templateUrl: './accounts.component.html',
  styleUrl: './admin.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountsComponent {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  protected readonly language = inject(LanguageService);

  /** Query parameters, bound by the router. */
  readonly q = input<string>();
  readonly unitId = input<string>();
  readonly role = input<string>();
  readonly active = input<string>();
  readonly page = input<string>();

  protected readonly roles = ROLES;
  protected readonly path = ACCOUNTS_PATH;
  protected readonly wide = mediaQuery('(min-width: 37.5em)');

  protected readonly tree = toSignal(this.api.units().pipe(catchError(() => of(null))), { initialValue: null });
  protected readonly regions = computed(() => (this.tree()?.regions ?? []).filter((r) => r.id));
  protected readonly provinceCount = computed(() => provincesOf(this.tree()).length);

  protected readonly pageNumber = computed(() => {
    const n = Number(this.page());
    return Number.isInteger(n) && n >= 1 ? n : 1;
  });
  protected readonly filters = computed(
    () => userFiltersFromQuery({ q: this.q(), unitId: this.unitId(), role: this.role(), active: this.active() }),
    { equal: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  protected readonly filtered = computed(() => Object.keys(this.filters()).length > 0);

  protected readonly form = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    unitId: new FormControl('', { nonNullable: true }),
    role: new FormControl('', { nonNullable: true }),
    active: new FormControl('', { nonNullable: true }),
  });

  private readonly reload = signal(0);
  protected readonly state = signal<ListState>({ status: 'loading' });
  protected readonly result = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.page : null;
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || USERS_PAGE_SIZE))) : 1;
  });

  constructor() {
    effect(() => {
      const f = this.filters();
      this.form.setValue({
        q: f.q ?? '',
        unitId: f.unitId ?? '',
        role: f.role ?? '',
        active: f.active === undefined ? '' : String(f.active),
      });
    });

    const request = computed(() => ({ filters: this.filters(), page: this.pageNumber() }));
    combineLatest([toObservable(request), toObservable(this.reload)])
      .pipe(
        switchMap(([{ filters, page }]) =>
          this.api.users(filters, page).pipe(
            map((result): ListState => ({ status: 'loaded', page: result })),
            catchError(() => of<ListState>({ status: 'error' })),
            startWith<ListState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  protected async applyFilters(): Promise<void> {
    const { q, unitId, role, active } = this.form.getRawValue();
    await this.router.navigate([ACCOUNTS_PATH], {
      queryParams: {
        q: q.trim() || null,
        unitId: unitId || null,
        role: isRole(role) ? role : null,
        active: active === 'true' || active === 'false' ? active : null,
      },
    });
  }

  protected async clearFilters(): Promise<void> {
    this.form.reset();
    await this.router.navigate([ACCOUNTS_PATH]);
  }
}
