import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, combineLatest, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';
import { ApiError, toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { mediaQuery } from '../core/media-query';
import { canReadAudit } from '../core/user';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, AuditApi, AuditEntry, AuditPage, AuditVerification, isAuditAction } from './audit-api';
import { DetailItem, actionKey, breakReasonKey, detailItems, filtersFromQuery, isDay, isUuid, roleKey, sameFilters } from './audit-display';

export const AUDIT_PATH = '/audit';

type ListState =
  { status: 'loading' } | { status: 'loaded'; page: AuditPage } | { status: 'forbidden' } | { status: 'invalid' } | { status: 'error' };

type VerifyState =
  { status: 'idle' } | { status: 'running' } | { status: 'done'; result: AuditVerification } | { status: 'error'; error: ErrorItem };

type FilterField = 'action' | 'caseId' | 'from' | 'to';
const FILTER_FIELDS: readonly FilterField[] = ['action', 'caseId', 'from', 'to'];

/** Field ids in the page (the error summary links to them). */
const IDS: Record<FilterField, string> = { action: 'audit-action', caseId: 'audit-case-id', from: 'audit-from', to: 'audit-to' };

/** Filter problems the API names in `details[].code`, worded by us. */
const FILTER_CODE_KEYS: Record<string, string> = {
  'audit.range.invalid': 'audit.filters.rangeInvalid',
  'audit.caseId.invalid': 'audit.filters.caseIdInvalid',
  'audit.date.invalid': 'audit.filters.dateInvalid',
  'audit.action.invalid': 'audit.filters.actionInvalid',
};

/** An entry as the table and the cards show it. */
interface Row {
  entry: AuditEntry;
  actionKey: string;
  roleKey: string | null;
  details: DetailItem[];
}

/**
 * "Journal d'accès": who opened or changed what, and when (a principal: their school; an administrator: every
 * school). Filters live in the address (`?action=&caseId=&from=&to=&page=`) so links, back and forward keep them.
 * Administrators can check that the hash chain of the log is intact.
 */
