import { Location, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { ProtocolDefinition, StepDef } from '@sanad/protocols';
import { evidenceMode, findStep, stepResources } from '@sanad/protocols';
import { catchError, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';
import { toApiError } from '../../core/api-error';
import { AuthService } from '../../core/auth.service';
import { LanguageService } from '../../core/language.service';
import { KnowledgeApi } from '../../knowledge/knowledge-api';
import { Knowledge } from '../../knowledge/knowledge.model';
import { resourceEntries } from '../../knowledge/resources';
import { ProtocolsApi } from '../../protocols/protocols-api';
import { ErrorItem, ErrorSummaryComponent } from '../../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../../shared/field-error.component';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { CaseCreatedState } from '../case.model';
import { CasesApi } from '../cases-api';
import { AnswerListComponent } from '../workflow/answer-list.component';
import { displayStatus, reasonPhrase, stepActionOf, text } from '../workflow/step-display';
import {
  RawAnswers,
  RawValue,
  StepProblem,
  checkStep,
  clearStepDraft,
  controlId,
  factsWith,
  problemsFromApi,
  readStepDraft,
  toAnswers,
  visibleFields,
  visibleOptions,
  writeStepDraft,
} from '../workflow/step-form';
import { StatusTagComponent } from '../workflow/status-tag.component';
import { CaseDetail, StepSavedState, TimelineEvent } from '../workflow.model';
import { StepFieldComponent } from './step-field.component';
import { StepResourcesComponent } from './step-resources.component';
import { DANGER_FIELD, DANGER_STEP } from '../workflow/danger';

type PageState =
  { status: 'loading' } | { status: 'loaded'; detail: CaseDetail; def: ProtocolDefinition } | { status: 'notFound' } | { status: 'error' };

/** The knowledge base, fetched only for a step that has contacts or guides to show. */
type KnowledgeState = { status: 'none' } | { status: 'loading' } | { status: 'loaded'; knowledge: Knowledge } | { status: 'error' };

export const SIGN_COMMENT_MAX = 2000;
const LOADING: PageState = { status: 'loading' };

/**
 * One step of a case: its guidance, the contacts and platform guides that apply (the engine's `stepResources`),
 * the "no images" safety notice when the step takes a description only (`evidenceMode`), the form drawn from the
 * protocol definition and its checklist, checked with the engine's `validateSubmission` (the code the API runs)
 * before sending. For a step awaiting a second signature, the answers to check and a "sign" button for the
 * allowed role.
 */
@Component({
  selector: 'app-step',
  imports: [
    NgTemplateOutlet,
    RouterLink,
    TranslocoPipe,
    ErrorSummaryComponent,
    FieldErrorComponent,
    LocalDatePipe,
    StepFieldComponent,
    StatusTagComponent,
    AnswerListComponent,
    StepResourcesComponent,
  ],
  templateUrl: './step.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StepComponent {
  private readonly api = inject(CasesApi);
  private readonly protocols = inject(ProtocolsApi);
  private readonly knowledgeApi = inject(KnowledgeApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);
  protected readonly language = inject(LanguageService);

  /** Route parameters, bound by the router. */
  readonly id = input.required<string>();
  readonly stepId = input.required<string>();

  protected readonly commentMax = SIGN_COMMENT_MAX;
  /** Just created on the new-case page (guided intake): says so, and how many people could not be added. */
  protected readonly created = signal(
    ((state: CaseCreatedState | null) => (state?.createdReference ? state : null))(inject(Location).getState() as CaseCreatedState | null),
  );
  protected readonly page = signal<PageState>({ status: 'loading' });
  protected readonly raw = signal<RawAnswers>({});
  protected readonly checklist = signal<string[]>([]);
  protected readonly comment = signal('');
  protected readonly problems = signal<StepProblem[]>([]);
  protected readonly conflict = signal(false);
  protected readonly submitting = signal(false);
  protected readonly draftRestored = signal(false);
  /** The danger check starts from the signs reported at intake (who, when). */
  protected readonly dangerPrefilled = signal<{ at: string; by: { displayName: string } } | null>(null);
  /** The answers being signed (the last completion of the step), from the timeline. */
  protected readonly completion = signal<TimelineEvent | null>(null);
  protected readonly knowledge = signal<KnowledgeState>({ status: 'none' });

  protected readonly detail = computed(() => {
    const p = this.page();
    return p.status === 'loaded' ? p.detail : null;
  });
  protected readonly def = computed(() => {
    const p = this.page();
    return p.status === 'loaded' ? p.def : null;
  });
  protected readonly step = computed<StepDef | null>(() => {
    const def = this.def();
    return def ? (findStep(def, this.stepId()) ?? null) : null;
  });
  protected readonly view = computed(() => this.detail()?.steps.find((s) => s.stepId === this.stepId()) ?? null);
  protected readonly mode = computed(() => {
    const detail = this.detail();
    return detail ? stepActionOf(detail.actions, this.stepId()) : null;
  });
  /** The co-signer may send the step back with a comment instead of signing. */
  protected readonly canSendBack = computed(
    () => this.detail()?.actions.some((a) => a.kind === 'return_step' && a.stepId === this.stepId()) ?? false,
  );
  protected readonly sendingBack = signal(false);
  protected readonly title = computed(() => text(this.step()?.title, this.language.lang()));
  protected readonly guidance = computed(() => text(this.step()?.guidance, this.language.lang()));
  protected readonly tag = computed(() => {
    const view = this.view();
    return view ? displayStatus(view) : null;
  });
  protected readonly reason = computed(() => {
    const view = this.view();
    const def = this.def();
    const lang = this.language.lang();
    const detail = this.detail();
    return view && def && detail ? reasonPhrase(view, def, lang, (k, p) => this.translate(k, p), detail) : null;
  });

  protected readonly fields = computed(() => {
    const step = this.step();
    const detail = this.detail();
    if (!step || !detail) return [];
    const raw = this.raw();
    return visibleFields(step, raw, detail.facts).map((field) => ({
      field,
      options: visibleOptions(step, field, raw, detail.facts),
    }));
  });
  /** Case facts updated with what the answers so far would set (e.g. "sexual images of a minor: yes"). */
  private readonly liveFacts = computed(() => {
    const step = this.step();
    const detail = this.detail();
    if (!step || !detail) return null;
    return factsWith(step, detail.facts, toAnswers(step, this.raw(), detail.facts));
  });
  /** The step takes a written description, never a file: the app's "no images" safety notice. */
  protected readonly descriptionOnly = computed(() => {
    const step = this.step();
    const facts = this.liveFacts();
    return step && facts ? evidenceMode(step, facts) === 'descriptionOnly' : false;
  });
  /** Directory ids and guide codes of the step for the case facts (`platforms: true` → the case's platforms). */
  private readonly resolved = computed(() => {
    const def = this.def();
    const step = this.step();
    const detail = this.detail();
    return def && step && detail ? stepResources(def, step, detail.facts) : null;
  });
  private readonly needsKnowledge = computed(() => {
    const r = this.resolved();
    return r !== null && (r.directory.length > 0 || r.guides.length > 0);
  });
  protected readonly resources = computed(() => {
    const k = this.knowledge();
    const resolved = this.resolved();
    if (k.status !== 'loaded' || !resolved) return null;
    const types = this.detail()?.facts['types'];
    const entries = resourceEntries(k.knowledge, resolved, Array.isArray(types) ? types.map(String) : []);
    return entries.directory.length > 0 || entries.guides.length > 0 ? entries : null;
  });

  protected readonly items = computed(() => {
    const lang = this.language.lang();
    return (this.step()?.checklist?.items ?? []).map((item) => ({ ...item, text: text(item.label, lang) }));
  });

  protected readonly errorItems = computed<ErrorItem[]>(() => {
    this.language.lang();
    return this.problems().map((p) => this.toErrorItem(p));
  });
  protected readonly errorFor = computed(() => {
    const map = new Map<string, ErrorItem>();
    this.problems().forEach((p, i) => {
      const item = this.errorItems()[i];
      if (p.target && item && !map.has(p.target)) map.set(p.target, item);
    });
    return map;
  });

  constructor() {
    const ids = computed(() => ({ id: this.id(), stepId: this.stepId() }));
    toObservable(ids)
      .pipe(
        switchMap(({ id, stepId }) =>
          this.load(id).pipe(
            map((state) => ({ state, id, stepId })),
            startWith({ state: LOADING, id, stepId }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ state, id, stepId }) => {
        this.page.set(state);
        if (state.status !== 'loaded') return;
        const draft = readStepDraft(id, stepId);
        const reported = state.detail.reportedDanger;
        if (draft) {
          this.raw.set(draft.answers);
          this.checklist.set(draft.checklist);
          this.draftRestored.set(true);
        } else if (stepId === DANGER_STEP && reported?.flags.length && stepActionOf(state.detail.actions, stepId) === 'complete') {
          // The signs ticked when the incident was logged: a starting point, to check again with the pupil.
          this.raw.set({ [DANGER_FIELD]: [...reported.flags] });
          this.dangerPrefilled.set(reported);
        }
        if (stepActionOf(state.detail.actions, stepId) === 'sign') this.loadCompletion(id, stepId);
      });
    toObservable(this.needsKnowledge)
      .pipe(takeUntilDestroyed())
      .subscribe((needed) => {
        if (needed && this.knowledge().status === 'none') this.loadKnowledge();
      });
  }

  protected loadKnowledge(): void {
    this.knowledge.set({ status: 'loading' });
    this.knowledgeApi.get().subscribe({
      next: (knowledge) => this.knowledge.set({ status: 'loaded', knowledge }),
      error: () => this.knowledge.set({ status: 'error' }),
    });
  }

  private load(id: string) {
    return this.api.detail(id).pipe(
      switchMap((detail) =>
        this.protocols
          .definition(detail.protocol.id, detail.protocol.version)
          .pipe(map((def): PageState => ({ status: 'loaded', detail, def }))),
      ),
      catchError((error: unknown) => of<PageState>(toApiError(error).statusCode === 404 ? { status: 'notFound' } : { status: 'error' })),
    );
  }

  private loadCompletion(id: string, stepId: string): void {
    this.api.timeline(id).subscribe({
      next: (events) => {
        const last = [...events].reverse().find((e) => e.type === 'step_completed' && e.payload['stepId'] === stepId);
        this.completion.set(last ?? null);
      },
      error: () => this.completion.set(null),
    });
  }

  protected retry(): void {
    this.page.set({ status: 'loading' });
    this.load(this.id()).subscribe((state) => this.page.set(state));
  }

  protected setAnswer(fieldId: string, value: RawValue | undefined): void {
    this.raw.update((raw) => ({ ...raw, [fieldId]: value }));
    this.saveDraft();
  }

  protected toggleItem(itemId: string, checked: boolean): void {
    this.checklist.update((list) => (checked ? [...list.filter((i) => i !== itemId), itemId] : list.filter((i) => i !== itemId)));
    this.saveDraft();
  }

  protected isTicked(itemId: string): boolean {
    return this.checklist().includes(itemId);
  }

  private saveDraft(): void {
    writeStepDraft(this.id(), this.stepId(), { answers: this.raw(), checklist: this.checklist() });
  }

  protected cancel(): void {
    clearStepDraft(this.id(), this.stepId());
  }

  protected async submit(): Promise<void> {
    const detail = this.detail();
    const def = this.def();
    const step = this.step();
    if (this.submitting() || !detail || !def || !step) return;
    const role = this.auth.currentUser()?.role ?? '';
    const items = new Set((step.checklist?.items ?? []).map((i) => i.id));
    const checklist = this.checklist().filter((i) => items.has(i));
    const problems = checkStep(def, step, this.raw(), checklist, role, detail.facts);
    this.conflict.set(false);
    this.problems.set(problems);
    if (problems.length > 0) return;

    this.submitting.set(true);
    try {
      const answers = toAnswers(step, this.raw(), detail.facts);
      await firstValueFrom(this.api.completeStep(this.id(), step.id, detail.lastEventSeq, answers, checklist));
      clearStepDraft(this.id(), step.id);
      const state: StepSavedState = { saved: 'step', stepId: step.id };
      await this.router.navigate(['/cases', this.id()], { state });
    } catch (error) {
      await this.showServerError(error, step);
    } finally {
      this.submitting.set(false);
    }
  }

  protected async sign(): Promise<void> {
    const detail = this.detail();
    const step = this.step();
    if (this.submitting() || !detail || !step) return;
    const comment = this.comment().trim();
    this.conflict.set(false);
    if (comment.length > SIGN_COMMENT_MAX) {
      this.problems.set([{ target: 'comment', code: 'maxLength', key: 'stepForm.commentTooLong' }]);
      return;
    }
    this.problems.set([]);
    this.submitting.set(true);
    try {
      await firstValueFrom(this.api.signStep(this.id(), step.id, detail.lastEventSeq, comment || undefined));
      const state: StepSavedState = { saved: 'signature', stepId: step.id };
      await this.router.navigate(['/cases', this.id()], { state });
    } catch (error) {
      await this.showServerError(error, step);
    } finally {
      this.submitting.set(false);
    }
  }

  protected async sendBack(): Promise<void> {
    const detail = this.detail();
    const step = this.step();
    if (this.submitting() || !detail || !step) return;
    const comment = this.comment().trim();
    this.conflict.set(false);
    if (!comment) {
      this.problems.set([{ target: 'comment', code: 'required', key: 'stepForm.returnCommentRequired' }]);
      return;
    }
    if (comment.length > SIGN_COMMENT_MAX) {
      this.problems.set([{ target: 'comment', code: 'maxLength', key: 'stepForm.commentTooLong' }]);
      return;
    }
    this.problems.set([]);
    this.submitting.set(true);
    this.sendingBack.set(true);
    try {
      await firstValueFrom(this.api.returnStep(this.id(), step.id, detail.lastEventSeq, comment));
      const state: StepSavedState = { saved: 'returned', stepId: step.id };
      await this.router.navigate(['/cases', this.id()], { state });
    } catch (error) {
      await this.showServerError(error, step);
    } finally {
      this.submitting.set(false);
      this.sendingBack.set(false);
    }
  }

  private async showServerError(error: unknown, step: StepDef): Promise<void> {
    const apiError = toApiError(error);
    // 401: the interceptor is taking the person to sign in; the draft is kept for their return.
    if (apiError.statusCode === 401) return;
    if (apiError.statusCode === 409) {
      // Someone else acted first: reload the case, keep what was typed, say so plainly.
      this.problems.set([]);
      this.conflict.set(true);
      const state = await firstValueFrom(this.load(this.id()));
      if (state.status === 'loaded') this.page.set(state);
      return;
    }
    this.problems.set(problemsFromApi(apiError, step));
  }

  private translate(key: string, params?: Record<string, string>): string {
    return this.transloco.translate<string>(key, params);
  }

  private labelOf(target: string): string {
    const lang = this.language.lang();
    const step = this.step();
    if (target.startsWith('checklist.')) return text(step?.checklist?.items.find((i) => `checklist.${i.id}` === target)?.label, lang);
    return text(step?.form?.fields.find((f) => f.id === target)?.label, lang);
  }

  /** Where a form-level problem links to: the first question (or the first checklist item, or the button). */
  private firstControl(): string {
    const first = this.fields()[0]?.field.id;
    if (first) return `f-${first}`;
    const item = this.items()[0]?.id;
    return item ? `c-${item}` : 'step-submit';
  }

  private toErrorItem(p: StepProblem): ErrorItem {
    const fieldId = p.target === 'comment' ? 'f-comment' : controlId(p.target) || this.firstControl();
    if (p.key) return { fieldId, key: p.key };
    const label = this.labelOf(p.target);
    const field = this.step()?.form?.fields.find((f) => f.id === p.target);
    const type = field?.type;
    if (label && p.localized && !p.text) {
      if (p.code === 'required') {
        if (p.target.startsWith('checklist.')) return { fieldId, key: 'stepForm.errors.requiredItem', params: { label } };
        const kind =
          type === 'multiChoice' || (type === 'platform' && field?.multiple === true)
            ? 'requiredMany'
            : type === 'choice' || type === 'yesNo' || type === 'platform'
              ? 'requiredChoice'
              : 'requiredText';
        return { fieldId, key: `stepForm.errors.${kind}`, params: { label } };
      }
      if (p.code === 'type' && type === 'number') return { fieldId, key: 'stepForm.errors.number', params: { label } };
      if (p.code === 'date') return { fieldId, key: 'stepForm.errors.date', params: { label } };
    }
    const message = p.text ?? (p.localized ? text(p.localized, this.language.lang()) : '');
    if (label && message) return { fieldId, key: 'stepForm.errors.withLabel', params: { label, message } };
    return message ? { fieldId, text: message } : { fieldId, key: 'errors.UNKNOWN' };
  }
}
