import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { CustodyEvent, type CustodyAction } from './evidence.entities';

/** Appends one event to an item's chain of custody (in the caller's transaction), numbered after the last. */
export async function appendCustody(
  m: EntityManager,
  itemId: string,
  /** null: the system (the retention purge) */
  actor: Pick<SessionUser, 'id' | 'role'> | null,
  action: CustodyAction,
  details: Record<string, unknown>,
): Promise<void> {
  const last = await m.getRepository(CustodyEvent).findOne({ where: { itemId }, order: { seq: 'DESC' } });
  const event: CustodyEvent = {
    id: randomUUID(),
    itemId,
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actorId: actor?.id ?? null,
    actorRole: actor?.role ?? null,
    action,
    details,
  };
  await m.getRepository(CustodyEvent).save(event);
}
