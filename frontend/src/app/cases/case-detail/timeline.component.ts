import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { ProtocolDefinition, StepDef } from '@sanad/protocols';
import { findStep } from '@sanad/protocols';
import { LanguageService } from '../../core/language.service';
import { AnswerListComponent } from '../workflow/answer-list.component';
import { text } from '../workflow/step-display';
import { TimelineEvent } from '../workflow.model';

interface Entry {
  seq: number;
  type: TimelineEvent['type'];
  at: string;
  who: string;
  role: string;
  /** Title of the step the event is about, if any. */
  step: string;
  stepDef: StepDef | null;
  /** A note, a reason or a signature comment. */
  body: string;
  answers: Record<string, unknown> | null;
  checklist: string[];
  /** For a correction: the seq of the corrected event. */
  refSeq: number | null;
  /** For a correction: when the corrected answers were recorded. */
  refAt: string;
  params: Record<string, string>;
  /** For a correction of a person (`person_updated`): each field with its old and new value, in words. */
  changes: { field: string; from: string; to: string; hidden?: boolean }[];
}

/** The fields of a person a correction may change (`person_updated`), as `timeline.personFields.<field>`. */
const PERSON_FIELDS = ['role', 'kind', 'displayName', 'classLabel', 'note', 'sex'];

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The case's history, newest first: who did what, when. Corrections are shown as corrections, never as edits. */
@Component({
  selector: 'app-timeline',
  imports: [TranslocoPipe, AnswerListComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './timeline.component.html',
  styleUrl: './timeline.component.css',
})
export class TimelineComponent {
  readonly events = input.required<readonly TimelineEvent[]>();
  readonly definition = input.required<ProtocolDefinition>();

  protected readonly language = inject(LanguageService);
  private readonly transloco = inject(TranslocoService);
  private readonly dateTime = computed(
    () => new Intl.DateTimeFormat(this.language.dateLocale(), { dateStyle: 'long', timeStyle: 'short' }),
  );

  protected readonly entries = computed<Entry[]>(() => {
    const def = this.definition();
    const lang = this.language.lang();
    const events = this.events();
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    return [...events]
      .sort((a, b) => b.seq - a.seq)
      .map((e) => {
        const refSeq = typeof e.payload['refSeq'] === 'number' ? e.payload['refSeq'] : null;
        const stepId = str(e.payload['stepId']) || (refSeq !== null ? str(bySeq.get(refSeq)?.payload['stepId']) : '');
        const stepDef = stepId ? (findStep(def, stepId) ?? null) : null;
        const role = text(def.roles.find((r) => r.id === e.actor.role)?.label, lang);
        const step = stepDef ? text(stepDef.title, lang) : stepId;
        return {
          seq: e.seq,
          type: e.type,
          at: e.at,
          who: e.actor.displayName,
          role,
          step,
          stepDef,
          body: str(e.payload['text']) || str(e.payload['reason']) || str(e.payload['comment']),
          answers: record(e.payload['answers']),
          checklist: Array.isArray(e.payload['checklist']) ? e.payload['checklist'].filter((x): x is string => typeof x === 'string') : [],
          refSeq,
          refAt: refSeq !== null ? this.when(bySeq.get(refSeq)?.at ?? '') : '',
          params: {
            step,
            from: str(e.payload['fromVersion']),
            to: str(e.payload['toVersion']),
            name: str(e.payload['assigneeName']) || '—',
            event: this.transmissionEvent(str(e.payload['event'])),
            code: str(e.payload['code']),
          },
          changes: e.type === 'person_updated' ? this.personChanges(record(e.payload['changed'])) : [],
        };
      });
  });

  /** What a correction of a person changed: field names and values in words (roles and kinds translated). */
  private personChanges(changed: Record<string, unknown> | null): Entry['changes'] {
    if (!changed) return [];
    const value = (field: string, v: unknown): string => {
      const text = str(v);
      if (!text) return '—';
      if (field === 'role') return this.transloco.translate<string>(`intake.people.roles.${text}`);
      if (field === 'kind') return this.transloco.translate<string>(`intake.people.kinds.${text}`);
      return text;
    };
    return PERSON_FIELDS.filter((f) => record(changed[f])).map((f) => {
      const change = record(changed[f])!;
      // the sex is sensitive: the history says it was corrected, never to or from what (issue #13)
      if (f === 'sex') return { field: this.transloco.translate<string>('timeline.personFields.sex'), from: '', to: '', hidden: true };
      return {
        field: this.transloco.translate<string>(`timeline.personFields.${f}`),
        from: value(f, change['from']),
        to: value(f, change['to']),
      };
    });
  }

  /** The step of a transmission (acknowledged, message, handled), in words. */
  private transmissionEvent(event: string): string {
    return event ? this.transloco.translate<string>(`timeline.transmissionEvents.${event}`) : '';
  }

  /** Events whose answers the person opened (drawn from then on). */
  protected readonly openedSeqs = signal<ReadonlySet<number>>(new Set());
  protected opened(seq: number, open: boolean): void {
    if (open && !this.openedSeqs().has(seq)) this.openedSeqs.update((seqs) => new Set(seqs).add(seq));
  }

  protected when(at: string): string {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? at : this.dateTime().format(date);
  }
}
