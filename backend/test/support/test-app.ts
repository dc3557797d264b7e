import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { JsonLogger } from '../../src/common/json-logger';
import { prepareDatabase } from '../../src/database/prepare';
import { hashPassword, sessionUser } from '../../src/auth/auth.service';
import type { SessionUser } from '../../src/common/request-context';
import { Membership, membershipRow } from '../../src/users/membership.entity';
import { User, type Role } from '../../src/users/user.entity';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  logs: string[];
  close(): Promise<void>;
}

/** True when the suite runs against PostgreSQL (CI sets DATABASE_URL for the second run). */
export const onPostgres = (): boolean => Boolean(process.env.DATABASE_URL);

/** Empties the PostgreSQL test database so each API suite starts from migrations + seeds. */
async function resetPostgres(url: string): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  await ds.query('DROP SCHEMA IF EXISTS public CASCADE');
  await ds.query('CREATE SCHEMA public');
  await ds.destroy();
}

/**
 * Boots the real application against a real, fresh database: a new SQLite file in a temp folder, or the
 * PostgreSQL database named by DATABASE_URL (wiped first). Migrations and seeds run as at `npm start`.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { shareWith?: TestApp } = {}): Promise<TestApp> {
  // a second instance on the same database: same data folder (SQLite file) and no reset
  const dir = options.shareWith?.config.dataDir ?? mkdtempSync(join(tmpdir(), 'sanad-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    SQLITE_PATH: join(dir, 'test.sqlite'),
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    FRONTEND_DIR: join(dir, 'no-frontend'),
    ...env,
  });
  const logs: string[] = [];
  const logger = new JsonLogger('info', (line) => logs.push(line));
  if (!options.shareWith) {
    if (config.database.type === 'postgres') await resetPostgres(config.database.url);
    await prepareDatabase(config, logger);
  }
  const app = await createApp(config, logger);
  await app.init();
  return {
    app,
    config,
    logs,
    close: async () => {
      await app.close();
      if (!options.shareWith) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates an account (password `DEMO.password` unless given) holding these roles, oldest first; returns its id.
 */
export async function addAccount(
  db: DataSource,
  email: string,
  roles: { role: Role; schoolId?: string | null; provinceId?: string | null; regionId?: string | null }[],
  password = DEMO.password,
): Promise<string> {
  const id = randomUUID();
  const at = Date.now();
  await db.getRepository(User).insert({
    id,
    email: email.toLowerCase(),
    displayName: `Test ${roles[0]?.role ?? 'account'}`,
    passwordHash: await hashPassword(password),
    locale: 'fr',
    active: true,
    createdAt: new Date(at).toISOString(),
  });
  for (const [i, r] of roles.entries()) {
    await db.getRepository(Membership).insert(membershipRow(randomUUID(), id, r.role, r, new Date(at + i).toISOString()));
  }
  return id;
}

/** The audit trail's view of a person acting in their first membership. */
export async function actorOf(db: DataSource, email: string): Promise<SessionUser> {
  const user = await db.getRepository(User).findOneByOrFail({ email });
  const first = await db.getRepository(Membership).findOneOrFail({ where: { userId: user.id }, order: { createdAt: 'ASC', id: 'ASC' } });
  return sessionUser(user.id, first);
}

export const DEMO = {
  password: 'Sanad-demo-2026!',
  admin: 'admin@demo.sanad.ma',
  regionalAdmin: 'admin.rsk@demo.sanad.ma',
  /** a team member of S0 (Rabat) who is also on the team of the demo school of Kénitra */
  twoSchools: 'orientation.rabat@demo.sanad.ma',
  teacher: 'enseignante@demo.sanad.ma',
  principal: 'directrice@demo.sanad.ma',
  coordinator: 'coordinateur@demo.sanad.ma',
  otherSchoolTeacher: 'equipe.marrakech@demo.sanad.ma',
  officer: 'aref.rsk@demo.sanad.ma',
};
