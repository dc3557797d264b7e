import { createHash, createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { AuditEntry, type AuditDetails } from './audit.entities';

/** The stable action codes of the trail. Add new ones at the end; never rename one that has been recorded. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'case.read',
  'case.list',
  'case.write',
  'evidence.read',
  'export',
  'transmission',
  'role.change',
  'config.change',
  'access.denied',
  'auth.switch_role',
  'account.create',
  'account.disable',
  'account.enable',
  'account.password_link',
  'account.sessions_revoked',
  'unit.change',
  'import',
  'evidence.add',
  'evidence.rejected',
  'evidence.delete',
  // retention (docs/retention.md): one entry per case purged (anonymised, deleted, evidence erased), one per run
  'retention.purge',
  'retention.run',
  // the public reporting channel (docs/public-reporting.md): a report of the intake queue read, or acted on
  'intake.read',
  'intake.write',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: all of them but the hashes themselves. */
export type HashedFields = Pick<
  AuditEntry,
  'seq' | 'id' | 'at' | 'actorId' | 'actorRole' | 'action' | 'schoolId' | 'caseId' | 'targetId' | 'ip' | 'details'
>;

/**
 * The canonical form of an entry (format v1). It is the canonical JSON (canonical-json.ts: no whitespace, keys
 * sorted at every depth) of the object with exactly these eleven fields, which sorting puts in this fixed order:
 *
 *   action, actorId, actorRole, at, caseId, details, id, ip, schoolId, seq, targetId
 *
 * absent values written `null`, `seq` a JSON number, `details` a JSON object (ids and codes only). Example:
 *
 *   {"action":"case.read","actorId":"8c0…","actorRole":"principal","at":"2026-11-22T09:15:00.000Z",
 *    "caseId":"5d1…","details":{},"id":"0f4…","ip":"10.0.0.7","schoolId":"a2e…","seq":42,"targetId":null}
 *
 * and `hash = hex(SHA-256(UTF-8(prevHash + canonicalEntry(entry))))`, prevHash being the previous entry's
 * hash, or 64 zeros (GENESIS_HASH) for seq 1. Lower-case hex throughout.
 */
export function canonicalEntry(e: HashedFields): string {
  return canonicalJson({
    action: e.action,
    actorId: e.actorId ?? null,
    actorRole: e.actorRole ?? null,
    at: e.at,
    caseId: e.caseId ?? null,
    details: e.details ?? {},
    id: e.id,
    ip: e.ip ?? null,
    schoolId: e.schoolId ?? null,
    seq: e.seq,
    targetId: e.targetId ?? null,
  });
}

export function entryHash(prevHash: string, e: HashedFields): string {
  return createHash('sha256')
    .update(prevHash + canonicalEntry(e), 'utf8')
    .digest('hex');
}

/**
 * What a failed sign-in records instead of the address typed: an HMAC-SHA256 (hex) of the e-mail, trimmed and
 * lower-cased as sign-in does, keyed with the session secret. Repeated attempts on one account can be told apart
 * from a spray over many, without the trail holding anyone's address.
 */
export function emailDigest(secret: string, email: string): string {
  return createHmac('sha256', secret).update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_.]{0,39}$/;
/** ids, codes, hashes, versions, ISO instants: no spaces (no free text), no `@` (no e-mail addresses) */
const SAFE_STRING = /^[A-Za-z0-9._:/+=-]{0,128}$/;

/**
 * Refuses details that could carry personal data: only ids, codes and numbers are allowed (see SAFE_STRING),
 * at most three levels deep and 4 000 characters. A refusal is a programming error of the caller.
 */
export function checkAuditDetails(details: AuditDetails): void {
  const visit = (value: unknown, path: string, depth: number): void => {
    if (value === null || typeof value === 'boolean') return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new TypeError(`audit details ${path}: numbers must be finite`);
      return;
    }
    if (typeof value === 'string') {
      if (!SAFE_STRING.test(value)) throw new TypeError(`audit details ${path}: only ids and codes are allowed, not free text`);
      return;
    }
    if (depth >= 3) throw new TypeError(`audit details ${path}: nested too deep`);
    if (Array.isArray(value)) {
      if (value.length > 100) throw new TypeError(`audit details ${path}: list too long`);
      value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) {
        if (!SAFE_KEY.test(k)) throw new TypeError(`audit details ${path}: invalid key`);
        visit(v, `${path}.${k}`, depth + 1);
      }
      return;
    }
    throw new TypeError(`audit details ${path}: unsupported value`);
  };
  visit(details, 'details', 0);
  if (canonicalJson(details).length > 4000) throw new TypeError('audit details: too large');
}

