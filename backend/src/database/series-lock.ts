import type { EntityManager } from 'typeorm';

/**
 * Makes concurrent transactions that take the next number of one series (a school's case references, a case's
 * people codes) wait for each other instead of colliding on the unique index: on PostgreSQL a transaction-level
 * advisory lock on the series' name, released at commit or rollback (also if the process dies). SQLite writes are
 * serialised already. The callers keep their retry on a unique violation as a safety net.
 */
export async function lockSeries(m: EntityManager, series: string): Promise<void> {
  if (m.connection.options.type === 'postgres') await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [series]);
}
