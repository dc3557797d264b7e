import type { FieldType } from '@sanad/protocols';

/**
 * What anonymisation leaves of a case's events (docs/retention.md). Pure: given an event's type and payload (and
 * the types of the protocol's form fields), the payload with every free text replaced by ERASED. Codes, booleans,
 * numbers, dates, ids and references stay: they are what the protocol engine and the statistics read, so replaying
 * the events still gives the same state, facts and statistics columns.
 */
export const ERASED = '***';

/** Free-text fields of a form (a personRef is a description of someone): always erased, whatever they look like. */
const TEXT_FIELDS: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'longText', 'personRef']);

/** An option code (`INSULT`, `T2`, `POLICE_19`), an ISO date or instant, or a UUID: kept. */
const CODE = /^[A-Z0-9][A-Z0-9_]{0,39}$/;
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Identifiers of the backend's own payloads (step ids, checklist ids, versions, statuses): no spaces. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/;

export function isCodeLike(value: string): boolean {
  return value === '' || CODE.test(value) || DATE_OR_INSTANT.test(value) || UUID.test(value);
}

/**
 * How a value is scrubbed: `text` erases every non-empty string; `answer` keeps option codes, dates and ids only
 * (an answer of a field the definition does not know); `payload` also keeps identifiers (no spaces).
 */
type Mode = 'text' | 'answer' | 'payload';

function scrubValue(value: unknown, mode: Mode): unknown {
  if (typeof value === 'string') {
    if (value === '') return '';
    if (mode === 'text') return ERASED;
    return isCodeLike(value) || (mode === 'payload' && IDENTIFIER.test(value)) ? value : ERASED;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, mode));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubValue(v, mode)]));
  }
  return value;
}

/** Payload keys that are always free text, per event type (comments, notes, reasons). */
const TEXT_KEYS: Record<string, readonly string[]> = {
  case_created: ['title'],
  step_signed: ['comment'],
  step_returned: ['comment'],
  note_added: ['text'],
  correction: ['reason'],
  case_reopened: ['reason'],
  protocol_migrated: ['reason'],
  access_changed: ['reason'],
  legal_hold_placed: ['reason'],
  legal_hold_released: ['reason'],
  // a correction of a person involved (people/): the values before and after are names, classes, notes
  person_updated: ['changed', 'reason'],
};

/**
 * The payload of one event once anonymised. `fieldType(stepId, fieldId)` gives the form field's type (undefined
 * when unknown: the value is then kept only if it looks like a code). Answers of `step_completed` and
 * `correction` events are scrubbed field by field; known free-text keys are erased; any other string that is not
 * a code is erased too (a safety net for event types added later).
 */
export function scrubEventPayload(
  type: string,
  payload: Record<string, unknown>,
  fieldType: (stepId: string, fieldId: string) => FieldType | undefined,
  correctedStepId?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const textKeys = TEXT_KEYS[type] ?? [];
  const stepId = typeof payload.stepId === 'string' ? payload.stepId : (correctedStepId ?? '');
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'answers' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.answers = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([field, v]) => {
          const t = fieldType(stepId, field);
          return [field, scrubValue(v, t !== undefined && TEXT_FIELDS.has(t) ? 'text' : 'answer')];
        }),
      );
    } else if (textKeys.includes(key)) {
      out[key] = scrubValue(value, 'text');
    } else {
      out[key] = scrubValue(value, 'payload');
    }
  }
  return out;
}
