import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/audit-chain';
import { AuditEntry } from '../src/audit/audit.entities';
import { AuditService } from '../src/audit/audit.service';
import { CaseEvent, CaseRecord } from '../src/cases/case.entities';
import { refreshProjections } from '../src/cases/refresh-projections';
import { Interrupted, type Progress } from '../src/common/progress';
import type { RetentionPolicy } from '../src/config/config';
import { CustodyEvent, EVIDENCE_CONTENTS_TABLE, EvidenceItem } from '../src/evidence/evidence.entities';
import { Notification } from '../src/notifications/notification.entity';
import { CasePerson } from '../src/people/person.entity';
import { ProtocolCatalogue } from '../src/protocols/protocol-catalogue';
import { Transmission } from '../src/transmissions/transmission.entities';
import { Membership } from '../src/users/membership.entity';
import { User } from '../src/users/user.entity';
import { addMonths } from '../src/retention/planner';
import { formatPurgeReport, runPurge, type PurgeResult } from '../src/retention/purge';
import { ERASED } from '../src/retention/scrub';
import { JsonLogger } from '../src/common/json-logger';
import { RetentionScheduler } from '../src/retention/retention-scheduler';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

// sessions are left alone here: with the clock moved years ahead, every session of the test is long ended
const ANONYMISE: RetentionPolicy = {
  caseYears: 5,
  caseAction: 'anonymise',
  evidenceMonths: 12,
  notificationDays: 180,
  sessionDays: null,
  intakeReportDays: null,
};
const DELETE: RetentionPolicy = { ...ANONYMISE, caseAction: 'delete' };
const NAME = 'Yassine Benali';

interface Detail {
  lastEventSeq: number;
  case: { id: string; reference: string; title: string };
  legalHold: { kind: string; at: string; by: { id: string; displayName: string }; reason: string | null } | null;
  canChangeLegalHold: boolean;
  anonymisedAt: string | null;
}

/**
 * Retention (issue #10, docs/retention.md): the purge applies the policy at a given "now" (the clock is moved
 * forward instead of waiting years), a dry run changes nothing, held cases are never touched, anonymisation keeps
 * the statistics, deletion removes the case and all attached to it, and everything is in the audit trail.
 */
