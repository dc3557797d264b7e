import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { moroccanDayStart, nextDay } from '../common/dates';
import { likePattern } from '../common/like';
import type { ListCasesQuery } from './dto/list-cases.query';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { CaseRecord } from './case.entities';
import type { CasePageDto, CaseSummaryDto } from './dto/case-summary.dto';
import type { CreateCaseDto } from './dto/create-case.dto';
import { CASE_ACCESS_TABLE, can, caseScope, caseSubject, scopeCases } from '../access';
import { hydrate, placeholder } from '../database/raw-rows';
import { openCase } from './new-case';
import { DANGER_REPORTED, insertEvent } from './case-events';
import { DANGER_STEP, dangerSigns } from './danger';
import { DomainError } from '../common/domain-error';
import { Notification } from '../notifications/notification.entity';
import { schoolStaff } from '../users/school-staff';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { SchoolCalendars } from '../protocols/school-calendars';
import { lockSeries } from '../database/series-lock';

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogue: ProtocolCatalogue,
    private readonly calendars: SchoolCalendars,
  ) {}

  async list(user: SessionUser, query: ListCasesQuery): Promise<CasePageDto> {
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 20);
    const sql = caseListQueries(this.db.manager, user, query, nowIso(), page, pageSize);
    const [raw, [{ cnt }]] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(...sql.page),
      this.db.query<{ cnt: number | string }[]>(...sql.count),
    ]);
    const rows = raw.map((r) => ({ record: hydrate(this.db.manager, CaseRecord, r, 'c_'), restricted: Number(r.restricted) > 0 }));
    const authors = await this.authors(rows.flatMap(({ record: r }) => (r.assigneeId ? [r.createdById, r.assigneeId] : [r.createdById])));
    return {
      items: rows.map(({ record, restricted }) => this.toSummary(record, authors, restricted)),
      total: Number(cnt),
      page,
      pageSize,
    };
  }

  /** Opens a case: the projection row and its first event, in one transaction. Retries if two staff create at once. */
  async create(user: SessionUser, dto: CreateCaseDto): Promise<CaseSummaryDto> {
    const { schoolId } = caseScope(user);
    for (let attempt = 1; ; attempt++) {
      try {
        const record = await this.db.transaction((m) => this.insertCase(m, user, schoolId, dto));
        return this.toSummary(record, await this.authors([record.createdById]), false);
      } catch (error) {
        if (attempt < 5 && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) continue;
        throw error;
      }
    }
  }

  /** Opens a case in the caller's transaction (also used to turn a report of the public channel into a case). */
  async insertCase(m: EntityManager, user: SessionUser, schoolId: string, dto: CreateCaseDto): Promise<CaseRecord> {
    const at = nowIso();
    const protocol = this.catalogue.latestPublished(this.config.defaultProtocolId);
    const calendar = await this.calendars.forSchool(schoolId);
    const year = at.slice(0, 4);
    await lockSeries(m, `case-reference:${schoolId}`);
    const last = await m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select('MAX(c.reference)', 'max')
      .where('c.schoolId = :schoolId AND c.reference LIKE :prefix', { schoolId, prefix: `${year}-%` })
      .getRawOne<{ max: string | null }>();
    const next = last?.max ? Number(last.max.slice(5)) + 1 : 1;
    const { record, event } = openCase(
      {
        id: randomUUID(),
        schoolId,
        reference: `${year}-${String(next).padStart(4, '0')}`,
        title: dto.title,
        occurredOn: dto.occurredOn,
        createdById: user.id,
        createdByRole: user.role,
        at,
      },
      protocol,
      calendar,
    );
    const flags = [...new Set(dto.dangerSigns ?? [])];
    const known = dangerSigns(protocol.definition);
    if (flags.some((f) => !known.includes(f))) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'dangerSigns', code: 'case.dangerSigns.invalid' }]);
    }
    if (flags.length) record.lastEventSeq = 2;
    await m.insert(CaseRecord, record);
    await insertEvent(m, {
      id: randomUUID(),
      caseId: record.id,
      seq: 1,
      type: event.type,
      payload: event.payload as unknown as Record<string, unknown>,
      actorId: user.id,
      actorRole: user.role,
      at,
    });
    if (flags.length) {
      await insertEvent(m, {
        id: randomUUID(),
        caseId: record.id,
        seq: 2,
        type: DANGER_REPORTED,
        payload: { flags },
        actorId: user.id,
        actorRole: user.role,
        at,
      });
      await this.alertDanger(m, record, user);
    }
    return record;
  }

  /** A danger sign at intake: every coordinator and the principal of the school get a notice at once. */
  private async alertDanger(m: EntityManager, record: CaseRecord, user: SessionUser): Promise<void> {
    const subject = caseSubject(record, { restricted: false, memberIds: [] });
    const people = (await schoolStaff(m, record.schoolId, { roles: ['coordinator', 'principal'] })).filter(
      (p) => p.id !== user.id && can(p, 'read', subject),
    );
    for (const personId of new Set(people.map((p) => p.id))) {
      await m.insert(Notification, {
        id: randomUUID(),
        userId: personId,
        caseId: record.id,
        stepId: DANGER_STEP,
        kind: 'danger_reported',
        dueAt: null,
        dedupeKey: `${record.id}:danger:${personId}`,
        createdAt: record.createdAt,
        readAt: null,
        emailedAt: null,
      });
    }
  }

  /** The names of these people (only the two columns: no entity to build per row). */
  private async authors(ids: string[]): Promise<Map<string, { displayName: string }>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const users = await this.db.query<{ id: string; displayName: string }[]>(
      `SELECT "id", "displayName" FROM "users" WHERE "id" IN (${unique.map((_, i) => placeholder(this.db.manager, i + 1)).join(', ')})`,
      unique,
    );
    return new Map(users.map((u) => [u.id, u]));
  }

  private toSummary(r: CaseRecord, authors: Map<string, { displayName: string }>, restricted: boolean): CaseSummaryDto {
    const assignee = r.assigneeId ? { id: r.assigneeId, displayName: authors.get(r.assigneeId)?.displayName ?? '' } : null;
    return caseSummary(r, authors.get(r.createdById)?.displayName ?? '', restricted, assignee);
  }
}

