import { applicable, computeCaseState, type CaseEvent as EngineEvent, type NewCaseEvent, type SchoolCalendar } from '@sanad/protocols';
import type { LoadedDefinition } from '@sanad/protocols/node';
import { projectionOf } from '../cases/projection';
import type { CaseRecord } from '../cases/case.entities';
import { openCase } from '../cases/new-case';

/** One action of a demo case's script (seeds/data/demo/cases.json). */
export interface ScriptAction {
  do: 'complete' | 'sign' | 'note' | 'reopen';
  by: string;
  step?: string;
  answers?: Record<string, unknown>;
  checklist?: string[];
  text?: string;
  reason?: string;
  comment?: string;
  /** minutes after the previous action (default 60) */
  minutesAfter?: number;
}

export interface DemoCase {
  id: string;
  schoolId: string;
  reference: string;
  title: string;
  occurredOn: string;
  createdById: string;
  createdAt: string;
  script?: ScriptAction[];
  expectedState?: string;
}

/**
 * Replays a demo case's script through the engine exactly as the API would (each action checked with
 * `applicable`), so demo cases are real event streams in every state and track. Throws on the first action the
 * protocol refuses, naming the case and the action.
 */
export function replayDemoCase(
  c: DemoCase,
  roles: Map<string, string>,
  protocol: LoadedDefinition,
  calendar: SchoolCalendar,
): { record: CaseRecord; events: EngineEvent[] } {
  const def = protocol.definition;
  const roleOf = (userId: string): string => {
    const role = roles.get(userId);
    if (!role) throw new Error(`demo case ${c.reference}: unknown user ${userId}`);
    return role;
  };
  const opened = openCase({ ...c, createdByRole: roleOf(c.createdById), at: c.createdAt }, protocol, calendar);
  const events: EngineEvent[] = [opened.event];
  let clock = Date.parse(c.createdAt);
  (c.script ?? []).forEach((a, index) => {
    clock += (a.minutesAfter ?? 60) * 60_000;
    const at = new Date(clock).toISOString();
    const actor = { id: a.by, role: roleOf(a.by) };
    let event: NewCaseEvent;
    switch (a.do) {
      case 'complete':
        event = {
          type: 'step_completed',
          at,
          actor,
          payload: { stepId: a.step ?? '', answers: (a.answers ?? {}) as never, checklist: a.checklist ?? [] },
        };
        break;
      case 'sign':
        event = {
          type: 'step_signed',
          at,
          actor,
          payload: a.comment ? { stepId: a.step ?? '', comment: a.comment } : { stepId: a.step ?? '' },
        };
        break;
      case 'note':
        event = { type: 'note_added', at, actor, payload: { text: a.text ?? '' } };
        break;
      case 'reopen':
        event = { type: 'case_reopened', at, actor, payload: { reason: a.reason ?? '' } };
        break;
    }
    const verdict = applicable(def, events, event, { now: at, calendar });
    if (!verdict.ok) {
      const fields = verdict.fieldErrors?.map((e) => `${e.field}:${e.code}`).join(', ');
      throw new Error(
        `demo case ${c.reference} (${c.id}), action ${index + 1} (${a.do} ${a.step ?? ''}): ${verdict.code}${fields ? ` [${fields}]` : ''}`,
      );
    }
    events.push({ ...event, seq: events.length + 1 });
  });
  const last = events[events.length - 1].at;
  const state = computeCaseState(def, events, { now: last, calendar });
  if (c.expectedState && state.state !== c.expectedState) {
    throw new Error(`demo case ${c.reference} (${c.id}) ends in ${state.state ?? 'no state'}, expected ${c.expectedState}`);
  }
  const record: CaseRecord = {
    ...opened.record,
    ...projectionOf(def, state, opened.record.state),
    lastEventSeq: events.length,
    updatedAt: last,
  };
  return { record, events };
}
