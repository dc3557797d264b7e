import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import { AuthService } from '../../../core/auth.service';
import { FieldErrorComponent } from '../../../shared/field-error.component';
import { ErrorItem } from '../../../shared/error-summary/error-summary.component';
import { StaffMember } from '../../case.model';
import { CasesApi } from '../../cases-api';
import { CaseDetail } from '../../workflow.model';

/** Roles that may name the member of the team in charge (the API decides; this only hides a useless button). */
const ASSIGNING_ROLES = ['coordinator', 'principal'];

/**
 * "En charge": the member of the resource team in charge of the case. The coordinator and the principal change it
 * in place (a select of the school's team; for a restricted case only the people who see it). Emits the case as the
 * API returns it after the change.
 */
@Component({
  selector: 'app-case-assignee',
  imports: [TranslocoPipe, FieldErrorComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-assignee.component.html',
  styleUrl: './case-assignee.component.css',
})
export class CaseAssigneeComponent {
  private readonly api = inject(CasesApi);
  private readonly auth = inject(AuthService);

  readonly detail = input.required<CaseDetail>();
  readonly changed = output<CaseDetail>();

  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly staff = signal<StaffMember[] | null>(null);
  protected readonly choice = signal('');
  protected readonly error = signal<ErrorItem | undefined>(undefined);

  protected readonly assignee = computed(() => this.detail().case.assignee ?? null);
  protected readonly canAssign = computed(() => {
    const role = this.auth.currentUser()?.role;
    return !!role && ASSIGNING_ROLES.includes(role) && !this.detail().closed;
  });
  /** The people who may take this case: everyone on the team, or for a restricted case those who see it. */
  protected readonly candidates = computed(() => {
    const d = this.detail();
    const members = new Set((d.access?.members ?? []).map((m) => m.id));
    const restricted = d.access?.restricted ?? d.case.restricted ?? false;
    return (this.staff() ?? []).filter((p) => !restricted || members.has(p.id) || p.roles.includes('principal'));
  });

  protected async edit(): Promise<void> {
    this.error.set(undefined);
    this.choice.set(this.assignee()?.id ?? '');
    this.editing.set(true);
    if (this.staff() === null) {
      try {
        this.staff.set(await firstValueFrom(this.api.staff()));
      } catch (e) {
        this.showError(e);
      }
    }
    queueMicrotask(() => document.getElementById('assignee-select')?.focus());
  }

  protected cancel(): void {
    this.editing.set(false);
    this.error.set(undefined);
    queueMicrotask(() => document.getElementById('assignee-change')?.focus());
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    const d = this.detail();
    const chosen = this.choice() || null;
    if (chosen === (this.assignee()?.id ?? null)) return this.cancel();
    this.saving.set(true);
    this.error.set(undefined);
    try {
      const updated = await firstValueFrom(this.api.assign(d.case.id, d.lastEventSeq, chosen));
      this.editing.set(false);
      this.changed.emit(updated);
      queueMicrotask(() => document.getElementById('assignee-change')?.focus());
    } catch (e) {
      this.showError(e);
    } finally {
      this.saving.set(false);
    }
  }

  private showError(e: unknown): void {
    const apiError = toApiError(e);
    if (apiError.statusCode === 401) return;
    const text = apiError.details.find((x) => x.message)?.message ?? apiError.message;
    this.error.set(
      apiError.code === 'NETWORK'
        ? { fieldId: 'assignee-select', key: 'errors.NETWORK' }
        : text
          ? { fieldId: 'assignee-select', text }
          : { fieldId: 'assignee-select', key: 'errors.UNKNOWN' },
    );
  }
}
