import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { toApiError } from '../core/api-error';
import { INTAKE_STATUSES, IntakeFilter, IntakeItem } from './intake-api';

/** The event types the history names; anything else is shown as "event". */
export const KNOWN_EVENTS = ['received', 'reporter_message', 'team_message', 'converted', 'linked', 'dismissed', 'closed'];

export function eventKey(type: string): string {
  return `intakeQueue.events.${KNOWN_EVENTS.includes(type) ? type : 'other'}`;
}

/** The status filter from the address (`?status=`): pending by default. */
export function filterFrom(value: string | undefined): IntakeFilter {
  return value === 'all' || (INTAKE_STATUSES as readonly string[]).includes(value ?? '') ? (value as IntakeFilter) : 'pending';
}

/** Danger right now first, then newest first (the API sends newest first). */
export function queueOrder(items: readonly IntakeItem[]): IntakeItem[] {
  return [...items].sort((a, b) => Number(b.dangerNow) - Number(a.dangerNow) || b.receivedAt.localeCompare(a.receivedAt));
}

/** An action refused by the API, in words (`intakeQueue.errors.*`), linked to the field it concerns. */
export function intakeProblem(error: unknown, fieldId: string): ErrorItem {
  const e = toApiError(error);
  switch (e.code) {
    case 'INTAKE_REPORT_ALREADY_HANDLED':
      return { fieldId, key: 'intakeQueue.errors.alreadyHandled' };
    case 'INTAKE_REPORT_NOT_FOUND':
    case 'NOT_FOUND':
      return { fieldId, key: e.statusCode === 404 ? 'intakeQueue.errors.notFound' : 'intakeQueue.errors.generic' };
    case 'PUBLIC_REPORT_CLOSED':
    case 'INTAKE_REPORT_CLOSED':
      return { fieldId, key: 'intakeQueue.errors.closed' };
    default:
      return e.message ? { fieldId, text: e.message } : { fieldId, key: 'intakeQueue.errors.generic' };
  }
}
