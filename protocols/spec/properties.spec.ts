import fc from 'fast-check';
import {
  allSteps,
  applicable,
  computeCaseState,
  findStep,
  makeCalendar,
  type CaseEvent,
  type CaseState,
  type NewCaseEvent,
  type ProtocolDefinition,
} from '../src';
import { fillForm, tapePick, type Pick } from './support/form-filler';
import { loadReference } from './support/reference';
import { protect, reportedCase } from './support/scenarios';

// CI draws with a fixed seed (FC_SEED to change it) so that a landing is not a lottery; elsewhere every run explores
// new sequences and prints its seed on failure. Tapes that once failed are kept below as fixed examples.
if (process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });

const CALENDAR = makeCalendar({ holidays: [{ from: '2026-12-21', to: '2027-01-03' }] });
const EMERGENCY_STEPS = ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice', 'emergency_handover'];

interface Walk {
  events: CaseEvent[];
  states: CaseState[];
  stuck?: string;
  rejected?: string;
}

/** Picks a random available action for a random allowed role, fills a valid form, appends it; repeats. */
function randomWalk(def: ProtocolDefinition, tape: number[], length: number, opening: CaseEvent[] = []): Walk {
  const pick: Pick = tapePick(tape);
  let clock = Date.parse(opening[opening.length - 1]?.at ?? '2026-11-23T07:00:00Z');
  const events: CaseEvent[] = [...opening];
  const states: CaseState[] = [];
  const now = (): string => new Date(clock).toISOString();
  const append = (event: NewCaseEvent): string | undefined => {
    const result = applicable(def, events, event, { now: now(), calendar: CALENDAR });
    if (!result.ok) return `${event.type} ${JSON.stringify(event.payload)} -> ${result.code} ${JSON.stringify(result.fieldErrors ?? [])}`;
    events.push({ ...event, seq: events.length + 1 });
    return undefined;
  };
  if (events.length === 0)
    append({
      type: 'case_created',
      at: now(),
      actor: { id: 'coordinator-1', role: 'coordinator' },
      payload: { protocolId: def.id, protocolVersion: def.version },
    });
  for (let i = 0; i < length; i += 1) {
    const state = computeCaseState(def, events, { now: now(), calendar: CALENDAR });
    states.push(state);
    if (state.actions.length === 0) return { events, states, stuck: `no action in ${state.state}` };
    if (state.closed && pick([false, false, true])) return { events, states };
    clock += pick([5, 60, 60 * 20, 60 * 24 * 3]) * 60_000;
    const action = pick(state.actions);
    const role = pick(action.roles);
    const actor = { id: `${role}-${pick([1, 2])}`, role };
    let error: string | undefined;
    if (action.kind === 'reopen_case') {
      error = append({ type: 'case_reopened', at: now(), actor, payload: { reason: 'Récidive' } });
    } else if (action.kind === 'sign_step' && action.stepId) {
      const completer = [...events].reverse().find((e) => e.type === 'step_completed' && e.payload.stepId === action.stepId)?.actor.id;
      const signer = completer === `${role}-1` ? `${role}-2` : `${role}-1`;
      error = append({ type: 'step_signed', at: now(), actor: { id: signer, role }, payload: { stepId: action.stepId } });
    } else if (action.kind === 'return_step' && action.stepId) {
      error = append({ type: 'step_returned', at: now(), actor, payload: { stepId: action.stepId, comment: 'À revoir' } });
    } else if (action.stepId) {
      const step = findStep(def, action.stepId);
      if (!step) return { events, states, rejected: `unknown step ${action.stepId}` };
      const { answers, checklist } = fillForm(step, state.facts, pick);
      error = append({ type: 'step_completed', at: now(), actor, payload: { stepId: step.id, answers, checklist } });
    }
    if (error) return { events, states, rejected: error };
  }
  states.push(computeCaseState(def, events, { now: now(), calendar: CALENDAR }));
  return { events, states };
}

const POSITIVE = ['STOPPED', 'DECREASED'];

/**
 * Closures of a walk that break the hard rule: closed by someone other than the principal through closure_signoff,
 * or without a positive last follow-up (situation STOPPED or DECREASED) in the case's current cycle.
 */
