import { afterNextRender, ChangeDetectionStrategy, Component, computed, inject, Injector, input, output, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import { LanguageService } from '../../../core/language.service';
import { ErrorItem } from '../../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../../shared/field-error.component';
import { CasesApi } from '../../cases-api';
import { CaseDetail } from '../../workflow.model';

export const HOLD_REASON_MIN = 3;
export const HOLD_REASON_MAX = 500;

/**
 * The legal hold of a case (docs/retention.md): while held (a complaint, a judicial request, or automatically once
 * the case was reported to the authorities) the retention purge never anonymises nor deletes it. The principal
 * places or releases it with a reason (PUT / DELETE /api/cases/:id/legal-hold); the API records it in the timeline.
 */
@Component({
  selector: 'app-case-legal-hold',
  imports: [TranslocoPipe, FieldErrorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-legal-hold.component.html',
  styleUrl: './case-legal-hold.component.css',
})
export class CaseLegalHoldComponent {
  private readonly api = inject(CasesApi);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  readonly detail = input.required<CaseDetail>();
  readonly changed = output<CaseDetail>();

  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly reason = signal('');
  protected readonly error = signal<ErrorItem | undefined>(undefined);

  protected readonly hold = computed(() => this.detail().legalHold ?? null);
  protected readonly canChange = computed(() => this.detail().canChangeLegalHold ?? false);
  /** What the button does: place a hold, or release the one there is. */
  protected readonly mode = computed<'place' | 'release'>(() => (this.hold() ? 'release' : 'place'));
  protected readonly date = computed(() => {
    const at = this.hold()?.at ?? this.detail().anonymisedAt;
    return at ? new Intl.DateTimeFormat(this.language.dateLocale(), { dateStyle: 'long' }).format(new Date(at)) : '';
  });
  protected readonly anonymisedOn = computed(() => {
    const at = this.detail().anonymisedAt;
    return at ? new Intl.DateTimeFormat(this.language.dateLocale(), { dateStyle: 'long' }).format(new Date(at)) : '';
  });

  protected edit(): void {
    this.error.set(undefined);
    this.reason.set('');
    this.editing.set(true);
    this.focusAfterRender('legal-hold-reason');
  }

  protected cancel(): void {
    this.editing.set(false);
    this.error.set(undefined);
    this.focusAfterRender('legal-hold-change');
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    const reason = this.reason().trim();
    if (reason.length < HOLD_REASON_MIN || reason.length > HOLD_REASON_MAX) {
      this.error.set({
        fieldId: 'legal-hold-reason',
        key: 'caseDetail.legalHold.reasonRequired',
        params: { min: HOLD_REASON_MIN, max: HOLD_REASON_MAX },
      });
      this.focusAfterRender('legal-hold-reason');
      return;
    }
    this.error.set(undefined);
    const d = this.detail();
    this.saving.set(true);
    try {
      const body = { expectedSeq: d.lastEventSeq, reason };
      const updated = await firstValueFrom(
        this.mode() === 'place' ? this.api.placeLegalHold(d.case.id, body) : this.api.releaseLegalHold(d.case.id, body),
      );
      this.editing.set(false);
      this.changed.emit(updated);
      this.focusAfterRender('legal-hold-change');
    } catch (e) {
      const apiError = toApiError(e);
      if (apiError.statusCode === 401) return;
      const detail = apiError.details.find((x) => x.message);
      this.error.set(
        detail
          ? { fieldId: 'legal-hold-reason', text: detail.message }
          : apiError.code === 'NETWORK'
            ? { fieldId: 'legal-hold-reason', key: 'errors.NETWORK' }
            : apiError.message
              ? { fieldId: 'legal-hold-reason', text: apiError.message }
              : { fieldId: 'legal-hold-reason', key: 'errors.UNKNOWN' },
      );
    } finally {
      this.saving.set(false);
    }
  }

  /** Moves the focus once the view shows the element (the form opened, or closed again). */
  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
