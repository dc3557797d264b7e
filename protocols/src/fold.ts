/** Folds the event log into a working record: state, facts, step occurrences. Pure and deterministic. */
import type { Facts } from './conditions';
import { holds } from './conditions';
import { applySets } from './facts';
import type { Actor, Answers, CaseEvent } from './events';
import { findStep, initialState, type ProtocolDefinition, type StepDef } from './types';

export interface Occurrence {
  seq: number;
  at: string;
  actor: Actor;
  answers: Answers;
  checklist: string[];
  /** True while a required second signature is missing. */
  pendingSignature: boolean;
  signedBy?: Actor;
  signedAt?: string;
}

/** A co-signer's refusal: the step was sent back to be done again. */
export interface StepReturn {
  seq: number;
  at: string;
  actor: Actor;
  comment: string;
  /** Who had completed the occurrence that was sent back. */
  completedBy: Actor;
}

export interface StateChange {
  seq: number;
  at: string;
  from: string | null;
  to: string;
  stepId?: string;
}

export interface Folded {
  created: boolean;
  createdAt: string | null;
  cycle: number;
  cycleStart: string | null;
  state: string | null;
  facts: Facts;
  /** Occurrences of each step in the current cycle, in order. */
  occurrences: Map<string, Occurrence[]>;
  /** The last time each step was sent back by its co-signer, in the current cycle. */
  returns: Map<string, StepReturn>;
  stateEnteredAt: Map<string, string>;
  history: StateChange[];
  ignored: { seq: number; reason: string }[];
  lastEventAt: string | null;
  lastSeq: number;
}

function emptyFold(): Folded {
  return {
    created: false,
    createdAt: null,
    cycle: 0,
    cycleStart: null,
    state: null,
    facts: {},
    occurrences: new Map(),
    returns: new Map(),
    stateEnteredAt: new Map(),
    history: [],
    ignored: [],
    lastEventAt: null,
    lastSeq: 0,
  };
}

function enterState(f: Folded, to: string, event: CaseEvent, stepId?: string): void {
  if (f.state === to) return;
  f.history.push({ seq: event.seq, at: event.at, from: f.state, to, ...(stepId ? { stepId } : {}) });
  f.state = to;
  f.stateEnteredAt.set(to, event.at);
}

function applyTransitions(f: Folded, step: StepDef, event: CaseEvent): void {
  const transition = (step.transitions ?? []).find((t) => holds(t.when, f.facts));
  if (transition) enterState(f, transition.to, event, step.id);
}

export function signatureRequired(step: StepDef, facts: Facts): boolean {
  return step.secondSignature !== undefined && holds(step.secondSignature.when, facts);
}

function findOccurrence(f: Folded, seq: number): { stepId: string; occurrence: Occurrence } | undefined {
  for (const [stepId, list] of f.occurrences) {
    const occurrence = list.find((o) => o.seq === seq);
    if (occurrence) return { stepId, occurrence };
  }
  return undefined;
}

/** Facts recomputed from the occurrences that stand: the kept steps (e.g. the intake) on reopening, all but the sent-back one on a return. */
function factsOfKeptSteps(def: ProtocolDefinition, f: Folded): Facts {
  const kept = [...f.occurrences.entries()].flatMap(([stepId, list]) => list.map((o) => ({ stepId, o }))).sort((a, b) => a.o.seq - b.o.seq);
  let facts: Facts = {};
  for (const { stepId, o } of kept) {
    const step = findStep(def, stepId);
    if (step) facts = applySets(facts, step, o.answers);
  }
  return facts;
}

