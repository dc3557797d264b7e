/** Helpers to visit a definition with JSON-pointer paths. */
import type { Condition, ProtocolDefinition, StepDef } from '../types';

export interface Located<T> {
  value: T;
  path: string;
}

export function stepsWithPaths(def: ProtocolDefinition): Located<StepDef>[] {
  return def.phases.flatMap((phase, i) => phase.steps.map((step, j) => ({ value: step, path: `/phases/${i}/steps/${j}` })));
}

/** Every condition of a step, with its path. */
export function conditionsOf(step: Located<StepDef>): Located<Condition>[] {
  const s = step.value;
  const found: Located<Condition>[] = [];
  if (s.when) found.push({ value: s.when, path: `${step.path}/when` });
  if (s.secondSignature?.when) found.push({ value: s.secondSignature.when, path: `${step.path}/secondSignature/when` });
  if (s.evidence?.descriptionOnlyWhen)
    found.push({ value: s.evidence.descriptionOnlyWhen, path: `${step.path}/evidence/descriptionOnlyWhen` });
  (s.transitions ?? []).forEach((t, i) => {
    if (t.when) found.push({ value: t.when, path: `${step.path}/transitions/${i}/when` });
  });
  (s.form?.fields ?? []).forEach((field, i) => {
    if (field.when) found.push({ value: field.when, path: `${step.path}/form/fields/${i}/when` });
    (field.options ?? []).forEach((option, k) => {
      if (option.when) found.push({ value: option.when, path: `${step.path}/form/fields/${i}/options/${k}/when` });
    });
  });
  return found;
}

/** Every localized text ({ fr, ar, en } object) in a value, with its path. */
export function localizedTexts(value: unknown, path: string): Located<Record<string, unknown>>[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, `${path}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if ('fr' in record && 'ar' in record && 'en' in record) return [{ value: record, path }];
  return Object.entries(record).flatMap(([key, v]) => localizedTexts(v, `${path}/${key}`));
}
