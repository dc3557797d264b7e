import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ProtocolDefinition } from '@sanad/protocols';
import { findStep } from '@sanad/protocols';
import { catchError, firstValueFrom, forkJoin, map, of, switchMap } from 'rxjs';
import { toApiError } from '../../core/api-error';
import { LanguageService } from '../../core/language.service';
import { KnowledgeApi } from '../../knowledge/knowledge-api';
import { Knowledge } from '../../knowledge/knowledge.model';
import { StepResourceEntries, resourceEntries } from '../../knowledge/resources';
import { ProtocolsApi } from '../../protocols/protocols-api';
import { ErrorItem, ErrorSummaryComponent } from '../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../shared/field-error.component';
import { CASE_TITLE_MAX, CaseCreatedState } from '../case.model';
import { CasesApi } from '../cases-api';
import { PeopleApi } from '../people-api';
import { StepResourcesComponent } from '../step/step-resources.component';
import { text } from '../workflow/step-display';
import {
  DangerAnswer,
  EMPTY_DRAFT,
  IntakeStage,
  NEW_CASE_DRAFT_KEY,
  NewCaseDraft,
  clearNewCaseDraft,
  readNewCaseDraft,
  writeNewCaseDraft,
} from './new-case-draft';
import { NewCaseField, localToday, validateNewCase } from './new-case.validation';
import {
  DraftPerson,
  isPersonSex,
  PERSON_CLASS_MAX,
  PERSON_KINDS,
  PERSON_NAME_MAX,
  PERSON_SEXES,
  PersonKind,
  PersonRole,
  predictedCodes,
} from './people-draft';
import { DANGER_FIELD, DANGER_STEP } from '../workflow/danger';

export { NEW_CASE_DRAFT_KEY, clearNewCaseDraft };

const FIELDS: readonly NewCaseField[] = ['title', 'occurredOn'];
/** Roles offered on this page (the reporter is recorded by the intake step). */
export const INTAKE_PERSON_ROLES: readonly PersonRole[] = ['target', 'author', 'witness'];

interface DangerFlag {
  value: string;
  label: string;
}

type DangerInfo = { status: 'loading' } | { status: 'loaded'; def: ProtocolDefinition; knowledge: Knowledge | null } | { status: 'error' };

/** The latest published version of each protocol; the first one is the one new cases follow. */
function latestPublished(list: { id: string; version: string; status: string }[]): { id: string; version: string } | null {
  const published = list.filter((p) => p.status === 'published');
  const byVersion = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  const sorted = [...published].sort((a, b) => byVersion(b.version, a.version));
  return sorted[0] ?? null;
}

/**
 * Opening a case, as a guided flow: first the danger check (the protocol's danger signs as yes/no questions; one
 * "yes" shows the emergency contacts and the instruction to alert the coordinator or the principal at once), then a
 * short title, the date of the facts and the people involved (each with the pseudonymous code used outside the
 * school). Everything typed is kept in sessionStorage until the case is created or the draft discarded; after
 * creating, the intake step opens for the rest (who reported, what happened, platforms…).
 */
