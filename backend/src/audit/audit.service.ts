import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { AuditEntry, type AuditDetails } from './audit.entities';
import { adminScope, escaperOf, membershipInScopeSql, schoolInScopeSql, type AdminScope } from '../access/admin-scope';
import {
  checkAuditDetails,
  emailDigest,
  entryHash,
  GENESIS_HASH,
  isAuditAction,
  verifyAuditChain,
  type AuditAction,
  type AuditVerification,
} from './audit-chain';
import type { AuditEntryDto, AuditPageDto } from './dto';

/** What a caller records. Everything else (seq, id, time, hashes) is filled in by `AuditService.record`. */
export interface AuditRecord {
  action: AuditAction;
  /** who did it; null when nobody is signed in (failed sign-in, system job) */
  actor: { id: string; role: string; schoolId?: string | null } | null;
  /** the client address as the request gives it (`req.ip`); null outside a request */
  ip: string | null;
  /** the school the entry belongs to; by default the actor's school (null for regional and admin staff) */
  schoolId?: string | null;
  caseId?: string | null;
  /** what the action was done to, when not the case: a user id, an evidence id, a setting key… */
  targetId?: string | null;
  /** ids and codes only: never names, e-mail addresses or free text (refused, see checkAuditDetails) */
  details?: AuditDetails;
}

/**
 * Whose entries a reader may see: all of them (national administrator), those of an administrator's academy or
 * direction provinciale, or one school's (principal).
 */
export type AuditScope = { kind: 'all' } | { kind: 'unit'; admin: AdminScope } | { kind: 'school'; schoolId: string };

export interface AuditFilters {
  action?: AuditAction;
  caseId?: string;
  /** ISO instants: from inclusive, to exclusive */
  from?: string;
  to?: string;
}

/**
 * Access rule of the trail: administrators see the entries of their scope (admin-scope.ts): those of its
 * schools, and those without a school made by people who hold a role in it (sign-ins, administration); a
 * national administrator sees everything. Principals see the entries of their school, everyone else nothing.
 */
export function auditScope(user: SessionUser): AuditScope {
  if (user.role === 'admin') {
    const admin = adminScope(user);
    return admin.kind === 'national' ? { kind: 'all' } : { kind: 'unit', admin };
  }
  if (user.role === 'principal') {
    if (!user.schoolId) throw new DomainError('NO_SCHOOL_SCOPE');
    return { kind: 'school', schoolId: user.schoolId };
  }
  throw new DomainError('FORBIDDEN');
}

const MAX_ATTEMPTS = 100;
/**
 * At most this many entries per INSERT: 13 parameters each stays far below both databases' limits, and SQLite
 * treats a multi-row VALUES as a compound SELECT (at most 500 terms by default).
 */
const MAX_BATCH = 64;

/**
 * How many of `waiting` entries the next INSERT takes: the largest power of two that fits (1, 2, 4… 64), so there
 * are only seven INSERT texts. Each text is a prepared statement in the driver's cache (better-sqlite3: the last
 * 100 statements), which one text per batch size (up to 100 of them) would fill, evicting the app's hot queries.
 */
export function auditBatchSize(waiting: number): number {
  if (waiting < 1) return 0;
  return 2 ** Math.floor(Math.log2(Math.min(waiting, MAX_BATCH)));
}