function badClosures(def: ProtocolDefinition, walk: Walk): string[] {
  const followUps = new Set(
    allSteps(def)
      .filter((s) => s.sets?.['lastSituation'] !== undefined)
      .map((s) => s.id),
  );
  const last = walk.states[walk.states.length - 1];
  const problems: string[] = [];
  for (const change of last?.history.filter((h) => h.to === 'CLOSED') ?? []) {
    const before = walk.events.filter((e) => e.seq < change.seq);
    const cycleStart = Math.max(0, ...before.filter((e) => e.type === 'case_reopened').map((e) => e.seq));
    const situations = before
      .filter((e) => e.seq > cycleStart)
      .flatMap((e) => (e.type === 'step_completed' && followUps.has(e.payload.stepId) ? [e.payload.answers['situation']] : []));
    const lastSituation = situations[situations.length - 1];
    if (!POSITIVE.includes(String(lastSituation)))
      problems.push(`seq ${change.seq}: closed after follow-ups ${JSON.stringify(situations)}`);
    const closing = walk.events.find((e) => e.seq === change.seq);
    if (closing?.type !== 'step_completed' || closing.actor.role !== 'principal' || closing.payload.stepId !== 'closure_signoff')
      problems.push(`seq ${change.seq}: not closed by the principal's sign-off`);
  }
  for (const state of walk.states) {
    if (state.closed && !POSITIVE.includes(String(state.facts['lastSituation'])))
      problems.push(`closed state with ${String(state.facts['lastSituation'])}`);
  }
  return problems;
}

const tapeArb = fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 400 });

