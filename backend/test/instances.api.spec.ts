import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { Notification } from '../src/notifications/notification.entity';
import { ReminderService } from '../src/notifications/reminder.service';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../src/common/json-logger';
import { SESSION_CACHE_MS } from '../src/auth/session-cache';
import { loadConfig } from '../src/config/config';
import { createDataSource, MIGRATIONS } from '../src/database/data-source';
import { prepareDatabase } from '../src/database/prepare';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

/** Two backend instances on one database, as behind a load balancer. */
describe('API: two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, { shareWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('share sessions: signed in on one, recognised by the other', async () => {
    const login = await request(a.app.getHttpServer() as App)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: DEMO.teacher, password: DEMO.password })
      .expect(200);
    const cookie = login.headers['set-cookie'] as unknown as string[];
    const me = await request(b.app.getHttpServer() as App)
      .get('/api/auth/me')
      .set('Cookie', cookie)
      .expect(200);
    expect(me.body.user.email).toBe(DEMO.teacher);
  });

  it(`see a sign-out made on the other instance within SESSION_CACHE_MS (${SESSION_CACHE_MS} ms), at once on their own`, async () => {
    const login = await request(a.app.getHttpServer() as App)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: DEMO.teacher, password: DEMO.password })
      .expect(200);
    const cookie = login.headers['set-cookie'] as unknown as string[];
    // B resolves (and caches) the session, then A signs it out
    await request(b.app.getHttpServer() as App)
      .get('/api/auth/me')
      .set('Cookie', cookie)
      .expect(200);
    await request(a.app.getHttpServer() as App)
      .post('/api/auth/logout')
      .set(XHR)
      .set('Cookie', cookie)
      .expect(204);
    await request(a.app.getHttpServer() as App)
      .get('/api/auth/me')
      .set('Cookie', cookie)
      .expect(401);
    await new Promise((done) => setTimeout(done, SESSION_CACHE_MS));
    await request(b.app.getHttpServer() as App)
      .get('/api/auth/me')
      .set('Cookie', cookie)
      .expect(401);
  }, 30_000);

  it('order events and refuse the second of two concurrent writes with 409', async () => {
    const onA = await CaseDriver.start(a.app.getHttpServer() as App);
    const onB = await CaseDriver.start(b.app.getHttpServer() as App);
    onB.caseId = onA.caseId;
    await onA.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    const [x, y] = await Promise.all([
      onA.submit('danger_check', 'coordinator', { staffImplicated: false }, 2),
      onB.submit('danger_check', 'principal', { staffImplicated: false }, 2),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const timeline = (await onB.agents.principal.get(`/api/cases/${onA.caseId}/timeline`).expect(200)).body as { seq: number }[];
    expect(timeline.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('give distinct references to cases created at the same moment on both', async () => {
    const onA = await CaseDriver.start(a.app.getHttpServer() as App, 'Référence A');
    const onB = await CaseDriver.start(b.app.getHttpServer() as App, 'Référence B');
    const agents = [onA.agents.team_member, onB.agents.coordinator, onA.agents.principal, onB.agents.team_member];
    const created = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        agents[i % 4]
          .post('/api/cases')
          .set(XHR)
          .send({ title: `Simultané ${i}`, occurredOn: '2026-11-02' }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array.from({ length: 16 }, () => 201));
    const refs = created.map((r) => (r.body as { reference: string }).reference);
    expect(new Set(refs).size).toBe(16);
  });

  it('run the reminder job on one instance at a time, never sending twice', async () => {
    const d = await CaseDriver.start(a.app.getHttpServer() as App, 'Rappels partagés');
    await d.reported();
    const now = new Date('2027-06-30T12:00:00Z');
    const [ra, rb] = await Promise.all([a.app.get(ReminderService).runOnce(now), b.app.get(ReminderService).runOnce(now)]);
    expect([ra.ran, rb.ran].filter(Boolean).length).toBe(1);
    // later, the lease has expired: the other instance runs, and finds nothing new to send
    const later = new Date(now.getTime() + 3_600_000);
    const again = ra.ran ? await b.app.get(ReminderService).runOnce(later) : await a.app.get(ReminderService).runOnce(later);
    expect(again.ran).toBeTrue();
    expect(again.created).toBe(0);
    const rows = await a.app.get(DataSource).getRepository(Notification).findBy({ caseId: d.caseId });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
  });
});

/** Instances started at the same time on a new database: one migrates and seeds, the others wait, none fails. */
describe('instances starting at once', () => {
  it('prepare the same new database concurrently without error, each migration applied once', async () => {
    // several instances are a PostgreSQL set-up (docs/operations.md); a SQLite file has one server
    if (!process.env.DATABASE_URL) return pending('PostgreSQL only: run with DATABASE_URL');
    const dir = mkdtempSync(join(tmpdir(), 'sanad-start-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dir,
      SQLITE_PATH: join(dir, 'start.sqlite'),
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });
    const db = createDataSource(config);
    await db.initialize();
    if (config.database.type === 'postgres') {
      await db.query('DROP SCHEMA IF EXISTS public CASCADE');
      await db.query('CREATE SCHEMA public');
    }
    try {
      const logs: string[] = [];
      const logger = new JsonLogger('info', (line) => logs.push(line));
      await Promise.all([prepareDatabase(config, logger), prepareDatabase(config, logger), prepareDatabase(config, logger)]);
      const applied = await db.query<{ name: string }[]>('SELECT "name" FROM "migrations"');
      expect(applied.length).toBe(MIGRATIONS.length);
      expect(new Set(applied.map((m) => m.name)).size).toBe(MIGRATIONS.length);
      const migrated = logs.map((l) => JSON.parse(l) as { msg: string; applied?: string[] }).filter((l) => l.msg === 'database.migrated');
      expect(migrated.map((l) => l.applied!.length).sort((x, y) => x - y)).toEqual([0, 0, MIGRATIONS.length]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
