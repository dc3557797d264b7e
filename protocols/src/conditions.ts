/** Evaluation of declarative conditions over facts. Missing facts make fact tests false. */
import type { Condition, FactValue, Scalar } from './types';

export type Facts = Record<string, FactValue>;

function asList(value: FactValue | undefined): Scalar[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function evaluate(condition: Condition, facts: Facts): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, facts));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, facts));
  if ('not' in condition) return !evaluate(condition.not, facts);
  const value = facts[condition.fact];
  if ('equals' in condition) return value !== undefined && !Array.isArray(value) && value === condition.equals;
  if ('in' in condition) return value !== undefined && !Array.isArray(value) && condition.in.includes(value);
  if ('intersects' in condition) return asList(value).some((v) => condition.intersects.includes(String(v)));
  const nonEmpty = asList(value).some((v) => v !== '');
  return condition.nonEmpty ? nonEmpty : !nonEmpty;
}

export function holds(condition: Condition | undefined, facts: Facts): boolean {
  return condition === undefined || evaluate(condition, facts);
}

/** Every fact name a condition reads, with the JSON path of the test that reads it. */
export function factReferences(condition: Condition, path: string): { fact: string; path: string; condition: Condition }[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => factReferences(c, `${path}/all/${i}`));
  if ('any' in condition) return condition.any.flatMap((c, i) => factReferences(c, `${path}/any/${i}`));
  if ('not' in condition) return factReferences(condition.not, `${path}/not`);
  return [{ fact: condition.fact, path, condition }];
}
