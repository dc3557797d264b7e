/**
 * Semantic checks on the flow: every step and state reachable from the initial state,
 * every state can reach a closed state, no deadline waits for an event that can never happen.
 * Conditions are ignored (any branch may be taken), so these checks find structural mistakes.
 */
import type { ProtocolDefinition, StepDef } from '../types';
import type { DefinitionError } from './errors';
import { stepsWithPaths } from './walk';

interface Flow {
  reachableStates: Set<string>;
  possibleSteps: Set<string>;
}

/** Fixpoint: states reachable from the initial state and steps that can be performed at all. */
function explore(def: ProtocolDefinition): Flow {
  const steps = stepsWithPaths(def).map((s) => s.value);
  const initial = def.states.find((s) => s.initial)?.id;
  const reachableStates = new Set<string>(initial ? [initial] : []);
  const possibleSteps = new Set<string>();
  const closed = new Set(def.states.filter((s) => s.closed).map((s) => s.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of steps) {
      if (possibleSteps.has(step.id)) continue;
      const inState = step.availableIn.some((s) => reachableStates.has(s));
      const afterOk = (step.after ?? []).every((a) => possibleSteps.has(a));
      if (!inState || !afterOk) continue;
      possibleSteps.add(step.id);
      changed = true;
      for (const t of step.transitions ?? []) reachableStates.add(t.to);
    }
    if ([...closed].some((s) => reachableStates.has(s)) && !reachableStates.has(def.reopen.to)) {
      reachableStates.add(def.reopen.to);
      changed = true;
    }
  }
  return { reachableStates, possibleSteps };
}

/** State -> states it can move to directly, through possible steps. */
function edges(def: ProtocolDefinition, flow: Flow): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>(def.states.map((s) => [s.id, new Set<string>()]));
  for (const { value: step } of stepsWithPaths(def)) {
    if (!flow.possibleSteps.has(step.id)) continue;
    for (const from of step.availableIn) {
      for (const t of step.transitions ?? []) map.get(from)?.add(t.to);
    }
  }
  return map;
}

function canReachClosed(def: ProtocolDefinition, graph: Map<string, Set<string>>, start: string): boolean {
  const closed = new Set(def.states.filter((s) => s.closed).map((s) => s.id));
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (closed.has(current)) return true;
    for (const next of graph.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

/** Steps that can only happen after `step` (through `after` chains). */
function dependents(all: StepDef[], stepId: string): Set<string> {
  const result = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of all) {
      if (result.has(s.id)) continue;
      if ((s.after ?? []).some((a) => a === stepId || result.has(a))) {
        result.add(s.id);
        changed = true;
      }
    }
  }
  return result;
}

/**
 * Reports the most basic problems first and stops there, so one mistake gives one message:
 * 1. steps blocked by `after` chains, 2. unreachable states, 3. states with no way to a closed state,
 * 4. deadlines counted from events that can never happen.
 */
export function checkFlow(def: ProtocolDefinition, file: string): DefinitionError[] {
  const flow = explore(def);
  const graph = edges(def, flow);
  const initial = def.states.find((s) => s.initial)?.id ?? '?';
  const located = stepsWithPaths(def);

  const blocked: DefinitionError[] = located
    .filter(({ value: s }) => !flow.possibleSteps.has(s.id) && s.availableIn.some((st) => flow.reachableStates.has(st)))
    .map(({ value: s, path }) => ({
      file,
      path: `${path}/after`,
      message: `step '${s.id}' waits for steps that can never be done first (${(s.after ?? []).filter((a) => !flow.possibleSteps.has(a)).join(', ')})`,
    }));
  if (blocked.length > 0) return blocked;

  const unreachable: DefinitionError[] = [];
  const deadEnds: DefinitionError[] = [];
  def.states.forEach((state, i) => {
    if (!flow.reachableStates.has(state.id)) {
      unreachable.push({
        file,
        path: `/states/${i}`,
        message: `state '${state.id}' can never be reached from the initial state '${initial}'`,
      });
    } else if (!state.closed && !canReachClosed(def, graph, state.id)) {
      deadEnds.push({ file, path: `/states/${i}`, message: `state '${state.id}' has no path to a closed state` });
    }
  });
  if (unreachable.length > 0) return unreachable;
  if (deadEnds.length > 0) return deadEnds;

  const anchors: DefinitionError[] = [];
  for (const { value: step, path } of located) {
    const from = step.deadline?.from;
    if (!from) continue;
    const at = `${path}/deadline/from`;
    if (from.startsWith('step:')) {
      const anchor = from.slice(5);
      if (
        anchor === step.id ||
        dependents(
          located.map((l) => l.value),
          step.id,
        ).has(anchor)
      ) {
        anchors.push({ file, path: at, message: `deadline counts from '${from}', which can only happen after this step` });
      }
    }
  }
  return anchors;
}
