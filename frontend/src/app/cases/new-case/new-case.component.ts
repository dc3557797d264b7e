import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../core/api-error';
import { DRAFT_KEY_PREFIX } from '../../core/auth.service';
import { ErrorItem, ErrorSummaryComponent } from '../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../shared/field-error.component';
import { CASE_TITLE_MAX, CaseCreatedState, NewCase } from '../case.model';
import { CasesApi } from '../cases-api';
import { NewCaseField, localToday, validateNewCase } from './new-case.validation';

/** Where the form is kept while being filled in, so nothing is lost if the session expires. */
export const NEW_CASE_DRAFT_KEY = `${DRAFT_KEY_PREFIX}new-case`;
const FIELDS: readonly NewCaseField[] = ['title', 'occurredOn'];

function readDraft(): NewCase | null {
  try {
    const raw = sessionStorage.getItem(NEW_CASE_DRAFT_KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const draft = value as Partial<Record<string, unknown>>;
    const title = typeof draft['title'] === 'string' ? draft['title'] : '';
    const occurredOn = typeof draft['occurredOn'] === 'string' ? draft['occurredOn'] : '';
    return title || occurredOn ? { title, occurredOn } : null;
  } catch {
    return null;
  }
}

function writeDraft(value: NewCase): void {
  try {
    if (value.title || value.occurredOn) sessionStorage.setItem(NEW_CASE_DRAFT_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(NEW_CASE_DRAFT_KEY);
  } catch {
    // Storage unavailable or full: the form still works, only the safety net is missing.
  }
}

export function clearNewCaseDraft(): void {
  try {
    sessionStorage.removeItem(NEW_CASE_DRAFT_KEY);
  } catch {
    // Nothing stored.
  }
}

/** Opens a case: a short title and the date of the facts. */
@Component({
  selector: 'app-new-case',
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent],
  templateUrl: './new-case.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewCaseComponent {
  private readonly api = inject(CasesApi);
  private readonly router = inject(Router);

  protected readonly titleMax = CASE_TITLE_MAX;
  protected readonly today = localToday();

  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true }),
    occurredOn: new FormControl('', { nonNullable: true }),
  });

  protected readonly submitting = signal(false);
  protected readonly draftRestored = signal(false);
  protected readonly fieldErrors = signal<Partial<Record<NewCaseField, ErrorItem>>>({});
  /** A problem not tied to one field (network, server); its link goes to the first field. */
  protected readonly formError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const formError = this.formError();
    const fieldErrors = this.fieldErrors();
    return [...(formError ? [formError] : []), ...FIELDS.flatMap((f) => fieldErrors[f] ?? [])];
  });

  constructor() {
    const draft = readDraft();
    if (draft) {
      this.form.setValue(draft);
      this.draftRestored.set(true);
    }
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => writeDraft(this.form.getRawValue()));
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const value = this.form.getRawValue();
    const invalid = validateNewCase(value, localToday());
    const fieldErrors: Partial<Record<NewCaseField, ErrorItem>> = {};
    for (const field of FIELDS) {
      const key = invalid[field];
      if (key) fieldErrors[field] = { fieldId: field, key };
    }
    this.formError.set(null);
    this.fieldErrors.set(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;

    this.submitting.set(true);
    try {
      const created = await firstValueFrom(this.api.create({ title: value.title.trim(), occurredOn: value.occurredOn }));
      clearNewCaseDraft();
      const state: CaseCreatedState = { createdReference: created.reference };
      await this.router.navigate(['/cases'], { state });
    } catch (error) {
      this.showServerError(error);
    } finally {
      this.submitting.set(false);
    }
  }

  protected cancel(): void {
    clearNewCaseDraft();
  }

  private showServerError(error: unknown): void {
    const apiError = toApiError(error);
    // 401: the interceptor is already taking the person to sign in; the draft is kept for their return.
    if (apiError.statusCode === 401) return;
    const fieldErrors: Partial<Record<NewCaseField, ErrorItem>> = {};
    const otherMessages: string[] = [];
    for (const detail of apiError.details) {
      if ((FIELDS as readonly string[]).includes(detail.field)) {
        const field = detail.field as NewCaseField;
        fieldErrors[field] ??= detail.message ? { fieldId: field, text: detail.message } : { fieldId: field, key: 'errors.UNKNOWN' };
      } else if (detail.message) {
        otherMessages.push(detail.message);
      }
    }
    this.fieldErrors.set(fieldErrors);
    if (Object.keys(fieldErrors).length > 0 && otherMessages.length === 0) {
      this.formError.set(null);
    } else if (otherMessages.length > 0) {
      this.formError.set({ fieldId: 'title', text: otherMessages.join(' ') });
    } else if (apiError.code === 'NETWORK') {
      this.formError.set({ fieldId: 'title', key: 'errors.NETWORK' });
    } else if (apiError.message) {
      this.formError.set({ fieldId: 'title', text: apiError.message });
    } else {
      this.formError.set({ fieldId: 'title', key: 'errors.UNKNOWN' });
    }
  }
}
