import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { ID, INSTANT } from '../database/columns';
import { canonicalJson } from './canonical-json';

/** A JSON value allowed in `details`: ids, codes, numbers, flags, and lists or objects of them. */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };
export type AuditDetails = Record<string, AuditValue>;

/** `details` are stored as canonical JSON text (sorted keys), the very form the hash covers. */
const canonicalJsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : canonicalJson(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
};

/**
 * One entry of the tamper-evident audit trail (`audit_log`, see docs/audit.md). Append-only: the application
 * only ever inserts. Each entry carries the hash of the previous one, so a modified, deleted or reordered
 * entry breaks the chain at that place (`verifyAuditChain`). No foreign keys: the trail outlives the rows
 * it mentions, and a failed sign-in has no actor.
 */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn(ID) id: string;
  /** 1, 2, 3… without gaps; unique: two writers racing for the same number cannot both succeed */
  @Index('UQ_audit_log_seq', { unique: true })
  @Column({ type: 'integer' })
  seq: number;
  @Column(INSTANT) at: string;
  /** null when nobody is signed in (failed sign-in of an unknown account, system job) */
  @Column({ ...ID, nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) actorRole: string | null;
  /** stable code: `auth.login`, `case.read`, `export`… */
  @Column({ type: 'varchar', length: 40 }) action: string;
  /** the school the entry belongs to (principals see their school's entries); null for entries of no school */
  @Column({ ...ID, nullable: true }) schoolId: string | null;
  @Column({ ...ID, nullable: true }) caseId: string | null;
  /** what the action was done to, when not the case: a user id, an evidence id, a setting key… */
  @Column({ type: 'varchar', length: 80, nullable: true }) targetId: string | null;
  /** the client address as the request gave it */
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  /** ids and codes only, never names, e-mail addresses or free text (JSON text, keys sorted) */
  @Column({ type: 'text', transformer: canonicalJsonText }) details: Record<string, unknown>;
  /** hex SHA-256 of the previous entry (64 zeros for the first) */
  @Column({ type: 'varchar', length: 64 }) prevHash: string;
  /** hex SHA-256 of prevHash + the canonical form of this entry (audit-chain.ts) */
  @Column({ type: 'varchar', length: 64 }) hash: string;
}

/** Entities of the audit trail, registered by database/data-source.ts. */
export const AUDIT_ENTITIES: (new () => object)[] = [AuditEntry];
