import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { JsonLogger } from '../common/json-logger';
import { acquireLease, releaseLease } from '../scheduling/lease';
import { KeyRing } from '../evidence/key-ring';
import { archiveName, createBackup, pruneArchives } from './backup';

/** Held for one interval by whichever instance made the last backup: one backup per interval, whatever the instances. */
const DUE_LEASE = 'backup:interval';
/** How often an instance looks whether a backup is due. */
const CHECK_MS = 10 * 60 * 1000;

export type ScheduledBackup = { ran: false } | { ran: true; file: string; bytes: number; ms: number; deleted: string[] };

/**
 * Scheduled backups (BACKUP_INTERVAL_HOURS > 0, docs/operations.md): every BACKUP_INTERVAL_HOURS one encrypted
 * archive in BACKUP_DIR, then only the BACKUP_KEEP newest archives kept. With several instances the database
 * lease `backup:interval` lets exactly one of them make each backup; a failed backup gives the lease back so the
 * next check tries again.
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    // tests call runOnce with their own clock
    if (this.config.backup.intervalHours <= 0 || this.config.nodeEnv === 'test') return;
    const tick = () => {
      this.runOnce().catch((e: unknown) => this.logger.error(e instanceof Error ? e : String(e), undefined, 'BackupScheduler'));
    };
    this.timer = setInterval(tick, Math.min(CHECK_MS, this.config.backup.intervalHours * 3_600_000));
    this.timer.unref();
    setTimeout(tick, 5_000).unref(); // soon after start: a server restarted after a long stop catches up
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Makes the backup if one is due at `now` (and this instance won the lease). */
  async runOnce(now = new Date()): Promise<ScheduledBackup> {
    if (this.running) return { ran: false };
    const intervalMs = this.config.backup.intervalHours * 3_600_000;
    const owner = randomUUID(); // a new owner each time: taken only when free or expired
    if (!(await acquireLease(this.db, DUE_LEASE, owner, intervalMs, now))) return { ran: false };
    this.running = true;
    try {
      const ring = KeyRing.load({
        envKey: this.config.masterKey ?? undefined,
        file: this.config.masterKeyFile,
        createIfMissing: this.config.nodeEnv !== 'production',
      });
      const result = await createBackup(this.config, ring, join(this.config.backup.dir, archiveName(now)), { sink: null, now: () => now });
      const deleted = pruneArchives(this.config.backup.dir, this.config.backup.keep);
      this.logger.event('info', 'backup.written', {
        file: result.path,
        bytes: result.bytes,
        ms: result.ms,
        cases: result.manifest.counts.cases ?? 0,
        deleted,
      });
      return { ran: true, file: result.path, bytes: result.bytes, ms: result.ms, deleted };
    } catch (error) {
      await releaseLease(this.db, DUE_LEASE, owner);
      this.logger.event('error', 'backup.failed', { reason: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      this.running = false;
    }
  }
}
