import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { computeCaseState, findStep, SCHOOL_SUMMARY_KIND, transmissionStatuses, type Localized, type ReportingDef } from '@sanad/protocols';
import { platformGuide } from '@sanad/seeds';
import type { AcademyReportData, RenderLang } from '@sanad/templates/host';
import { DataSource, In, IsNull, QueryFailedError, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { can, caseSubject, findVisibleCase } from '../access';
import { canOnTransmission, scopeTransmissions, transmissionScope, type TransmissionAction } from '../access/transmission-scope';
import { AuditService } from '../audit/audit.service';
import { CaseEvent, CaseRecord } from '../cases/case.entities';
import { insertEvent, loadEngineEvents, TRANSMISSION_UPDATED, TRANSMITTED } from '../cases/case-events';
import { DomainError } from '../common/domain-error';
import { JsonLogger } from '../common/json-logger';
import { MESSAGES } from '../common/messages';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { DocumentsService } from '../documents/documents.service';
import { Notification, type NotificationKind } from '../notifications/notification.entity';
import { CasePerson } from '../people/person.entity';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { SchoolCalendars } from '../protocols/school-calendars';
import { schoolStaff } from '../users/school-staff';
import { todayInMorocco } from '../common/check.decorator';
import type {
  CaseTransmissionsDto,
  ListTransmissionsQuery,
  SummarySnapshotDto,
  TransmissionDetailDto,
  TransmissionPageDto,
  TransmissionSummaryDto,
} from './dto/transmissions.dto';
import { nextStatus, type FlowAction } from './flow';
import { parsePeriod, periodStarted } from './periods';
import { buildCaseSnapshot, buildSummary, reportAsSent, type CaseSnapshot, type SummarySnapshot } from './snapshot';
import { officersOf, schoolRefs } from './transmission-queries';
import { Transmission, TransmissionEvent } from './transmission.entities';

const SUMMARY_LABEL: Localized = { fr: "Bilan de l'établissement", ar: 'حصيلة المؤسسة', en: 'School summary' };

/**
 * Transmissions to the direction provinciale / academy (issue #9, docs/transmissions.md): the principal sends a
 * pseudonymised case report when the protocol's reporting rules say it is due, or a periodic school summary; the
 * officers of the school's province and academy receive it, acknowledge it, ask for more information in its
 * thread, and mark it handled. Every step is an event of the transmission and, for a case report, of the case.
 * Access rules: access/transmission-scope.ts (officers) and access/policy.ts (`transmit`).
 */
@Injectable()
export class TransmissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: ProtocolCatalogue,
    private readonly calendars: SchoolCalendars,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
  ) {}

  // ---------------------------------------------------------------- the school's side: a case

  /** The case's reports: which the protocol provides for, their status, and those sent with their threads. */
  async forCase(user: SessionUser, caseId: string): Promise<CaseTransmissionsDto> {
    const { record, access } = await findVisibleCase(this.db.manager, user, caseId);
    const { statuses } = await this.reportingState(this.db.manager, record);
    const rows = await this.db.getRepository(Transmission).find({ where: { caseId }, order: { sentAt: 'ASC' } });
    return {
      reports: statuses.map((s) => ({ kind: s.transmission.id, label: s.transmission.label, status: s.status })),
      canTransmit: can(user, 'transmit', caseSubject(record, access)),
      transmissions: await this.details(this.db.manager, rows, can(user, 'transmit', caseSubject(record, access)) ? 'school' : 'reader'),
    };
  }

  /**
   * The principal sends a due case report: 404 outside the scope, 403 for other roles, 400 for a kind the rules
   * do not have, 409 when already sent or the case changed since `expectedSeq`, 422 when not due.
   */
  async transmit(
    user: SessionUser,
    caseId: string,
    body: { kind: string; comment?: string | null; expectedSeq: number },
  ): Promise<TransmissionDetailDto> {
    const { record } = await findVisibleCase(this.db.manager, user, caseId, 'transmit');
    const { statuses, definition } = await this.reportingState(this.db.manager, record);
    const rule = statuses.find((s) => s.transmission.id === body.kind);
    if (!rule) throw new DomainError('VALIDATION_FAILED', [{ field: 'kind', code: 'transmission.kind.invalid' }]);
    if (rule.status === 'sent') throw new DomainError('TRANSMISSION_ALREADY_SENT');
    if (rule.status !== 'due')
      throw new DomainError('PROTOCOL_RULE', [], { code: 'transmission_not_due', message: MESSAGES['transmission.notDue'] });
    if (record.lastEventSeq !== body.expectedSeq) throw new DomainError('CONFLICT');

    // everything the officer receives is built from the case as the principal saw it (expectedSeq), then frozen
    const docs = await this.documents.load(user, caseId, 'fr');
    const unavailable = docs.unavailable('academy-report');
    if (unavailable) throw new DomainError('DOCUMENT_UNAVAILABLE', [], { code: unavailable, message: MESSAGES.DOCUMENT_UNAVAILABLE });
    const people = (
      await this.db.getRepository(CasePerson).find({ where: { caseId, removedAt: IsNull() }, order: { createdAt: 'ASC', code: 'ASC' } })
    ).map((p) => ({ code: p.code, role: p.role }));
    const report = reportAsSent(docs.data('academy-report'), people);
    const school = (await schoolRefs(this.db, [record.schoolId])).get(record.schoolId)!;
    const events = await this.db.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
    const engineEvents = await loadEngineEvents(this.db.manager, caseId);
    const calendar = await this.calendars.forSchool(record.schoolId);
    const state = computeCaseState(definition, engineEvents, { now: nowIso(), calendar });
    const snapshot = buildCaseSnapshot({
      kind: rule.transmission.id,
      kindLabel: rule.transmission.label,
      school,
      record,
      definition,
      facts: state.facts,
      closed: state.closed,
      events: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, actorId: e.actorId, actorRole: e.actorRole, payload: e.payload })),
      people,
      report,
      platformLabel: (code) => platformGuide(code)?.name,
    });

    const id = randomUUID();
    await this.db.transaction(async (m) => {
      const { record: current } = await findVisibleCase(m, user, caseId, 'transmit');
      await claimCaseSeq(m, current.id, body.expectedSeq);
      const at = nowIso();
      await this.insertTransmission(m, {
        id,
        schoolId: record.schoolId,
        caseId,
        kind: body.kind,
        period: null,
        reference: snapshot.caseCode,
        dedupeKey: `case:${caseId}:${body.kind}`,
        snapshot,
        reportData: report,
        user,
        comment: body.comment,
        at,
      });
      await insertEvent(m, {
        id: randomUUID(),
        caseId,
        seq: body.expectedSeq + 1,
        type: TRANSMITTED,
        payload: { transmissionId: id, kind: body.kind },
        actorId: user.id,
        actorRole: user.role,
        at,
      });
      await m.update(CaseRecord, { id: caseId }, { updatedAt: at });
      await this.notify(m, await officersOf(m, school), {
        caseId: null,
        transmissionId: id,
        kind: 'transmission_submitted',
        key: 'submitted',
        at,
      });
    });
    return this.detail(user, id, { audit: false });
  }

  // ---------------------------------------------------------------- the school's side: summaries

  /** The counts a school summary of this period would carry (principal of the school). */
  async previewSummary(user: SessionUser, periodId: string): Promise<SummarySnapshotDto> {
    const scope = transmissionScope(user);
    if (scope.kind !== 'school') throw new DomainError('ROLE_NOT_ALLOWED');
    return this.summaryOf(this.db.manager, scope.schoolId, periodId);
  }

  /** The principal submits the summary of a period (once per period): it arrives in the officers' inbox. */
  async submitSummary(user: SessionUser, body: { period: string; comment?: string | null }): Promise<TransmissionDetailDto> {
    const scope = transmissionScope(user);
    if (scope.kind !== 'school') throw new DomainError('ROLE_NOT_ALLOWED');
    const summary = await this.summaryOf(this.db.manager, scope.schoolId, body.period);
    const key = `summary:${scope.schoolId}:${summary.period.id}`;
    if (await this.db.getRepository(Transmission).existsBy({ dedupeKey: key })) throw new DomainError('TRANSMISSION_ALREADY_SENT');
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      const at = nowIso();
      await this.insertTransmission(m, {
        id,
        schoolId: scope.schoolId,
        caseId: null,
        kind: SCHOOL_SUMMARY_KIND,
        period: summary.period.id,
        reference: `${summary.school.code}-${summary.period.id}`,
        dedupeKey: key,
        snapshot: summary,
        reportData: null,
        user,
        comment: body.comment,
        at,
      });
      await this.notify(m, await officersOf(m, summary.school), {
        caseId: null,
        transmissionId: id,
        kind: 'transmission_submitted',
        key: 'submitted',
        at,
      });
    });
    return this.detail(user, id, { audit: false });
  }

  /** The school's summaries already sent (principal), newest first. */
  async listSummaries(user: SessionUser): Promise<TransmissionSummaryDto[]> {
    const scope = transmissionScope(user);
    if (scope.kind !== 'school') throw new DomainError('ROLE_NOT_ALLOWED');
    const rows = await this.db
      .getRepository(Transmission)
      .find({ where: { schoolId: scope.schoolId, kind: SCHOOL_SUMMARY_KIND }, order: { sentAt: 'DESC' } });
    return this.summaries(this.db.manager, rows);
  }

  // ---------------------------------------------------------------- the officer's inbox (and the principal's thread)

  async list(user: SessionUser, query: ListTransmissionsQuery): Promise<TransmissionPageDto> {
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 20);
    const qb = scopeTransmissions(this.db.getRepository(Transmission).createQueryBuilder('t'), 't', user, 'list');
    if (query.status) qb.andWhere('t.status IN (:...statuses)', { statuses: query.status.split(',') });
    if (query.kind) qb.andWhere('t.kind IN (:...kinds)', { kinds: query.kind.split(',') });
    if (query.school) qb.andWhere('t.schoolId = :school', { school: query.school });
    const period = query.period ? parsePeriod(query.period) : null;
    if (query.period && !period) throw new DomainError('VALIDATION_FAILED', [{ field: 'period', code: 'query.filter.invalid' }]);
    if (period)
      qb.andWhere('t.sentAt >= :pFrom AND t.sentAt < :pTo', { pFrom: `${period.from}T00:00:00.000Z`, pTo: `${period.to}T00:00:00.000Z` });
    if (query.from) qb.andWhere('t.sentAt >= :from', { from: `${query.from}T00:00:00.000Z` });
    if (query.to) qb.andWhere('t.sentAt < :to', { to: `${query.to}T23:59:59.999Z` });
    const [rows, total] = await qb
      .orderBy('t.sentAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.summaries(this.db.manager, rows), total, page, pageSize };
  }

  async detail(user: SessionUser, id: string, options: { audit?: boolean; ip?: string | null } = {}): Promise<TransmissionDetailDto> {
    const row = await this.visible(this.db.manager, user, id);
    const [detail] = await this.details(this.db.manager, [row], sideOf(user));
    if (options.audit !== false) await this.record(user, row, 'read', options.ip ?? null);
    return detail;
  }

  /** The academy report as it was sent, as PDF (rendered by the documents module from the stored data). */
  async reportPdf(user: SessionUser, id: string, lang: RenderLang, ip: string | null): Promise<{ pdf: Buffer; filename: string }> {
    const row = await this.visible(this.db.manager, user, id);
    if (!row.reportData) throw new DomainError('DOCUMENT_NOT_FOUND');
    const pdf = await this.documents.render('academy-report', lang, row.reportData as unknown as AcademyReportData);
    await this.record(user, row, 'report_pdf', ip);
    return { pdf, filename: `${row.reference}-${row.kind}-${lang}.pdf` };
  }

  acknowledge(user: SessionUser, id: string, ip: string | null): Promise<TransmissionDetailDto> {
    return this.act(user, id, 'acknowledge', null, ip);
  }

  handle(user: SessionUser, id: string, ip: string | null): Promise<TransmissionDetailDto> {
    return this.act(user, id, 'handle', null, ip);
  }

  message(user: SessionUser, id: string, text: string, ip: string | null): Promise<TransmissionDetailDto> {
    return this.act(user, id, 'message', text.trim(), ip);
  }

  // ---------------------------------------------------------------- internals

  private async act(
    user: SessionUser,
    id: string,
    action: TransmissionAction,
    text: string | null,
    ip: string | null,
  ): Promise<TransmissionDetailDto> {
    const scope = transmissionScope(user);
    const at = nowIso();
    await this.db.transaction(async (m) => {
      const row = await this.visible(m, user, id);
      if (!canOnTransmission(scope, action)) throw new DomainError('ROLE_NOT_ALLOWED');
      const side = scope.kind === 'officer' ? 'officer' : 'school';
      const flow: FlowAction =
        action === 'message' ? (side === 'officer' ? 'officer_message' : 'school_message') : action === 'handle' ? 'handle' : 'acknowledge';
      const next = nextStatus(row.status, flow);
      if (!next.ok) throw new DomainError(next.code);
      const seq = row.lastSeq + 1;
      const patch: Pick<Partial<Transmission>, 'status' | 'lastSeq' | 'updatedAt' | 'acknowledgedAt' | 'handledAt'> = {
        status: next.status,
        lastSeq: seq,
        updatedAt: at,
      };
      if (next.event === 'acknowledged' || (side === 'officer' && !row.acknowledgedAt)) patch.acknowledgedAt = at;
      if (next.event === 'handled') patch.handledAt = at;
      const claimed = await m
        .createQueryBuilder()
        .update(Transmission)
        .set(patch)
        .where('id = :id AND lastSeq = :lastSeq', { id, lastSeq: row.lastSeq })
        .execute();
      if (!claimed.affected) throw new DomainError('CONFLICT');
      await m.insert(TransmissionEvent, {
        id: randomUUID(),
        transmissionId: id,
        seq,
        type: next.event,
        text,
        side,
        actorId: user.id,
        actorRole: user.role,
        status: next.status,
        at,
      });
      if (row.caseId) {
        await appendCaseEvent(m, row.caseId, user, at, TRANSMISSION_UPDATED, {
          transmissionId: id,
          kind: row.kind,
          event: next.event,
          status: next.status,
        });
      }
      if (next.event === 'message') {
        const to =
          side === 'officer'
            ? (await schoolStaff(m, row.schoolId, { roles: ['principal'] })).map((p) => p.id)
            : await officersOf(m, (await schoolRefs(m, [row.schoolId])).get(row.schoolId)!);
        await this.notify(m, to, {
          caseId: side === 'officer' ? row.caseId : null,
          transmissionId: id,
          kind: 'transmission_message',
          key: `message:${seq}`,
          at,
        });
      }
    });
    const row = await this.db.getRepository(Transmission).findOneByOrFail({ id });
    await this.record(user, row, action, ip);
    const [detail] = await this.details(this.db.manager, [row], sideOf(user));
    return detail;
  }

  /** The transmission if the user sees it (scope in the SQL WHERE); 404 otherwise, 403 for roles without a scope. */
  private async visible(m: EntityManager, user: SessionUser, id: string): Promise<Transmission> {
    const qb = scopeTransmissions(m.getRepository(Transmission).createQueryBuilder('t'), 't', user);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('TRANSMISSION_NOT_FOUND');
    const row = await qb.andWhere('t.id = :id', { id }).getOne();
    if (!row) throw new DomainError('TRANSMISSION_NOT_FOUND');
    return row;
  }

  private async insertTransmission(
    m: EntityManager,
    t: {
      id: string;
      schoolId: string;
      caseId: string | null;
      kind: string;
      period: string | null;
      reference: string;
      dedupeKey: string;
      snapshot: CaseSnapshot | SummarySnapshot;
      reportData: AcademyReportData | null;
      user: SessionUser;
      comment?: string | null;
      at: string;
    },
  ): Promise<void> {
    if (await m.getRepository(Transmission).existsBy({ dedupeKey: t.dedupeKey })) throw new DomainError('TRANSMISSION_ALREADY_SENT');
    await insertOnce(m, {
      id: t.id,
      schoolId: t.schoolId,
      caseId: t.caseId,
      kind: t.kind,
      period: t.period,
      reference: t.reference,
      status: 'submitted',
      dedupeKey: t.dedupeKey,
      snapshot: t.snapshot as never,
      reportData: t.reportData as never,
      sentById: t.user.id,
      sentAt: t.at,
      acknowledgedAt: null,
      handledAt: null,
      updatedAt: t.at,
      lastSeq: 1,
    });
    const comment = t.comment?.trim();
    await m.insert(TransmissionEvent, {
      id: randomUUID(),
      transmissionId: t.id,
      seq: 1,
      type: 'submitted',
      text: comment ? comment : null,
      side: 'school',
      actorId: t.user.id,
      actorRole: t.user.role,
      status: 'submitted',
      at: t.at,
    });
  }

  private async notify(
    m: EntityManager,
    userIds: readonly string[],
    n: { caseId: string | null; transmissionId: string; kind: NotificationKind; key: string; at: string },
  ): Promise<void> {
    for (const userId of new Set(userIds)) {
      await m.insert(Notification, {
        id: randomUUID(),
        userId,
        caseId: n.caseId,
        transmissionId: n.transmissionId,
        stepId: null,
        kind: n.kind,
        dueAt: null,
        dedupeKey: `transmission:${n.transmissionId}:${n.key}:${userId}`,
        createdAt: n.at,
        readAt: null,
        emailedAt: null,
      });
    }
  }

  /** The audit trail: ids and codes only. A failure is logged, never undoes a committed write. */
  private async record(user: SessionUser, row: Transmission, event: string, ip: string | null): Promise<void> {
    try {
      await this.audit.record({
        action: 'transmission',
        actor: user,
        ip,
        schoolId: row.schoolId,
        caseId: null,
        targetId: row.id,
        details: { event, kind: row.kind },
      });
    } catch (e) {
      this.logger.error(e instanceof Error ? e : String(e), undefined, 'TransmissionsService');
    }
  }

  /** The case's reporting rules (pinned version, else the protocol's reporting.yaml) and each report's status. */
  private async reportingState(m: EntityManager, record: CaseRecord) {
    const loaded = this.catalogue.get(record.protocolId, record.protocolVersion);
    if (!loaded) throw new Error(`protocol ${record.protocolId}@${record.protocolVersion} missing`);
    const events = await loadEngineEvents(m, record.id);
    const calendar = await this.calendars.forSchool(record.schoolId);
    const state = computeCaseState(loaded.definition, events, { now: nowIso(), calendar });
    const sent = (await m.getRepository(Transmission).find({ select: { kind: true }, where: { caseId: record.id } })).map((t) => t.kind);
    const reporting: ReportingDef | undefined = loaded.reporting;
    const statuses = transmissionStatuses(reporting, {
      facts: state.facts,
      completedSteps: state.steps.filter((s) => s.status === 'done').map((s) => s.stepId),
      sent,
    });
    return { reporting, statuses, definition: loaded.definition };
  }

  private async summaryOf(m: EntityManager, schoolId: string, periodId: string): Promise<SummarySnapshot> {
    const period = parsePeriod(periodId);
    if (!period) throw new DomainError('VALIDATION_FAILED', [{ field: 'period', code: 'transmission.period.invalid' }]);
    if (!periodStarted(period, todayInMorocco()))
      throw new DomainError('VALIDATION_FAILED', [{ field: 'period', code: 'transmission.period.future' }]);
    const school = (await schoolRefs(m, [schoolId])).get(schoolId)!;
    const e = (name: string) => m.connection.driver.escape(name);
    const cases = await m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select(['c.id', 'c.createdAt', 'c.tier', 'c.typeCodes', 'c.platformCodes', 'c.state', 'c.protocolId', 'c.protocolVersion'])
      .where('c.schoolId = :schoolId', { schoolId })
      .andWhere('c.createdAt < :to', { to: `${period.to}T00:00:00.000Z` })
      .getMany();
    // approved closures: the last one of each case still closed
    const closures = await m
      .createQueryBuilder()
      .select(`${e('ev')}.${e('caseId')}`, 'caseId')
      .addSelect(`${e('ev')}.${e('at')}`, 'at')
      .addSelect(`${e('ev')}.${e('payload')}`, 'payload')
      .from(CaseEvent, 'ev')
      .innerJoin(CaseRecord, 'c', `${e('c')}.${e('id')} = ${e('ev')}.${e('caseId')}`)
      .where(`${e('c')}.${e('schoolId')} = :schoolId`, { schoolId })
      .andWhere(`${e('ev')}.${e('type')} = :type`, { type: 'step_completed' })
      .andWhere(`${e('ev')}.${e('payload')} LIKE :step`, { step: '%"closure_signoff"%' })
      .orderBy(`${e('ev')}.${e('at')}`, 'ASC')
      .getRawMany<{ caseId: string; at: string; payload: string }>();
    const closedAt = new Map<string, string>();
    for (const c of closures) {
      const answers = (JSON.parse(c.payload) as { answers?: { decision?: string } }).answers;
      if (answers?.decision === 'APPROVE') closedAt.set(c.caseId, c.at);
    }
    const codes = (v: string | null) => (v ?? '').split('|').filter(Boolean);
    const sent = await m
      .getRepository(Transmission)
      .createQueryBuilder('t')
      .where('t.schoolId = :schoolId', { schoolId })
      .andWhere('t.caseId IS NOT NULL')
      .andWhere('t.sentAt >= :from AND t.sentAt < :to', { from: `${period.from}T00:00:00.000Z`, to: `${period.to}T00:00:00.000Z` })
      .getCount();
    const definition = this.catalogue.latestPublished(cases[0]?.protocolId ?? 'ma-cyberharassment').definition;
    const typeField = findStep(definition, 'intake')?.form?.fields.find((f) => f.id === 'types');
    return buildSummary({
      period,
      school,
      cases: cases.map((c) => ({
        createdAt: c.createdAt,
        tier: c.tier,
        typeCodes: codes(c.typeCodes),
        platformCodes: codes(c.platformCodes),
        closedAt: isClosed(this.catalogue, c) ? (closedAt.get(c.id) ?? null) : null,
      })),
      caseReportsSent: sent,
      typeLabel: (code) => {
        const l = typeField?.options?.find((o) => o.value === code)?.label;
        return l ? { fr: l.fr, ar: l.ar, en: l.en } : { fr: code, ar: code, en: code };
      },
      platformLabel: (code) => platformGuide(code)?.name ?? { fr: code, ar: code, en: code },
    });
  }

  private async summaries(m: EntityManager, rows: Transmission[]): Promise<TransmissionSummaryDto[]> {
    const schools = await schoolRefs(
      m,
      rows.map((r) => r.schoolId),
    );
    const counts = new Map<string, number>();
    if (rows.length) {
      const e = (name: string) => m.connection.driver.escape(name);
      const raw = await m
        .createQueryBuilder()
        .select(`${e('ev')}.${e('transmissionId')}`, 'transmissionId')
        .addSelect('COUNT(*)', 'n')
        .from(TransmissionEvent, 'ev')
        .where(`${e('ev')}.${e('transmissionId')} IN (:...ids)`, { ids: rows.map((r) => r.id) })
        .andWhere(`${e('ev')}.${e('type')} = :type`, { type: 'message' })
        .groupBy(`${e('ev')}.${e('transmissionId')}`)
        .getRawMany<{ transmissionId: string; n: string | number }>();
      for (const r of raw) counts.set(r.transmissionId, Number(r.n));
    }
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: kindLabelOf(r),
      reference: r.reference,
      period: r.period,
      status: r.status,
      school: schools.get(r.schoolId)!,
      sentAt: r.sentAt,
      acknowledgedAt: r.acknowledgedAt,
      handledAt: r.handledAt,
      updatedAt: r.updatedAt,
      messageCount: counts.get(r.id) ?? 0,
    }));
  }

  private async details(
    m: EntityManager,
    rows: Transmission[],
    /** who reads: an officer, the principal (may answer), or a member of the school's team (reads only) */
    side: 'officer' | 'school' | 'reader',
  ): Promise<TransmissionDetailDto[]> {
    const base = await this.summaries(m, rows);
    const events = rows.length
      ? await m.getRepository(TransmissionEvent).find({ where: { transmissionId: In(rows.map((r) => r.id)) }, order: { seq: 'ASC' } })
      : [];
    return rows.map((r, i) => {
      const actions: string[] = [];
      if (r.status !== 'handled' && side !== 'reader') {
        if (side === 'officer' && r.status === 'submitted') actions.push('acknowledge');
        actions.push('message');
        if (side === 'officer') actions.push('handle');
      }
      return {
        ...base[i],
        caseReport: r.caseId ? (r.snapshot as unknown as CaseSnapshot) : null,
        summary: r.caseId ? null : (r.snapshot as unknown as SummarySnapshotDto),
        hasReport: r.reportData !== null,
        events: events
          .filter((e) => e.transmissionId === r.id)
          .map((e) => ({ seq: e.seq, type: e.type, side: e.side, actorRole: e.actorRole, text: e.text, status: e.status, at: e.at })),
        actions,
      };
    });
  }
}