@Component({
  selector: 'app-new-case',
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, StepResourcesComponent],
  templateUrl: './new-case.component.html',
  styleUrl: './new-case.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewCaseComponent {
  private readonly api = inject(CasesApi);
  private readonly peopleApi = inject(PeopleApi);
  private readonly protocols = inject(ProtocolsApi);
  private readonly knowledgeApi = inject(KnowledgeApi);
  private readonly router = inject(Router);
  protected readonly language = inject(LanguageService);

  protected readonly titleMax = CASE_TITLE_MAX;
  protected readonly nameMax = PERSON_NAME_MAX;
  protected readonly classMax = PERSON_CLASS_MAX;
  protected readonly today = localToday();
  protected readonly personRoles = INTAKE_PERSON_ROLES;
  protected readonly personKinds = PERSON_KINDS;
  protected readonly personSexes = PERSON_SEXES;

  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true }),
    occurredOn: new FormControl('', { nonNullable: true }),
  });
  protected readonly personForm = new FormGroup({
    role: new FormControl<PersonRole>('target', { nonNullable: true }),
    kind: new FormControl<PersonKind>('pupil', { nonNullable: true }),
    displayName: new FormControl('', { nonNullable: true }),
    classLabel: new FormControl('', { nonNullable: true }),
    /** '' = not recorded: optional and sensitive (issue #13) */
    sex: new FormControl<string>('', { nonNullable: true }),
  });

  protected readonly stage = signal<IntakeStage>('danger');
  protected readonly danger = signal<Record<string, DangerAnswer>>({});
  protected readonly people = signal<DraftPerson[]>([]);
  protected readonly codes = computed(() => predictedCodes(this.people()));
  protected readonly personError = signal<string | null>(null);

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

  private readonly stageHeading = viewChild<ElementRef<HTMLElement>>('stageHeading');

  protected readonly info = signal<DangerInfo>({ status: 'loading' });
  protected readonly flags = computed<DangerFlag[]>(() => {
    const info = this.info();
    if (info.status !== 'loaded') return [];
    const lang = this.language.lang();
    const field = findStep(info.def, DANGER_STEP)?.form?.fields.find((f) => f.id === DANGER_FIELD);
    return (field?.options ?? []).map((o) => ({ value: o.value, label: text(o.label, lang) || o.value }));
  });
  protected readonly anyDanger = computed(() => Object.values(this.danger()).includes('yes'));
  /** The danger_check step's contacts (police 19, gendarmerie 177, ONDE 2511…), as directory cards. */
  protected readonly emergency = computed<StepResourceEntries | null>(() => {
    const info = this.info();
    if (info.status !== 'loaded' || !info.knowledge) return null;
    const ids = findStep(info.def, DANGER_STEP)?.resources?.directory ?? [];
    const entries = resourceEntries(info.knowledge, { directory: [...ids], guides: [] });
    return entries.directory.length > 0 ? { ...entries, guides: [] } : null;
  });

  constructor() {
    const draft = readNewCaseDraft();
    if (draft) {
      this.form.setValue({ title: draft.title, occurredOn: draft.occurredOn });
      this.stage.set(draft.stage);
      this.danger.set(draft.danger);
      this.people.set(draft.people);
      this.draftRestored.set(true);
    }
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.save());
    this.loadDangerInfo();
  }

  protected loadDangerInfo(): void {
    this.info.set({ status: 'loading' });
    this.protocols
      .list()
      .pipe(
        switchMap((list) => {
          const latest = latestPublished(list);
          if (!latest) throw new Error('no published protocol');
          return forkJoin([this.protocols.definition(latest.id, latest.version), this.knowledgeApi.get().pipe(catchError(() => of(null)))]);
        }),
        map(([def, knowledge]): DangerInfo => ({ status: 'loaded', def, knowledge })),
        catchError(() => of<DangerInfo>({ status: 'error' })),
      )
      .subscribe((info) => this.info.set(info));
  }

  private draft(): NewCaseDraft {
    return { ...EMPTY_DRAFT, ...this.form.getRawValue(), stage: this.stage(), danger: this.danger(), people: this.people() };
  }

  private save(): void {
    writeNewCaseDraft(this.draft());
  }

  protected answer(flag: string, value: DangerAnswer): void {
    this.danger.update((d) => ({ ...d, [flag]: value }));
    this.save();
  }

  protected isAnswer(flag: string, value: DangerAnswer): boolean {
    return this.danger()[flag] === value;
  }

  protected goTo(stage: IntakeStage): void {
    this.stage.set(stage);
    this.save();
    // Move focus to the new heading, so screen readers and keyboards start at the top of the new screen.
    setTimeout(() => this.stageHeading()?.nativeElement.focus());
  }

  protected addPerson(): void {
    const v = this.personForm.getRawValue();
    const displayName = v.displayName.trim();
    const classLabel = v.classLabel.trim();
    if (displayName.length > PERSON_NAME_MAX || classLabel.length > PERSON_CLASS_MAX) {
      this.personError.set('intake.people.tooLong');
      return;
    }
    this.personError.set(null);
    const sex = isPersonSex(v.sex) ? { sex: v.sex } : {};
    this.people.update((list) => [...list, { role: v.role, kind: v.kind, displayName, classLabel, ...sex }]);
    this.personForm.patchValue({ displayName: '', classLabel: '', sex: '' });
    this.save();
  }

  protected removePerson(index: number): void {
    this.people.update((list) => list.filter((_, i) => i !== index));
    this.save();
  }

  /** "Abandonner le brouillon": everything typed is forgotten and the flow starts again. */
  protected discard(): void {
    clearNewCaseDraft();
    this.form.reset({ title: '', occurredOn: '' }, { emitEvent: false });
    this.danger.set({});
    this.people.set([]);
    this.fieldErrors.set({});
    this.formError.set(null);
    this.draftRestored.set(false);
    this.goTo('danger');
    clearNewCaseDraft();
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
      // The danger signs go with the case: the coordinator and the principal are alerted and see them on the case.
      const flags = Object.entries(this.danger())
        .filter(([, a]) => a === 'yes')
        .map(([f]) => f);
      const created = await firstValueFrom(
        this.api.create({ title: value.title.trim(), occurredOn: value.occurredOn, ...(flags.length ? { dangerSigns: flags } : {}) }),
      );
      // The case exists: from here on, a failure must not create it twice.
      let peopleFailed = 0;
      for (const p of this.people()) {
        try {
          await firstValueFrom(
            this.peopleApi.add(created.id, {
              role: p.role,
              kind: p.kind,
              displayName: p.displayName || null,
              classLabel: p.classLabel || null,
              ...(p.sex ? { sex: p.sex } : {}),
            }),
          );
        } catch {
          peopleFailed++;
        }
      }
      clearNewCaseDraft();
      const state: CaseCreatedState = { createdReference: created.reference, peopleFailed };
      await this.router.navigate(['/cases', created.id, 'steps', 'intake'], { state });
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
