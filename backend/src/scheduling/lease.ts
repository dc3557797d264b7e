import type { DataSource } from 'typeorm';
import { Lease } from './lease.entity';

/**
 * A named lease in the database so that one instance at a time runs a periodic job, on SQLite and on
 * PostgreSQL alike: take it if free or expired (a conditional UPDATE is atomic), keep it while renewing.
 */
export async function acquireLease(db: DataSource, name: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const taken = await db
    .createQueryBuilder()
    .update(Lease)
    .set({ owner, expiresAt })
    .where('name = :name AND (owner = :owner OR expiresAt < :now)', { name, owner, now: now.toISOString() })
    .execute();
  if (taken.affected) return true;
  try {
    await db.createQueryBuilder().insert().into(Lease).values({ name, owner, expiresAt }).execute();
    return true;
  } catch {
    return false; // another instance holds it (or inserted it first)
  }
}

export async function releaseLease(db: DataSource, name: string, owner: string): Promise<void> {
  await db.createQueryBuilder().delete().from(Lease).where('name = :name AND owner = :owner', { name, owner }).execute();
}
