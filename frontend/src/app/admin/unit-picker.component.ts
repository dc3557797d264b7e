import { ChangeDetectionStrategy, Component, computed, effect, inject, input, model, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, debounceTime, map, of, switchMap } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { Role, unitName } from '../core/user';
import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { AdminApi, AdminSchool, RegionNode, UnitTree } from './admin-api';
import { unitKindsForRole, withinScopeLevel } from './admin-display';

/** Values of the selects that are not unit ids. */
const NATIONAL = '__national';
const WHOLE_REGION = '__region';

type SchoolList =
  { status: 'idle' } | { status: 'loading' } | { status: 'loaded'; items: AdminSchool[]; total: number } | { status: 'error' };

/**
 * Chooses the unit of a membership among those that fit the role, inside the administrator's scope: an academy
 * (region) then a direction provinciale, then — for the three school roles — a school found by code or name.
 * `unitId` is `undefined` until the choice is complete, `null` for the whole country (administrators only).
 */
@Component({
  selector: 'app-unit-picker',
  imports: [TranslocoPipe, FieldErrorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './admin.css',
  template: `
    <fieldset class="fieldset form-group" [class.form-group--error]="error()" [attr.data-testid]="idPrefix() + '-unit-picker'">
      <legend class="label">{{ 'admin.picker.legend' | transloco }}</legend>
      <span class="hint" [id]="idPrefix() + '-unit-hint'">{{ hintKey() | transloco }}</span>
      <app-field-error [id]="idPrefix() + '-unit-error'" [error]="error()" />

      @if (regionChoices().length > 0 || allowNational()) {
        <div class="picker__step">
          <label class="sublabel" [for]="idPrefix() + '-region'">{{ 'admin.picker.region' | transloco }}</label>
          <select
            class="input select"
            [id]="idPrefix() + '-region'"
            (change)="chooseRegion($event)"
            [attr.aria-describedby]="describedBy()"
            [attr.aria-invalid]="error() ? true : null"
            [attr.data-testid]="idPrefix() + '-region'"
          >
            <option value="">{{ 'admin.picker.choose' | transloco }}</option>
            @if (allowNational()) {
              <option [value]="national" [selected]="regionValue() === national">{{ 'admin.picker.national' | transloco }}</option>
            }
            @for (r of regionChoices(); track r.id) {
              <option [value]="r.id" [selected]="regionValue() === r.id">{{ name(r) }}</option>
            }
          </select>
        </div>
      }

      @if (region(); as r) {
        <div class="picker__step">
          <label class="sublabel" [for]="idPrefix() + '-province'">{{ 'admin.picker.province' | transloco }}</label>
          <select
            class="input select"
            [id]="idPrefix() + '-province'"
            (change)="chooseProvince($event)"
            [attr.data-testid]="idPrefix() + '-province'"
          >
            <option value="">{{ 'admin.picker.choose' | transloco }}</option>
            @if (allowWholeRegion()) {
              <option [value]="wholeRegion" [selected]="provinceValue() === wholeRegion">
                {{ 'admin.picker.wholeRegion' | transloco: { name: name(r) } }}
              </option>
            }
            @for (p of r.provinces; track p.id) {
              <option [value]="p.id" [selected]="provinceValue() === p.id">{{ name(p) }}</option>
            }
          </select>
        </div>
      }

      @if (needsSchool() && provinceId()) {
        <div class="picker__step">
          <label class="sublabel" [for]="idPrefix() + '-school-q'">{{ 'admin.picker.schoolSearch' | transloco }}</label>
          <input
            class="input"
            type="search"
            [id]="idPrefix() + '-school-q'"
            [value]="schoolQuery()"
            (input)="searchSchools($event)"
            [attr.data-testid]="idPrefix() + '-school-q'"
          />
          <label class="sublabel picker__school-label" [for]="idPrefix() + '-school'">{{ 'admin.picker.school' | transloco }}</label>
          <select
            class="input select"
            [id]="idPrefix() + '-school'"
            (change)="chooseSchool($event)"
            [attr.aria-describedby]="idPrefix() + '-school-status'"
            [attr.data-testid]="idPrefix() + '-school'"
          >
            <option value="">{{ 'admin.picker.choose' | transloco }}</option>
            @if (schools().status === 'loaded') {
              @for (s of schoolItems(); track s.id) {
                <option [value]="s.id" [selected]="schoolId() === s.id">{{ s.code }} — {{ lang() === 'ar' ? s.nameAr : s.nameFr }}</option>
              }
            }
          </select>
          <p class="hint" role="status" [id]="idPrefix() + '-school-status'">
            @switch (schools().status) {
              @case ('loading') {
                {{ 'common.loading' | transloco }}
              }
              @case ('error') {
                {{ 'admin.picker.schoolsError' | transloco }}
              }
              @case ('loaded') {
                {{ schoolStatusKey() | transloco: { shown: schoolItems().length, total: schoolTotal() } }}
              }
            }
          </p>
        </div>
      }
    </fieldset>
  `,
})
export class UnitPickerComponent {
  private readonly api = inject(AdminApi);
  private readonly language = inject(LanguageService);

  readonly tree = input.required<UnitTree>();
  readonly role = input<Role | ''>('');
  /** Prefix of the ids inside (the error summary links to `<prefix>-region`). */
  readonly idPrefix = input('unit');
  readonly error = input<ErrorItem | undefined>();
  /** The chosen unit: undefined until complete, null for the whole country. */
  readonly unitId = model<string | null | undefined>(undefined);

  protected readonly national = NATIONAL;
  protected readonly wholeRegion = WHOLE_REGION;
  protected readonly lang = this.language.lang;

  private readonly kinds = computed(() => unitKindsForRole(this.role()));
  protected readonly needsSchool = computed(() => this.kinds().includes('school'));
  protected readonly allowNational = computed(() => this.kinds().includes('national') && this.tree().scope.kind === 'national');
  protected readonly allowWholeRegion = computed(
    () => this.kinds().includes('region') && withinScopeLevel(this.tree().scope.kind, 'region'),
  );
  protected readonly hintKey = computed(() => {
    const kinds = this.kinds();
    if (kinds.length === 0) return 'admin.picker.hintNoRole';
    if (kinds.includes('school')) return 'admin.picker.hintSchool';
    return kinds.includes('national') ? 'admin.picker.hintAdmin' : 'admin.picker.hintOfficer';
  });
  protected readonly describedBy = computed(() => `${this.idPrefix()}-unit-hint${this.error() ? ` ${this.idPrefix()}-unit-error` : ''}`);

  protected readonly regionValue = signal('');
  protected readonly provinceValue = signal('');
  protected readonly schoolId = signal('');
  protected readonly schoolQuery = signal('');

  protected readonly regionChoices = computed<RegionNode[]>(() => this.tree().regions.filter((r) => r.id));
  protected readonly region = computed<RegionNode | null>(() => {
    const value = this.regionValue();
    return this.regionChoices().find((r) => r.id === value) ?? null;
  });
  protected readonly provinceId = computed(() => {
    const value = this.provinceValue();
    return this.region()?.provinces.some((p) => p.id === value) ? value : '';
  });

  protected readonly schools = signal<SchoolList>({ status: 'idle' });
  protected readonly schoolItems = computed(() => {
    const s = this.schools();
    return s.status === 'loaded' ? s.items : [];
  });
  protected readonly schoolTotal = computed(() => {
    const s = this.schools();
    return s.status === 'loaded' ? s.total : 0;
  });
  protected readonly schoolStatusKey = computed(() => {
    const total = this.schoolTotal();
    if (total === 0) return 'admin.picker.schoolsNone';
    return total > this.schoolItems().length ? 'admin.picker.schoolsMore' : 'admin.picker.schoolsCount';
  });

  /** The unit the choices add up to. */
  private readonly chosen = computed<string | null | undefined>(() => {
    const kinds = this.kinds();
    if (kinds.length === 0) return undefined;
    if (this.regionValue() === NATIONAL) return this.allowNational() ? null : undefined;
    const region = this.region();
    if (!region) return undefined;
    if (this.provinceValue() === WHOLE_REGION) return this.allowWholeRegion() ? region.id : undefined;
    const provinceId = this.provinceId();
    if (!provinceId) return undefined;
    if (kinds.includes('school')) {
      const schoolId = this.schoolId();
      return this.schoolItems().some((s) => s.id === schoolId) ? schoolId : undefined;
    }
    return kinds.includes('province') ? provinceId : undefined;
  });

  constructor() {
    // A scope with one academy (or one province) has nothing to choose at that level.
    effect(() => {
      const regions = this.regionChoices();
      if (regions.length === 1 && !this.allowNational() && !this.regionValue()) this.regionValue.set(regions[0]?.id ?? '');
    });
    effect(() => {
      const region = this.region();
      if (region?.provinces.length === 1 && !this.allowWholeRegion() && !this.provinceValue()) {
        this.provinceValue.set(region.provinces[0]?.id ?? '');
      }
    });
    effect(() => this.unitId.set(this.chosen()));

    const request = computed(() => ({ provinceId: this.needsSchool() ? this.provinceId() : '', q: this.schoolQuery().trim() }));
    toObservable(request)
      .pipe(
        debounceTime(250),
        switchMap(({ provinceId, q }) =>
          provinceId
            ? this.api.schools({ provinceId, q: q || undefined }, 1, 100).pipe(
                map((page): SchoolList => ({ status: 'loaded', items: page.items, total: page.total })),
                catchError(() => of<SchoolList>({ status: 'error' })),
              )
            : of<SchoolList>({ status: 'idle' }),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.schools.set(state));
  }

  protected name(unit: { nameFr: string; nameAr: string; nameEn: string }): string {
    return unitName(unit, this.lang());
  }

  protected chooseRegion(event: Event): void {
    this.regionValue.set((event.target as HTMLSelectElement).value);
    this.provinceValue.set('');
    this.schoolId.set('');
  }

  protected chooseProvince(event: Event): void {
    this.provinceValue.set((event.target as HTMLSelectElement).value);
    this.schoolId.set('');
    if (this.needsSchool()) this.schools.set({ status: 'loading' });
  }

  protected searchSchools(event: Event): void {
    this.schoolQuery.set((event.target as HTMLInputElement).value);
  }

  protected chooseSchool(event: Event): void {
    this.schoolId.set((event.target as HTMLSelectElement).value);
  }
}
