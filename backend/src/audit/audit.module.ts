import { Global, Module } from '@nestjs/common';

/** The audit trail: every service may record an entry through AuditService. */
@Global()
@Module({})
export class AuditModule {}
