import type { FactValue, FieldDef, FieldError, FieldOption, Localized, ProtocolDefinition, StepDef } from '@sanad/protocols';
import { applySets, holds, validateSubmission } from '@sanad/protocols';
import { ApiError } from '../../core/api-error';
import { DRAFT_KEY_PREFIX } from '../../core/auth.service';
import type { StepAnswers } from '../workflow.model';

/**
 * What the form holds while being filled in. Numbers and date-times stay as typed (strings) until sent, so a
 * half-typed value is never lost; `toAnswers` turns them into what the engine and the API expect.
 */
export type RawValue = string | boolean | string[];
export type RawAnswers = Record<string, RawValue | undefined>;

export interface StepDraft {
  answers: RawAnswers;
  checklist: string[];
}

/** A problem to show on the step page: on a field (`fieldId`), a checklist item (`checklist.<id>`) or the form (''). */
export interface StepProblem {
  target: string;
  /** Engine or API code (required, minLength, …). */
  code: string;
  /** Engine message in every language. */
  localized?: Localized;
  /** Message the API already wrote in the person's language. */
  text?: string;
  /** Translation key, for problems the app words itself. */
  key?: string;
}

export function draftKey(caseId: string, stepId: string): string {
  return `${DRAFT_KEY_PREFIX}step.${caseId}.${stepId}`;
}

export function readStepDraft(caseId: string, stepId: string): StepDraft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(caseId, stepId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StepDraft> | null;
    if (typeof value !== 'object' || value === null) return null;
    const answers = typeof value.answers === 'object' && value.answers !== null ? value.answers : {};
    const checklist = Array.isArray(value.checklist) ? value.checklist.filter((x): x is string => typeof x === 'string') : [];
    return { answers, checklist };
  } catch {
    return null;
  }
}

export function writeStepDraft(caseId: string, stepId: string, draft: StepDraft): void {
  try {
    const empty = Object.values(draft.answers).every((v) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0));
    if (empty && draft.checklist.length === 0) sessionStorage.removeItem(draftKey(caseId, stepId));
    else sessionStorage.setItem(draftKey(caseId, stepId), JSON.stringify(draft));
  } catch {
    // Storage unavailable or full: the form still works, only the safety net is missing.
  }
}

export function clearStepDraft(caseId: string, stepId: string): void {
  try {
    sessionStorage.removeItem(draftKey(caseId, stepId));
  } catch {
    // Nothing stored.
  }
}

/** Converts one value as typed into the value sent, or undefined when nothing was given. */
function convert(field: FieldDef, raw: RawValue | undefined): FactValue | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return raw.length > 0 ? raw : undefined;
  if (typeof raw === 'boolean') return raw;
  const value = field.type === 'longText' ? raw : raw.trim();
  if (value.trim() === '') return undefined;
  if (field.type === 'number') {
    const n = Number(value.replace(',', '.'));
    // A value that is not a number is sent as typed: the engine reports it ("type").
    return Number.isFinite(n) ? n : value;
  }
  if (field.type === 'datetime') {
    // <input type="datetime-local"> gives local time without a zone; the engine wants an ISO instant.
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  }
  return value;
}

/** Facts seen by the step's conditions: the case facts updated with what these answers would set. */
export function factsWith(step: StepDef, caseFacts: Record<string, FactValue>, answers: StepAnswers): Record<string, FactValue> {
  return applySets(caseFacts, step, answers);
}

/** The answers to send: converted, without empty values and without fields that do not apply. */
export function toAnswers(step: StepDef, raw: RawAnswers, caseFacts: Record<string, FactValue>): StepAnswers {
  const fields = step.form?.fields ?? [];
  const all: StepAnswers = {};
  for (const field of fields) {
    const value = convert(field, raw[field.id]);
    if (value !== undefined) all[field.id] = value;
  }
  // A field whose condition no longer holds (e.g. "Are they pupils?" after answering "authors unknown") is dropped.
  const facts = factsWith(step, caseFacts, all);
  return Object.fromEntries(Object.entries(all).filter(([id]) => holds(fields.find((f) => f.id === id)?.when, facts)));
}

export function visibleFields(step: StepDef, raw: RawAnswers, caseFacts: Record<string, FactValue>): FieldDef[] {
  const facts = factsWith(step, caseFacts, toAnswers(step, raw, caseFacts));
  return (step.form?.fields ?? []).filter((f) => holds(f.when, facts));
}

export function visibleOptions(step: StepDef, field: FieldDef, raw: RawAnswers, caseFacts: Record<string, FactValue>): FieldOption[] {
  const facts = factsWith(step, caseFacts, toAnswers(step, raw, caseFacts));
  return (field.options ?? []).filter((o) => holds(o.when, facts));
}

/** Client-side check with the protocol engine: the very function the API runs before storing the step. */
export function checkStep(
  def: ProtocolDefinition,
  step: StepDef,
  raw: RawAnswers,
  checklist: string[],
  role: string,
  caseFacts: Record<string, FactValue>,
): StepProblem[] {
  const answers = toAnswers(step, raw, caseFacts);
  const result = validateSubmission(def, step.id, answers, role, { facts: caseFacts }, checklist);
  return result.errors.map((e: FieldError) => ({ target: e.field, code: e.code, localized: e.message }));
}

/** Maps an API error on a step submission onto the form. Unknown fields become form-level problems. */
export function problemsFromApi(error: ApiError, step: StepDef): StepProblem[] {
  const fieldIds = new Set((step.form?.fields ?? []).map((f) => f.id));
  const itemIds = new Set((step.checklist?.items ?? []).map((i) => i.id));
  const problems: StepProblem[] = [];
  for (const detail of error.details) {
    // `answers.<fieldId>`, `checklist.<itemId>` (also accepted as `answers.checklist.<itemId>`).
    const path = detail.field.replace(/^answers\./, '');
    const text = detail.message || undefined;
    if (path.startsWith('checklist.') && itemIds.has(path.slice(10))) problems.push({ target: path, code: detail.code, text });
    else if (fieldIds.has(path)) problems.push({ target: path, code: detail.code, text });
    else problems.push({ target: '', code: detail.code, text: text ?? error.message ?? undefined });
  }
  if (problems.length === 0) {
    if (error.code === 'NETWORK') problems.push({ target: '', code: error.code, key: 'errors.NETWORK' });
    else if (error.message) problems.push({ target: '', code: error.code, text: error.message });
    else problems.push({ target: '', code: error.code, key: 'errors.UNKNOWN' });
  }
  return problems;
}

/** DOM id of the control a problem points to (the first radio or checkbox of a group). */
export function controlId(target: string): string {
  if (target.startsWith('checklist.')) return `c-${target.slice(10)}`;
  return target ? `f-${target}` : '';
}
