import { allSteps, type FieldType } from '@sanad/protocols';
import { In, LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { RetentionPolicy } from '../config/config';
import type { AuditService } from '../audit/audit.service';
import { Session } from '../auth/session.entity';
import { CaseEvent, CaseRecord } from '../cases/case.entities';
import { Interrupted, type Progress } from '../common/progress';
import { nowIso } from '../database/columns';
import { eraseEvidenceContent } from '../evidence/erase';
import { EvidenceItem } from '../evidence/evidence.entities';
import { Notification } from '../notifications/notification.entity';
import { School } from '../organisation/organisation.entities';
import { CasePerson } from '../people/person.entity';
import type { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { Transmission } from '../transmissions/transmission.entities';
import { IntakeReport } from '../public-reports/public-report.entities';
import { AUTHORITIES_ALERT_STEP, planCase, planPurge, type CaseFacts, type PurgeAction, type PurgePlan } from './planner';
import { scrubEventPayload } from './scrub';

/**
 * The retention purge (docs/retention.md): gathers the facts of the closed cases, asks the planner what is due at
 * `now`, and (unless a dry run) applies it case by case, each case in its own transaction (never half-purged),
 * checking the decision again inside it (a hold placed meanwhile wins). Every case purged gets an audit entry
 * (`retention.purge`), the run a summary (`retention.run`). Then old notices and ended sessions are deleted.
 */
export interface PurgeOptions {
  policy: RetentionPolicy;
  /** the instant the policy is applied at (tests move it; the records themselves carry the real time) */
  now: string;
  dryRun: boolean;
  catalogue: ProtocolCatalogue;
  /** needed unless dryRun */
  audit?: AuditService;
  progress?: Progress;
}

export interface PurgeResult {
  now: string;
  dryRun: boolean;
  plan: PurgePlan;
  /** school id → code, for the report */
  schoolCodes: Map<string, string>;
  done: { anonymised: number; deleted: number; evidenceErased: number; evidenceItems: number; skipped: number };
  /** notices and sessions deleted (or that would be, in a dry run) */
  notifications: number;
  sessions: number;
  /** reports of the public channel deleted: dismissed, or never handled (docs/public-reporting.md) */
  intakeReports: number;
  interrupted: string | null;
}

/** Facts of every closed case (open cases are never due), with their evidence and authorities alert. */
export async function gatherFacts(m: EntityManager, caseIds?: string[]): Promise<CaseFacts[]> {
  const qb = m
    .getRepository(CaseRecord)
    .createQueryBuilder('c')
    .select(['c.id', 'c.schoolId', 'c.reference', 'c.closedAt', 'c.legalHoldAt', 'c.legalHoldReleasedAt', 'c.anonymisedAt'])
    .where('c.closedAt IS NOT NULL');
  if (caseIds) qb.andWhere('c.id IN (:...caseIds)', { caseIds });
  const rows = await qb.getMany();
  if (!rows.length) return [];
  const ids = caseIds ?? null;
  const evidenceQb = m
    .getRepository(EvidenceItem)
    .createQueryBuilder('i')
    .select('i.caseId', 'caseId')
    .addSelect('COUNT(*)', 'n')
    .where('i.deletedAt IS NULL')
    .groupBy('i.caseId');
  if (ids) evidenceQb.andWhere('i.caseId IN (:...ids)', { ids });
  const alertsQb = m
    .getRepository(CaseEvent)
    .createQueryBuilder('e')
    .select('e.caseId', 'caseId')
    .addSelect('MIN(e.at)', 'at')
    .where('e.type = :type', { type: 'step_completed' })
    .andWhere('e.payload LIKE :step', { step: `%"stepId":"${AUTHORITIES_ALERT_STEP}"%` })
    .groupBy('e.caseId');
  if (ids) alertsQb.andWhere('e.caseId IN (:...ids)', { ids });
  const evidence = new Map((await evidenceQb.getRawMany<{ caseId: string; n: string | number }>()).map((r) => [r.caseId, Number(r.n)]));
  const alerts = new Map((await alertsQb.getRawMany<{ caseId: string; at: string }>()).map((r) => [r.caseId, r.at]));
  return rows.map((r) => ({
    id: r.id,
    schoolId: r.schoolId,
    reference: r.reference,
    closedAt: r.closedAt,
    legalHoldAt: r.legalHoldAt,
    legalHoldReleasedAt: r.legalHoldReleasedAt,
    authoritiesAlertedAt: alerts.get(r.id) ?? null,
    anonymisedAt: r.anonymisedAt,
    liveEvidence: evidence.get(r.id) ?? 0,
  }));
}

/** The notices deleted at `now`: read or about a closed case, older than the period (none when off). */
function oldNotifications(m: EntityManager, policy: RetentionPolicy, now: string) {
  if (policy.notificationDays === null) return null;
  const cutoff = new Date(Date.parse(now) - policy.notificationDays * 86_400_000).toISOString();
  const closed = m.getRepository(CaseRecord).createQueryBuilder('c').select('c.id').where('c.closedAt IS NOT NULL');
  return m
    .getRepository(Notification)
    .createQueryBuilder('n')
    .where('n.createdAt < :cutoff', { cutoff })
    .andWhere(`(n.caseId IN (${closed.getQuery()}) OR (n.caseId IS NULL AND n.readAt IS NOT NULL))`);
}

/**
 * Reports of the public channel deleted at `now`: dismissed, or still pending (never turned into a case nor linked),
 * with no activity (event, message) for the period (none when off). Their events, messages and notices go with them.
 */
function oldIntakeReports(m: EntityManager, policy: RetentionPolicy, now: string) {
  if (policy.intakeReportDays === null) return null;
  const cutoff = new Date(Date.parse(now) - policy.intakeReportDays * 86_400_000).toISOString();
  return m
    .getRepository(IntakeReport)
    .createQueryBuilder('r')
    .where('r.updatedAt < :cutoff', { cutoff })
    .andWhere('r.status IN (:...statuses)', { statuses: ['dismissed', 'pending'] });
}

function sessionCutoff(policy: RetentionPolicy, now: string): string | null {
  return policy.sessionDays === null ? null : new Date(Date.parse(now) - policy.sessionDays * 86_400_000).toISOString();
}

/** Plans (and unless dryRun, applies) the policy at `now`. */
export async function runPurge(db: DataSource, options: PurgeOptions): Promise<PurgeResult> {
  const { policy, now, dryRun } = options;
  if (!dryRun && !options.audit) throw new Error('runPurge: an AuditService is needed to purge');
  const plan = planPurge(policy, now, await gatherFacts(db.manager));
  const schools = plan.schools.length
    ? await db.getRepository(School).find({ select: { id: true, code: true }, where: { id: In(plan.schools.map((s) => s.schoolId)) } })
    : [];
  const result: PurgeResult = {
    now,
    dryRun,
    plan,
    schoolCodes: new Map(schools.map((s) => [s.id, s.code])),
    done: { anonymised: 0, deleted: 0, evidenceErased: 0, evidenceItems: 0, skipped: 0 },
    notifications: 0,
    sessions: 0,
    intakeReports: 0,
    interrupted: null,
  };
  const cutoff = sessionCutoff(policy, now);
  if (dryRun) {
    result.notifications = (await oldNotifications(db.manager, policy, now)?.getCount()) ?? 0;
    result.sessions = cutoff ? await db.getRepository(Session).count({ where: { expiresAt: LessThan(cutoff) } }) : 0;
    result.intakeReports = (await oldIntakeReports(db.manager, policy, now)?.getCount()) ?? 0;
    return result;
  }
  const audit = options.audit!;
  const progress = options.progress;
  progress?.setTotal(plan.actions.length);
  try {
    for (const { facts, decision } of plan.actions) {
      progress?.checkInterrupted();
      const applied = await db.transaction((m) => applyToCase(m, policy, now, facts.id, decision.kind, options.catalogue));
      if (applied === null) result.done.skipped++;
      else {
        if (decision.kind === 'anonymise') result.done.anonymised++;
        else if (decision.kind === 'delete') result.done.deleted++;
        else result.done.evidenceErased++;
        result.done.evidenceItems += applied;
        await audit.record({
          action: 'retention.purge',
          actor: null,
          ip: null,
          schoolId: facts.schoolId,
          caseId: facts.id,
          details: { action: decision.kind, evidence: applied, reference: facts.reference, policyAt: now },
        });
      }
      progress?.add();
    }
    progress?.checkInterrupted();
    const notices = await oldNotifications(db.manager, policy, now)?.select('n.id').getMany();
    for (let i = 0; notices && i < notices.length; i += 500) {
      await db.getRepository(Notification).delete({ id: In(notices.slice(i, i + 500).map((n) => n.id)) });
      result.notifications += Math.min(500, notices.length - i);
    }
    if (cutoff) result.sessions = (await db.getRepository(Session).delete({ expiresAt: LessThan(cutoff) })).affected ?? 0;
    const reports = await oldIntakeReports(db.manager, policy, now)?.select('r.id').getMany();
    for (let i = 0; reports && i < reports.length; i += 500) {
      // events, messages and notices of the report go with it (ON DELETE CASCADE)
      await db.getRepository(IntakeReport).delete({ id: In(reports.slice(i, i + 500).map((r) => r.id)) });
      result.intakeReports += Math.min(500, reports.length - i);
    }
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    result.interrupted = error.signal;
  }
  await audit.record({
    action: 'retention.run',
    actor: null,
    ip: null,
    schoolId: null,
    details: {
      policyAt: now,
      anonymised: result.done.anonymised,
      deleted: result.done.deleted,
      evidenceErased: result.done.evidenceErased,
      evidenceItems: result.done.evidenceItems,
      held: plan.totals.held,
      skipped: result.done.skipped,
      notifications: result.notifications,
      sessions: result.sessions,
      intakeReports: result.intakeReports,
      interrupted: result.interrupted !== null,
    },
  });
  return result;
}

/**
 * Applies one decision to one case in the caller's transaction, after planning it again on fresh facts (a case
 * reopened, held or already purged since is left alone: null). Returns the number of evidence items erased.
 */
export async function applyToCase(
  m: EntityManager,
  policy: RetentionPolicy,
  now: string,
  caseId: string,
  expected: PurgeAction,
  catalogue: ProtocolCatalogue,
): Promise<number | null> {
  const [facts] = await gatherFacts(m, [caseId]);
  if (!facts || planCase(policy, now, facts).kind !== expected) return null;
  switch (expected) {
    case 'erase_evidence':
      return eraseEvidence(m, caseId, false);
    case 'anonymise':
      return anonymise(m, caseId, catalogue);
    case 'delete':
      return deleteCase(m, caseId);
  }
}

/**
 * Erases the content of the case's evidence still there, by the one deletion path (record and hashes kept, custody
 * `deleted`, reason `retention`), and what a link or description holds (address, account, text). With `all`,
 * every item's descriptive fields go too (title, note, file name, where captured): anonymisation.
 */
async function eraseEvidence(m: EntityManager, caseId: string, all: boolean): Promise<number> {
  const items = await m.getRepository(EvidenceItem).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  let erased = 0;
  for (const item of items) {
    if (!item.deletedAt) {
      await eraseEvidenceContent(m, item, null, 'retention', { by: 'retention' });
      erased++;
    }
    await m.update(
      EvidenceItem,
      { id: item.id },
      {
        url: item.kind === 'link' ? '' : null,
        accountHandle: null,
        accountName: null,
        seenBy: null,
        description: item.kind === 'description' ? '' : null,
        ...(all ? { title: '', note: null, capturedOn: null, fileName: null } : {}),
      },
    );
  }
  return erased;
}

/** The types of a protocol's form fields, every version of it (a case may have moved between versions). */
function fieldTypes(
  catalogue: ProtocolCatalogue,
  protocolId: string,
  version: string,
): (stepId: string, fieldId: string) => FieldType | undefined {
  const defs = catalogue
    .list()
    .filter((l) => l.definition.id === protocolId)
    .sort((a, b) => (a.definition.version === version ? -1 : b.definition.version === version ? 1 : 0));
  const types = new Map<string, FieldType>();
  for (const { definition } of [...defs].reverse()) {
    for (const step of allSteps(definition)) for (const f of step.form?.fields ?? []) types.set(`${step.id}/${f.id}`, f.type);
  }
  return (stepId, fieldId) => types.get(`${stepId}/${fieldId}`);
}

/**
 * Anonymises a case: keeps the row's statistics columns and the events' codes (state, tier, types, platforms,
 * track, dates, outcome…), erases everything that tells who or what was said. See docs/retention.md.
 */
async function anonymise(m: EntityManager, caseId: string, catalogue: ProtocolCatalogue): Promise<number> {
  const record = await m.getRepository(CaseRecord).findOneByOrFail({ id: caseId });
  const erased = await eraseEvidence(m, caseId, true);
  await m.update(CasePerson, { caseId }, { displayName: null, classLabel: null, note: null });
  // the reports of the public channel turned into this case or linked to it (their text, contact, messages)
  await m.delete(IntakeReport, { caseId });
  const typeOf = fieldTypes(catalogue, record.protocolId, record.protocolVersion);
  const events = await m.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
  const stepOfSeq = new Map(events.map((e) => [e.seq, typeof e.payload.stepId === 'string' ? e.payload.stepId : undefined]));
  for (const e of events) {
    const refSeq = typeof e.payload.refSeq === 'number' ? e.payload.refSeq : undefined;
    const payload = scrubEventPayload(e.type, e.payload, typeOf, refSeq !== undefined ? stepOfSeq.get(refSeq) : undefined);
    if (JSON.stringify(payload) !== JSON.stringify(e.payload)) await m.update(CaseEvent, { id: e.id }, { payload: payload as never });
  }
  await m.delete(Notification, { caseId });
  const at = nowIso();
  await m.update(CaseRecord, { id: caseId }, { title: record.reference, anonymisedAt: at, updatedAt: at });
  return erased;
}

/**
 * Deletes a case and everything attached to it: evidence (records, custody, contents), people, events, notices,
 * access list. The reports already sent to the direction provinciale / academy are theirs (a pseudonymised copy):
 * they stay, detached from the case. The audit trail keeps its entries (ids only).
 */
async function deleteCase(m: EntityManager, caseId: string): Promise<number> {
  const live = await m
    .getRepository(EvidenceItem)
    .createQueryBuilder('i')
    .where('i.caseId = :caseId AND i.deletedAt IS NULL', { caseId })
    .getCount();
  await m.delete(EvidenceItem, { caseId });
  await m.delete(CasePerson, { caseId });
  await m.delete(Notification, { caseId });
  await m.update(Transmission, { caseId }, { caseId: null });
  await m.delete(CaseEvent, { caseId });
  await m.createQueryBuilder().delete().from('case_access_members').where('"caseId" = :caseId', { caseId }).execute();
  await m.createQueryBuilder().delete().from('case_access').where('"caseId" = :caseId', { caseId }).execute();
  await m.delete(CaseRecord, { id: caseId });
  return live;
}

/** The report of a run or a dry run: counts and case references per school, never names. */
export function formatPurgeReport(r: PurgeResult): string {
  const lines: string[] = [];
  const p = r.plan;
  lines.push(`${r.dryRun ? 'purge --dry-run' : 'purge'}: policy applied at ${r.now}`);
  for (const s of p.schools) {
    const code = r.schoolCodes.get(s.schoolId) ?? s.schoolId;
    lines.push(`school ${code}:`);
    if (s.anonymise.length) lines.push(`  anonymise ${s.anonymise.length}: ${s.anonymise.join(', ')}`);
    if (s.delete.length) lines.push(`  delete ${s.delete.length}: ${s.delete.join(', ')}`);
    if (s.eraseEvidence.length) lines.push(`  erase evidence of ${s.eraseEvidence.length}: ${s.eraseEvidence.join(', ')}`);
    if (s.evidenceItems) lines.push(`  evidence items erased: ${s.evidenceItems}`);
    if (s.held.length)
      lines.push(`  held, skipped ${s.held.length}: ${s.held.map((h) => `${h.reference} (${h.hold}; due: ${h.wouldBe})`).join(', ')}`);
  }
  const t = p.totals;
  lines.push(
    `total: ${t.anonymise} to anonymise, ${t.delete} to delete, evidence of ${t.eraseEvidence} to erase, ${t.evidenceItems} evidence items, ${t.held} held`,
  );
  lines.push(
    `notices: ${r.notifications}, ended sessions: ${r.sessions}, public reports (dismissed or never handled): ${r.intakeReports}${r.dryRun ? ' would be deleted' : ' deleted'}`,
  );
  if (!r.dryRun) {
    const d = r.done;
    lines.push(
      `done: ${d.anonymised} anonymised, ${d.deleted} deleted, evidence of ${d.evidenceErased} erased (${d.evidenceItems} items)` +
        (d.skipped ? `, ${d.skipped} skipped (changed since planned)` : ''),
    );
    if (r.interrupted) lines.push(`interrupted by ${r.interrupted}: the cases not done are left whole; run purge again to finish`);
  } else lines.push('dry run: nothing was changed');
  return lines.join('\n');
}