export type AuditBreak = 'missing_entry' | 'unexpected_seq' | 'prev_hash_mismatch' | 'hash_mismatch';

export type AuditVerification =
  { ok: true; count: number; lastHash: string | null } | { ok: false; brokenAt: number; reason: AuditBreak; count: number };

const BREAK_TEXT: Record<AuditBreak, string> = {
  missing_entry: 'the entry was deleted',
  unexpected_seq: 'the sequence numbers are out of order',
  prev_hash_mismatch: 'the entry does not follow the previous one (deleted, inserted or reordered entries)',
  hash_mismatch: 'the entry was modified after it was written',
};

const BATCH = 1000;
const CHAIN_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorRole',
  'action',
  'schoolId',
  'caseId',
  'targetId',
  'ip',
  'details',
  'prevHash',
  'hash',
] as const;

/**
 * Recomputes the whole chain in seq order and reports the first broken link:
 * - `missing_entry` at N: seq N is absent (an entry was deleted; `count` entries were fine before it);
 * - `unexpected_seq` at N: the first entry is not seq 1 but N (N < 1);
 * - `prev_hash_mismatch` at N: entry N does not carry the hash of entry N-1 (entries removed or inserted and
 *   the numbers rewritten, or an earlier entry modified with its own hash recomputed);
 * - `hash_mismatch` at N: a field of entry N (or its seq, if entries were swapped) changed after it was written.
 * Deleting the LAST entries leaves a valid, shorter chain: compare `count`/`lastHash` with a copy kept elsewhere
 * (docs/audit.md). Reads the table in batches, so it runs in constant memory.
 */
export async function verifyAuditChain(db: DataSource, options: { batchSize?: number } = {}): Promise<AuditVerification> {
  const batch = options.batchSize ?? BATCH;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  // the first batch starts at the smallest integer, so stray rows numbered below 1 are seen too
  let from = -2_147_483_648;
  for (;;) {
    const qb = db.getRepository(AuditEntry).createQueryBuilder('a').select('a.seq', 'seq');
    for (const column of CHAIN_COLUMNS) qb.addSelect(`a.${column}`, column);
    const rows = await qb
      .where('a.seq >= :from', { from })
      .orderBy('a.seq', 'ASC')
      .limit(batch)
      .getRawMany<Omit<AuditEntry, 'details'> & { details: string }>();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return seq > expectedSeq
          ? { ok: false, brokenAt: expectedSeq, reason: 'missing_entry', count }
          : { ok: false, brokenAt: seq, reason: 'unexpected_seq', count };
      }
      if (row.prevHash !== prevHash) return { ok: false, brokenAt: seq, reason: 'prev_hash_mismatch', count };
      let details: AuditDetails;
      try {
        details = JSON.parse(row.details) as AuditDetails;
      } catch {
        return { ok: false, brokenAt: seq, reason: 'hash_mismatch', count };
      }
      if (entryHash(prevHash, { ...row, seq, details }) !== row.hash) return { ok: false, brokenAt: seq, reason: 'hash_mismatch', count };
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < batch) break;
    from = expectedSeq;
  }
  return { ok: true, count, lastHash: count ? prevHash : null };
}

/** One line for the command line (`audit:verify`): print it; exit with 1 when `result.ok` is false. */
export function formatAuditVerification(result: AuditVerification): string {
  if (result.ok) return `audit chain ok: ${result.count} entries${result.lastHash ? `, last hash ${result.lastHash}` : ''}`;
  return `audit chain BROKEN at seq ${result.brokenAt}: ${result.reason} (${BREAK_TEXT[result.reason]}); ${result.count} entries verified before it`;
}
