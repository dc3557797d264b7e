/** Builds a case event by event, checking each event with `applicable` like the backend does. */
import {
  applicable,
  computeCaseState,
  findStep,
  makeCalendar,
  type Answers,
  type CaseEvent,
  type CaseState,
  type NewCaseEvent,
  type ProtocolDefinition,
  type SchoolCalendar,
} from '../../src';
import { fillForm, firstPick, type Pick } from './form-filler';

const MINUTE = 60_000;

export class CaseBuilder {
  readonly events: CaseEvent[] = [];
  private clock: number;

  constructor(
    readonly def: ProtocolDefinition,
    start = '2026-11-23T08:00:00Z',
    readonly calendar: SchoolCalendar = makeCalendar(),
  ) {
    this.clock = Date.parse(start);
  }

  get now(): string {
    return new Date(this.clock).toISOString();
  }

  advance(minutes: number): this {
    this.clock += minutes * MINUTE;
    return this;
  }

  state(now = this.now): CaseState {
    return computeCaseState(this.def, this.events, { now, calendar: this.calendar });
  }

  /** Appends the event if applicable; throws with the error code otherwise. */
  push(event: NewCaseEvent): this {
    const result = applicable(this.def, this.events, event, { now: this.now, calendar: this.calendar });
    if (!result.ok) {
      const details = result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors.map((e) => [e.field, e.code]))}` : '';
      throw new Error(`${event.type} rejected: ${result.code}${details}`);
    }
    this.events.push({ ...event, seq: this.events.length + 1 });
    return this;
  }

  create(): this {
    return this.push({
      type: 'case_created',
      at: this.now,
      actor: { id: 'u-coord', role: 'coordinator' },
      payload: { protocolId: this.def.id, protocolVersion: this.def.version },
    });
  }

  /** Completes a step; missing answers are filled with valid defaults. */
  complete(stepId: string, role: string, overrides: Answers = {}, options: { actorId?: string; pick?: Pick } = {}): this {
    const step = findStep(this.def, stepId);
    if (!step) throw new Error(`unknown step ${stepId}`);
    const { answers, checklist } = fillForm(step, this.state().facts, options.pick ?? firstPick, overrides);
    this.advance(10);
    return this.push({
      type: 'step_completed',
      at: this.now,
      actor: { id: options.actorId ?? `u-${role}`, role },
      payload: { stepId, answers, checklist },
    });
  }

  sign(stepId: string, role = 'principal', actorId = `u-${role}-2`): this {
    this.advance(5);
    return this.push({ type: 'step_signed', at: this.now, actor: { id: actorId, role }, payload: { stepId } });
  }

  /** The co-signer sends a step awaiting their signature back, with a comment. */
  sendBack(stepId: string, comment: string, role = 'principal', actorId = `u-${role}-2`): this {
    this.advance(5);
    return this.push({ type: 'step_returned', at: this.now, actor: { id: actorId, role }, payload: { stepId, comment } });
  }

  status(stepId: string): string | undefined {
    return this.state().steps.find((s) => s.stepId === stepId)?.status;
  }
}
