import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { findStep, type ProtocolDefinition } from '@sanad/protocols';
import { LanguageService } from '../../core/language.service';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { DANGER_FIELD, DANGER_STEP } from '../workflow/danger';
import { text } from '../workflow/step-display';
import { CaseDetail } from '../workflow.model';

/**
 * The danger signs ticked by whoever logged the incident, on the case page until the danger check is done: which
 * signs, who, when, and the way to the check for those who do it.
 */
@Component({
  selector: 'app-reported-danger',
  imports: [TranslocoPipe, RouterLink, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (shown(); as r) {
      <div class="notice notice--emergency" role="region" aria-labelledby="reported-danger-title" data-testid="reported-danger">
        <h2 class="notice__title" id="reported-danger-title">
          <span aria-hidden="true">⚠ </span
          >{{ 'caseDetail.reportedDanger.title' | transloco: { name: r.by.displayName, date: (r.at | localDate: language.dateLocale()) } }}
        </h2>
        <ul data-testid="reported-danger-signs">
          @for (sign of signs(); track sign) {
            <li>{{ sign }}</li>
          }
        </ul>
        <p>{{ 'caseDetail.reportedDanger.text' | transloco }}</p>
        @if (canCheck()) {
          <p>
            <a class="button" [routerLink]="['/cases', detail().case.id, 'steps', dangerStep]" data-testid="reported-danger-check">{{
              'caseDetail.reportedDanger.check' | transloco
            }}</a>
          </p>
        }
      </div>
    }
  `,
})
export class ReportedDangerComponent {
  protected readonly language = inject(LanguageService);
  readonly detail = input.required<CaseDetail>();
  readonly definition = input.required<ProtocolDefinition>();
  protected readonly dangerStep = DANGER_STEP;

  /** The report, while the danger check is not done yet. */
  protected readonly shown = computed(() => {
    const d = this.detail();
    const check = d.steps.find((s) => s.stepId === DANGER_STEP);
    return d.reportedDanger?.flags.length && !d.closed && check?.status !== 'done' ? d.reportedDanger : null;
  });
  protected readonly signs = computed(() => {
    const lang = this.language.lang();
    const options = findStep(this.definition(), DANGER_STEP)?.form?.fields.find((f) => f.id === DANGER_FIELD)?.options ?? [];
    return (this.shown()?.flags ?? []).map((flag) => text(options.find((o) => o.value === flag)?.label, lang) || flag);
  });
  protected readonly canCheck = computed(() => this.detail().actions.some((a) => a.kind === 'complete_step' && a.stepId === DANGER_STEP));
}
