import { ChangeDetectionStrategy, Component, PendingTasks, afterRenderEffect, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { ProtocolDefinition } from '@sanad/protocols';
import { LanguageService } from '../../core/language.service';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { RelativeDatePipe } from '../../shared/relative-date.pipe';
import { DisplayStatus, Phrase, displayStatus, groupByPhase, reasonPhrase, stepActionOf, text } from '../workflow/step-display';
import { StatusTagComponent } from '../workflow/status-tag.component';
import { CaseDetail, StepView } from '../workflow.model';

/** Steps drawn per task: a long protocol is drawn a few phases at a time, so a phone never freezes on it. */
export const STEPS_PER_TASK = 8;

/** Statuses of a phase with nothing done and nothing to do yet: such a phase is folded to one line. */
const QUIET: ReadonlySet<DisplayStatus> = new Set<DisplayStatus>(['notNeeded', 'cannotStart']);

export interface TaskItem {
  id: string;
  title: string;
  view: StepView;
  status: DisplayStatus;
  reason: Phrase | null;
  action: 'complete' | 'sign' | null;
}

export interface TaskPhase {
  id: string;
  title: string;
  items: TaskItem[];
  /** Every step is "not needed" or "cannot start yet": folded, with the counts, until the person opens it. */
  quiet: boolean;
  /** Its steps are on show (not quiet, or opened by the person). */
  open: boolean;
  /** "Non nécessaire : 4 · Ne peut pas commencer : 2" (quiet phases only). */
  summary: string;
}

/**
 * The protocol as a GOV.UK-style task list: phases in order, each step with a plain status tag (icon + words),
 * its due or done date, why it cannot start or is not needed, and a link when the person can act on it. A phase
 * where nothing is done nor to do is folded to one line with its counts and a button to show its steps.
 */
@Component({
  selector: 'app-task-list',
  imports: [RouterLink, TranslocoPipe, LocalDatePipe, RelativeDatePipe, StatusTagComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './task-list.component.html',
  styleUrl: './task-list.component.css',
})
export class TaskListComponent {
  readonly definition = input.required<ProtocolDefinition>();
  readonly detail = input.required<CaseDetail>();

  protected readonly language = inject(LanguageService);
  private readonly transloco = inject(TranslocoService);

  /** Folded phases the person opened. */
  private readonly opened = signal<ReadonlySet<string>>(new Set());

  protected readonly phases = computed((): TaskPhase[] => {
    const def = this.definition();
    const detail = this.detail();
    const lang = this.language.lang();
    const opened = this.opened();
    const translate = (key: string, params?: Record<string, string | number>): string => this.transloco.translate<string>(key, params);
    const views = new Map(detail.steps.map((v) => [v.stepId, v]));
    return groupByPhase<TaskItem>(def, lang, (step) => {
      const view = views.get(step.id);
      if (!view) return null;
      return {
        id: step.id,
        title: text(step.title, lang),
        view,
        status: displayStatus(view),
        reason: null,
        action: stepActionOf(detail.actions, step.id),
      };
    })
      .filter((phase) => phase.items.length > 0)
      .map((phase) => {
        const quiet = phase.items.every((item) => QUIET.has(item.status) && !item.action);
        const open = !quiet || opened.has(phase.id);
        // why a step waits or is not needed is worded for the steps on show only
        const items = open
          ? phase.items.map((item) => ({ ...item, reason: reasonPhrase(item.view, def, lang, translate, detail) }))
          : phase.items;
        const counts = new Map<DisplayStatus, number>();
        if (quiet) for (const item of items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
        const summary = [...counts]
          .map(([status, count]) => translate('steps.statusCount', { status: translate(`steps.status.${status}`), count }))
          .join(' · ');
        return { ...phase, items, quiet, open, summary };
      });
  });

  protected toggle(phaseId: string): void {
    this.opened.update((opened) => {
      const next = new Set(opened);
      if (!next.delete(phaseId)) next.add(phaseId);
      return next;
    });
  }

  /** How many lines may be drawn so far (grows by STEPS_PER_TASK each task, until the whole list is there). */
  private readonly budget = signal(STEPS_PER_TASK);
  /** The phases drawn so far: whole phases, at least one, in order (a folded phase counts as one line). */
  protected readonly shownPhases = computed(() => {
    const phases = this.phases();
    const budget = this.budget();
    let lines = 0;
    let count = 0;
    while (count < phases.length) {
      const size = phases[count].open ? phases[count].items.length : 1;
      if (count > 0 && lines + size > budget) break;
      lines += size;
      count++;
    }
    return count === phases.length ? phases : phases.slice(0, count);
  });
  /** Every phase is on the page. */
  private readonly drawnAll = computed(() => this.shownPhases().length === this.phases().length);
  private readonly completed = signal(false);
  /**
   * True from the task after the last phases were drawn (what comes below the list waits for it, so nothing
   * moves, and is drawn in a task of its own).
   */
  readonly complete = this.completed.asReadonly();

  constructor() {
    const pendingTasks = inject(PendingTasks);
    // After each drawing, the next phases are drawn in a new task, letting the browser paint and handle input in
    // between. Counted as pending work, so the app (and a test's whenStable) is stable once the list is complete.
    afterRenderEffect((onCleanup) => {
      const budget = this.budget();
      const drawnAll = this.drawnAll();
      if (drawnAll && this.completed()) return;
      const done = pendingTasks.add();
      const timer = setTimeout(() => {
        if (drawnAll) {
          // once drawn, the list stays whole: a later change (a phase unfolding) never takes the page below away
          this.budget.set(Number.POSITIVE_INFINITY);
          this.completed.set(true);
        } else {
          this.budget.set(budget + STEPS_PER_TASK);
        }
        done();
      });
      onCleanup(() => {
        clearTimeout(timer);
        done();
      });
    });
  }
}
