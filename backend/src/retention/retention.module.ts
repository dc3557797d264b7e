import { Module } from '@nestjs/common';
import { RetentionScheduler } from './retention-scheduler';

/** The scheduled retention purge (the command-line purge is in purge-command.ts). */
@Module({ providers: [RetentionScheduler], exports: [RetentionScheduler] })
export class RetentionModule {}