describe('API: retention and legal hold', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let audit: AuditService;
  let catalogue: ProtocolCatalogue;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    audit = t.app.get(AuditService);
    catalogue = t.app.get(ProtocolCatalogue);
  });
  afterAll(async () => t.close());

  /** A case taken to its closure (educational track), with a named person, a note and a description as evidence. */
  async function closedCase(): Promise<CaseDriver> {
    const d = await CaseDriver.start(server, `Insultes visant ${NAME}`);
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/people`)
      .set(XHR)
      .send({ role: 'target', kind: 'pupil', displayName: NAME, classLabel: '3AC-2', note: 'Élève très affecté' })
      .expect(201);
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/evidence/descriptions`)
      .set(XHR)
      .send({ title: `Message reçu par ${NAME}`, description: `Message vocal de menaces reçu par ${NAME} le 12 au soir.` })
      .expect(201);
    await d.reported({ types: ['INSULT'], repeated: false });
    await d.complete('triage', 'coordinator', { tier: 'T0' });
    await d.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    const seq = (await d.detail()).lastEventSeq;
    await d.agents.coordinator
      .post(`/api/cases/${d.caseId}/notes`)
      .set(XHR)
      .send({ expectedSeq: seq, text: `La mère de ${NAME} a appelé` })
      .expect(200);
    await d.complete('target_interview', 'team_member');
    await d.complete('educational_response', 'coordinator');
    await d.complete('educational_followup', 'team_member', { situation: 'STOPPED' });
    await d.complete('closure_proposal', 'coordinator');
    const closed = await d.complete('closure_signoff', 'principal', { decision: 'APPROVE' });
    expect(closed.closed).toBeTrue();
    return d;
  }
  const row = (id: string) => db.getRepository(CaseRecord).findOneBy({ id });
  const closedAt = async (id: string) => (await row(id))!.closedAt!;
  /** "now" moved forward from the case's closure. */
  const after = async (id: string, months: number, extraMs = 1000) =>
    new Date(Date.parse(addMonths(await closedAt(id), months)) + extraMs).toISOString();
  const purge = (policy: RetentionPolicy, now: string, dryRun = false, progress?: Progress): Promise<PurgeResult> =>
    runPurge(db, { policy, now, dryRun, catalogue, audit, progress });
  const everyRef = (r: PurgeResult, key: 'anonymise' | 'delete' | 'eraseEvidence') => r.plan.schools.flatMap((s) => s[key]);
  const holdPath = (d: CaseDriver) => `/api/cases/${d.caseId}/legal-hold`;
  async function hold(
    d: CaseDriver,
    method: 'put' | 'delete',
    role: 'principal' | 'coordinator' = 'principal',
    reason = 'Plainte déposée par la famille',
  ) {
    const seq = (await d.detail('principal')).lastEventSeq;
    return d.agents[role][method](holdPath(d)).set(XHR).send({ expectedSeq: seq, reason });
  }
  async function auditFor(caseId: string, action: string) {
    return db.getRepository(AuditEntry).find({ where: { caseId, action }, order: { seq: 'ASC' } });
  }
  async function statistics(): Promise<unknown> {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email: DEMO.principal, password: DEMO.password }).expect(200);
    const body = (await agent.get('/api/statistics').expect(200)).body as Record<string, unknown>;
    delete body.generatedAt;
    return body;
  }

  it('dry run: lists what is due, per school, and changes nothing', async () => {
    const d = await closedCase();
    const reference = (await d.detail()).case.reference;
    const now = await after(d.caseId, 13);
    const auditBefore = await db.getRepository(AuditEntry).count();
    const eventsBefore = await db.getRepository(CaseEvent).findBy({ caseId: d.caseId });

    const r = await purge(ANONYMISE, now, true);
    expect(everyRef(r, 'eraseEvidence')).toContain(reference);
    expect(everyRef(r, 'anonymise')).not.toContain(reference);
    const text = formatPurgeReport(r);
    expect(text).toContain(reference);
    expect(text).toContain('dry run: nothing was changed');
    expect(text).not.toContain(NAME);

    expect(await db.getRepository(AuditEntry).count()).toBe(auditBefore);
    expect(await db.getRepository(CaseEvent).findBy({ caseId: d.caseId })).toEqual(eventsBefore);
    expect((await db.getRepository(EvidenceItem).findOneByOrFail({ caseId: d.caseId })).deletedAt).toBeNull();
    // not yet due a month earlier
    expect(everyRef(await purge(ANONYMISE, await after(d.caseId, 11), true), 'eraseEvidence')).not.toContain(reference);
  });

  it('erases evidence content when due, by the evidence deletion path (record, hashes, custody kept)', async () => {
    const d = await closedCase();
    const r = await purge(ANONYMISE, await after(d.caseId, 13));
    expect(r.done.evidenceErased).toBeGreaterThanOrEqual(1);
    const item = await db.getRepository(EvidenceItem).findOneByOrFail({ caseId: d.caseId });
    expect(item.deletedAt).not.toBeNull();
    expect(item.deletedById).toBeNull();
    expect(item.deletionReason).toBe('retention');
    expect(item.description).toBe('');
    const custody = await db.getRepository(CustodyEvent).find({ where: { itemId: item.id }, order: { seq: 'ASC' } });
    expect(custody.at(-1)).toEqual(jasmine.objectContaining({ action: 'deleted', actorId: null, details: { by: 'retention' } }));
    // the case itself is untouched
    expect((await row(d.caseId))!.title).toContain(NAME);
    expect((await auditFor(d.caseId, 'retention.purge')).map((e) => e.details)).toEqual([
      jasmine.objectContaining({ action: 'erase_evidence', evidence: 1 }),
    ]);
    // the evidence list still shows the item, marked deleted
    const list = await d.agents.principal.get(`/api/cases/${d.caseId}/evidence`).expect(200);
    expect(JSON.stringify(list.body)).toContain('retention');
  });

  it('legal hold: the principal places it (reason, timeline, audit); the purge skips the case until released', async () => {
    const d = await closedCase();
    expect((await d.detail('principal')) as unknown as Detail).toEqual(
      jasmine.objectContaining({ legalHold: null, canChangeLegalHold: true }),
    );
    expect(((await d.detail('coordinator')) as unknown as Detail).canChangeLegalHold).toBeFalse();

    expect((await hold(d, 'put', 'coordinator')).status).toBe(403);
    const bad = await hold(d, 'put', 'principal', 'x');
    expect(bad.status).toBe(400);
    const placed = await hold(d, 'put');
    expect(placed.status).toBe(200);
    expect((placed.body as Detail).legalHold).toEqual({
      kind: 'legal_hold',
      at: jasmine.any(String) as unknown as string,
      by: jasmine.objectContaining({ displayName: jasmine.any(String) }) as unknown as { id: string; displayName: string },
      reason: 'Plainte déposée par la famille',
    });
    expect((await hold(d, 'put')).body).toEqual(jasmine.objectContaining({ code: 'LEGAL_HOLD_ALREADY_PLACED', statusCode: 409 }));
    const stale = await d.agents.principal.delete(holdPath(d)).set(XHR).send({ expectedSeq: 1, reason: 'Affaire classée' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const timeline = (await d.agents.principal.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as {
      type: string;
      payload: unknown;
    }[];
    expect(timeline.at(-1)).toEqual(
      jasmine.objectContaining({ type: 'legal_hold_placed', payload: { reason: 'Plainte déposée par la famille' } }),
    );
    expect((await auditFor(d.caseId, 'case.write')).at(-1)?.details).toEqual({ change: 'legal_hold_placed', automatic: false });

    const reference = (await d.detail()).case.reference;
    const now = await after(d.caseId, 12 * 6);
    const dry = await purge(ANONYMISE, now, true);
    expect(dry.plan.schools.flatMap((s) => s.held)).toContain({ reference, hold: 'legal_hold', wouldBe: 'anonymise' });
    expect(formatPurgeReport(dry)).toContain(`${reference} (legal_hold; due: anonymise)`);
    await purge(ANONYMISE, now);
    expect((await row(d.caseId))!.anonymisedAt).toBeNull();
    expect((await row(d.caseId))!.title).toContain(NAME);
    expect((await db.getRepository(EvidenceItem).findOneByOrFail({ caseId: d.caseId })).deletedAt).toBeNull();

    const released = await hold(d, 'delete', 'principal', 'Affaire classée par le parquet');
    expect(released.status).toBe(200);
    expect((released.body as Detail).legalHold).toBeNull();
    expect((await hold(d, 'delete')).body.code).toBe('LEGAL_HOLD_NOT_PLACED');
    await purge(ANONYMISE, now);
    expect((await row(d.caseId))!.anonymisedAt).not.toBeNull();
  });

  it('a case reported to the authorities is held automatically, until the principal releases it', async () => {
    const alert = await db
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .where('e.type = :type AND e.payload LIKE :step', { type: 'step_completed', step: '%"stepId":"authorities_alert"%' })
      .getOne();
    expect(alert).withContext('the demo data has a case reported to the authorities').not.toBeNull();
    const record = (await row(alert!.caseId))!;
    const principal = request.agent(server);
    const membership = await db.getRepository(Membership).findOneByOrFail({ schoolId: record.schoolId, role: 'principal' });
    const email = (await db.getRepository(User).findOneByOrFail({ id: membership.userId })).email;
    await principal.post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
    const detail = (await principal.get(`/api/cases/${record.id}`).expect(200)).body as Detail;
    expect(detail.legalHold).toEqual(jasmine.objectContaining({ kind: 'authorities_alert', reason: null }));
    const far = new Date(Date.parse(record.createdAt) + 50 * 365 * 86_400_000).toISOString();
    if (record.closedAt) {
      expect((await purge(ANONYMISE, far, true)).plan.schools.flatMap((s) => s.held)).toContain(
        jasmine.objectContaining({ reference: record.reference, hold: 'authorities_alert' }),
      );
    }
    const released = await principal
      .delete(`/api/cases/${record.id}/legal-hold`)
      .set(XHR)
      .send({ expectedSeq: detail.lastEventSeq, reason: 'Classement sans suite par le parquet' })
      .expect(200);
    expect((released.body as Detail).legalHold).toBeNull();
    const timeline = (await principal.get(`/api/cases/${record.id}/timeline`).expect(200)).body as { type: string; payload: unknown }[];
    expect(timeline.at(-1)).toEqual(
      jasmine.objectContaining({
        type: 'legal_hold_released',
        payload: { reason: 'Classement sans suite par le parquet', automatic: true },
      }),
    );
    if (record.closedAt) {
      expect((await purge(ANONYMISE, far, true)).plan.schools.flatMap((s) => s.held.map((h) => h.reference))).not.toContain(
        record.reference,
      );
    }
  });

  it('anonymise: keeps the statistics and the case readable, erases names, texts and evidence', async () => {
    const d = await closedCase();
    const before = (await row(d.caseId))!;
    const statsBefore = await statistics();
    const r = await purge(ANONYMISE, await after(d.caseId, 12 * 5));
    expect(everyRef(r, 'anonymise')).toContain(before.reference);
    expect(r.done.anonymised).toBeGreaterThanOrEqual(1);

    const after_ = (await row(d.caseId))!;
    expect(after_.anonymisedAt).not.toBeNull();
    expect(after_.title).toBe(before.reference);
    for (const column of [
      'tier',
      'typeCodes',
      'platformCodes',
      'track',
      'reportDay',
      'triagedAt',
      'firstInterviewAt',
      'closedAt',
    ] as const) {
      expect(after_[column]).withContext(column).toEqual(before[column]);
    }
    for (const column of ['triageDays', 'interviewDays', 'closureDays', 'followUpOutcome', 'stepsDue', 'stepsOnTime', 'state'] as const) {
      expect(after_[column]).withContext(column).toEqual(before[column]);
    }
    expect(await statistics()).toEqual(statsBefore);
    // a projection rebuild after an upgrade replays the scrubbed events: same statistics columns
    await db.getRepository(CaseRecord).update({ id: d.caseId }, { projectionVersion: 0 });
    expect(await refreshProjections(db, catalogue)).toBeGreaterThanOrEqual(1);
    const rebuilt = (await row(d.caseId))!;
    for (const column of ['tier', 'typeCodes', 'platformCodes', 'track', 'reportDay', 'closedAt', 'followUpOutcome', 'state'] as const) {
      expect(rebuilt[column]).withContext(`rebuilt ${column}`).toEqual(before[column]);
    }

    const people = await db.getRepository(CasePerson).findBy({ caseId: d.caseId });
    expect(people.map((p) => [p.code, p.displayName, p.classLabel, p.note])).toEqual([[people[0].code, null, null, null]]);
    const events = await db.getRepository(CaseEvent).findBy({ caseId: d.caseId });
    expect(JSON.stringify(events)).not.toContain('Yassine');
    expect(events.find((e) => e.type === 'note_added')?.payload).toEqual({ text: ERASED });
    const item = await db.getRepository(EvidenceItem).findOneByOrFail({ caseId: d.caseId });
    expect([item.title, item.description, item.deletionReason]).toEqual(['', '', 'retention']);
    expect(await db.getRepository(Notification).countBy({ caseId: d.caseId })).toBe(0);

    // the case still opens, its state recomputed from the scrubbed events is the same
    const detail = (await d.detail('principal')) as unknown as Detail & { state: string; closed: boolean };
    expect(detail.closed).toBeTrue();
    expect(detail.anonymisedAt).toBe(after_.anonymisedAt);
    expect(JSON.stringify(detail)).not.toContain('Yassine');
    const timeline = await d.agents.principal.get(`/api/cases/${d.caseId}/timeline`).expect(200);
    expect(JSON.stringify(timeline.body)).not.toContain('Yassine');

    expect((await auditFor(d.caseId, 'retention.purge')).map((e) => e.details)).toContain(
      jasmine.objectContaining({ action: 'anonymise', evidence: 1, reference: before.reference }),
    );
    // not anonymised twice
    const again = await purge(ANONYMISE, await after(d.caseId, 12 * 7), true);
    expect(everyRef(again, 'anonymise')).not.toContain(before.reference);
    expect((await verifyAuditChain(db)).ok).toBeTrue();
  });

  it('delete: the case and all attached go; the audit trail keeps ids and still verifies', async () => {
    const d = await closedCase();
    const reference = (await d.detail()).case.reference;
    const itemId = (await db.getRepository(EvidenceItem).findOneByOrFail({ caseId: d.caseId })).id;
    // a report already sent to the academy: their pseudonymised copy
    const record = (await row(d.caseId))!;
    const transmissionId = randomUUID();
    await db.getRepository(Transmission).insert({
      id: transmissionId,
      schoolId: record.schoolId,
      caseId: d.caseId,
      kind: 'triage_report',
      period: null,
      reference: `TEST-${reference}`,
      status: 'submitted',
      dedupeKey: `case:${d.caseId}:triage_report`,
      snapshot: { tier: 'T0' },
      reportData: null,
      sentById: record.createdById,
      sentAt: record.createdAt,
      acknowledgedAt: null,
      handledAt: null,
      updatedAt: record.createdAt,
      lastSeq: 1,
    });
    const r = await purge(DELETE, await after(d.caseId, 12 * 5));
    const kept = await db.getRepository(Transmission).findOneByOrFail({ id: transmissionId });
    expect(kept.caseId).toBeNull();
    expect(kept.snapshot).toEqual({ tier: 'T0' });
    expect(everyRef(r, 'delete')).toContain(reference);

    expect(await row(d.caseId)).toBeNull();
    expect(await db.getRepository(CaseEvent).countBy({ caseId: d.caseId })).toBe(0);
    expect(await db.getRepository(CasePerson).countBy({ caseId: d.caseId })).toBe(0);
    expect(await db.getRepository(EvidenceItem).countBy({ caseId: d.caseId })).toBe(0);
    expect(await db.getRepository(CustodyEvent).countBy({ itemId })).toBe(0);
    const contents = await db.query<{ n: string | number }[]>(
      `SELECT COUNT(*) AS n FROM ${EVIDENCE_CONTENTS_TABLE} WHERE ${db.driver.escape('itemId')} = ${db.options.type === 'postgres' ? '$1' : '?'}`,
      [itemId],
    );
    expect(Number(contents[0].n)).toBe(0);
    expect(await db.getRepository(Notification).countBy({ caseId: d.caseId })).toBe(0);
    await d.agents.principal.get(`/api/cases/${d.caseId}`).expect(404);

    expect((await auditFor(d.caseId, 'retention.purge')).map((e) => e.details)).toEqual([
      jasmine.objectContaining({ action: 'delete', reference }),
    ]);
    const run = await db.getRepository(AuditEntry).findOne({ where: { action: 'retention.run' }, order: { seq: 'DESC' } });
    expect(run?.details).toEqual(jasmine.objectContaining({ deleted: r.done.deleted, interrupted: false }));
    expect((await verifyAuditChain(db)).ok).toBeTrue();
  });

  it('counts, then deletes, ended sessions and old notices of closed cases', async () => {
    const d = await closedCase();
    const far = await after(d.caseId, 12 * 50);
    const policy = { ...ANONYMISE, caseYears: null, evidenceMonths: null, sessionDays: 30 };
    const dry = await purge(policy, far, true);
    expect(dry.sessions).toBeGreaterThan(0);
    const done = await purge(policy, far);
    expect(done.sessions).toBe(dry.sessions);
    expect(done.notifications).toBe(dry.notifications);
    expect(await db.getRepository(Notification).countBy({ caseId: d.caseId })).toBe(0);
    // everyone was signed out: sign in again for the other specs
    await d.agents.principal.get('/api/auth/me').expect(401);
  });

  it('scheduled purge (RETENTION_SCHEDULE): one run per period, whatever the instances (a database lease)', async () => {
    const d = await closedCase();
    const reference = (await d.detail()).case.reference;
    const config = { ...t.config, retention: ANONYMISE, retentionSchedule: 'daily' as const };
    const logger = t.app.get(JsonLogger);
    const one = new RetentionScheduler(db, config, audit, catalogue, logger);
    const two = new RetentionScheduler(db, config, audit, catalogue, logger);
    const now = new Date(await after(d.caseId, 12 * 5));
    const first = await one.runOnce(now);
    expect(first && everyRef(first, 'anonymise')).toContain(reference);
    expect((await row(d.caseId))!.anonymisedAt).not.toBeNull();
    expect(await two.runOnce(new Date(now.getTime() + 3_600_000))).toBeNull();
    expect(await one.runOnce(new Date(now.getTime() + 25 * 3_600_000))).not.toBeNull();
    expect(await new RetentionScheduler(db, { ...config, retentionSchedule: 'off' }, audit, catalogue, logger).runOnce(now)).toBeNull();
  });

  it('an interruption stops between two cases: those done are whole, the others untouched and still due', async () => {
    const a = await closedCase();
    await closedCase();
    const now = await after(a.caseId, 12 * 5);
    const planned = (await purge(ANONYMISE, now, true)).plan.actions.length;
    expect(planned).toBeGreaterThanOrEqual(2);
    let checks = 0;
    const progress = {
      setTotal: () => undefined,
      add: () => undefined,
      checkInterrupted: () => {
        if (++checks > 1) throw new Interrupted('SIGINT');
      },
    } as unknown as Progress;
    const r = await purge(ANONYMISE, now, false, progress);
    expect(r.interrupted).toBe('SIGINT');
    expect(r.done.anonymised + r.done.evidenceErased).toBe(1);
    expect(formatPurgeReport(r)).toContain('interrupted by SIGINT');
    expect((await purge(ANONYMISE, now, true)).plan.actions.length).toBe(planned - 1);
    const run = await db.getRepository(AuditEntry).findOne({ where: { action: 'retention.run' }, order: { seq: 'DESC' } });
    expect(run?.details).toEqual(jasmine.objectContaining({ interrupted: true }));
  });
});
