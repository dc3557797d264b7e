import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '../common/request-context';
import { DomainError } from '../common/domain-error';

/** The signed-in user of the request (the global guard has already made sure there is one). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): SessionUser => {
  const user = ctx.switchToHttp().getRequest<Request>().user;
  if (!user) throw new DomainError('AUTH_REQUIRED');
  return user;
});
