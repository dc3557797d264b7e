import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { formatAuditVerification, verifyAuditChain } from '../audit/audit-chain';
import { EVIDENCE_CONTENTS_TABLE } from '../evidence/evidence.entities';
import { openContent, type KeyRing, type SealedContent } from '../evidence/key-ring';

/**
 * The result of `checkIntegrity`: `ok` when `problems` is empty. Problems are plain English lines naming ids
 * (never names or free text); `counts` are the row counts of the main tables (plus `evidence_contents_verified`,
 * the contents that decrypted and matched their hash, when a key ring was given).
 */
export interface IntegrityReport {
  ok: boolean;
  problems: string[];
  counts: Record<string, number>;
}

/** The tables counted in the report, in this order. */
const COUNTED_TABLES = [
  'schools',
  'users',
  'memberships',
  'sessions',
  'cases',
  'case_events',
  'case_people',
  'evidence_items',
  EVIDENCE_CONTENTS_TABLE,
  'evidence_custody',
  'transmissions',
  'transmission_events',
  'notifications',
  'audit_log',
  'intake_reports',
  'intake_report_events',
  'intake_report_messages',
] as const;

/** At most this many lines per kind of problem (then "… and N more"). */
const MAX_LINES = 50;
/** Evidence contents are read this many at a time (a content may weigh several MB). */
const CONTENT_BATCH = 20;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function pushCapped(problems: string[], lines: string[], what: string): void {
  problems.push(...lines.slice(0, MAX_LINES));
  if (lines.length > MAX_LINES) problems.push(`… and ${lines.length - MAX_LINES} more ${what}`);
}

/**
 * Checks that the data is whole and consistent, without changing anything:
 * - SQLite: `PRAGMA integrity_check` (the file itself) and `PRAGMA foreign_key_check` (PostgreSQL enforces its
 *   foreign keys itself);
 * - every case has events numbered 1..N without gaps and `cases.lastEventSeq` = N (one aggregate query: fast on
 *   100,000 cases); no event refers to a missing case; the same for the reports of the public channel
 *   (`intake_reports.lastSeq`, docs/public-reporting.md);
 * - the audit hash chain verifies (`verifyAuditChain`);
 * - with a key ring: every evidence file content decrypts and matches `evidence_items.storedSha256`, and every
 *   file item not deleted has its content.
 * Used by the `check` command, by backups (before and after) and by the crash-safety tests.
 */
export async function checkIntegrity(db: DataSource, options: { keyRing?: KeyRing } = {}): Promise<IntegrityReport> {
  const problems: string[] = [];
  const counts: Record<string, number> = {};
  const sqlite = db.options.type === 'better-sqlite3';

  if (sqlite) {
    const rows = await db.query<{ integrity_check: string }[]>('PRAGMA integrity_check');
    const lines = rows.map((r) => r.integrity_check).filter((l) => l !== 'ok');
    pushCapped(
      problems,
      lines.map((l) => `SQLite integrity_check: ${l}`),
      'integrity_check lines',
    );
    const fks = await db.query<{ table: string; rowid: number | null; parent: string }[]>('PRAGMA foreign_key_check');
    const fkLines: string[] = [];
    for (const [i, fk] of fks.entries()) {
      let id: string | null = null;
      // only the lines shown are looked up (a damaged big table can have millions of violations)
      if (fk.rowid !== null && i < MAX_LINES) {
        try {
          const found = await db.query<{ id: string }[]>(`SELECT "id" AS "id" FROM "${fk.table}" WHERE rowid = ?`, [fk.rowid]);
          id = found[0]?.id ?? null;
        } catch {
          id = null; // a table without an "id" column
        }
      }
      fkLines.push(
        `${fk.table} ${id ? `row ${id}` : `rowid ${fk.rowid ?? '?'}`} refers to a missing row of ${fk.parent} (foreign key check)`,
      );
    }
    pushCapped(problems, fkLines, 'foreign key violations');
  }

  for (const table of COUNTED_TABLES) {
    try {
      const rows = await db.query<{ n: string | number }[]>(`SELECT COUNT(*) AS "n" FROM "${table}"`);
      counts[table] = Number(rows[0]?.n ?? 0);
    } catch {
      problems.push(`table ${table} could not be read (missing? run the migrations)`);
    }
  }

  // event logs: seq 1..N without gaps or duplicates, N = lastEventSeq, at least the creation event
  const broken = await db.query<
    { id: string; last: string | number; n: string | number; lo: string | number | null; hi: string | number | null; d: string | number }[]
  >(
    `SELECT c."id" AS "id", c."lastEventSeq" AS "last", COUNT(e."id") AS "n", MIN(e."seq") AS "lo", MAX(e."seq") AS "hi",
            COUNT(DISTINCT e."seq") AS "d"
       FROM "cases" c LEFT JOIN "case_events" e ON e."caseId" = c."id"
      GROUP BY c."id", c."lastEventSeq"
     HAVING COUNT(e."id") = 0 OR COUNT(e."id") <> c."lastEventSeq" OR MIN(e."seq") <> 1 OR MAX(e."seq") <> c."lastEventSeq"
            OR COUNT(DISTINCT e."seq") <> COUNT(e."id")
      ORDER BY c."id"`,
  );
  pushCapped(
    problems,
    broken.map((row) => {
      const [last, n, d] = [Number(row.last), Number(row.n), Number(row.d)];
      const [lo, hi] = [Number(row.lo ?? 0), Number(row.hi ?? 0)];
      if (n === 0) return `case ${row.id} has no events (partial case: lastEventSeq ${last})`;
      if (d !== n) return `case ${row.id}: duplicate event seq numbers (${n} events, ${d} distinct seq)`;
      if (hi > last) return `case ${row.id}: events beyond lastEventSeq (lastEventSeq ${last}, last event seq ${hi})`;
      if (lo !== 1 || hi !== n)
        return `case ${row.id}: events missing from the log (${n} events numbered ${lo}..${hi}, lastEventSeq ${last})`;
      return `case ${row.id}: lastEventSeq ${last} but the last event is seq ${hi}`;
    }),
    'cases with a broken event log',
  );

  const orphans = await db.query<{ caseId: string; n: string | number }[]>(
    `SELECT e."caseId" AS "caseId", COUNT(*) AS "n"
       FROM "case_events" e LEFT JOIN "cases" c ON c."id" = e."caseId"
      WHERE c."id" IS NULL
      GROUP BY e."caseId"
      ORDER BY e."caseId"`,
  );
  pushCapped(
    problems,
    orphans.map((o) => `${Number(o.n)} event(s) refer to case ${o.caseId}, which does not exist`),
    'missing cases referred to by events',
  );

  // the public channel's reports: their append-only logs numbered 1..lastSeq (the first, `received`, always there)
  const reports = await db.query<
    { id: string; last: string | number; n: string | number; hi: string | number | null; d: string | number }[]
  >(
    `SELECT r."id" AS "id", r."lastSeq" AS "last", COUNT(e."id") AS "n", MAX(e."seq") AS "hi", COUNT(DISTINCT e."seq") AS "d"
       FROM "intake_reports" r LEFT JOIN "intake_report_events" e ON e."reportId" = r."id"
      GROUP BY r."id", r."lastSeq"
     HAVING COUNT(e."id") = 0 OR COUNT(e."id") <> r."lastSeq" OR MIN(e."seq") <> 1 OR MAX(e."seq") <> r."lastSeq"
            OR COUNT(DISTINCT e."seq") <> COUNT(e."id")
      ORDER BY r."id"`,
  );
  pushCapped(
    problems,
    reports.map(
      (row) =>
        `public report ${row.id}: broken event log (${Number(row.n)} events, ${Number(row.d)} distinct seq, last seq ${Number(row.hi ?? 0)}, lastSeq ${Number(row.last)})`,
    ),
    'public reports with a broken event log',
  );

  const audit = await verifyAuditChain(db);
  if (!audit.ok) problems.push(formatAuditVerification(audit));

  if (options.keyRing) {
    const evidence = await checkEvidence(db, options.keyRing);
    problems.push(...evidence.lines);
    counts.evidence_contents_verified = evidence.verified;
  }

  return { ok: problems.length === 0, problems, counts };
}

