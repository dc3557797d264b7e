import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../../core/api-error';
import {
  isPersonSex,
  PERSON_CLASS_MAX,
  PERSON_KINDS,
  PERSON_NAME_MAX,
  PERSON_ROLES,
  PERSON_SEXES,
  PersonKind,
  PersonRole,
  PersonSex,
} from '../../new-case/people-draft';
import { CasePerson, PeopleApi } from '../../people-api';

export const PERSON_REASON_MAX = 500;

type ListState = { status: 'loading' } | { status: 'loaded'; people: CasePerson[] } | { status: 'error' };

/**
 * "People involved" on the case page: the target pupil, presumed authors, witnesses and who reported, each with
 * the pseudonymous code (E1, A1, W1, R1) that replaces the name everywhere outside the school. Any staff member
 * of the case may add, correct or remove a person (a removed person's code is never given again).
 */
@Component({
  selector: 'app-case-people',
  imports: [TranslocoPipe],
  templateUrl: './people.component.html',
  styleUrl: './people.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CasePeopleComponent {
  readonly caseId = input.required<string>();
  /** A correction or a removal was written to the case's history (the case page reloads its timeline and version). */
  readonly changed = output<void>();

  private readonly api = inject(PeopleApi);
  private readonly transloco = inject(TranslocoService);

  readonly roles = PERSON_ROLES;
  readonly kinds = PERSON_KINDS;
  readonly sexes = PERSON_SEXES;
  readonly nameMax = PERSON_NAME_MAX;
  readonly classMax = PERSON_CLASS_MAX;

  readonly state = signal<ListState>({ status: 'loading' });
  readonly adding = signal(false);
  readonly busy = signal(false);
  readonly role = signal<PersonRole>('target');
  readonly kind = signal<PersonKind>('pupil');
  readonly name = signal('');
  readonly classLabel = signal('');
  /** '' = not recorded (the field is optional and sensitive) */
  readonly sex = signal<PersonSex | ''>('');
  /** a sentence for everyone (aria-live): added, removed, or what went wrong */
  readonly status = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  readonly confirming = signal<string | null>(null);
  /** the person being corrected (Law 09-08 right of correction: docs/subject-access.md) */
  readonly editing = signal<string | null>(null);
  readonly editName = signal('');
  readonly editClass = signal('');
  readonly editSex = signal<PersonSex | ''>('');
  readonly editReason = signal('');
  readonly reasonMax = PERSON_REASON_MAX;

  constructor() {
    effect(() => {
      const id = this.caseId();
      void this.load(id);
    });
  }

  async load(caseId = this.caseId()): Promise<void> {
    this.state.set({ status: 'loading' });
    try {
      this.state.set({ status: 'loaded', people: await firstValueFrom(this.api.list(caseId)) });
    } catch {
      this.state.set({ status: 'error' });
    }
  }

  openForm(): void {
    this.adding.set(true);
    this.status.set(null);
  }

  async add(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    try {
      const person = await firstValueFrom(
        this.api.add(this.caseId(), {
          role: this.role(),
          kind: this.kind(),
          displayName: this.name().trim() || null,
          classLabel: this.classLabel().trim() || null,
          ...(this.sex() ? { sex: this.sex() || null } : {}),
        }),
      );
      this.state.update((s) => (s.status === 'loaded' ? { status: 'loaded', people: [...s.people, person] } : s));
      this.status.set({ kind: 'ok', text: this.transloco.translate('people.added', { code: person.code }) });
      this.name.set('');
      this.classLabel.set('');
      this.sex.set('');
      this.adding.set(false);
    } catch (error) {
      this.status.set({ kind: 'error', text: this.messageOf(error) });
    } finally {
      this.busy.set(false);
    }
  }

  startEdit(person: CasePerson): void {
    this.editing.set(person.id);
    this.editName.set(person.displayName ?? '');
    this.editClass.set(person.classLabel ?? '');
    this.editSex.set(person.sex ?? '');
    this.editReason.set('');
    this.status.set(null);
  }

  /** Saves the fields that changed, with the reason: the API records the correction as an event of the case. */
  async saveEdit(event: Event, person: CasePerson): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const changes: { displayName?: string | null; classLabel?: string | null; sex?: PersonSex | null; reason?: string } = {};
    const name = this.editName().trim() || null;
    const classLabel = this.editClass().trim() || null;
    if (name !== person.displayName) changes.displayName = name;
    if (classLabel !== person.classLabel) changes.classLabel = classLabel;
    const sex = this.editSex() || null;
    if (sex !== (person.sex ?? null)) changes.sex = sex;
    if (!Object.keys(changes).length) {
      this.status.set({ kind: 'ok', text: this.transloco.translate('people.unchanged') });
      this.editing.set(null);
      return;
    }
    const reason = this.editReason().trim();
    if (reason) changes.reason = reason;
    this.busy.set(true);
    try {
      const updated = await firstValueFrom(this.api.update(this.caseId(), person.id, changes));
      this.state.update((s) =>
        s.status === 'loaded' ? { status: 'loaded', people: s.people.map((p) => (p.id === person.id ? updated : p)) } : s,
      );
      this.status.set({ kind: 'ok', text: this.transloco.translate('people.corrected', { code: person.code }) });
      this.editing.set(null);
      this.changed.emit();
    } catch (error) {
      this.status.set({ kind: 'error', text: this.messageOf(error) });
    } finally {
      this.busy.set(false);
    }
  }

  /** The value of a sex select: a sex, or '' for "not recorded". */
  sexOf(event: Event): PersonSex | '' {
    const value = (event.target as HTMLSelectElement).value;
    return isPersonSex(value) ? value : '';
  }

  async remove(person: CasePerson): Promise<void> {
    if (this.confirming() !== person.id) {
      this.confirming.set(person.id);
      return;
    }
    this.busy.set(true);
    try {
      await firstValueFrom(this.api.remove(this.caseId(), person.id));
      this.state.update((s) => (s.status === 'loaded' ? { status: 'loaded', people: s.people.filter((p) => p.id !== person.id) } : s));
      this.status.set({ kind: 'ok', text: this.transloco.translate('people.removed', { code: person.code }) });
      this.changed.emit();
    } catch (error) {
      this.status.set({ kind: 'error', text: this.messageOf(error) });
    } finally {
      this.confirming.set(null);
      this.busy.set(false);
    }
  }

  private messageOf(error: unknown): string {
    const e = toApiError(error);
    return e.details.find((d) => d.message)?.message ?? e.message ?? this.transloco.translate('people.error');
  }
}