/** Another writer took the seq we computed (unique violation), or held the SQLite write lock: try again. */
function isRaceLost(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const raw = (error.driverError as { code?: unknown } | undefined)?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (code === '23505' || code === '40001' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return /unique|duplicate|database is locked/i.test(error.message);
}

interface PendingEntry {
  entry: AuditRecord;
  details: AuditDetails;
  done: () => void;
  failed: (error: unknown) => void;
}

@Injectable()
export class AuditService implements OnModuleDestroy {
  /** entries recorded and not yet committed, in the order `record` was called */
  private pending: PendingEntry[] = [];
  /** the running flush (one at a time in this instance: racing is then only ever between instances) */
  private flushing: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A refused request (see `isAuditedRefusal`): who (if signed in), from where, which route, which refusal. */
  recordDenied(req: Request, body: { statusCode: number; code: string }): Promise<void> {
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    return this.record({
      action: 'access.denied',
      actor: req.user ?? null,
      ip: req.ip ?? null,
      details: { status: String(body.statusCode), code: body.code, method: req.method, route: route.slice(0, 120) },
    });
  }

  /**
   * Appends one entry at the end of the chain and resolves once it is committed (durable: the caller may then
   * answer). Group commit: the entries recorded while the previous append is being written (concurrent requests)
   * are chained in order and written by multi-row INSERTs (1, 2, 4… 64 entries: auditBatchSize), so one commit
   * (one fsync on SQLite) serves many;
   * nothing is acknowledged before its commit. Concurrency between instances: the first entry's seq is the last
   * seq + 1 and its prevHash the last hash, read just before the INSERT; `seq` is UNIQUE, so when another instance
   * appended in between, the whole INSERT fails (one statement: all or nothing) and is retried on the new end
   * (optimistic, on SQLite and PostgreSQL alike). No explicit transaction is opened (on SQLite TypeORM would nest it
   * in whatever transaction the single connection has open). Call it after your own transaction has committed.
   * Rejects (TypeError) an unknown action and details that look like personal data; an entry the database refuses
   * is retried alone, so it never takes the others of its batch down with it.
   */
  async record(entry: AuditRecord): Promise<void> {
    if (!isAuditAction(entry.action)) throw new TypeError(`unknown audit action ${String(entry.action)}`);
    const details = entry.details ?? {};
    checkAuditDetails(details);
    await new Promise<void>((done, failed) => {
      this.pending.push({ entry, details, done, failed });
      this.schedule();
    });
  }

  /** Resolves once every entry recorded so far is committed (or refused). Called on shutdown. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushed();
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush takes the new entries when its INSERT is done
    // setImmediate: the requests already ready in this turn of the event loop join the first batch
    this.flushing = new Promise<void>((ready) => setImmediate(ready))
      .then(() => this.drain())
      .finally(() => {
        this.flushing = null;
        if (this.pending.length) this.schedule();
      });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, auditBatchSize(this.pending.length));
      try {
        await this.append(batch);
        for (const p of batch) p.done();
      } catch (error) {
        if (batch.length === 1) {
          batch[0].failed(error);
          continue;
        }
        // one at a time, so only the entry the database refuses is refused
        for (const p of batch) {
          try {
            await this.append([p]);
            p.done();
          } catch (e) {
            p.failed(e);
          }
        }
      }
    }
  }

  private async append(batch: PendingEntry[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const last = await this.db
        .getRepository(AuditEntry)
        .createQueryBuilder('a')
        .select('a.seq', 'seq')
        .addSelect('a.hash', 'hash')
        .orderBy('a.seq', 'DESC')
        .limit(1)
        .getRawOne<{ seq: number; hash: string }>();
      let seq = last ? Number(last.seq) : 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const at = nowIso();
      const rows = batch.map(({ entry, details }): AuditEntry => {
        const row: Omit<AuditEntry, 'hash'> = {
          id: randomUUID(),
          seq: ++seq,
          at,
          actorId: entry.actor?.id ?? null,
          actorRole: entry.actor?.role ?? null,
          action: entry.action,
          schoolId: entry.schoolId !== undefined ? entry.schoolId : (entry.actor?.schoolId ?? null),
          caseId: entry.caseId ?? null,
          targetId: entry.targetId ?? null,
          ip: entry.ip ? entry.ip.slice(0, 64) : null,
          details,
          prevHash,
        };
        const full = { ...row, hash: entryHash(prevHash, row) };
        prevHash = full.hash;
        return full;
      });
      try {
        await this.db
          .createQueryBuilder()
          .insert()
          .into(AuditEntry)
          .values(rows as never)
          .updateEntity(false)
          .execute();
        return;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRaceLost(error)) throw error;
        await sleep(Math.random() * Math.min(50, 2 * attempt));
      }
    }
  }

  /** For `auth.login_failed`: the keyed digest to store instead of the e-mail address typed. */
  emailDigest(email: string): string {
    return emailDigest(this.config.sessionSecret, email);
  }

  verify(): Promise<AuditVerification> {
    return verifyAuditChain(this.db);
  }

  /** Entries in the scope, newest first. */
  async list(scope: AuditScope, filters: AuditFilters, page: { page: number; pageSize: number }): Promise<AuditPageDto> {
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (scope.kind === 'school') qb.andWhere('a.schoolId = :schoolId', { schoolId: scope.schoolId });
    if (scope.kind === 'unit') {
      const e = escaperOf(qb);
      const school = schoolInScopeSql(scope.admin, `${e('a')}.${e('schoolId')}`, e);
      const member = membershipInScopeSql(scope.admin, 'ms', e);
      qb.andWhere(
        `(${school.sql} OR (${e('a')}.${e('schoolId')} IS NULL AND ${e('a')}.${e('actorId')} IN` +
          ` (SELECT ${e('ms')}.${e('userId')} FROM ${e('memberships')} ${e('ms')} WHERE ${member.sql})))`,
        { ...school.params, ...member.params },
      );
    }
    if (filters.action) qb.andWhere('a.action = :action', { action: filters.action });
    if (filters.caseId) qb.andWhere('a.caseId = :caseId', { caseId: filters.caseId });
    if (filters.from) qb.andWhere('a.at >= :from', { from: filters.from });
    if (filters.to) qb.andWhere('a.at < :to', { to: filters.to });
    const [rows, total] = await qb
      .orderBy('a.seq', 'DESC')
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .getManyAndCount();
    return { items: rows.map((r) => toDto(r, scope.kind !== 'school')), total, page: page.page, pageSize: page.pageSize };
  }
}

function toDto(e: AuditEntry, withIp: boolean): AuditEntryDto {
  return {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor: e.actorId || e.actorRole ? { id: e.actorId, role: e.actorRole } : null,
    action: e.action,
    schoolId: e.schoolId,
    caseId: e.caseId,
    targetId: e.targetId,
    // the address is for security investigations (admins), not for school management
    ...(withIp ? { ip: e.ip } : {}),
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
