import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { User } from '../users/user.entity';
import { CaseRecord } from './case.entities';
import type { CasePageDto, CaseSummaryDto } from './dto/case-summary.dto';
import type { CreateCaseDto } from './dto/create-case.dto';
import { caseScope, loadCaseAccess, scopeCases, type CaseAccess } from '../access';
import { openCase } from './new-case';
import { insertEvent } from './case-events';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { SchoolCalendars } from '../protocols/school-calendars';

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogue: ProtocolCatalogue,
    private readonly calendars: SchoolCalendars,
  ) {}

  async list(user: SessionUser, page: number, pageSize: number): Promise<CasePageDto> {
    const qb = scopeCases(this.db.getRepository(CaseRecord).createQueryBuilder('c'), 'c', user)
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.reference', 'DESC');
    const [rows, total] = await qb
      .clone()
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    const authors = await this.authors(rows.map((r) => r.createdById));
    const access = await loadCaseAccess(
      this.db.manager,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => this.toSummary(r, authors, access.get(r.id))), total, page, pageSize };
  }

  /** Opens a case: the projection row and its first event, in one transaction. Retries if two staff create at once. */
  async create(user: SessionUser, dto: CreateCaseDto): Promise<CaseSummaryDto> {
    const { schoolId } = caseScope(user);
    for (let attempt = 1; ; attempt++) {
      try {
        const record = await this.db.transaction((m) => this.insertCase(m, user, schoolId, dto));
        return this.toSummary(record, await this.authors([record.createdById]));
      } catch (error) {
        if (attempt < 5 && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) continue;
        throw error;
      }
    }
  }

  private async insertCase(m: EntityManager, user: SessionUser, schoolId: string, dto: CreateCaseDto): Promise<CaseRecord> {
    const at = nowIso();
    const protocol = this.catalogue.latestPublished(this.config.defaultProtocolId);
    const calendar = await this.calendars.forSchool(schoolId);
    const year = at.slice(0, 4);
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
    return record;
  }

  private async authors(ids: string[]): Promise<Map<string, User>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const users = await this.db.getRepository(User).createQueryBuilder('u').where('u.id IN (:...ids)', { ids: unique }).getMany();
    return new Map(users.map((u) => [u.id, u]));
  }

  private toSummary(r: CaseRecord, authors: Map<string, User>, access?: CaseAccess): CaseSummaryDto {
    return {
      id: r.id,
      reference: r.reference,
      title: r.title,
      occurredOn: r.occurredOn,
      state: r.state,
      createdAt: r.createdAt,
      createdBy: { id: r.createdById, displayName: authors.get(r.createdById)?.displayName ?? '' },
      restricted: access?.restricted ?? false,
    };
  }
}
