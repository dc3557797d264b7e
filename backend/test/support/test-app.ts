import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { JsonLogger } from '../../src/common/json-logger';
import { prepareDatabase } from '../../src/database/prepare';

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

export const DEMO = {
  password: 'Sanad-demo-2026!',
  teacher: 'enseignante@demo.sanad.ma',
  principal: 'directrice@demo.sanad.ma',
  coordinator: 'coordinateur@demo.sanad.ma',
  otherSchoolTeacher: 'equipe.marrakech@demo.sanad.ma',
  officer: 'aref.rsk@demo.sanad.ma',
};