function sideOf(user: SessionUser): 'officer' | 'school' {
  return transmissionScope(user).kind === 'officer' ? 'officer' : 'school';
}

function kindLabelOf(row: Transmission): Localized {
  if (row.kind === SCHOOL_SUMMARY_KIND) return SUMMARY_LABEL;
  const label = (row.snapshot as { kindLabel?: Localized }).kindLabel;
  return label ?? { fr: row.kind, ar: row.kind, en: row.kind };
}

function isClosed(catalogue: ProtocolCatalogue, c: CaseRecord): boolean {
  const def = catalogue.get(c.protocolId, c.protocolVersion)?.definition;
  return def?.states.find((s) => s.id === c.state)?.closed === true;
}

/** Inserts a transmission; the same one sent twice at the same moment (unique `dedupeKey`) is 409, not 500. */
async function insertOnce(m: EntityManager, row: QueryDeepPartialEntity<Transmission>): Promise<void> {
  try {
    await m.insert(Transmission, row);
  } catch (e) {
    const code = e instanceof QueryFailedError ? (e.driverError as { code?: unknown } | undefined)?.code : undefined;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DomainError('TRANSMISSION_ALREADY_SENT');
    throw e;
  }
}

/** Takes the case's next seq: 409 CONFLICT if `expectedSeq` is not its last event or another writer was first. */
async function claimCaseSeq(m: EntityManager, caseId: string, expectedSeq: number): Promise<void> {
  const claimed = await m
    .createQueryBuilder()
    .update(CaseRecord)
    .set({ lastEventSeq: expectedSeq + 1 })
    .where('id = :id AND lastEventSeq = :expectedSeq', { id: caseId, expectedSeq })
    .execute();
  if (!claimed.affected) throw new DomainError('CONFLICT');
}

/**
 * Appends a backend-only event to a case on behalf of someone who does not work on the case (an officer's step
 * on a report): takes the next seq whatever it is (a few tries if a colleague writes at the same moment). Staff
 * working on the case with an older view then get 409 and reload, as for any other event.
 */
async function appendCaseEvent(
  m: EntityManager,
  caseId: string,
  user: SessionUser,
  at: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await m.getRepository(CaseRecord).findOne({ select: { id: true, lastEventSeq: true }, where: { id: caseId } });
    if (!current) return;
    try {
      await claimCaseSeq(m, caseId, current.lastEventSeq);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'CONFLICT') continue;
      throw e;
    }
    await insertEvent(m, {
      id: randomUUID(),
      caseId,
      seq: current.lastEventSeq + 1,
      type,
      payload,
      actorId: user.id,
      actorRole: user.role,
      at,
    });
    return;
  }
  throw new DomainError('CONFLICT');
}
