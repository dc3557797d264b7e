import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { JsonLogger } from '../common/json-logger';
import type { AuditAction } from './audit-chain';
import { AuditService } from './audit.service';

/** Which case routes are recorded, and as what. Reads and writes of case content; nothing else is guessed. */
export function caseAuditAction(method: string, path: string): AuditAction | null {
  if (!path.startsWith('/api/cases')) return null;
  // documents: the export is recorded by DocumentsService as `export` (template, language, protected)
  if (/^\/api\/cases\/[^/]+\/documents(\/|$)/.test(path)) return null;
  if (method === 'GET') {
    if (path === '/api/cases' || path === '/api/cases/due') return 'case.list';
    return /^\/api\/cases\/[^/]+(\/timeline)?$/.test(path) ? 'case.read' : null;
  }
  return method === 'POST' ? 'case.write' : null;
}

/**
 * Records every successful read and write of case content in the audit trail, once the handler is done (so
 * after the write's transaction committed) and before the response leaves. One place, not a call per handler.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const action = caseAuditAction(req.method, req.path);
    if (!action) return next.handle();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const user = req.user;
        if (!user) return body;
        const params = req.params as Record<string, string | undefined>;
        const caseId =
          params.id ??
          (action === 'case.write'
            ? ((body as { id?: string; case?: { id?: string } } | undefined)?.id ??
              (body as { case?: { id?: string } } | undefined)?.case?.id)
            : undefined);
        const details: Record<string, string> = {};
        if (params.stepId) details.stepId = params.stepId;
        if (req.path.endsWith('/timeline')) details.view = 'timeline';
        try {
          await this.audit.record({ action, actor: user, ip: req.ip ?? null, caseId: caseId ?? null, details });
        } catch (e) {
          // a read that cannot be recorded is refused; a committed write is reported, not undone
          this.logger.error(e instanceof Error ? e : String(e), undefined, 'AuditInterceptor');
          if (action !== 'case.write') throw e;
        }
        return body;
      }),
    );
  }
}
