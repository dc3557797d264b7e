import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { JsonLogger } from '../common/json-logger';
import { APP_CONFIG } from '../config/config.module';
import { RETENTION_SCHEDULE_HOURS, type AppConfig } from '../config/config';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { acquireLease, releaseLease } from '../scheduling/lease';
import { runPurge, type PurgeResult } from './purge';

/** Held for one period by whichever instance ran the last purge: one purge per period, whatever the instances. */
const DUE_LEASE = 'retention:purge';
/** How often an instance looks whether a purge is due. */
const CHECK_MS = 60 * 60 * 1000;

/**
 * The scheduled retention purge (RETENTION_SCHEDULE, off by default: docs/retention.md): once a day, week or month
 * the policy is applied as by `cli.js purge`. With several instances the database lease `retention:purge` lets
 * exactly one of them run each purge; a failed purge gives the lease back so that the next check tries again.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly catalogue: ProtocolCatalogue,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    // tests call runOnce with their own clock
    if (this.config.retentionSchedule === 'off' || this.config.nodeEnv === 'test') return;
    const tick = () => {
      this.runOnce().catch((e: unknown) => this.logger.error(e instanceof Error ? e : String(e), undefined, 'RetentionScheduler'));
    };
    this.timer = setInterval(tick, CHECK_MS);
    this.timer.unref();
    setTimeout(tick, 60_000).unref(); // a minute after start: a server restarted after a long stop catches up
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Purges what is due at `now` if a purge is due (and this instance won the lease); null when it did not run. */
  async runOnce(now = new Date()): Promise<PurgeResult | null> {
    if (this.running || this.config.retentionSchedule === 'off') return null;
    const periodMs = RETENTION_SCHEDULE_HOURS[this.config.retentionSchedule] * 3_600_000;
    const owner = randomUUID(); // a new owner each time: taken only when free or expired
    if (!(await acquireLease(this.db, DUE_LEASE, owner, periodMs, now))) return null;
    this.running = true;
    try {
      const result = await runPurge(this.db, {
        policy: this.config.retention,
        now: now.toISOString(),
        dryRun: false,
        catalogue: this.catalogue,
        audit: this.audit,
      });
      this.logger.event('info', 'retention.purged', {
        anonymised: result.done.anonymised,
        deleted: result.done.deleted,
        evidenceErased: result.done.evidenceErased,
        evidenceItems: result.done.evidenceItems,
        held: result.plan.totals.held,
        notifications: result.notifications,
        sessions: result.sessions,
        intakeReports: result.intakeReports,
      });
      return result;
    } catch (error) {
      await releaseLease(this.db, DUE_LEASE, owner);
      this.logger.event('error', 'retention.failed', { reason: error instanceof Error ? error.name : 'unknown' });
      throw error;
    } finally {
      this.running = false;
    }
  }
}