/** The columns a list shows (caseSummary): not the whole projection (open steps, statistics columns). */
const LIST_COLUMNS = [
  'id',
  'reference',
  'title',
  'occurredOn',
  'state',
  'createdAt',
  'createdById',
  'assigneeId',
  'tier',
  'typeCodes',
  'platformCodes',
  'nextDueAt',
  'reviewSteps',
] as const;

/**
 * The SQL of one page of the case list and of its count (exported: bench/api-load.mjs runs the same texts in its
 * baseline): the access scope and the filters from the query builder, the page with only the listed columns and
 * whether each case is restricted, as `[sql, parameters]` for `query`.
 */
export function caseListQueries(
  m: EntityManager,
  user: SessionUser,
  query: ListCasesQuery,
  now: string,
  page: number,
  pageSize: number,
): { page: [string, unknown[]]; count: [string, unknown[]] } {
  const qb = scopeCases(m.getRepository(CaseRecord).createQueryBuilder('c'), 'c', user);
  applyCaseFilters(qb, query, now, user.id);
  const e = (name: string) => m.connection.driver.escape(name);
  const listed = qb
    .clone()
    .select(LIST_COLUMNS.map((c) => `c.${c}`))
    .addSelect(
      `(SELECT COUNT(*) FROM ${e(CASE_ACCESS_TABLE)} ${e('r')} WHERE ${e('r')}.${e('caseId')} = ${e('c')}.${e('id')})`,
      'restricted',
    )
    .offset((page - 1) * pageSize)
    .limit(pageSize);
  const counted = qb.clone().select('COUNT(1)', 'cnt').orderBy();
  return { page: listed.getQueryAndParameters(), count: counted.getQueryAndParameters() };
}

