import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';
import { AuthService } from './auth.service';
import { ALLOW_WITHOUT_MFA, IS_PUBLIC } from './public.decorator';

export const SESSION_COOKIE = 'sanad_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard. (1) Every state-changing request must carry `X-Requested-With` — a header a cross-site form
 * cannot send, and CORS is closed — so a session cookie alone never authorises a write (CSRF).
 * (2) Every route needs a valid session unless marked @Public().
 * (3) A user whose role requires two-factor authentication (MFA_REQUIRED_ROLES) and who has not enrolled may
 * only call routes marked @AllowWithoutMfa() (or public ones).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!SAFE_METHODS.has(req.method) && !req.header('x-requested-with')) throw new DomainError('CSRF_HEADER_MISSING');
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const cookies = req.cookies as Record<string, string | undefined> | undefined;
    const resolved = await this.auth.resolve(cookies?.[SESSION_COOKIE]);
    if (resolved) {
      req.user = resolved.user;
      req.sessionId = resolved.sessionId;
    }
    if (isPublic) return true;
    if (!resolved) throw new DomainError('AUTH_REQUIRED');
    if (resolved.mfaEnrolmentRequired && !this.reflector.getAllAndOverride<boolean>(ALLOW_WITHOUT_MFA, targets)) {
      throw new DomainError('MFA_ENROLMENT_REQUIRED');
    }
    return true;
  }
}
