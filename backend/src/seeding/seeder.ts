import { randomUUID } from 'node:crypto';
import { demoData, referenceData } from '@sanad/seeds';
import type { DataSource, EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import { hashPassword } from '../auth/auth.service';
import { CaseRecord } from '../cases/case.entities';
import type { LoadedDefinition } from '@sanad/protocols/node';
import { replayDemoCase, type DemoCase } from './demo-cases';
import { insertEvent } from '../cases/case-events';
import { calendarForSchool } from '../protocols/school-calendars';
import { Province, Region, School } from '../organisation/organisation.entities';
import { User } from '../users/user.entity';
import { Membership, membershipRow } from '../users/membership.entity';

export interface SeedReport {
  inserted: number;
  updated: number;
}

/** Inserts rows that are missing; for reference data also brings changed names up to date. Never deletes. */
async function upsertReference<T extends ObjectLiteral & { id: string }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
  report: SeedReport,
) {
  const repo = m.getRepository(entity);
  for (const row of rows) {
    const existing = await repo.findOneBy({ id: row.id } as never);
    if (!existing) {
      await repo.insert(row);
      report.inserted++;
    } else if (Object.keys(row).some((k) => (existing as Record<string, unknown>)[k] !== (row as Record<string, unknown>)[k])) {
      await repo.update(row.id, row);
      report.updated++;
    }
  }
}

/** Reference data (regions, provinces): always, production included. Idempotent. */
export async function seedReference(db: DataSource): Promise<SeedReport> {
  const report = { inserted: 0, updated: 0 };
  await db.transaction(async (m) => {
    await upsertReference(m, Region, referenceData.regions, report);
    await upsertReference(m, Province, referenceData.provinces, report);
  });
  return report;
}

/**
 * Demo schools, accounts and cases: only outside production. Inserts what is missing and never touches
 * existing rows, so running it again changes nothing and loses nothing (a changed demo password stays changed).
 */
export async function seedDemo(db: DataSource, protocol: LoadedDefinition): Promise<SeedReport> {
  const report = { inserted: 0, updated: 0 };
  const missingUsers: typeof demoData.users = [];
  for (const u of demoData.users) if (!(await db.getRepository(User).existsBy({ id: u.id }))) missingUsers.push(u);
  const passwordHash = missingUsers.length ? await hashPassword(demoData.password) : '';
  await db.transaction(async (m) => {
    for (const s of demoData.schools) {
      if (!(await m.existsBy(School, { id: s.id }))) {
        await m.insert(School, s);
        report.inserted++;
      }
    }
    for (const u of missingUsers) {
      const createdAt = new Date();
      await m.insert(User, {
        id: u.id,
        email: u.email.toLowerCase(),
        displayName: u.displayName,
        locale: u.locale,
        passwordHash,
        active: true,
        createdAt: createdAt.toISOString(),
      });
      // the first membership is the oldest (active at sign-in); the others a millisecond apart, in order
      for (const [i, ms] of [u, ...(u.alsoIn ?? [])].entries()) {
        const at = new Date(createdAt.getTime() + i).toISOString();
        await m.insert(Membership, membershipRow(randomUUID(), u.id, ms.role, { schoolId: ms.schoolId, regionId: ms.regionId }, at));
      }
      report.inserted++;
    }
    const roles = new Map(demoData.users.map((u) => [u.id, u.role as string]));
    for (const c of demoData.cases as DemoCase[]) {
      if (await m.existsBy(CaseRecord, { id: c.id })) continue;
      const calendar = await calendarForSchool(m, c.schoolId);
      const { record, events } = replayDemoCase(c, roles, protocol, calendar);
      await m.insert(CaseRecord, record);
      for (const e of events) {
        await insertEvent(m, {
          id: randomUUID(),
          caseId: c.id,
          seq: e.seq,
          type: e.type,
          payload:
            e.type === 'case_created'
              ? { ...(e.payload as unknown as Record<string, unknown>), demo: true }
              : (e.payload as unknown as Record<string, unknown>),
          actorId: e.actor.id,
          actorRole: e.actor.role,
          at: e.at,
        });
      }
      report.inserted++;
    }
  });
  return report;
}

const unitName = (m: { schoolId: string | null; regionId: string | null }) =>
  demoData.schools.find((s) => s.id === m.schoolId)?.nameFr ?? referenceData.regions.find((r) => r.id === m.regionId)?.nameFr ?? 'national';

/** One line per demo account: its first role and unit (and `+ n` when it holds more). */
export const DEMO_LOGINS = (): { email: string; role: string; school: string }[] =>
  demoData.users.map((u) => ({
    email: u.email,
    role: u.role,
    school: unitName(u) + (u.alsoIn?.length ? ` (+ ${u.alsoIn.map((m) => `${m.role} ${unitName(m)}`).join(', ')})` : ''),
  }));
