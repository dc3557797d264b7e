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
  /** Short definition shown under the choice (protocol 1.1.0: the cyberviolence types). */
  help?: Localized;
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

/**
 * Contacts and reporting guides shown with a step (`resources` in the YAML).
 * `directory`: ids of escalation directory entries (seeded data, e.g. EMC_HELPLINE, POLICE_19);
 * `platforms: true`: the reporting guides of the platforms recorded in the case;
 * `guides`: platform guides always shown (ids of PLATFORM_GUIDES, e.g. TAKE_IT_DOWN).
 */
export interface StepResources {
  directory?: string[];
  platforms?: boolean;
  guides?: string[];
}

/** How the evidence vault treats files for a step: `allowed`, or `descriptionOnly` (no file at all, a written description). */
export type EvidenceUploads = 'allowed' | 'descriptionOnly';

/**
 * Evidence policy of a step (`evidence` in the YAML), read by the evidence vault.
 * `uploads`: the default; `descriptionOnlyWhen`: when this condition holds the step takes a written description only
 * (sexual content involving a minor must never be copied or stored); `descriptionField`: the required field holding it.
 */
export interface EvidencePolicy {
  uploads: EvidenceUploads;
  descriptionOnlyWhen?: Condition;
  descriptionField?: string;
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
  resources?: StepResources;
  evidence?: EvidencePolicy;
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

/** One source a protocol relies on (a key of the domain brief, e.g. R44, its title and address). */
export interface MetadataSource {
  key: string;
  title: string;
  url?: string;
}

/** How long a closed case file is kept (read-only) before it is purged. */
export interface RetentionPolicy {
  years: number;
  from: 'case_closed';
  note?: Localized;
}

export interface ProtocolMetadata {
  source: string;
  date: string;
  approvedBy: string;
  /** Plain statement shown to staff: where this text comes from and how it can be replaced. */
  notice?: Localized;
  sources?: MetadataSource[];
  retention?: RetentionPolicy;
}

/** A condition every closure must meet besides the required steps, e.g. a positive follow-up. */
export interface ClosureRequirement {
  when: Condition;
  explanation: Localized;
}

export interface ProtocolDefinition {
  id: string;
  version: string;
  status: 'draft' | 'published';
  title: Localized;
  languages: Language[];
  metadata: ProtocolMetadata;
  roles: RoleDef[];
  states: StateDef[];
  closure: { signOffRoles: string[]; requires?: ClosureRequirement };
  reopen: { roles: string[]; to: string };
  phases: PhaseDef[];
  /** When the school sends a pseudonymised case report to the direction provinciale / academy (optional). */
  reporting?: ReportingDef;
}

/** The reports a school transmits to its direction provinciale / academy (issue #9). */
export interface ReportingDef {
  transmissions: TransmissionDef[];
}

/**
 * One pseudonymised case report: due once every step of `after` is done and `when` holds for the case's facts;
 * sent at most once per case.
 */
export interface TransmissionDef {
  /** unique within the protocol; `school_summary` is reserved (periodic summaries) */
  id: string;
  label: Localized;
  after: string[];
  when?: Condition;
}

/** Transmission kind of the periodic school summaries (not a case report: never in a `reporting` section). */
export const SCHOOL_SUMMARY_KIND = 'school_summary';

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

/** Reporting guides a step may show: one per platform, plus Take It Down (removal of minors' intimate images). */
export const PLATFORM_GUIDES = [...PLATFORMS, 'TAKE_IT_DOWN'] as const;
export type PlatformGuide = (typeof PLATFORM_GUIDES)[number];

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
