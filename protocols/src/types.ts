/** Types of a protocol definition (the parsed YAML). Pure data, no behaviour. */

export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in every supported language. */
export type Localized = Record<Language, string>;

export type FactValue = string | number | boolean | string[];
export type Scalar = string | number | boolean;

/** Declarative condition over case facts. */
export type Condition =
  | { fact: string; equals: Scalar }
  | { fact: string; in: Scalar[] }
  | { fact: string; nonEmpty: boolean }
  | { fact: string; intersects: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type FieldType =
  'text' | 'longText' | 'date' | 'datetime' | 'choice' | 'multiChoice' | 'yesNo' | 'personRef' | 'platform' | 'number';

export interface FieldOption {
  value: string;
  label: Localized;
  /** The option may only be chosen when this condition holds. */
  when?: Condition;
}

export interface FieldDef {
  id: string;
  type: FieldType;
  label: Localized;
  help?: Localized;
  required: boolean;
  /** The field is only asked when this condition holds. */
  when?: Condition;
  options?: FieldOption[];
  /** For `platform`: several platforms may be chosen. */
  multiple?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface ChecklistItem {
  id: string;
  label: Localized;
  required: boolean;
}

export type DeadlineUnit = 'hours' | 'calendarDays' | 'schoolDays';

export interface DeadlineDef {
  /** `case_created`, `step:<stepId>` or `state:<STATE>`. */
  from: string;
  within: number;
  unit: DeadlineUnit;
  warnBefore?: number;
  escalateAfter?: { within: number; notify: string[] };
}

export interface TransitionDef {
  to: string;
  when?: Condition;
}

export interface RepeatableDef {
  every: number;
  unit: DeadlineUnit;
  minCount: number;
  maxCount?: number;
}

export interface SecondSignatureDef {
  role: string;
  when?: Condition;
}

export interface StepDef {
  id: string;
  title: Localized;
  guidance: Localized;
  roles: string[];
  availableIn: string[];
  after?: string[];
  when?: Condition;
  secondSignature?: SecondSignatureDef;
  form?: { fields: FieldDef[] };
  checklist?: { items: ChecklistItem[] };
  documents?: string[];
  deadline?: DeadlineDef;
  sets?: Record<string, string>;
  transitions?: TransitionDef[];
  repeatable?: RepeatableDef;
  requiredForClosure?: boolean;
  closureGate?: boolean;
  keepOnReopen?: boolean;
}

export interface PhaseDef {
  id: string;
  title: Localized;
  steps: StepDef[];
}

export interface StateDef {
  id: string;
  label: Localized;
  initial?: boolean;
  closed?: boolean;
}

export interface RoleDef {
  id: string;
  label: Localized;
}

export interface ProtocolDefinition {
  id: string;
  version: string;
  status: 'draft' | 'published';
  title: Localized;
  languages: Language[];
  metadata: { source: string; date: string; approvedBy: string };
  roles: RoleDef[];
  states: StateDef[];
  closure: { signOffRoles: string[] };
  reopen: { roles: string[]; to: string };
  phases: PhaseDef[];
}

/** Platforms a `platform` field accepts. */
export const PLATFORMS = [
  'INSTAGRAM',
  'FACEBOOK',
  'MESSENGER',
  'WHATSAPP',
  'TIKTOK',
  'SNAPCHAT',
  'YOUTUBE',
  'TELEGRAM',
  'X',
  'ONLINE_GAME',
  'OTHER',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export function allSteps(def: ProtocolDefinition): StepDef[] {
  return def.phases.flatMap((phase) => phase.steps);
}

const stepIndex = new WeakMap<ProtocolDefinition, Map<string, StepDef>>();

/** Finds a step by id. Definitions are treated as immutable once used. */
export function findStep(def: ProtocolDefinition, stepId: string): StepDef | undefined {
  let index = stepIndex.get(def);
  if (!index) {
    index = new Map(allSteps(def).map((step) => [step.id, step]));
    stepIndex.set(def, index);
  }
  return index.get(stepId);
}

export function initialState(def: ProtocolDefinition): StateDef {
  const state = def.states.find((s) => s.initial === true);
  if (!state) throw new Error(`protocol ${def.id}@${def.version} has no initial state`);
  return state;
}

export function isClosedState(def: ProtocolDefinition, stateId: string): boolean {
  return def.states.some((s) => s.id === stateId && s.closed === true);
}