describe('properties of random valid event sequences (reference protocol)', () => {
  const def = loadReference();

  it('never reach a non-closed state without an available action, and every offered action is accepted', () => {
    fc.assert(
      fc.property(tapeArb, (tape) => {
        const walk = randomWalk(def, tape, 120);
        expect(walk.stuck)
          .withContext(JSON.stringify(walk.events.map((e) => (e.type === 'step_completed' ? e.payload.stepId : e.type))))
          .toBeUndefined();
        expect(walk.rejected).toBeUndefined();
        return walk.stuck === undefined && walk.rejected === undefined;
      }),
      { numRuns: 120 },
    );
  });

  it('only the principal closes a case, and only when every required step is done', () => {
    fc.assert(
      fc.property(tapeArb, (tape) => {
        const { events, states } = randomWalk(def, tape, 120);
        const last = states[states.length - 1];
        if (!last) return true;
        for (const change of last.history.filter((h) => h.to === 'CLOSED')) {
          const event = events.find((e) => e.seq === change.seq);
          if (event?.type !== 'step_completed' || event.actor.role !== 'principal' || change.stepId !== 'closure_signoff') return false;
          const before = computeCaseState(
            def,
            events.filter((e) => e.seq < change.seq),
            { now: event.at, calendar: CALENDAR },
          );
          if (before.missingForClosure.length > 0) return false;
        }
        return true;
      }),
      { numRuns: 80 },
    );
  });

  it('no case is ever closed without the principal and a positive follow-up in its current cycle', () => {
    let closures = 0;
    fc.assert(
      fc.property(tapeArb, (tape) => {
        const walk = randomWalk(def, tape, 160);
        closures += walk.states.filter((s, i) => s.closed && !walk.states[i - 1]?.closed).length;
        const problems = badClosures(def, walk);
        expect(problems).toEqual([]);
        return problems.length === 0;
      }),
      { numRuns: 100 },
    );
    expect(closures).toBeGreaterThan(0);
  });

  it('a T3 or danger-flagged case never closes without every emergency step done', () => {
    fc.assert(
      fc.property(tapeArb, (tape) => {
        const { states } = randomWalk(def, tape, 120);
        return states.every((s) => {
          const danger = s.facts['tier'] === 'T3' || (Array.isArray(s.facts['dangerFlags']) && s.facts['dangerFlags'].length > 0);
          if (!danger || !s.closed) return true;
          return EMERGENCY_STEPS.every((id) => s.steps.find((v) => v.stepId === id)?.status === 'done');
        });
      }),
      { numRuns: 80 },
    );
  });

  it('a T3 case is never in the shared concern or educational states', () => {
    fc.assert(
      fc.property(tapeArb, (tape) => {
        const { states } = randomWalk(def, tape, 80);
        return states.every((s) => s.facts['tier'] !== 'T3' || (s.state !== 'MPP_IN_PROGRESS' && s.state !== 'EDUCATIONAL_RESPONSE'));
      }),
      { numRuns: 60 },
    );
  });

  const openings: [string, () => CaseEvent[]][] = [
    [
      'a T1 shared-concern case',
      () =>
        reportedCase().complete('triage', 'coordinator', { tier: 'T1' }).complete('track_decision', 'coordinator', { track: 'MPP' }).events,
    ],
    [
      'a T2 formal case',
      () =>
        protect(
          reportedCase()
            .complete('triage', 'coordinator', { tier: 'T2' })
            .sign('triage')
            .complete('track_decision', 'coordinator', { track: 'FORMAL' }),
        ).events,
    ],
    [
      'a T0 educational case',
      () =>
        reportedCase({ authorsKnown: false, types: ['INSULT'], repeated: false })
          .complete('triage', 'coordinator', { tier: 'T0' })
          .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' }).events,
    ],
  ];
  for (const [name, opening] of openings) {
    it(`from ${name}, random valid continuations never get stuck and can close`, () => {
      const start = opening();
      let closed = 0;
      fc.assert(
        fc.property(tapeArb, (tape) => {
          const walk = randomWalk(def, tape, 100, start);
          if (walk.states.some((s) => s.closed)) closed += 1;
          return walk.stuck === undefined && walk.rejected === undefined && badClosures(def, walk).length === 0;
        }),
        { numRuns: 50 },
      );
      expect(closed).toBeGreaterThan(0);
    });
  }

  it('a late signature does not send a case back through an emergency path it has left (found by seed 538544428)', () => {
    // T0 educational case; the reassessment (T2, formal) awaits the principal's signature while evidence of sexual
    // images of a minor starts the emergency path, which is handed over; the principal then signs the reassessment.
    const start = reportedCase({ authorsKnown: false, types: ['INSULT'], repeated: false })
      .complete('triage', 'coordinator', { tier: 'T0' })
      .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' }).events;
    const walk = randomWalk(def, [0, 322, 261, 0, 89, 0, 0, 0, 0, 585, 135], 100, start);
    const signed = walk.events.findIndex((e) => e.type === 'step_signed' && e.payload.stepId === 'educational_reassessment');
    const handover = walk.events.findIndex((e) => e.type === 'step_completed' && e.payload.stepId === 'emergency_handover');
    expect(handover).toBeGreaterThan(0);
    expect(signed).toBeGreaterThan(handover);
    expect(walk.states[signed + 1 - start.length]?.state).toBe('MONITORING');
    expect(walk.stuck).toBeUndefined();
    expect(walk.rejected).toBeUndefined();
    expect(badClosures(def, walk)).toEqual([]);
  });

  it('replaying the same events gives the same state', () => {
    fc.assert(
      fc.property(tapeArb, fc.integer({ min: 0, max: 90 * 24 }), (tape, hours) => {
        const { events } = randomWalk(def, tape, 80);
        const now = new Date(Date.parse('2026-11-23T07:00:00Z') + hours * 3_600_000).toISOString();
        const a = computeCaseState(def, events, { now, calendar: CALENDAR });
        const b = computeCaseState(def, JSON.parse(JSON.stringify(events)) as CaseEvent[], { now, calendar: CALENDAR });
        return JSON.stringify(a) === JSON.stringify(b);
      }),
      { numRuns: 40 },
    );
  });

  it('random walks do reach closure (the generator is not vacuous)', () => {
    let closed = 0;
    fc.assert(
      fc.property(tapeArb, (tape) => {
        const { states } = randomWalk(def, tape, 200);
        if (states.some((s) => s.closed)) closed += 1;
        return true;
      }),
      { numRuns: 40, seed: 42 },
    );
    expect(closed).toBeGreaterThan(0);
  });
});
