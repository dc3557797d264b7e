import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, QueryFailedError, type EntityManager } from 'typeorm';
import { can, caseAccessOf, caseSubject, findVisibleCase, intakeScope, scopeIntakeReports } from '../access';
import { AuditService } from '../audit/audit.service';
import { appendBackendEvent, INTAKE_REPORT_ATTACHED } from '../cases/case-events';
import { CaseRecord } from '../cases/case.entities';
import { CasesService } from '../cases/cases.service';
import { todayInMorocco } from '../common/check.decorator';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { User } from '../users/user.entity';
import { groupCode } from './codes';
import type {
  ConvertedDto,
  IntakeMessageViewDto,
  IntakeReportDetailDto,
  IntakeReportPageDto,
  IntakeSummaryDto,
  ListIntakeReportsQuery,
} from './dto/intake-report.dto';
import { IntakeReport, IntakeReportEvent, IntakeReportMessage } from './public-report.entities';
import { appendReportEvent } from './report-events';

/** The danger sign a report's "someone is in danger right now" becomes on the new case (the danger check follows). */
export const DANGER_NOW_SIGN = 'PHYSICAL_THREAT';

/**
 * The school side of the public channel (docs/public-reporting.md): the intake queue of the resource team. Every
 * query carries the user's school in its WHERE (intake-scope.ts): another school's report is 404. Each action
 * appends an event to the report; turning it into a case or linking it appends to the case's log too.
 */