function applyEvent(def: ProtocolDefinition, f: Folded, event: CaseEvent): void {
  switch (event.type) {
    case 'case_created': {
      if (f.created) return void f.ignored.push({ seq: event.seq, reason: 'case_already_created' });
      f.created = true;
      f.createdAt = event.at;
      f.cycleStart = event.at;
      enterState(f, initialState(def).id, event);
      return;
    }
    case 'step_completed': {
      const { stepId, answers, checklist } = event.payload;
      const step = findStep(def, stepId);
      if (step) f.facts = applySets(f.facts, step, answers);
      const pending = step !== undefined && signatureRequired(step, f.facts);
      const list = f.occurrences.get(stepId) ?? [];
      list.push({
        seq: event.seq,
        at: event.at,
        actor: event.actor,
        answers: { ...answers },
        checklist: [...checklist],
        pendingSignature: pending,
      });
      f.occurrences.set(stepId, list);
      if (step && !pending) applyTransitions(f, step, event);
      return;
    }
    case 'step_signed': {
      const step = findStep(def, event.payload.stepId);
      const occurrence = f.occurrences.get(event.payload.stepId)?.find((o) => o.pendingSignature);
      if (!step || !occurrence) return void f.ignored.push({ seq: event.seq, reason: 'signature_not_pending' });
      occurrence.pendingSignature = false;
      occurrence.signedBy = event.actor;
      occurrence.signedAt = event.at;
      // The signature confirms the step; it moves the case only from where the step left it. A case that moved on
      // while the step awaited signature (e.g. through the emergency path and its hand-over) is not sent back: a
      // late signature re-entering a state already dealt with left cases with nothing to do (property specs).
      const movedOn = f.history.some((h) => h.seq > occurrence.seq);
      if (!movedOn) applyTransitions(f, step, event);
      return;
    }
    case 'step_returned': {
      const list = f.occurrences.get(event.payload.stepId) ?? [];
      const occurrence = list.find((o) => o.pendingSignature);
      if (!findStep(def, event.payload.stepId) || !occurrence)
        return void f.ignored.push({ seq: event.seq, reason: 'signature_not_pending' });
      list.splice(list.indexOf(occurrence), 1);
      if (list.length === 0) f.occurrences.delete(event.payload.stepId);
      f.returns.set(event.payload.stepId, {
        seq: event.seq,
        at: event.at,
        actor: event.actor,
        comment: event.payload.comment,
        completedBy: occurrence.actor,
      });
      // What the sent-back answers had set (e.g. the tier) no longer holds: facts restart from the steps that stand.
      f.facts = factsOfKeptSteps(def, f);
      return;
    }
    case 'correction': {
      const target = findOccurrence(f, event.payload.refSeq);
      const step = target ? findStep(def, target.stepId) : undefined;
      if (!target || !step) return void f.ignored.push({ seq: event.seq, reason: 'invalid_reference' });
      Object.assign(target.occurrence.answers, event.payload.answers);
      f.facts = applySets(f.facts, step, target.occurrence.answers, Object.keys(event.payload.answers));
      return;
    }
    case 'case_reopened': {
      f.cycle += 1;
      f.cycleStart = event.at;
      f.stateEnteredAt = new Map();
      f.returns = new Map();
      for (const stepId of [...f.occurrences.keys()]) {
        if (findStep(def, stepId)?.keepOnReopen !== true) f.occurrences.delete(stepId);
      }
      f.facts = factsOfKeptSteps(def, f);
      enterState(f, def.reopen.to, event);
      return;
    }
    case 'protocol_migrated': {
      for (const [oldId, newId] of Object.entries(event.payload.stepMap ?? {})) {
        const list = f.occurrences.get(oldId);
        if (!list) continue;
        f.occurrences.delete(oldId);
        f.occurrences.set(newId, [...(f.occurrences.get(newId) ?? []), ...list]);
      }
      if (event.payload.state) enterState(f, event.payload.state, event);
      return;
    }
    case 'note_added':
      return;
  }
}

export function fold(def: ProtocolDefinition, events: readonly CaseEvent[]): Folded {
  const f = emptyFold();
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  for (const event of ordered) {
    if (!f.created && event.type !== 'case_created') {
      f.ignored.push({ seq: event.seq, reason: 'case_not_created' });
      continue;
    }
    applyEvent(def, f, event);
    f.lastEventAt = event.at;
    f.lastSeq = event.seq;
  }
  return f;
}
