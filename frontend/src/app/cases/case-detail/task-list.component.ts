import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { ProtocolDefinition } from '@sanad/protocols';
import { LanguageService } from '../../core/language.service';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { RelativeDatePipe } from '../../shared/relative-date.pipe';
import { DisplayStatus, Phrase, displayStatus, groupByPhase, reasonPhrase, stepActionOf, text } from '../workflow/step-display';
import { StatusTagComponent } from '../workflow/status-tag.component';
import { CaseDetail, StepView } from '../workflow.model';

export interface TaskItem {
  id: string;
  title: string;
  view: StepView;
  status: DisplayStatus;
  reason: Phrase | null;
  action: 'complete' | 'sign' | null;
}

/**
 * The protocol as a GOV.UK-style task list: phases in order, each step with a plain status tag (icon + words),
 * its due or done date, why it cannot start or is not needed, and a link when the person can act on it.
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

  protected readonly phases = computed(() => {
    const def = this.definition();
    const detail = this.detail();
    const lang = this.language.lang();
    const translate = (key: string, params?: Record<string, string>): string => this.transloco.translate<string>(key, params);
    return groupByPhase<TaskItem>(def, lang, (step) => {
      const view = detail.steps.find((v) => v.stepId === step.id);
      if (!view) return null;
      return {
        id: step.id,
        title: text(step.title, lang),
        view,
        status: displayStatus(view),
        reason: reasonPhrase(view, def, lang, translate, detail),
        action: stepActionOf(detail.actions, step.id),
      };
    }).filter((phase) => phase.items.length > 0);
  });
}