@Component({
  selector: 'app-audit',
  imports: [
    NgTemplateOutlet,
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    ErrorSummaryComponent,
    FieldErrorComponent,
    LocalDateTimePipe,
  ],
  templateUrl: './audit.component.html',
  styleUrl: './audit.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditComponent {
  private readonly api = inject(AuditApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  /** Query parameters, bound by the router. */
  readonly page = input<string>();
  readonly action = input<string>();
  readonly caseId = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly ids = IDS;
  protected readonly path = AUDIT_PATH;

  protected readonly allowed = computed(() => canReadAudit(this.auth.currentUser()));
  protected readonly isAdmin = computed(() => this.auth.currentUser()?.role === 'admin');

  /** Wide screens get a table; under 37.5em (600 px, and when zoomed in) each entry is a card. */
  protected readonly wide = mediaQuery('(min-width: 37.5em)');

  protected readonly pageNumber = computed(() => {
    const n = Number(this.page());
    return Number.isInteger(n) && n >= 1 ? n : 1;
  });
  protected readonly filters = computed(
    () => filtersFromQuery({ action: this.action(), caseId: this.caseId(), from: this.from(), to: this.to() }),
    { equal: sameFilters },
  );
  protected readonly filtered = computed(() => Object.keys(this.filters()).length > 0);

  protected readonly form = new FormGroup({
    action: new FormControl('', { nonNullable: true }),
    caseId: new FormControl('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });
  protected readonly filterErrors = signal<Partial<Record<FilterField, ErrorItem>>>({});
  /** A filter problem not tied to one field; its link goes to the first filter. */
  private readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const formError = this.formError();
    const fieldErrors = this.filterErrors();
    return [...(formError ? [formError] : []), ...FILTER_FIELDS.flatMap((f) => fieldErrors[f] ?? [])];
  });

  private readonly reload = signal(0);
  protected readonly state = signal<ListState>({ status: 'loading' });
  protected readonly result = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? s.page : null;
  });
  protected readonly rows = computed<Row[]>(() => {
    const showSchool = this.isAdmin();
    return (this.result()?.items ?? []).map((entry) => ({
      entry,
      actionKey: actionKey(entry.action),
      roleKey: entry.actor ? roleKey(entry.actor.role) : null,
      details: detailItems(entry, showSchool),
    }));
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || AUDIT_PAGE_SIZE))) : 1;
  });

  protected readonly verification = signal<VerifyState>({ status: 'idle' });
  protected readonly breakReasonKey = breakReasonKey;
  private readonly verifyResult = viewChild<ElementRef<HTMLElement>>('verifyResult');

  constructor() {
    // The form shows the filters of the address (after a link, back or forward).
    effect(() => {
      const f = this.filters();
      this.form.setValue({ action: f.action ?? '', caseId: f.caseId ?? '', from: f.from ?? '', to: f.to ?? '' });
    });

    const request = computed(() => ({ allowed: this.allowed(), filters: this.filters(), page: this.pageNumber() }));
    combineLatest([toObservable(request), toObservable(this.reload)])
      .pipe(
        switchMap(([{ allowed, filters, page }]) =>
          allowed
            ? this.api.list(filters, page, AUDIT_PAGE_SIZE).pipe(
                map((result): ListState => ({ status: 'loaded', page: result })),
                catchError((error: unknown) => of(this.failed(toApiError(error)))),
                startWith<ListState>({ status: 'loading' }),
              )
            : of<ListState>({ status: 'forbidden' }),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        // Filters the API refused stop being shown once other filters are asked for (back, forward, a link).
        if (state.status !== 'invalid' && this.state().status === 'invalid') {
          this.formError.set(null);
          this.filterErrors.set({});
        }
        this.state.set(state);
      });
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  /** Checks the filters, then puts them in the address (back to page 1), which loads the entries. */
  protected async applyFilters(): Promise<void> {
    const { action, caseId: rawCaseId, from, to } = this.form.getRawValue();
    const caseId = rawCaseId.trim();
    const errors: Partial<Record<FilterField, ErrorItem>> = {};
    if (caseId && !isUuid(caseId)) errors.caseId = { fieldId: IDS.caseId, key: 'audit.filters.caseIdInvalid' };
    if (from && !isDay(from)) errors.from = { fieldId: IDS.from, key: 'audit.filters.dateInvalid' };
    if (to && !isDay(to)) errors.to = { fieldId: IDS.to, key: 'audit.filters.dateInvalid' };
    if (!errors.from && !errors.to && from && to && from > to) errors.to = { fieldId: IDS.to, key: 'audit.filters.rangeInvalid' };
    this.formError.set(null);
    this.filterErrors.set(errors);
    if (Object.keys(errors).length > 0) return;

    await this.router.navigate([AUDIT_PATH], {
      queryParams: {
        action: isAuditAction(action) ? action : null,
        caseId: caseId ? caseId.toLowerCase() : null,
        from: from || null,
        to: to || null,
      },
    });
  }

  protected async clearFilters(): Promise<void> {
    this.formError.set(null);
    this.filterErrors.set({});
    this.form.reset();
    await this.router.navigate([AUDIT_PATH]);
  }

  /** "Vérifier l'intégrité du journal" (administrators): the result, calm or alarming, then takes the focus. */
  protected async verify(): Promise<void> {
    if (this.verification().status === 'running' || !this.isAdmin()) return;
    this.verification.set({ status: 'running' });
    try {
      const result = await firstValueFrom(this.api.verify());
      this.verification.set({ status: 'done', result });
    } catch (error) {
      this.verification.set({ status: 'error', error: verifyError(toApiError(error)) });
    }
    afterNextRender(() => this.verifyResult()?.nativeElement.focus(), { injector: this.injector });
  }

  private failed(apiError: ApiError): ListState {
    if (apiError.statusCode === 403) return { status: 'forbidden' };
    if (apiError.statusCode === 400 && apiError.details.length > 0) {
      const errors: Partial<Record<FilterField, ErrorItem>> = {};
      const others: string[] = [];
      for (const detail of apiError.details) {
        const field = FILTER_FIELDS.find((f) => f === detail.field);
        const key = FILTER_CODE_KEYS[detail.code];
        if (field) {
          errors[field] ??= key
            ? { fieldId: IDS[field], key }
            : { fieldId: IDS[field], ...(detail.message ? { text: detail.message } : { key: 'errors.UNKNOWN' }) };
        } else if (detail.message) {
          others.push(detail.message);
        }
      }
      this.filterErrors.set(errors);
      this.formError.set(others.length > 0 ? { fieldId: IDS.action, text: others.join(' ') } : null);
      return { status: 'invalid' };
    }
    return { status: 'error' };
  }
}

function verifyError(apiError: ApiError): ErrorItem {
  const fieldId = 'audit-verify';
  if (apiError.code === 'NETWORK') return { fieldId, key: 'errors.NETWORK' };
  if (apiError.statusCode === 403) return { fieldId, key: 'audit.verify.forbidden' };
  if (apiError.message) return { fieldId, text: apiError.message };
  return { fieldId, key: 'errors.UNKNOWN' };
}
