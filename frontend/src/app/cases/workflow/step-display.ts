import type { Condition, FactValue, FieldDef, Localized, ProtocolDefinition, StepDef } from '@sanad/protocols';
import { allSteps, closureConditionHolds, findStep } from '@sanad/protocols';
import type { Lang } from '../../core/language';
import type { CaseAction, StepView } from '../workflow.model';

/** The plain status tag shown for a step (GOV.UK task list). */
export type DisplayStatus = 'todo' | 'overdue' | 'done' | 'notNeeded' | 'cannotStart' | 'awaitingSignature' | 'returned';

/** A translation key with its parameters, translated in the template so a language switch updates it. */
export interface Phrase {
  key: string;
  params?: Record<string, string | number>;
}

export function text(value: Localized | undefined, lang: Lang): string {
  return value ? value[lang] || value.fr : '';
}

export function displayStatus(view: StepView): DisplayStatus {
  switch (view.status) {
    case 'available':
      return view.returned ? 'returned' : 'todo';
    case 'overdue':
      return 'overdue';
    case 'done':
      return 'done';
    case 'skipped':
      return 'notNeeded';
    case 'locked':
      return 'cannotStart';
    case 'awaiting_signature':
      return 'awaitingSignature';
  }
}

/** The field that records a fact (through a step's `sets`), to name the fact in plain words. */
function fieldSetting(def: ProtocolDefinition, fact: string): FieldDef | undefined {
  for (const step of allSteps(def)) {
    const fieldId = step.sets?.[fact];
    const field = fieldId ? step.form?.fields.find((f) => f.id === fieldId) : undefined;
    if (field) return field;
  }
  return undefined;
}

/** Words of a condition over case facts, or null when it is too intricate to say simply. */
export function describeCondition(
  condition: Condition,
  def: ProtocolDefinition,
  lang: Lang,
  translate: (key: string, params?: Record<string, string>) => string,
): string | null {
  const list = (values: string[]): string => new Intl.ListFormat(lang, { type: 'disjunction', style: 'long' }).format(values);
  const leaf = (c: Condition, negated: boolean): string | null => {
    if (!('fact' in c)) return null;
    const field = fieldSetting(def, c.fact);
    if (!field) return null;
    const label = text(field.label, lang);
    const valueLabel = (v: string | number | boolean): string => {
      if (typeof v === 'boolean') return translate(v ? 'common.yes' : 'common.no');
      const option = field.options?.find((o) => o.value === String(v));
      return option ? text(option.label, lang) : String(v);
    };
    let values: string[];
    if ('equals' in c) values = [valueLabel(c.equals)];
    else if ('in' in c) values = c.in.map(valueLabel);
    else if ('intersects' in c) values = c.intersects.map(valueLabel);
    else return translate(c.nonEmpty !== negated ? 'steps.when.nonEmpty' : 'steps.when.empty', { label });
    return translate(negated ? 'steps.when.notIn' : 'steps.when.in', { label, values: list(values) });
  };
  if ('all' in condition) {
    const parts = condition.all.map((c) => describeCondition(c, def, lang, translate));
    return parts.every((p): p is string => p !== null) ? parts.join(' ; ') : null;
  }
  if ('any' in condition) return null;
  if ('not' in condition) return leaf(condition.not, true);
  return leaf(condition, false);
}

/** What the case page knows of the case besides the step: its facts and the required steps still missing. */
export interface CaseContext {
  facts: Record<string, FactValue>;
  missingForClosure: readonly string[];
}

/**
 * Why closing steps are locked: the required steps, and/or the protocol's own closure condition (e.g. a positive
 * follow-up), worded by the definition's `closure.requires.explanation`. The API does not send
 * `closureConditionMet`: it is computed here from the facts with the engine's `closureConditionHolds`.
 */
function closurePhrase(def: ProtocolDefinition, lang: Lang, context: CaseContext | undefined): Phrase {
  const requires = def.closure.requires;
  if (!requires || !context || closureConditionHolds(def, context.facts)) return { key: 'steps.reason.closureRequirements' };
  const explanation = text(requires.explanation, lang);
  if (!explanation) return { key: 'steps.reason.closureRequirements' };
  return context.missingForClosure.length > 0
    ? { key: 'steps.reason.closureStepsAndCondition', params: { explanation } }
    : { key: 'steps.reason.closureCondition', params: { explanation } };
}

/** Why a step cannot start, is not needed, or waits: a phrase in plain words. */
export function reasonPhrase(
  view: StepView,
  def: ProtocolDefinition,
  lang: Lang,
  translate: (key: string, params?: Record<string, string>) => string,
  context?: CaseContext,
): Phrase | null {
  const reason = view.reason ?? '';
  const stepTitle = (id: string): string => text(findStep(def, id)?.title, lang) || id;
  const roleLabel = (id: string | undefined): string =>
    text(def.roles.find((r) => r.id === id)?.label, lang) || translate('steps.someoneElse');

  if (view.status === 'awaiting_signature')
    return { key: 'steps.reason.awaitingSignature', params: { role: roleLabel(view.signatureRole) } };
  if (view.status === 'done') return null;
  if (reason.startsWith('waiting_for:')) return { key: 'steps.reason.waitingFor', params: { step: stepTitle(reason.slice(12)) } };
  if (reason.startsWith('signature_required:'))
    return { key: 'steps.reason.signatureRequired', params: { step: stepTitle(reason.slice(19)) } };
  switch (reason) {
    case 'not_applicable': {
      const when = findStep(def, view.stepId)?.when;
      const words = when ? describeCondition(when, def, lang, translate) : null;
      return words ? { key: 'steps.reason.onlyIf', params: { condition: words } } : { key: 'steps.reason.notApplicable' };
    }
    case 'wrong_state':
      return { key: 'steps.reason.wrongState' };
    case 'case_closed':
      return { key: 'steps.reason.caseClosed' };
    case 'closure_requirements_unmet':
      return closurePhrase(def, lang, context);
    case 'case_not_created':
      return { key: 'steps.reason.wrongState' };
    default:
      return null;
  }
}

/** What the signed-in person can do on a step now, if anything. */
export function stepActionOf(actions: readonly CaseAction[], stepId: string): 'complete' | 'sign' | null {
  if (actions.some((a) => a.kind === 'sign_step' && a.stepId === stepId)) return 'sign';
  if (actions.some((a) => a.kind === 'complete_step' && a.stepId === stepId)) return 'complete';
  return null;
}

export interface PhaseGroup<T> {
  id: string;
  title: string;
  items: T[];
}

/** Steps grouped by protocol phase, in the order of the definition. */
export function groupByPhase<T>(
  def: ProtocolDefinition,
  lang: Lang,
  itemOf: (step: StepDef, phaseId: string) => T | null,
): PhaseGroup<T>[] {
  return def.phases.map((phase) => ({
    id: phase.id,
    title: text(phase.title, lang),
    items: phase.steps.map((s) => itemOf(s, phase.id)).filter((x): x is T => x !== null),
  }));
}
