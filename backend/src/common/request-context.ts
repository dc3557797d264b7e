import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';

/**
 * The signed-in person acting in one of their memberships (users/membership.entity.ts): `role` and the unit
 * (at most one of schoolId, provinceId, regionId; none for a national administrator) are the active
 * membership's. Every access rule reads these fields.
 */
export interface SessionUser {
  id: string;
  role: string;
  schoolId: string | null;
  /** the direction provinciale of a provincial membership (not of a school membership) */
  provinceId?: string | null;
  /** the academy of a regional membership (not of a school or provincial membership) */
  regionId: string | null;
  /** the active membership; absent for system actors */
  membershipId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    user?: SessionUser;
    sessionId?: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (kept from X-Request-Id when it looks safe), echoes it, and logs one line per request. */
export function requestContext(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    req.requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.event(res.statusCode >= 500 ? 'error' : 'info', 'request', {
        reqId: req.requestId,
        method: req.method,
        // the path only: query strings may carry search terms typed by staff
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        userId: req.user?.id,
      });
    });
    next();
  };
}
