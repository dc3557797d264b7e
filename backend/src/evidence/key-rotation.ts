import type { DataSource } from 'typeorm';
import { EVIDENCE_CONTENTS_TABLE } from './evidence.entities';
import type { KeyRing } from './key-ring';

/**
 * Re-wraps the data key of every evidence content with the ring's current master key (the contents themselves
 * are not re-encrypted: only their 32-byte keys). Run after putting a new key first in the key file
 * (`keys:rotate` does both); afterwards the old key can be removed from the file. Returns how many changed.
 */
export async function rewrapEvidenceKeys(db: DataSource, ring: KeyRing): Promise<{ rewrapped: number; total: number }> {
  const current = ring.current.id;
  const rows = await db
    .createQueryBuilder()
    .select(['c."itemId" AS "itemId"', 'c."keyId" AS "keyId"', 'c."wrappedKey" AS "wrappedKey"'])
    .from(EVIDENCE_CONTENTS_TABLE, 'c')
    .getRawMany<{ itemId: string; keyId: string; wrappedKey: string }>();
  let rewrapped = 0;
  for (const row of rows.filter((r) => r.keyId !== current)) {
    const wrapped = ring.wrap(ring.unwrap(row.keyId, row.wrappedKey));
    await db
      .createQueryBuilder()
      .update(EVIDENCE_CONTENTS_TABLE)
      .set(wrapped)
      .where('"itemId" = :id AND "keyId" = :old', { id: row.itemId, old: row.keyId })
      .execute();
    rewrapped++;
  }
  return { rewrapped, total: rows.length };
}
