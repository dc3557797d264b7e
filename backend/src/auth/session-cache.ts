import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  UpdateEvent,
} from 'typeorm';
import { Membership } from '../users/membership.entity';
import { User } from '../users/user.entity';
import { UserMfa } from './identity.entities';
import { Session } from './session.entity';

/** How long a resolved session is reused without reading the database again (docs/decisions/0003). */
export const SESSION_CACHE_MS = 5_000;
/** At most this many sessions are kept (the oldest go first): the cache cannot grow with traffic. */
export const SESSION_CACHE_MAX = 5_000;

/** What `AuthService.resolve` needs to answer again without the database. */
export interface CachedSession<T> {
  /** ISO instants of the session row, re-checked against the clock on every use */
  expiresAt: string;
  lastSeenMs: number;
  value: T;
}

/** Tables whose rows decide what a session resolves to: any change to one of them empties the cache. */
const WATCHED: ReadonlySet<unknown> = new Set<unknown>([Session, User, Membership, UserMfa]);

/**
 * A short-lived, bounded, in-process cache of resolved sessions (key: the session id, an HMAC of the cookie), so
 * that a burst of requests does not read the session, the user and their memberships each time. Correct in this
 * process: every insert, update or delete of sessions, users, memberships or two-factor settings made through
 * TypeORM here (sign-out, role change, account disabled, sessions revoked, password changed…) empties it at once
 * and again when its transaction commits, and a value read while such a change happened is not stored. Another
 * instance's change is seen after SESSION_CACHE_MS at most. Expiry and idle time are still checked on every use.
 */
@Injectable()
export class SessionCache implements EntitySubscriberInterface {
  private readonly entries = new Map<string, CachedSession<unknown> & { storedAt: number }>();
  private readonly touched = new WeakSet<QueryRunner>();
  /** bumped by every invalidation: a value read before it is not stored after it */
  private generation = 0;

  constructor(@InjectDataSource() db: DataSource) {
    db.subscribers.push(this);
  }

  get version(): number {
    return this.generation;
  }

  get<T>(id: string): CachedSession<T> | undefined {
    const hit = this.entries.get(id);
    if (!hit) return undefined;
    if (performance.now() - hit.storedAt >= SESSION_CACHE_MS) {
      this.entries.delete(id);
      return undefined;
    }
    return hit as CachedSession<T> & { storedAt: number };
  }

  /** Stores `value` unless the cache was invalidated since `version` was read (before the database reads). */
  set<T>(id: string, entry: CachedSession<T>, version: number): void {
    if (version !== this.generation) return;
    this.entries.delete(id);
    if (this.entries.size >= SESSION_CACHE_MAX) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, { ...entry, storedAt: performance.now() });
  }

  forget(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private changed(target: unknown, runner: QueryRunner | undefined): void {
    if (!WATCHED.has(target)) return;
    this.clear();
    if (runner?.isTransactionActive) this.touched.add(runner);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  afterSoftRemove(event: RemoveEvent<unknown>): void {
    this.changed(event.metadata.target, event.queryRunner);
  }

  /** A request may have read (and stored) the old rows between the change and its commit: empty it again. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!this.touched.has(event.queryRunner)) return;
    this.touched.delete(event.queryRunner);
    this.clear();
  }

  afterTransactionRollback(event: TransactionCommitEvent): void {
    this.touched.delete(event.queryRunner);
  }
}
