import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, combineLatest, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { mediaQuery } from '../core/media-query';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { mapApiError } from './account-form';
import { AdminApi, AdminSchool, PageOf, ProvinceNode, SCHOOLS_PAGE_SIZE, SCHOOL_LEVELS, SchoolLevel } from './admin-api';
import { SCHOOL_CODE, isArabicName, provincesOf } from './admin-display';
import { UnitNamePipe } from './unit-name.pipe';

type ListState = { status: 'idle' } | { status: 'loading' } | { status: 'loaded'; page: PageOf<AdminSchool> } | { status: 'error' };

type CreateField = 'code' | 'nameFr' | 'nameAr' | 'level' | 'provinceId';
type EditField = 'nameFr' | 'nameAr' | 'level';
const CREATE_IDS: Record<CreateField, string> = {
  code: 'school-code',
  nameFr: 'school-name-fr',
  nameAr: 'school-name-ar',
  level: 'school-level',
  provinceId: 'school-province',
};
const EDIT_IDS: Record<EditField, string> = { nameFr: 'edit-name-fr', nameAr: 'edit-name-ar', level: 'edit-level' };

function isLevel(value: unknown): value is SchoolLevel {
  return typeof value === 'string' && (SCHOOL_LEVELS as readonly string[]).includes(value);
}

/** Client rules mirroring the API's (import.md): names required, ≤ 200 characters, the Arabic one in Arabic script. */
function nameErrors(
  nameFr: string,
  nameAr: string,
  ids: { nameFr: string; nameAr: string },
): Partial<Record<'nameFr' | 'nameAr', ErrorItem>> {
  const errors: Partial<Record<'nameFr' | 'nameAr', ErrorItem>> = {};
  if (!nameFr) errors.nameFr = { fieldId: ids.nameFr, key: 'admin.schools.errors.nameFrRequired' };
  else if ([...nameFr].length > 200) errors.nameFr = { fieldId: ids.nameFr, key: 'admin.schools.errors.nameTooLong' };
  if (!nameAr) errors.nameAr = { fieldId: ids.nameAr, key: 'admin.schools.errors.nameArRequired' };
  else if (!isArabicName(nameAr)) errors.nameAr = { fieldId: ids.nameAr, key: 'admin.schools.errors.nameArNotArabic' };
  else if ([...nameAr].length > 200) errors.nameAr = { fieldId: ids.nameAr, key: 'admin.schools.errors.nameTooLong' };
  return errors;
}

/**
 * "Établissements": the academies and provinces of the scope, the schools of one province (search by code or
 * name, pages), adding a school and changing the name or level of one.
 */
