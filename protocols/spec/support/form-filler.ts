/** Fills a step's form with valid answers, choosing with `pick` (first item = deterministic defaults). */
import { applySets, holds, PLATFORMS, type Answers, type FactValue, type Facts, type FieldDef, type StepDef } from '../../src';

export type Pick = <T>(items: readonly T[]) => T;

export const firstPick: Pick = <T>(items: readonly T[]): T => {
  const item = items[0];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

export function tapePick(tape: readonly number[]): Pick {
  let index = 0;
  return <T>(items: readonly T[]): T => {
    const n = tape.length === 0 ? 0 : (tape[index++ % tape.length] ?? 0);
    const item = items[n % items.length];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
}

function text(field: FieldDef): string {
  const base = 'Noté par la cellule — ملاحظة — noted by the team';
  const min = field.minLength ?? 1;
  const padded = base.length >= min ? base : base.padEnd(min, '.');
  return padded.slice(0, field.maxLength ?? padded.length);
}

function valueFor(field: FieldDef, facts: Facts, pick: Pick): FactValue | undefined {
  const allowed = (field.options ?? []).filter((o) => holds(o.when, facts)).map((o) => o.value);
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'personRef':
      return text(field);
    case 'date':
      return '2026-11-23';
    case 'datetime':
      return '2026-11-23T09:30:00Z';
    case 'number': {
      const min = field.min ?? 0;
      const max = field.max ?? min + 10;
      return pick([min, max, Math.floor((min + max) / 2)]);
    }
    case 'yesNo':
      return pick([true, false]);
    case 'choice':
      return allowed.length > 0 ? pick(allowed) : undefined;
    case 'multiChoice': {
      if (allowed.length === 0) return undefined;
      const count = Math.max(field.min ?? 1, 1);
      const start = allowed.indexOf(pick(allowed));
      return Array.from({ length: Math.min(count, allowed.length) }, (_, i) => allowed[(start + i) % allowed.length]);
    }
    case 'platform':
      return field.multiple ? [pick(PLATFORMS)] : pick(PLATFORMS);
  }
}

export function fillForm(step: StepDef, facts: Facts, pick: Pick, overrides: Answers = {}): { answers: Answers; checklist: string[] } {
  const answers: Answers = {};
  for (const field of step.form?.fields ?? []) {
    if (field.id in overrides) {
      answers[field.id] = overrides[field.id];
      continue;
    }
    const ctx = applySets(facts, step, { ...answers, ...overrides });
    if (!holds(field.when, ctx)) continue;
    if (!field.required && pick([true, false])) continue; // first pick: leave optional fields empty
    const value = valueFor(field, ctx, pick);
    if (value !== undefined) answers[field.id] = value;
  }
  const checklist = (step.checklist?.items ?? []).filter((item) => item.required || pick([true, false])).map((item) => item.id);
  return { answers, checklist };
}