@Injectable()
export class IntakeReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
  ) {}

  async list(user: SessionUser, query: ListIntakeReportsQuery): Promise<IntakeReportPageDto> {
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 20);
    const status = query.status ?? 'pending';
    const qb = scopeIntakeReports(this.db.getRepository(IntakeReport).createQueryBuilder('r'), 'r', user)
      .select([
        'r.id',
        'r.receivedAt',
        'r.reporterRole',
        'r.since',
        'r.platforms',
        'r.dangerNow',
        'r.contact',
        'r.status',
        'r.whatHappened',
      ])
      .orderBy('r.receivedAt', 'DESC')
      .addOrderBy('r.id', 'DESC');
    if (status !== 'all') qb.andWhere('r.status = :status', { status });
    const [rows, total] = await qb
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    const unread = await this.unreadCounts(rows.map((r) => r.id));
    return {
      items: rows.map((r) => ({
        id: r.id,
        receivedAt: r.receivedAt,
        reporterRole: r.reporterRole,
        since: r.since,
        platforms: r.platforms,
        dangerNow: r.dangerNow,
        anonymous: r.contact === null,
        status: r.status,
        preview: [...r.whatHappened].slice(0, 120).join(''),
        unreadMessages: unread.get(r.id) ?? 0,
      })),
      total,
    };
  }

  async summary(user: SessionUser): Promise<IntakeSummaryDto> {
    const pending = await scopeIntakeReports(this.db.getRepository(IntakeReport).createQueryBuilder('r'), 'r', user)
      .andWhere('r.status = :status', { status: 'pending' })
      .getCount();
    const unread = await this.db
      .getRepository(IntakeReportMessage)
      .createQueryBuilder('msg')
      .innerJoin(IntakeReport, 'r', 'r.id = msg.reportId')
      .where('r.schoolId = :schoolId', { schoolId: intakeScope(user).schoolId })
      .andWhere("msg.side = 'reporter' AND msg.readAt IS NULL")
      .getCount();
    return { pending, unreadMessages: unread };
  }

  /** The whole report; reading it marks the reporter's messages read, and is audited like reading a case. */
  async detail(user: SessionUser, id: string, ip: string | null): Promise<IntakeReportDetailDto> {
    const report = await this.find(this.db.manager, user, id);
    await this.db
      .getRepository(IntakeReportMessage)
      .update({ reportId: report.id, side: 'reporter', readAt: IsNull() }, { readAt: nowIso() });
    await this.audit.record({ action: 'intake.read', actor: user, ip, targetId: report.id, caseId: report.caseId });
    return this.toDetail(this.db.manager, report, user);
  }

  /** Opens a case from the report, the way POST /api/cases does, and links them (one transaction). */
  async convert(user: SessionUser, id: string, ip: string | null): Promise<ConvertedDto> {
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await this.db.transaction(async (m) => {
          const report = await this.find(m, user, id);
          if (report.status !== 'pending') throw new DomainError('INTAKE_REPORT_ALREADY_HANDLED');
          const at = nowIso();
          const record = await this.cases.insertCase(m, user, report.schoolId, {
            title: `Signalement en ligne ${groupCode(report.code, 3)}`,
            occurredOn: todayInMorocco(new Date(report.receivedAt)),
            dangerSigns: report.dangerNow ? [DANGER_NOW_SIGN] : [],
          });
          await this.attach(m, user, report, record.id, 'converted', at);
          return record;
        });
        await this.audit.record({ action: 'case.write', actor: user, ip, caseId: done.id, details: { via: 'intake_report' } });
        await this.audit.record({
          action: 'intake.write',
          actor: user,
          ip,
          targetId: id,
          caseId: done.id,
          details: { change: 'converted' },
        });
        return { caseId: done.id, reference: done.reference };
      } catch (error) {
        // two cases opened at once in the school took the same reference: try again, as POST /api/cases does
        if (attempt < 5 && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) continue;
        throw error;
      }
    }
  }

  async link(user: SessionUser, id: string, caseId: string, ip: string | null): Promise<IntakeReportDetailDto> {
    const report = await this.db.transaction(async (m) => {
      const found = await this.find(m, user, id);
      if (found.status !== 'pending') throw new DomainError('INTAKE_REPORT_ALREADY_HANDLED');
      const { record } = await findVisibleCase(m, user, caseId, 'update');
      await this.attach(m, user, found, record.id, 'linked', nowIso());
      return found;
    });
    await this.audit.record({ action: 'intake.write', actor: user, ip, targetId: id, caseId, details: { change: 'linked' } });
    return this.toDetail(this.db.manager, await this.find(this.db.manager, user, report.id), user);
  }

  async dismiss(user: SessionUser, id: string, reason: string, ip: string | null): Promise<IntakeReportDetailDto> {
    await this.db.transaction(async (m) => {
      const report = await this.find(m, user, id);
      if (report.status !== 'pending') throw new DomainError('INTAKE_REPORT_ALREADY_HANDLED');
      const at = nowIso();
      await appendReportEvent(
        m,
        report.id,
        { type: 'dismissed', actor: user, at },
        { status: 'dismissed', dismissReason: reason.trim(), handledAt: at, closedAt: report.closedAt ?? at },
      );
    });
    await this.audit.record({ action: 'intake.write', actor: user, ip, targetId: id, details: { change: 'dismissed' } });
    return this.toDetail(this.db.manager, await this.find(this.db.manager, user, id), user);
  }

  async message(user: SessionUser, id: string, body: string, ip: string | null): Promise<IntakeMessageViewDto[]> {
    await this.db.transaction(async (m) => {
      const report = await this.find(m, user, id);
      if (report.closedAt !== null || report.status === 'dismissed') throw new DomainError('INTAKE_REPORT_CLOSED');
      const at = nowIso();
      await m.getRepository(IntakeReportMessage).insert({
        id: randomUUID(),
        reportId: report.id,
        side: 'team',
        body: body.trim(),
        authorId: user.id,
        at,
        readAt: null,
      });
      await appendReportEvent(m, report.id, { type: 'team_message', actor: user, at });
    });
    await this.audit.record({ action: 'intake.write', actor: user, ip, targetId: id, details: { change: 'message' } });
    return this.messages(this.db.manager, id);
  }

  /** Ends the conversation: the reporter sees "closed". Only once the report is handled (pending: dismiss it). */
  async close(user: SessionUser, id: string, ip: string | null): Promise<IntakeReportDetailDto> {
    await this.db.transaction(async (m) => {
      const report = await this.find(m, user, id);
      if (report.closedAt !== null || report.status === 'dismissed') throw new DomainError('INTAKE_REPORT_CLOSED');
      if (report.status === 'pending') throw new DomainError('INTAKE_REPORT_PENDING');
      const at = nowIso();
      await appendReportEvent(m, report.id, { type: 'closed', actor: user, at }, { closedAt: at });
    });
    await this.audit.record({ action: 'intake.write', actor: user, ip, targetId: id, details: { change: 'closed' } });
    return this.toDetail(this.db.manager, await this.find(this.db.manager, user, id), user);
  }

  /** The report if it is in the user's school (the school is in the WHERE), else 404. */
  private async find(m: EntityManager, user: SessionUser, id: string): Promise<IntakeReport> {
    const qb = scopeIntakeReports(m.getRepository(IntakeReport).createQueryBuilder('r'), 'r', user);
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('INTAKE_REPORT_NOT_FOUND');
    const report = await qb.andWhere('r.id = :id', { id }).getOne();
    if (!report) throw new DomainError('INTAKE_REPORT_NOT_FOUND');
    return report;
  }

  /** Marks the report converted / linked (its event) and appends the report to the case's log. */
  private async attach(
    m: EntityManager,
    user: SessionUser,
    report: IntakeReport,
    caseId: string,
    how: 'converted' | 'linked',
    at: string,
  ): Promise<void> {
    const claimed = await m
      .createQueryBuilder()
      .update(IntakeReport)
      .set({ status: how, caseId, handledAt: at, updatedAt: at })
      .where("id = :id AND status = 'pending'", { id: report.id })
      .execute();
    if (!claimed.affected) throw new DomainError('INTAKE_REPORT_ALREADY_HANDLED');
    await appendReportEvent(m, report.id, { type: how, actor: user, payload: { caseId }, at });
    await appendBackendEvent(m, caseId, user, {
      type: INTAKE_REPORT_ATTACHED,
      payload: {
        reportId: report.id,
        code: groupCode(report.code, 3),
        how,
        reporterRole: report.reporterRole,
        since: report.since,
        platforms: report.platforms,
        dangerNow: report.dangerNow,
        // the intake description: the case's timeline shows `text` as the event's body
        text: report.whatHappened,
      },
      at,
    });
  }

  private async unreadCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .getRepository(IntakeReportMessage)
      .createQueryBuilder('msg')
      .select('msg.reportId', 'reportId')
      .addSelect('COUNT(*)', 'n')
      .where('msg.reportId IN (:...ids)', { ids })
      .andWhere("msg.side = 'reporter' AND msg.readAt IS NULL")
      .groupBy('msg.reportId')
      .getRawMany<{ reportId: string; n: string | number }>();
    return new Map(rows.map((r) => [r.reportId, Number(r.n)]));
  }

  private async names(m: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((x): x is string => x !== null))];
    if (!unique.length) return new Map();
    const users = await m.getRepository(User).find({ select: { id: true, displayName: true }, where: { id: In(unique) } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  private async messages(m: EntityManager, reportId: string): Promise<IntakeMessageViewDto[]> {
    const rows = await m.getRepository(IntakeReportMessage).find({ where: { reportId }, order: { at: 'ASC', id: 'ASC' } });
    const names = await this.names(
      m,
      rows.map((r) => r.authorId),
    );
    return rows.map((r) => ({
      from: r.side,
      body: r.body,
      at: r.at,
      ...(r.authorId && names.has(r.authorId) ? { authorName: names.get(r.authorId) } : {}),
    }));
  }

  /** The report as the team sees it; the case it went to only if this user may see that case (restricted cases). */
  private async toDetail(m: EntityManager, r: IntakeReport, user: SessionUser): Promise<IntakeReportDetailDto> {
    const events = await m.getRepository(IntakeReportEvent).find({ where: { reportId: r.id }, order: { seq: 'ASC' } });
    const names = await this.names(
      m,
      events.map((e) => e.actorId),
    );
    const found = r.caseId
      ? await m.getRepository(CaseRecord).findOne({ select: { id: true, reference: true, schoolId: true }, where: { id: r.caseId } })
      : null;
    const caseRow = found && can(user, 'read', caseSubject(found, await caseAccessOf(m, found.id))) ? found : null;
    return {
      id: r.id,
      receivedAt: r.receivedAt,
      language: r.language,
      reporterRole: r.reporterRole,
      whatHappened: r.whatHappened,
      platforms: r.platforms,
      since: r.since,
      involved: r.involved,
      dangerNow: r.dangerNow,
      contact: r.contact,
      status: r.status,
      closed: r.closedAt !== null || r.status === 'dismissed',
      ...(caseRow ? { caseId: caseRow.id, caseReference: caseRow.reference } : {}),
      ...(r.dismissReason ? { dismissReason: r.dismissReason } : {}),
      messages: await this.messages(m, r.id),
      events: events.map((e) => ({
        type: e.type,
        at: e.at,
        ...(e.actorId && names.has(e.actorId) ? { actorName: names.get(e.actorId) } : {}),
      })),
    };
  }
}
