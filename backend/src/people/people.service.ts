import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Like, QueryFailedError, type EntityManager } from 'typeorm';
import { findVisibleCase } from '../access';
import { appendBackendEvent, PERSON_REMOVED, PERSON_UPDATED } from '../cases/case-events';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { User } from '../users/user.entity';
import type { CreatePersonDto, PersonDto, UpdatePersonDto } from './dto';
import { CasePerson, CODE_LETTER, type PersonKind, type PersonRole, type PersonSex } from './person.entity';
import { CaseRecord } from '../cases/case.entities';
import { peopleSexOf } from '../cases/projection';
import { lockSeries } from '../database/series-lock';

const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());

/** People involved in a case and their pseudonymous codes (issue #6). Same access as the case itself. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: SessionUser, caseId: string): Promise<PersonDto[]> {
    await findVisibleCase(this.db.manager, user, caseId);
    const rows = await this.db
      .getRepository(CasePerson)
      .find({ where: { caseId, removedAt: IsNull() }, order: { createdAt: 'ASC', code: 'ASC' } });
    return this.toDtos(rows);
  }

  /** Adds a person with the next free code of their role; retries when two staff add one to the case at once. */
  async add(user: SessionUser, caseId: string, body: CreatePersonDto, ip: string | null): Promise<PersonDto> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.insertPerson(user, caseId, body, ip);
      } catch (error) {
        // both read the same last code: the unique (caseId, code) index refused the second; it takes the next one
        if (attempt < 5 && error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) continue;
        throw error;
      }
    }
  }

  private async insertPerson(user: SessionUser, caseId: string, body: CreatePersonDto, ip: string | null): Promise<PersonDto> {
    const person = await this.db.transaction(async (m) => {
      await findVisibleCase(m, user, caseId, 'update');
      const row: CasePerson = {
        id: randomUUID(),
        caseId,
        code: await this.nextCode(m, caseId, body.role as PersonRole),
        role: body.role as PersonRole,
        kind: body.kind as PersonKind,
        displayName: blank(body.displayName) ?? null,
        classLabel: blank(body.classLabel) ?? null,
        note: blank(body.note) ?? null,
        sex: (body.sex as PersonSex | undefined) ?? null,
        createdById: user.id,
        createdAt: nowIso(),
        removedAt: null,
      };
      await m.insert(CasePerson, row);
      if (row.sex) await this.refreshSexColumns(m, caseId);
      return row;
    });
    await this.audit.record({
      action: 'case.write',
      actor: user,
      ip,
      caseId,
      targetId: person.id,
      details: { people: 'add', code: person.code },
    });
    return (await this.toDtos([person]))[0];
  }

  /**
   * Corrects a person's details; a change of role keeps the code (codes are never reused or renumbered). The row is
   * updated and a `person_updated` event (`{ personId, code, changed: { field: { from, to } }, reason? }`) appended to
   * the case timeline in the same transaction, so who corrected what and when is kept (Law 09-08 right of
   * correction: docs/subject-access.md). Nothing changed: no event. `expectedSeq`, when sent, is checked (409).
   */
  async update(user: SessionUser, caseId: string, personId: string, body: UpdatePersonDto, ip: string | null): Promise<PersonDto> {
    const { person, changed } = await this.db.transaction(async (m) => {
      await findVisibleCase(m, user, caseId, 'update');
      const row = await this.find(m, caseId, personId);
      const patch: Partial<CasePerson> = {};
      if (body.role !== undefined) patch.role = body.role as PersonRole;
      if (body.kind !== undefined) patch.kind = body.kind as PersonKind;
      if (body.sex !== undefined) patch.sex = body.sex as PersonSex | null;
      for (const key of ['displayName', 'classLabel', 'note'] as const) {
        const value = blank(body[key]);
        if (value !== undefined) patch[key] = value;
      }
      const diff: Record<string, { from: string | null; to: string | null } | Record<string, never>> = {};
      for (const [key, to] of Object.entries(patch) as [keyof CasePerson, string | null][]) {
        const from = row[key];
        // the sex is sensitive: the timeline says it was corrected, never to or from what (like the audit trail)
        if (from !== to) diff[key] = key === 'sex' ? {} : { from, to };
      }
      const fields = Object.keys(diff);
      if (fields.length) {
        const reason = blank(body.reason) ?? null;
        await m.update(CasePerson, { id: row.id }, patch);
        if (diff.sex || diff.role) await this.refreshSexColumns(m, caseId);
        await appendBackendEvent(m, caseId, user, {
          type: PERSON_UPDATED,
          payload: { personId: row.id, code: row.code, changed: diff, ...(reason ? { reason } : {}) },
          at: nowIso(),
          expectedSeq: body.expectedSeq,
        });
      } else if (body.expectedSeq !== undefined) {
        const { record } = await findVisibleCase(m, user, caseId);
        if (record.lastEventSeq !== body.expectedSeq) throw new DomainError('CONFLICT');
      }
      return { person: { ...row, ...patch }, changed: fields };
    });
    await this.audit.record({
      action: 'case.write',
      actor: user,
      ip,
      caseId,
      targetId: person.id,
      details: { people: 'update', code: person.code, fields: changed },
    });
    return (await this.toDtos([person]))[0];
  }

  async remove(user: SessionUser, caseId: string, personId: string, ip: string | null): Promise<void> {
    const person = await this.db.transaction(async (m) => {
      await findVisibleCase(m, user, caseId, 'update');
      const row = await this.find(m, caseId, personId);
      const at = nowIso();
      await m.update(CasePerson, { id: row.id }, { removedAt: at });
      if (row.sex) await this.refreshSexColumns(m, caseId);
      await appendBackendEvent(m, caseId, user, { type: PERSON_REMOVED, payload: { personId: row.id, code: row.code }, at });
      return row;
    });
    await this.audit.record({
      action: 'case.write',
      actor: user,
      ip,
      caseId,
      targetId: person.id,
      details: { people: 'remove', code: person.code },
    });
  }

  /** The case's targetSex / authorSex statistic columns (cases/projection.ts peopleSexOf), in the same transaction. */
  private async refreshSexColumns(m: EntityManager, caseId: string): Promise<void> {
    const people = await m.find(CasePerson, { select: { role: true, sex: true }, where: { caseId, removedAt: IsNull() } });
    await m.update(CaseRecord, { id: caseId }, peopleSexOf(people));
  }

  private async find(m: EntityManager, caseId: string, personId: string): Promise<CasePerson> {
    const row = /^[0-9a-f-]{36}$/i.test(personId) ? await m.findOneBy(CasePerson, { id: personId, caseId, removedAt: IsNull() }) : null;
    if (!row) throw new DomainError('PERSON_NOT_FOUND');
    return row;
  }

  /** E1, E2… per role, counting removed people too, so that a code is never given twice in a case. */
  private async nextCode(m: EntityManager, caseId: string, role: PersonRole): Promise<string> {
    const letter = CODE_LETTER[role];
    await lockSeries(m, `person-code:${caseId}`);
    const used = await m.find(CasePerson, { select: { code: true }, where: { caseId, code: Like(`${letter}%`) } });
    const max = used.reduce((n, p) => Math.max(n, Number(p.code.slice(1)) || 0), 0);
    return `${letter}${max + 1}`;
  }

  private async toDtos(rows: CasePerson[]): Promise<PersonDto[]> {
    const ids = [...new Set(rows.map((r) => r.createdById))];
    const users = ids.length ? await this.db.getRepository(User).findBy({ id: In(ids) }) : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      role: r.role,
      kind: r.kind,
      displayName: r.displayName,
      classLabel: r.classLabel,
      note: r.note,
      sex: r.sex,
      createdAt: r.createdAt,
      createdBy: { id: r.createdById, displayName: names.get(r.createdById) ?? '' },
    }));
  }
}
