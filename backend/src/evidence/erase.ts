import type { EntityManager } from 'typeorm';
import { nowIso } from '../database/columns';
import { appendCustody } from './custody';
import { EVIDENCE_CONTENTS_TABLE, EvidenceItem } from './evidence.entities';

/**
 * Erases an item's content and keeps its record (hashes included), marked deleted with who, when and why, and a
 * `deleted` event in its chain of custody. In the caller's transaction. The one deletion path of evidence: the
 * principal's decision (actor: the principal) and the retention purge (actor null, reason `retention`).
 */
export async function eraseEvidenceContent(
  m: EntityManager,
  item: Pick<EvidenceItem, 'id'>,
  actor: { id: string; role: string } | null,
  reason: string,
  custody: Record<string, unknown>,
): Promise<void> {
  await m.update(EvidenceItem, { id: item.id }, { deletedAt: nowIso(), deletedById: actor?.id ?? null, deletionReason: reason });
  await m.createQueryBuilder().delete().from(EVIDENCE_CONTENTS_TABLE).where('"itemId" = :id', { id: item.id }).execute();
  await appendCustody(m, item.id, actor, 'deleted', custody);
}
