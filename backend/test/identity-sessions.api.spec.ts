import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AccountService } from '../src/auth/account.service';
import { Session } from '../src/auth/session.entity';
import { User } from '../src/users/user.entity';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

describe('API: passwords and sessions', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  async function signIn(email: string, password = DEMO.password) {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email, password }).expect(200);
    return agent;
  }

  async function sessionsOf(email: string): Promise<Session[]> {
    const user = await db.getRepository(User).findOneByOrFail({ email });
    return db.getRepository(Session).findBy({ userId: user.id });
  }

  it('refuses short, long, common and e-mail-based new passwords, in the user language', async () => {
    const agent = await signIn('orientation.rabat@demo.sanad.ma');
    const cases: [string, string][] = [
      ['Court-2026', 'password.tooShort'],
      ['x'.repeat(257), 'password.tooLong'],
      ['Password2026!', 'password.common'],
      ['QWERTYUIOP123', 'password.common'],
      ['orientation.rabat-2026', 'password.containsEmail'],
    ];
    for (const [newPassword, code] of cases) {
      const res = await agent
        .post('/api/auth/password')
        .set(XHR)
        .set('Accept-Language', 'en')
        .send({ currentPassword: DEMO.password, newPassword })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([jasmine.objectContaining({ field: 'newPassword', code })]);
    }
    const tooShort = await agent
      .post('/api/auth/password')
      .set(XHR)
      .set('Accept-Language', 'ar')
      .send({ currentPassword: DEMO.password, newPassword: 'short' })
      .expect(400);
    expect(tooShort.body.details[0].message).toBe('يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل.');
    const wrong = await agent
      .post('/api/auth/password')
      .set(XHR)
      .send({ currentPassword: 'not-the-password', newPassword: 'violet-tajine-hirondelle' })
      .expect(422);
    expect(wrong.body.code).toBe('PASSWORD_INCORRECT');
    // nothing changed
    await signIn('orientation.rabat@demo.sanad.ma');
  }, 30_000);

  it("changes the password and ends the user's other sessions", async () => {
    const email = DEMO.coordinator;
    const other = await signIn(email);
    const current = await signIn(email);
    await current
      .post('/api/auth/password')
      .set(XHR)
      .send({ currentPassword: DEMO.password, newPassword: 'violet-tajine-hirondelle' })
      .expect(204);
    await other.get('/api/auth/me').expect(401);
    await current.get('/api/auth/me').expect(200);
    expect((await sessionsOf(email)).length).toBe(1);
    await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(401);
    await signIn(email, 'violet-tajine-hirondelle');
  }, 30_000);

  it('ends a session idle for SESSION_IDLE_MINUTES, and refreshes lastSeenAt at most once a minute', async () => {
    const email = DEMO.teacher;
    const agent = await signIn(email);
    const [session] = await sessionsOf(email);
    const repo = db.getRepository(Session);
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

    const recent = ago(20_000);
    await repo.update({ id: session.id }, { lastSeenAt: recent });
    await agent.get('/api/auth/me').expect(200);
    expect((await repo.findOneByOrFail({ id: session.id })).lastSeenAt).toBe(recent);

    await repo.update({ id: session.id }, { lastSeenAt: ago(29 * 60_000) });
    await agent.get('/api/auth/me').expect(200);
    expect(Date.now() - Date.parse((await repo.findOneByOrFail({ id: session.id })).lastSeenAt!)).toBeLessThan(10_000);

    await repo.update({ id: session.id }, { lastSeenAt: ago(31 * 60_000) });
    const res = await agent.get('/api/auth/me').expect(401);
    expect(res.body.code).toBe('AUTH_REQUIRED');
    expect(await repo.existsBy({ id: session.id })).toBeFalse();
  }, 30_000);

  it('ends a session at its absolute end (SESSION_TTL_HOURS) even when active', async () => {
    const agent = await signIn(DEMO.otherSchoolTeacher);
    const user = await db.getRepository(User).findOneByOrFail({ email: DEMO.otherSchoolTeacher });
    await db.getRepository(Session).update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const res = await agent.get('/api/cases').expect(401);
    expect(res.body.code).toBe('AUTH_REQUIRED');
  }, 30_000);

  it('ends the sessions of a disabled account, and logout ends the session', async () => {
    const email = 'social.marrakech@demo.sanad.ma';
    const agent = await signIn(email);
    const user = await db.getRepository(User).findOneByOrFail({ email });
    await t.app.get(AccountService).setActive(user.id, false);
    await agent.get('/api/auth/me').expect(401);
    expect((await sessionsOf(email)).length).toBe(0);
    await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(401);
    await t.app.get(AccountService).setActive(user.id, true);
    const again = await signIn(email);
    await again.post('/api/auth/logout').set(XHR).expect(204);
    expect((await sessionsOf(email)).length).toBe(0);
  }, 30_000);
});

/** Failure counters live in the database: shared by instances, kept across restarts. */
describe('API: sign-in throttling across instances', () => {
  let a: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
  });
  afterAll(async () => a.close());

  const login = (app: TestApp, email: string, password: string, ip: string) =>
    request(app.app.getHttpServer() as App)
      .post('/api/auth/login')
      .set(XHR)
      .set('X-Forwarded-For', ip)
      .send({ email, password });

  it('locks an account after five failures on any instance, also after a restart, existing or not', async () => {
    const b = await startTestApp({}, { shareWith: a });
    try {
      for (let i = 0; i < 3; i++) expect((await login(a, DEMO.principal, 'wrong-password!', '203.0.113.1')).status).toBe(401);
      for (let i = 0; i < 2; i++) expect((await login(b, DEMO.principal, 'wrong-password!', '203.0.113.2')).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await login(b, 'nobody@demo.sanad.ma', 'wrong-password!', '203.0.113.3')).status).toBe(401);
      const existing = await login(a, DEMO.principal, DEMO.password, '203.0.113.4');
      const missing = await login(a, 'nobody@demo.sanad.ma', DEMO.password, '203.0.113.4');
      expect([existing.status, missing.status]).toEqual([429, 429]);
      expect(existing.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
      expect(missing.body).toEqual(jasmine.objectContaining({ code: existing.body.code, message: existing.body.message }));
    } finally {
      await b.close();
    }
    const restarted = await startTestApp({}, { shareWith: a });
    try {
      expect((await login(restarted, DEMO.principal, DEMO.password, '203.0.113.5')).status).toBe(429);
      expect((await login(restarted, DEMO.teacher, DEMO.password, '203.0.113.5')).status).toBe(200);
    } finally {
      await restarted.close();
    }
  }, 30_000);

  it('locks an address after twenty failures, whatever the accounts', async () => {
    for (let i = 0; i < 20; i++) expect((await login(a, `someone${i}@demo.sanad.ma`, 'wrong-password!', '203.0.113.77')).status).toBe(401);
    expect((await login(a, DEMO.teacher, DEMO.password, '203.0.113.77')).status).toBe(429);
    expect((await login(a, DEMO.teacher, DEMO.password, '203.0.113.78')).status).toBe(200);
  }, 30_000);
});
