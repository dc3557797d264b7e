import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { createDataSource } from '../database/data-source';
import { acquireLease, releaseLease } from './lease';

describe('database lease', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-lease-'));
  const db = createDataSource(loadConfig({ NODE_ENV: 'test', SQLITE_PATH: join(dir, 'l.sqlite'), DATA_DIR: dir }));

  beforeAll(async () => {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets one owner hold it until it expires, then another can take it', async () => {
    const t0 = new Date('2026-11-22T10:00:00Z');
    expect(await acquireLease(db, 'job-a', 'one', 60_000, t0)).toBeTrue();
    expect(await acquireLease(db, 'job-a', 'two', 60_000, new Date(t0.getTime() + 30_000))).toBeFalse();
    expect(await acquireLease(db, 'job-a', 'one', 60_000, new Date(t0.getTime() + 30_000))).toBeTrue();
    expect(await acquireLease(db, 'job-a', 'two', 60_000, new Date(t0.getTime() + 120_000))).toBeTrue();
  });

  it('is free again once released', async () => {
    const t0 = new Date('2026-11-22T10:00:00Z');
    expect(await acquireLease(db, 'job-b', 'one', 60_000, t0)).toBeTrue();
    await releaseLease(db, 'job-b', 'one');
    expect(await acquireLease(db, 'job-b', 'two', 60_000, t0)).toBeTrue();
  });
});