@Component({
  selector: 'app-schools',
  imports: [ReactiveFormsModule, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, UnitNamePipe],
  templateUrl: './schools.component.html',
  styleUrl: './admin.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SchoolsComponent {
  private readonly api = inject(AdminApi);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  protected readonly levels = SCHOOL_LEVELS;
  protected readonly createIds = CREATE_IDS;
  protected readonly editIds = EDIT_IDS;
  protected readonly wide = mediaQuery('(min-width: 37.5em)');

  private readonly reloadTree = signal(0);
  protected readonly tree = toSignal(
    toObservable(this.reloadTree).pipe(switchMap(() => this.api.units().pipe(catchError(() => of(null))))),
    { initialValue: undefined },
  );
  protected readonly provinces = computed(() => provincesOf(this.tree() ?? null));

  /** The province whose schools are listed, its search and page. */
  protected readonly province = signal<ProvinceNode | null>(null);
  protected readonly query = signal('');
  protected readonly page = signal(1);
  private readonly reload = signal(0);
  protected readonly list = signal<ListState>({ status: 'idle' });
  protected readonly result = computed(() => {
    const s = this.list();
    return s.status === 'loaded' ? s.page : null;
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || SCHOOLS_PAGE_SIZE))) : 1;
  });
  protected readonly searchForm = new FormGroup({ q: new FormControl('', { nonNullable: true }) });

  protected readonly createForm = new FormGroup({
    code: new FormControl('', { nonNullable: true }),
    nameFr: new FormControl('', { nonNullable: true }),
    nameAr: new FormControl('', { nonNullable: true }),
    level: new FormControl('', { nonNullable: true }),
    provinceId: new FormControl('', { nonNullable: true }),
  });
  protected readonly createErrors = signal<Partial<Record<CreateField, ErrorItem>>>({});
  private readonly createGeneral = signal<ErrorItem | null>(null);

  protected readonly editing = signal<AdminSchool | null>(null);
  protected readonly editForm = new FormGroup({
    nameFr: new FormControl('', { nonNullable: true }),
    nameAr: new FormControl('', { nonNullable: true }),
    level: new FormControl('', { nonNullable: true }),
  });
  protected readonly editErrors = signal<Partial<Record<EditField, ErrorItem>>>({});
  private readonly editGeneral = signal<ErrorItem | null>(null);

  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const c = this.createErrors();
    const e = this.editErrors();
    return [
      this.editGeneral(),
      e.nameFr,
      e.nameAr,
      e.level,
      this.createGeneral(),
      c.code,
      c.nameFr,
      c.nameAr,
      c.level,
      c.provinceId,
    ].filter((x): x is ErrorItem => !!x);
  });

  protected readonly busy = signal<'create' | 'edit' | null>(null);
  protected readonly done = signal<{ key: string; code: string } | null>(null);

  private readonly listHeading = viewChild<ElementRef<HTMLElement>>('listHeading');
  private readonly editHeading = viewChild<ElementRef<HTMLElement>>('editHeading');
  private readonly doneBox = viewChild<ElementRef<HTMLElement>>('doneBox');

  constructor() {
    const request = computed(() => ({ provinceId: this.province()?.id ?? null, q: this.query(), page: this.page() }));
    combineLatest([toObservable(request), toObservable(this.reload)])
      .pipe(
        switchMap(([{ provinceId, q, page }]) =>
          provinceId
            ? this.api.schools({ provinceId, q: q || undefined }, page).pipe(
                map((result): ListState => ({ status: 'loaded', page: result })),
                catchError(() => of<ListState>({ status: 'error' })),
                startWith<ListState>({ status: 'loading' }),
              )
            : of<ListState>({ status: 'idle' }),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.list.set(state));
  }

  protected showProvince(province: ProvinceNode): void {
    this.province.set(province);
    this.query.set('');
    this.searchForm.setValue({ q: '' });
    this.page.set(1);
    this.editing.set(null);
    this.createForm.controls.provinceId.setValue(province.id ?? '');
    afterNextRender(() => this.listHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  protected search(): void {
    this.query.set(this.searchForm.controls.q.value.trim());
    this.page.set(1);
  }

  protected goToPage(page: number): void {
    this.page.set(Math.max(1, Math.min(page, this.totalPages())));
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  protected schoolName(school: AdminSchool): string {
    return this.language.lang() === 'ar' ? school.nameAr : school.nameFr;
  }

  protected startEdit(school: AdminSchool): void {
    this.done.set(null);
    this.editErrors.set({});
    this.editGeneral.set(null);
    this.editing.set(school);
    this.editForm.setValue({ nameFr: school.nameFr, nameAr: school.nameAr, level: school.level });
    afterNextRender(() => this.editHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancelEdit(): void {
    this.editing.set(null);
    this.editErrors.set({});
    this.editGeneral.set(null);
  }

  protected async saveEdit(): Promise<void> {
    const school = this.editing();
    if (!school || this.busy()) return;
    const nameFr = this.editForm.controls.nameFr.value.trim();
    const nameAr = this.editForm.controls.nameAr.value.trim();
    const level = this.editForm.controls.level.value;
    const errors: Partial<Record<EditField, ErrorItem>> = nameErrors(nameFr, nameAr, EDIT_IDS);
    if (!isLevel(level)) errors.level = { fieldId: EDIT_IDS.level, key: 'admin.schools.errors.levelRequired' };
    this.editGeneral.set(null);
    this.createErrors.set({});
    this.createGeneral.set(null);
    this.editErrors.set(errors);
    if (Object.keys(errors).length > 0 || !isLevel(level)) return;
    this.busy.set('edit');
    try {
      const saved = await firstValueFrom(this.api.updateSchool(school.id, { nameFr, nameAr, level }));
      this.editing.set(null);
      this.showDone('admin.schools.saved', saved.code);
      this.reload.update((n) => n + 1);
    } catch (error) {
      const mapped = mapApiError(toApiError(error), EDIT_IDS, {}, EDIT_IDS.nameFr);
      this.editErrors.set(mapped.fields);
      this.editGeneral.set(mapped.general);
    } finally {
      this.busy.set(null);
    }
  }

  protected async create(): Promise<void> {
    if (this.busy()) return;
    const raw = this.createForm.getRawValue();
    const code = raw.code.trim().toUpperCase();
    const nameFr = raw.nameFr.trim();
    const nameAr = raw.nameAr.trim();
    const errors: Partial<Record<CreateField, ErrorItem>> = {};
    if (!code) errors.code = { fieldId: CREATE_IDS.code, key: 'admin.schools.errors.codeRequired' };
    else if (!SCHOOL_CODE.test(code) || code.length > 32)
      errors.code = { fieldId: CREATE_IDS.code, key: 'admin.schools.errors.codeInvalid' };
    Object.assign(errors, nameErrors(nameFr, nameAr, CREATE_IDS));
    if (!isLevel(raw.level)) errors.level = { fieldId: CREATE_IDS.level, key: 'admin.schools.errors.levelRequired' };
    if (!raw.provinceId) errors.provinceId = { fieldId: CREATE_IDS.provinceId, key: 'admin.schools.errors.provinceRequired' };
    this.createGeneral.set(null);
    this.editErrors.set({});
    this.editGeneral.set(null);
    this.createErrors.set(errors);
    if (Object.keys(errors).length > 0 || !isLevel(raw.level)) return;
    this.busy.set('create');
    try {
      const school = await firstValueFrom(this.api.createSchool({ code, nameFr, nameAr, level: raw.level, provinceId: raw.provinceId }));
      this.createForm.reset({ provinceId: raw.provinceId });
      this.showDone('admin.schools.created', school.code);
      this.reloadTree.update((n) => n + 1);
      this.reload.update((n) => n + 1);
    } catch (error) {
      const mapped = mapApiError(
        toApiError(error),
        CREATE_IDS,
        { SCHOOL_CODE_TAKEN: 'code', UNIT_NOT_FOUND: 'provinceId' },
        CREATE_IDS.code,
      );
      this.createErrors.set(mapped.fields);
      this.createGeneral.set(mapped.general);
    } finally {
      this.busy.set(null);
    }
  }

  private showDone(key: string, code: string): void {
    this.done.set({ key, code });
    afterNextRender(() => this.doneBox()?.nativeElement.focus(), { injector: this.injector });
  }
}
