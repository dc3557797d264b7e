import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { createDataSource, MIGRATIONS } from '../src/database/data-source';
import { Memberships1764300000000 } from '../src/database/migrations/1764300000000-memberships';

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

  it("turns each user's single role into a membership, and back", async () => {
    await db.runMigrations({ transaction: 'each' });
    // back to the schema of one role per user, with a school user and a regional officer in it
    const later = MIGRATIONS.length - MIGRATIONS.indexOf(Memberships1764300000000);
    for (let i = 0; i < later; i++) await db.undoLastMigration({ transaction: 'each' });
    const pg = db.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    const region = '5a0d0000-0000-4000-8000-0000000000aa';
    const province = '5a0d0001-0000-4000-8000-0000000000aa';
    const school = '5a0d0002-0000-4000-8000-0000000000aa';
    await db.query(`INSERT INTO "regions" ("id", "code", "nameFr", "nameAr", "nameEn") VALUES (${p(1)}, 'TST', 'R', 'ر', 'R')`, [region]);
    await db.query(
      `INSERT INTO "provinces" ("id", "regionId", "code", "nameFr", "nameAr", "nameEn") VALUES (${p(1)}, ${p(2)}, 'TST-P', 'P', 'ب', 'P')`,
      [province, region],
    );
    await db.query(
      `INSERT INTO "schools" ("id", "provinceId", "code", "nameFr", "nameAr", "level") VALUES (${p(1)}, ${p(2)}, 'TST-S', 'S', 'م', 'college')`,
      [school, province],
    );
    const insertUser = (id: string, role: string, schoolId: string | null, regionId: string | null) =>
      db.query(
        `INSERT INTO "users" ("id", "email", "displayName", "passwordHash", "role", "schoolId", "regionId", "locale", "active", "createdAt") VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(', ')})`,
        [id, `${role}@t.ma`, role, 'x', role, schoolId, regionId, 'fr', pg ? true : 1, '2026-11-01T00:00:00.000Z'],
      );
    await insertUser('5a0d0003-0000-4000-8000-0000000000a1', 'principal', school, null);
    await insertUser('5a0d0003-0000-4000-8000-0000000000a2', 'officer', null, region);
    // rows that point to users must survive the rebuild of the users table (SQLite)
    await db.query(
      `INSERT INTO "user_mfa" ("userId", "secret", "pendingSecret", "enabledAt", "lastStep") VALUES (${p(1)}, 'sealed', NULL, NULL, NULL)`,
      ['5a0d0003-0000-4000-8000-0000000000a1'],
    );
    await db.runMigrations({ transaction: 'each' });
    expect((await db.query<unknown[]>(`SELECT "userId" FROM "user_mfa"`)).length).toBe(1);
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT "userId", "role", "schoolId", "regionId", "unitKey" FROM "memberships" ORDER BY "role"`,
    );
    expect(rows).toEqual([
      { userId: '5a0d0003-0000-4000-8000-0000000000a2', role: 'officer', schoolId: null, regionId: region, unitKey: `region:${region}` },
      { userId: '5a0d0003-0000-4000-8000-0000000000a1', role: 'principal', schoolId: school, regionId: null, unitKey: `school:${school}` },
    ]);
    // and down again: each user gets their (oldest) role back
    for (let i = 0; i < later; i++) await db.undoLastMigration({ transaction: 'each' });
    expect((await db.query<unknown[]>(`SELECT "userId" FROM "user_mfa"`)).length).toBe(1);
    const users = await db.query<Record<string, unknown>[]>(`SELECT "role", "schoolId", "regionId" FROM "users" ORDER BY "role"`);
    expect(users).toEqual([
      { role: 'officer', schoolId: null, regionId: region },
      { role: 'principal', schoolId: school, regionId: null },
    ]);
    // leave an empty database for the other spec, whatever the order
    for (let i = 0; i < MIGRATIONS.length - later; i++) await db.undoLastMigration({ transaction: 'each' });
  });
});
