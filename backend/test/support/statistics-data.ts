import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseRecord } from '../../src/cases/case.entities';
import { PROJECTION_VERSION, moroccanDay } from '../../src/cases/projection';
import { Province, School } from '../../src/organisation/organisation.entities';
import { User } from '../../src/users/user.entity';

/** A crafted case row for statistics specs: only what statistics read, the rest filled in. */
export type CraftedCase = Partial<CaseRecord> & { schoolId: string };

/** Inserts crafted case rows directly (projection columns as given), in chunks. Returns their ids. */
export async function insertCases(db: DataSource, cases: CraftedCase[]): Promise<string[]> {
  const author = (await db.getRepository(User).find({ take: 1, order: { createdAt: 'ASC' } }))[0];
  const rows = cases.map((c, i) => {
    const createdAt = c.createdAt ?? '2026-10-05T09:00:00.000Z';
    const row: CaseRecord = {
      id: randomUUID(),
      reference: `S${Date.now().toString(36).slice(-6)}-${i}`.slice(0, 20),
      title: 'Cas statistique',
      occurredOn: createdAt.slice(0, 10),
      state: c.closedAt ? 'CLOSED' : 'TRIAGED',
      protocolId: 'ma-cyberharassment',
      protocolVersion: '1.0.0',
      lastEventSeq: 1,
      createdById: author.id,
      assigneeId: null,
      legalHoldAt: null,
      legalHoldById: null,
      legalHoldReason: null,
      legalHoldReleasedAt: null,
      anonymisedAt: null,
      createdAt,
      updatedAt: createdAt,
      nextDueAt: null,
      openSteps: [],
      tier: null,
      typeCodes: null,
      platformCodes: null,
      reviewSteps: null,
      track: null,
      reportDay: moroccanDay(createdAt),
      triagedAt: null,
      firstInterviewAt: null,
      closedAt: null,
      triageDays: null,
      interviewDays: null,
      closureDays: null,
      followUpOutcome: null,
      stepsDue: 0,
      stepsOnTime: 0,
      genderBased: null,
      aiFacilitated: false,
      targetSex: null,
      authorSex: null,
      projectionVersion: PROJECTION_VERSION,
      ...c,
    };
    return row;
  });
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .createQueryBuilder()
      .insert()
      .into(CaseRecord)
      .values(rows.slice(i, i + 100))
      .updateEntity(false)
      .execute();
  }
  return rows.map((r) => r.id);
}

/** A new direction provinciale in a region, for crafted data no seed touches. */
export async function addProvince(db: DataSource, regionId: string, code: string): Promise<string> {
  const id = randomUUID();
  await db
    .getRepository(Province)
    .insert({ id, regionId, code, nameFr: `Province ${code}`, nameAr: `إقليم ${code}`, nameEn: `Province ${code}` });
  return id;
}

export async function addSchool(db: DataSource, provinceId: string, code: string, level = 'college'): Promise<string> {
  const id = randomUUID();
  await db.getRepository(School).insert({ id, provinceId, code, nameFr: `École ${code}`, nameAr: `مؤسسة ${code}`, level });
  return id;
}

export const REGIONS = {
  RSK: '5a0d0000-0000-4000-8000-000000000004',
  MS: '5a0d0000-0000-4000-8000-000000000007',
};
