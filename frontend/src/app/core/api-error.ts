import { HttpErrorResponse } from '@angular/common/http';

/** One field problem reported by the API with a 400 VALIDATION_FAILED. */
export interface ApiFieldError {
  field: string;
  code: string;
  message: string;
}

/** The error body every API endpoint returns: `{ statusCode, code, message, details? }`. */
export interface ApiError {
  statusCode: number;
  code: string;
  /** Already in the person's language (the API reads Accept-Language). */
  message: string | null;
  details: ApiFieldError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toFieldError(value: unknown): ApiFieldError | null {
  if (!isRecord(value) || typeof value['field'] !== 'string') return null;
  return {
    field: value['field'],
    code: typeof value['code'] === 'string' ? value['code'] : 'INVALID',
    message: typeof value['message'] === 'string' ? value['message'] : '',
  };
}

/** Reads an API error from anything an HttpClient call can throw. Status 0 means the network failed. */
export function toApiError(error: unknown): ApiError {
  if (!(error instanceof HttpErrorResponse)) {
    return { statusCode: 0, code: 'UNKNOWN', message: null, details: [] };
  }
  if (error.status === 0) {
    return { statusCode: 0, code: 'NETWORK', message: null, details: [] };
  }
  const body: unknown = error.error;
  if (!isRecord(body)) {
    return { statusCode: error.status, code: 'UNKNOWN', message: null, details: [] };
  }
  const details = Array.isArray(body['details'])
    ? (body['details'] as unknown[]).map(toFieldError).filter((d): d is ApiFieldError => d !== null)
    : [];
  return {
    statusCode: error.status,
    code: typeof body['code'] === 'string' ? body['code'] : 'UNKNOWN',
    message: typeof body['message'] === 'string' && body['message'] ? body['message'] : null,
    details,
  };
}
