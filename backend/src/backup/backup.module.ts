import { Module } from '@nestjs/common';
import { BackupScheduler } from './backup-scheduler';

/** Scheduled backups (the command-line backup and restore are in backup-command.ts). */
@Module({ providers: [BackupScheduler], exports: [BackupScheduler] })
export class BackupModule {}
