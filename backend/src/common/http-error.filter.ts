import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ERROR_STATUS, type ErrorCode } from './domain-error';
import type { JsonLogger } from './json-logger';
import { isMessageKey, pickLang, translate } from './messages';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'AUTH_TOO_MANY_ATTEMPTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns anything thrown (domain error, framework error, body-parser error, bug) into a domain error. */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new DomainError('MALFORMED_JSON');
  if (type === 'entity.too.large') return new DomainError('PAYLOAD_TOO_LARGE');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new DomainError('UNSUPPORTED_MEDIA_TYPE');
  // the body parser's other client errors, e.g. a body that does not inflate under its `Content-Encoding: gzip`
  // (http-errors: `expose` and a 4xx status, no type): the request could not be read (was a 500, found by fuzzing)
  const http = error as { expose?: unknown; status?: unknown } | null;
  if (http?.expose === true && typeof http.status === 'number' && http.status >= 400 && http.status < 500) {
    return new DomainError(http.status === 400 ? 'MALFORMED_JSON' : (STATUS_CODES[http.status] ?? 'VALIDATION_FAILED'));
  }
  if (error instanceof HttpException) {
    const code = STATUS_CODES[error.getStatus()];
    return code ? new DomainError(code) : null;
  }
  if (isStorageFull(error)) return new DomainError('STORAGE_FULL');
  return null;
}

/** No space left: SQLite's SQLITE_FULL (disk full, or max_page_count reached), PostgreSQL's 53100, a file write's ENOSPC. */
export function isStorageFull(error: unknown): boolean {
  let e = error as { code?: unknown; driverError?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC' || e.code === '53100') return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** for PROTOCOL_RULE: the engine's stable reason, e.g. step_not_available */
  rule?: string;
  details?: { field: string; code: string; message: string }[];
  requestId?: string;
}

export function errorBody(error: unknown, req: Request, logger: JsonLogger): ErrorBody {
  const lang = pickLang(req.header('accept-language'));
  const domain = toDomainError(error);
  if (domain?.code === 'STORAGE_FULL') {
    // the operator must see it: a code and the request, no data
    logger.event('error', 'storage.full', { path: req.path, method: req.method, requestId: req.requestId });
  }
  if (!domain) {
    // with the request id the client was given, so that an operator finds the cause of a reported 500
    logger.event('error', error instanceof Error ? error.message : String(error), {
      context: 'HttpErrorFilter',
      requestId: req.requestId,
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    });
    return {
      statusCode: ERROR_STATUS.INTERNAL_ERROR,
      code: 'INTERNAL_ERROR',
      message: translate('INTERNAL_ERROR', lang),
      requestId: req.requestId,
    };
  }
  const body: ErrorBody = {
    statusCode: domain.status,
    code: domain.code,
    message: domain.rule ? domain.rule.message[lang] : translate(domain.code, lang),
    requestId: req.requestId,
  };
  if (domain.rule) body.rule = domain.rule.code;
  if (domain.details.length) {
    body.details = domain.details.map((d) => ({
      field: d.field,
      code: d.code,
      message: d.localized ? d.localized[lang] : translate(isMessageKey(d.code) ? d.code : 'validation.invalid', lang),
    }));
  }
  return body;
}

/** Where a refused request goes in the audit trail (kept narrow so ordinary "not signed in" checks do not flood it). */
export interface DeniedAccessRecorder {
  recordDenied(req: Request, body: ErrorBody): Promise<void>;
}

/**
 * Refusals that tell of an attempt: a forged or expired session, a forbidden action (role, CSRF, scope), probing
 * for another school's records, fields that try to set what they must not (mass assignment), a burst of attempts.
 */
export function isAuditedRefusal(req: Request, body: ErrorBody): boolean {
  // the public reporting channel (docs/public-reporting.md) stores no client address, not even of a refusal: its
  // floods are absorbed by the rate limiters, and the trail would keep the address of a pupil who reported
  if (req.path.startsWith('/api/public/')) return false;
  const cookies = req.cookies as Record<string, string | undefined> | undefined;
  if (body.statusCode === 401) return Boolean(cookies?.sanad_session) && !req.path.startsWith('/api/auth/');
  if (body.statusCode === 403 || body.statusCode === 429) return true;
  if (body.statusCode === 404)
    return [
      'CASE_NOT_FOUND',
      'STEP_NOT_FOUND',
      'NOTIFICATION_NOT_FOUND',
      'USER_NOT_FOUND',
      'SCHOOL_NOT_FOUND',
      'UNIT_NOT_FOUND',
      'EVIDENCE_NOT_FOUND',
      'PERSON_NOT_FOUND',
    ].includes(body.code);
  if (body.statusCode === 400) return (body.details ?? []).some((d) => d.code === 'validation.unknownField');
  return false;
}

/** The one HTTP error filter: `{ statusCode, code, message }`, message in the user's language, no stack traces. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    private readonly denied?: DeniedAccessRecorder,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = errorBody(error, req, this.logger);
    if (this.denied && isAuditedRefusal(req, body)) {
      await this.denied
        .recordDenied(req, body)
        .catch((e: unknown) => this.logger.error(e instanceof Error ? e : String(e), undefined, 'HttpErrorFilter'));
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}