/** Decrypts every stored content (a few at a time) and compares it with the item's storedSha256. */
async function checkEvidence(db: DataSource, ring: KeyRing): Promise<{ lines: string[]; verified: number }> {
  const lines: string[] = [];
  let verified = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .createQueryBuilder()
      .select([
        'c."itemId" AS "itemId"',
        'c."keyId" AS "keyId"',
        'c."wrappedKey" AS "wrappedKey"',
        'c."iv" AS "iv"',
        'c."tag" AS "tag"',
        'c."ciphertext" AS "ciphertext"',
        'i."storedSha256" AS "storedSha256"',
      ])
      .from(EVIDENCE_CONTENTS_TABLE, 'c')
      .leftJoin('evidence_items', 'i', 'i."id" = c."itemId"')
      .where('c."itemId" > :after', { after })
      .orderBy('c."itemId"', 'ASC')
      .limit(CONTENT_BATCH)
      .getRawMany<SealedContent & { itemId: string; storedSha256: string | null }>();
    for (const row of rows) {
      let plain: Buffer;
      try {
        plain = openContent(ring, { ...row, ciphertext: Buffer.from(row.ciphertext) });
      } catch (error) {
        const why =
          error instanceof Error && /not in the key ring/.test(error.message)
            ? `its master key ${row.keyId} is not in the key ring`
            : 'it does not decrypt (altered content or key)';
        lines.push(`evidence item ${row.itemId}: content unreadable: ${why}`);
        continue;
      }
      if (sha256(plain) !== row.storedSha256) lines.push(`evidence item ${row.itemId}: content does not match its stored SHA-256`);
      else verified++;
    }
    if (rows.length < CONTENT_BATCH) break;
    after = rows[rows.length - 1].itemId;
  }
  const missing = await db.query<{ id: string }[]>(
    `SELECT i."id" AS "id" FROM "evidence_items" i LEFT JOIN "${EVIDENCE_CONTENTS_TABLE}" c ON c."itemId" = i."id"
      WHERE i."kind" = 'file' AND i."deletedAt" IS NULL AND c."itemId" IS NULL ORDER BY i."id"`,
  );
  lines.push(...missing.map((m) => `evidence item ${m.id}: file content missing (the item is not marked deleted)`));
  const out: string[] = [];
  pushCapped(out, lines, 'evidence problems');
  return { lines: out, verified };
}

/** Several lines for the command line (`check`): print it; exit with 1 when `report.ok` is false. */
export function formatIntegrity(report: IntegrityReport): string {
  const counts = Object.entries(report.counts)
    .map(([table, n]) => `  ${table}: ${n}`)
    .join('\n');
  const head = report.ok
    ? 'integrity ok'
    : `integrity PROBLEMS (${report.problems.length}):\n${report.problems.map((p) => `  - ${p}`).join('\n')}`;
  return `${head}\ncounts:\n${counts}`;
}
