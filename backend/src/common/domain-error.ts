import type { Lang, MessageKey } from './messages';

/** The HTTP status each stable error code maps to. One place; the filter reads it. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_HEADER_MISSING: 403,
  NO_SCHOOL_SCOPE: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  STEP_NOT_FOUND: 404,
  PROTOCOL_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,
  ROLE_NOT_ALLOWED: 403,
  PROTOCOL_RULE: 422,
  MIGRATION_UNSAFE: 422,
  // retention (docs/retention.md)
  LEGAL_HOLD_ALREADY_PLACED: 409,
  LEGAL_HOLD_NOT_PLACED: 409,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  AUTH_TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  /** the disk (SQLite SQLITE_FULL, file system ENOSPC) or the PostgreSQL server (53100 disk_full) has no space left */
  STORAGE_FULL: 507,
  // identity (issue #5)
  MFA_ENROLMENT_REQUIRED: 403,
  MFA_CODE_INVALID: 422,
  MFA_ALREADY_ENABLED: 409,
  MFA_NOT_ENABLED: 409,
  MFA_SETUP_NOT_STARTED: 409,
  PASSWORD_INCORRECT: 422,
  PASSWORD_LINK_INVALID: 400,
  // administration (issue #5)
  EMAIL_TAKEN: 409,
  MEMBERSHIP_EXISTS: 409,
  PRINCIPAL_EXISTS: 409,
  LAST_MEMBERSHIP: 409,
  CANNOT_CHANGE_SELF: 409,
  ACCOUNT_OUTSIDE_SCOPE: 403,
  USER_NOT_FOUND: 404,
  UNIT_NOT_FOUND: 404,
  SCHOOL_NOT_FOUND: 404,
  SCHOOL_CODE_TAKEN: 409,
  // documents (issue #8)
  DOCUMENT_NOT_FOUND: 404,
  DOCUMENT_UNAVAILABLE: 422,
  DOCUMENT_RENDER_FAILED: 500,
  // evidence vault (issue #7)
  EVIDENCE_NOT_FOUND: 404,
  EVIDENCE_FILE_REQUIRED: 400,
  EVIDENCE_FILE_EMPTY: 400,
  EVIDENCE_FILE_TOO_LARGE: 413,
  EVIDENCE_CASE_QUOTA: 413,
  EVIDENCE_TYPE_NOT_ALLOWED: 415,
  EVIDENCE_TYPE_MISMATCH: 415,
  EVIDENCE_ACTIVE_CONTENT: 415,
  EVIDENCE_FILE_CORRUPT: 422,
  EVIDENCE_IMAGE_TOO_LARGE: 422,
  EVIDENCE_FILENAME_INVALID: 400,
  EVIDENCE_DESCRIPTION_ONLY: 422,
  EVIDENCE_DELETED: 410,
  EVIDENCE_UPLOAD_MALFORMED: 400,
  PERSON_NOT_FOUND: 404,
  // transmissions to the direction provinciale / academy (issue #9)
  TRANSMISSION_NOT_FOUND: 404,
  TRANSMISSION_ALREADY_SENT: 409,
  TRANSMISSION_ACKNOWLEDGED: 409,
  TRANSMISSION_HANDLED: 409,
  // access requests under Law 09-08 (subject-access/)
  SUBJECT_ACCESS_RECORD_NOT_FOUND: 404,
  // the public reporting channel (issue #11, docs/public-reporting.md)
  PUBLIC_SCHOOL_NOT_FOUND: 404,
  PUBLIC_REPORT_PROOF_INVALID: 400,
  PUBLIC_REPORT_RATE_LIMITED: 429,
  PUBLIC_REPORT_NOT_FOUND: 404,
  PUBLIC_REPORT_CLOSED: 409,
  INTAKE_REPORT_NOT_FOUND: 404,
  INTAKE_REPORT_ALREADY_HANDLED: 409,
  INTAKE_REPORT_PENDING: 409,
  INTAKE_REPORT_CLOSED: 409,
} as const satisfies Partial<Record<MessageKey, number>>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type Localized = Record<Lang, string>;

export interface FieldError {
  field: string;
  /** message key, translated by the filter; or a stable code with its own `localized` text */
  code: string;
  localized?: Localized;
}

/**
 * The one error type services throw. It carries a stable code; the HTTP filter turns it into
 * `{ statusCode, code, message, details? }` with the message in the user's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: FieldError[] = [],
    /** for rule violations reported by the protocol engine: its own stable code and translated text */
    readonly rule?: { code: string; message: Localized },
  ) {
    super(code);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
