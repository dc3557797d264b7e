/** validateSubmission: field-level checks of a step's answers and checklist, with stable codes. */
import { isValidDate } from './calendar';
import { holds, type Facts } from './conditions';
import type { Answers } from './events';
import { applySets } from './facts';
import { message, type MessageParams, type SubmissionErrorCode } from './messages';
import type { CaseState } from './state';
import { findStep, PLATFORMS, type FactValue, type FieldDef, type Localized, type ProtocolDefinition } from './types';

export interface FieldError {
  /** Field id, `checklist.<itemId>`, or '' for the whole submission. */
  field: string;
  code: SubmissionErrorCode;
  message: Localized;
  params?: MessageParams;
}

export interface SubmissionResult {
  ok: boolean;
  errors: FieldError[];
}

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function error(field: string, code: SubmissionErrorCode, params?: MessageParams): FieldError {
  return { field, code, message: message(code, params), ...(params ? { params } : {}) };
}

function isEmpty(value: FactValue | undefined | null): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function checkText(field: FieldDef, value: string): FieldError[] {
  if (field.minLength !== undefined && value.length < field.minLength)
    return [error(field.id, 'minLength', { minLength: field.minLength })];
  if (field.maxLength !== undefined && value.length > field.maxLength)
    return [error(field.id, 'maxLength', { maxLength: field.maxLength })];
  if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(value)) return [error(field.id, 'pattern')];
  return [];
}

function checkCount(field: FieldDef, count: number): FieldError[] {
  if (field.min !== undefined && count < field.min) return [error(field.id, 'min', { min: field.min })];
  if (field.max !== undefined && count > field.max) return [error(field.id, 'max', { max: field.max })];
  return [];
}

function checkOption(field: FieldDef, value: string, facts: Facts): FieldError[] {
  const option = field.options?.find((o) => o.value === value);
  if (!option) return [error(field.id, 'option', { value })];
  if (!holds(option.when, facts)) return [error(field.id, 'option_not_allowed', { value })];
  return [];
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') && new Set(value).size === value.length;
}

/** Checks one present, non-empty value against its field definition. */
export function checkValue(field: FieldDef, value: FactValue, facts: Facts): FieldError[] {
  const typeError = [error(field.id, 'type', { type: field.type })];
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'personRef':
      return typeof value === 'string' ? checkText(field, value) : typeError;
    case 'date':
      if (typeof value !== 'string') return typeError;
      return isValidDate(value) ? [] : [error(field.id, 'date')];
    case 'datetime':
      if (typeof value !== 'string') return typeError;
      return DATETIME_RE.test(value) && !Number.isNaN(Date.parse(value)) ? [] : [error(field.id, 'date')];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? checkCount(field, value) : typeError;
    case 'yesNo':
      return typeof value === 'boolean' ? [] : typeError;
    case 'choice':
      return typeof value === 'string' ? checkOption(field, value, facts) : typeError;
    case 'multiChoice':
      if (!isStringList(value)) return typeError;
      return [...value.flatMap((v) => checkOption(field, v, facts)), ...checkCount(field, value.length)];
    case 'platform': {
      const list: unknown = field.multiple ? value : [value];
      if (!isStringList(list)) return typeError;
      return list.every((v) => (PLATFORMS as readonly string[]).includes(v)) ? [] : [error(field.id, 'option')];
    }
  }
}

/**
 * Validates the answers (and ticked checklist items) a role submits for a step, in the current case state.
 * Conditions on fields and options see the case facts updated with the facts these answers set.
 */
export function validateSubmission(
  def: ProtocolDefinition,
  stepId: string,
  answers: Answers,
  role: string,
  state: Pick<CaseState, 'facts'>,
  checklist: string[] = [],
): SubmissionResult {
  const step = findStep(def, stepId);
  if (!step) return { ok: false, errors: [error('', 'step_unknown')] };
  if (!step.roles.includes(role)) return { ok: false, errors: [error('', 'role_not_allowed', { role })] };
  const fields = step.form?.fields ?? [];
  const facts = applySets(state.facts, step, answers);
  const errors: FieldError[] = [];
  for (const key of Object.keys(answers)) {
    if (!fields.some((f) => f.id === key)) errors.push(error(key, 'unknown_field'));
  }
  for (const field of fields) {
    const value = answers[field.id];
    if (!holds(field.when, facts)) {
      if (!isEmpty(value)) errors.push(error(field.id, 'not_applicable'));
      continue;
    }
    if (value === undefined || value === null || isEmpty(value)) {
      if (field.required) errors.push(error(field.id, 'required'));
      continue;
    }
    errors.push(...checkValue(field, value, facts));
  }
  const items = step.checklist?.items ?? [];
  for (const id of checklist) {
    if (!items.some((item) => item.id === id)) errors.push(error(`checklist.${id}`, 'unknown_field'));
  }
  for (const item of items) {
    if (item.required && !checklist.includes(item.id)) errors.push(error(`checklist.${item.id}`, 'required'));
  }
  return { ok: errors.length === 0, errors };
}