/** A case as lists and the case page show it (projection columns included). */
export function caseSummary(
  r: CaseRecord,
  createdByName: string,
  restricted: boolean,
  assignee: { id: string; displayName: string } | null,
): CaseSummaryDto {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    occurredOn: r.occurredOn,
    state: r.state,
    createdAt: r.createdAt,
    createdBy: { id: r.createdById, displayName: createdByName },
    assignee,
    restricted,
    tier: r.tier,
    types: codesOf(r.typeCodes),
    platforms: codesOf(r.platformCodes),
    nextDueAt: r.nextDueAt,
    overdue: r.nextDueAt !== null && r.nextDueAt < nowIso(),
    awaitingPrincipal: codesOf(r.reviewSteps),
  };
}

const codesOf = (list: string | null): string[] => (list ? list.split('|').filter(Boolean) : []);

const SORTS: Record<string, [string, 'ASC' | 'DESC'][]> = {
  '-createdAt': [
    ['c.createdAt', 'DESC'],
    ['c.reference', 'DESC'],
  ],
  createdAt: [
    ['c.createdAt', 'ASC'],
    ['c.reference', 'ASC'],
  ],
  nextDueAt: [
    ['c.nextDueAt', 'ASC'],
    ['c.createdAt', 'DESC'],
  ],
  '-updatedAt': [
    ['c.updatedAt', 'DESC'],
    ['c.reference', 'DESC'],
  ],
  reference: [['c.reference', 'ASC']],
  '-reference': [['c.reference', 'DESC']],
};

/** The list's filters and order, in SQL (the school scope is applied by scopeCases). */
export function applyCaseFilters(qb: SelectQueryBuilder<CaseRecord>, query: ListCasesQuery, now: string, userId: string): void {
  const list = (v: string) => v.split(',').filter(Boolean);
  if (query.q) qb.andWhere("(LOWER(c.reference) LIKE :q ESCAPE '\\' OR LOWER(c.title) LIKE :q ESCAPE '\\')", { q: likePattern(query.q) });
  if (query.state) qb.andWhere('c.state IN (:...states)', { states: list(query.state) });
  if (query.tier) qb.andWhere('c.tier IN (:...tiers)', { tiers: list(query.tier) });
  const anyCode = (column: string, name: string, values: string[]) =>
    qb.andWhere(
      `(${values.map((_, i) => `c.${column} LIKE :${name}${i}`).join(' OR ')})`,
      Object.fromEntries(values.map((v, i) => [`${name}${i}`, `%|${v}|%`])),
    );
  if (query.type) anyCode('typeCodes', 'type', list(query.type));
  if (query.platform) anyCode('platformCodes', 'platform', list(query.platform));
  if (query.createdBy) qb.andWhere('c.createdById = :createdBy', { createdBy: query.createdBy });
  if (query.assignee === 'none') qb.andWhere('c.assigneeId IS NULL');
  else if (query.assignee) qb.andWhere('c.assigneeId = :assignee', { assignee: query.assignee === 'me' ? userId : query.assignee });
  if (query.from) qb.andWhere('c.createdAt >= :from', { from: moroccanDayStart(query.from) });
  if (query.to) qb.andWhere('c.createdAt < :to', { to: moroccanDayStart(nextDay(query.to)) });
  if (query.overdue === 'true') qb.andWhere('c.nextDueAt IS NOT NULL AND c.nextDueAt < :now', { now });
  if (query.overdue === 'false') qb.andWhere('(c.nextDueAt IS NULL OR c.nextDueAt >= :now)', { now });
  if (query.review === 'true') qb.andWhere('c.reviewSteps IS NOT NULL');
  if (query.review === 'false') qb.andWhere('c.reviewSteps IS NULL');
  const order = SORTS[query.sort ?? '-createdAt'];
  // nulls last for deadlines on both databases
  if (query.sort === 'nextDueAt') qb.orderBy('CASE WHEN c.nextDueAt IS NULL THEN 1 ELSE 0 END', 'ASC');
  order.forEach(([column, dir], i) => (i === 0 && query.sort !== 'nextDueAt' ? qb.orderBy(column, dir) : qb.addOrderBy(column, dir)));
}
