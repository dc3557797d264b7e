import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { createDataSource, MIGRATIONS } from '../src/database/data-source';

const CORE_TABLES = [
  'regions',
  'provinces',
  'schools',
  'users',
  'sessions',
  'cases',
  'case_events',
  'protocol_versions',
  'notifications',
  'leases',
];

/** Every migration applies up and down, on SQLite and (with DATABASE_URL) on PostgreSQL. */
describe('database migrations', () => {
  let dir: string;
  let db: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanad-mig-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dir,
      SQLITE_PATH: join(dir, 'm.sqlite'),
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });
    db = createDataSource(config);
    await db.initialize();
    if (config.database.type === 'postgres') {
      await db.query('DROP SCHEMA IF EXISTS public CASCADE');
      await db.query('CREATE SCHEMA public');
    }
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The application's tables (TypeORM's own `migrations` table aside). */
  async function tables(): Promise<string[]> {
    const rows =
      db.options.type === 'postgres'
        ? await db.query<{ name: string }[]>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
        : await db.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    return rows
      .map((r) => r.name)
      .filter((n) => n !== 'migrations')
      .sort();
  }

  it('go up, all the way down, and up again', async () => {
    expect((await db.runMigrations({ transaction: 'each' })).length).toBe(MIGRATIONS.length);
    const all = await tables();
    expect(all).toEqual(jasmine.arrayContaining(CORE_TABLES));
    for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    expect((await db.runMigrations({ transaction: 'each' })).length).toBe(MIGRATIONS.length);
    expect(await tables()).toEqual(all);
    expect(await db.showMigrations()).toBeFalse();
  });
});
