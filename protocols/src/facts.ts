/** Facts a step's answers set, through the step's `sets` mapping. */
import type { Facts } from './conditions';
import type { Answers } from './events';
import type { StepDef } from './types';

function isListField(step: StepDef, fieldId: string): boolean {
  const field = step.form?.fields.find((f) => f.id === fieldId);
  return field?.type === 'multiChoice' || (field?.type === 'platform' && field.multiple === true);
}

/** Returns a copy of `facts` updated with the facts set by `answers` (only the given field ids when `only` is passed). */
export function applySets(facts: Facts, step: StepDef, answers: Answers, only?: string[]): Facts {
  const next: Facts = { ...facts };
  for (const [fact, fieldId] of Object.entries(step.sets ?? {})) {
    if (only && !only.includes(fieldId)) continue;
    const value = answers[fieldId];
    if (value !== undefined && value !== null) next[fact] = value;
    else if (isListField(step, fieldId)) next[fact] = [];
    else delete next[fact];
  }
  return next;
}
