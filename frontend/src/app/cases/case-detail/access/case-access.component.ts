import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import { AuthService } from '../../../core/auth.service';
import { ErrorItem } from '../../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../../shared/field-error.component';
import { StaffMember } from '../../case.model';
import { CasesApi } from '../../cases-api';
import { CaseDetail } from '../../workflow.model';

export const ACCESS_REASON_MIN = 3;
export const ACCESS_REASON_MAX = 500;

type Field = 'access-mode' | 'access-members' | 'access-reason';

/**
 * Who sees the case: the whole school team, or only named colleagues (and the principal, always) for a sensitive
 * case (staff implicated, sexual images of a minor…). The coordinator and the principal change it with a reason;
 * the API records it in the timeline and the audit trail (PUT /api/cases/:id/restriction).
 */
@Component({
  selector: 'app-case-access',
  imports: [TranslocoPipe, FieldErrorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-access.component.html',
  styleUrl: './case-access.component.css',
})
export class CaseAccessComponent {
  private readonly api = inject(CasesApi);
  private readonly auth = inject(AuthService);

  readonly detail = input.required<CaseDetail>();
  readonly changed = output<CaseDetail>();

  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly staff = signal<StaffMember[] | null>(null);
  protected readonly restrict = signal(false);
  protected readonly members = signal<string[]>([]);
  protected readonly reason = signal('');
  protected readonly errors = signal<ErrorItem[]>([]);
  protected readonly errorFor = computed(() => new Map(this.errors().map((e) => [e.fieldId as Field, e])));

  protected readonly restricted = computed(() => this.detail().access?.restricted ?? this.detail().case.restricted ?? false);
  protected readonly memberNames = computed(() => (this.detail().access?.members ?? []).map((m) => m.displayName).join(', '));
  protected readonly isCoordinator = computed(() => this.auth.currentUser()?.role === 'coordinator');
  protected readonly canChange = computed(() => (this.detail().access?.canChange ?? false) && !this.detail().closed);
  /** Colleagues who can be named: the team but the principals (who always see the case) and oneself as coordinator (kept in). */
  protected readonly choices = computed(() => {
    const me = this.isCoordinator() ? this.auth.currentUser()?.id : undefined;
    return (this.staff() ?? []).filter((p) => !p.roles.every((r) => r === 'principal') && p.id !== me);
  });

  protected async edit(): Promise<void> {
    this.errors.set([]);
    this.restrict.set(!this.restricted());
    this.members.set((this.detail().access?.members ?? []).map((m) => m.id));
    this.reason.set('');
    this.editing.set(true);
    if (this.staff() === null) {
      try {
        this.staff.set(await firstValueFrom(this.api.staff()));
      } catch (e) {
        this.showError(e);
      }
    }
    queueMicrotask(() => document.getElementById('access-mode')?.focus());
  }

  protected cancel(): void {
    this.editing.set(false);
    this.errors.set([]);
    queueMicrotask(() => document.getElementById('access-change')?.focus());
  }

  protected toggleMember(id: string, checked: boolean): void {
    this.members.update((list) => (checked ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)));
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    const reason = this.reason().trim();
    const errors: ErrorItem[] = [];
    if (reason.length < ACCESS_REASON_MIN || reason.length > ACCESS_REASON_MAX)
      errors.push({
        fieldId: 'access-reason',
        key: 'caseDetail.access.reasonRequired',
        params: { min: ACCESS_REASON_MIN, max: ACCESS_REASON_MAX },
      });
    this.errors.set(errors);
    if (errors.length) return;
    const d = this.detail();
    this.saving.set(true);
    try {
      const updated = await firstValueFrom(
        this.api.restrict(d.case.id, {
          expectedSeq: d.lastEventSeq,
          restricted: this.restrict(),
          members: this.restrict() ? this.members() : [],
          reason,
        }),
      );
      this.editing.set(false);
      this.changed.emit(updated);
      queueMicrotask(() => document.getElementById('access-change')?.focus());
    } catch (e) {
      this.showError(e);
    } finally {
      this.saving.set(false);
    }
  }

  private showError(e: unknown): void {
    const apiError = toApiError(e);
    if (apiError.statusCode === 401) return;
    const fieldOf = (f: string): Field => (f === 'members' ? 'access-members' : f === 'reason' ? 'access-reason' : 'access-mode');
    const details = apiError.details.filter((x) => x.message).map((x) => ({ fieldId: fieldOf(x.field), text: x.message }));
    if (details.length) return this.errors.set(details);
    this.errors.set([
      apiError.code === 'NETWORK'
        ? { fieldId: 'access-mode', key: 'errors.NETWORK' }
        : apiError.message
          ? { fieldId: 'access-mode', text: apiError.message }
          : { fieldId: 'access-mode', key: 'errors.UNKNOWN' },
    ]);
  }
}
