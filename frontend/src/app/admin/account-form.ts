import { ApiError } from '../core/api-error';
import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { apiErrorItem } from './admin-display';

/**
 * Maps an API error onto the fields of a form: 400 `details` on a known field (their message, already in the
 * person's language), a known code on a field (e.g. 409 EMAIL_TAKEN → the e-mail), anything else in the summary.
 */
export function mapApiError<F extends string>(
  apiError: ApiError,
  ids: Record<F, string>,
  codeFields: Partial<Record<string, F>>,
  summaryFieldId: string,
): { fields: Partial<Record<F, ErrorItem>>; general: ErrorItem | null } {
  const fields: Partial<Record<F, ErrorItem>> = {};
  const known = Object.keys(ids) as F[];
  for (const detail of apiError.details) {
    const field = known.find((f) => f === detail.field);
    if (field && !fields[field])
      fields[field] = detail.message ? { fieldId: ids[field], text: detail.message } : apiErrorItem(ids[field], apiError);
  }
  const codeField = codeFields[apiError.code];
  if (codeField && !fields[codeField]) fields[codeField] = apiErrorItem(ids[codeField], apiError);
  const general = Object.keys(fields).length > 0 ? null : apiErrorItem(summaryFieldId, apiError);
  return { fields, general };
}
