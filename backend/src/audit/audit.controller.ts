import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import type { AuditAction, AuditVerification } from './audit-chain';
import { auditScope, AuditService } from './audit.service';
import { AuditPageDto, AuditVerificationDto, ListAuditQuery } from './dto';
import { moroccanDayStart, nextDay } from '../common/dates';

@ApiTags('audit')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto, description: "Audit entries, newest first: a principal's school, or all for admins" })
  list(@CurrentUser() user: SessionUser, @Query() query: ListAuditQuery): Promise<AuditPageDto> {
    const scope = auditScope(user);
    if (query.from && query.to && query.from > query.to) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'to', code: 'audit.range.invalid' }]);
    }
    return this.audit.list(
      scope,
      {
        action: query.action as AuditAction | undefined,
        caseId: query.caseId,
        from: query.from ? moroccanDayStart(query.from) : undefined,
        to: query.to ? moroccanDayStart(nextDay(query.to)) : undefined,
      },
      { page: Number(query.page ?? 1), pageSize: Number(query.pageSize ?? 50) },
    );
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerificationDto, description: 'Recomputes the hash chain (admins only)' })
  verify(@CurrentUser() user: SessionUser): Promise<AuditVerification> {
    if (user.role !== 'admin') throw new DomainError('FORBIDDEN');
    return this.audit.verify();
  }
}
