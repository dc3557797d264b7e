import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError, type ErrorCode } from '../common/domain-error';

/**
 * Reads one multipart file (field `file`) into memory, at most EVIDENCE_MAX_FILE_MB: a larger one is cut off
 * while it streams in and refused with 413 EVIDENCE_FILE_TOO_LARGE (audited), before anything is stored.
 * Only the fields of the form are accepted beside it (the DTO refuses unknown ones).
 */
@Injectable()
export class EvidenceUploadInterceptor implements NestInterceptor {
  private readonly parse: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.parse = multer({
      storage: multer.memoryStorage(),
      // the name as sent, folders included, so that a traversal attempt is refused rather than silently trimmed
      preservePath: true,
      // browsers send file names in UTF-8 (Arabic names included)
      defParamCharset: 'utf8',
      limits: { fileSize: config.evidence.maxFileBytes, files: 1, fields: 10, fieldSize: 8 * 1024, parts: 12 },
    }).single('file');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const parsed = new Promise<void>((resolve, reject) => {
      this.parse(req, res, (error: unknown) => {
        if (!error) return resolve();
        const code = (error as { code?: string }).code;
        const mapped: ErrorCode =
          code === 'LIMIT_FILE_SIZE'
            ? 'EVIDENCE_FILE_TOO_LARGE'
            : code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT'
              ? 'EVIDENCE_FILE_REQUIRED'
              : 'EVIDENCE_UPLOAD_MALFORMED'; // unreadable form: bad boundary, control characters in a header…
        const caseId = typeof req.params?.id === 'string' && /^[0-9a-f-]{36}$/i.test(req.params.id) ? req.params.id : null;
        void this.audit
          .record({
            action: 'evidence.rejected',
            actor: req.user ?? null,
            ip: req.ip ?? null,
            caseId,
            details: { code: mapped, found: code ?? 'multipart' },
          })
          .then(
            () => reject(new DomainError(mapped)),
            () => reject(new DomainError(mapped)),
          );
      });
    });
    return from(parsed).pipe(switchMap(() => next.handle()));
  }
}
