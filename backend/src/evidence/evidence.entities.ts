import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT, jsonText } from '../database/columns';

export const EVIDENCE_KINDS = ['file', 'link', 'description'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * One piece of evidence of a case (issue #7): a file (its content encrypted in `evidence_contents`), a record of
 * a link, or a written description only. Never deleted: deletion erases the content and keeps this record
 * (with its hashes) marked deleted, with who, when and why.
 */
@Entity('evidence_items')
export class EvidenceItem {
  @PrimaryColumn(ID) id: string;
  @Column(ID) caseId: string;
  @Column(ID) schoolId: string;
  @Column({ type: 'varchar', length: 12 }) kind: EvidenceKind;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** the protocol step the item belongs to (e.g. evidence_preservation) */
  @Column({ type: 'varchar', length: 80, nullable: true }) stepId: string | null;
  /** when it was seen or captured, as declared */
  @Column({ ...INSTANT, nullable: true }) capturedAt: string | null;
  /** from whose device or account, as declared ("téléphone de la mère", "compte Instagram de l'élève") */
  @Column({ type: 'varchar', length: 200, nullable: true }) capturedOn: string | null;
  @Column(ID) createdById: string;
  @Column(INSTANT) createdAt: string;
  // file
  @Column({ type: 'varchar', length: 40, nullable: true }) mediaType: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) fileName: string | null;
  @Column({ type: 'integer', nullable: true }) sizeBytes: number | null;
  @Column({ type: 'integer', nullable: true }) storedSizeBytes: number | null;
  /** SHA-256 (hex) of the bytes as uploaded */
  @Column({ type: 'varchar', length: 64, nullable: true }) originalSha256: string | null;
  /** SHA-256 of the copy kept (images: without their metadata) */
  @Column({ type: 'varchar', length: 64, nullable: true }) storedSha256: string | null;
  @Column({ type: 'boolean', nullable: true }) metadataStripped: boolean | null;
  // link
  @Column({ type: 'varchar', length: 2000, nullable: true }) url: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) platform: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) accountHandle: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) accountName: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) seenBy: string | null;
  // description
  @Column({ type: 'text', nullable: true }) description: string | null;
  // deletion (retention or a principal's decision)
  @Column({ ...INSTANT, nullable: true }) deletedAt: string | null;
  @Column({ ...ID, nullable: true }) deletedById: string | null;
  @Column({ type: 'text', nullable: true }) deletionReason: string | null;
}

export const CUSTODY_ACTIONS = ['captured', 'viewed', 'downloaded', 'included_in_document', 'transmitted', 'deleted'] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/** The chain of custody of an item: append-only, numbered per item. */
@Entity('evidence_custody')
export class CustodyEvent {
  @PrimaryColumn(ID) id: string;
  @Column(ID) itemId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column(INSTANT) at: string;
  @Column({ ...ID, nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) actorRole: string | null;
  @Column({ type: 'varchar', length: 30 }) action: CustodyAction;
  /** e.g. transmitted: { recipient, reference }; included_in_document: { template } */
  @Column({ type: 'text', transformer: jsonText }) details: Record<string, unknown>;
}

/** The encrypted content of a file item (no entity: a Buffer column is `blob` on SQLite, `bytea` on PostgreSQL). */
export const EVIDENCE_CONTENTS_TABLE = 'evidence_contents';

export const EVIDENCE_ENTITIES: (new () => object)[] = [EvidenceItem, CustodyEvent];
