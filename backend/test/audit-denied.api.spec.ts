import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Row {
  action: string;
  actorId: string | null;
  details: string;
}

/** Each kind of attempt gets its refusal and leaves an entry in the audit trail. */
describe('API: refused attempts are audited', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  async function denied(): Promise<{ code: string; status: string; route: string; actorId: string | null }[]> {
    const rows = await t.app
      .get(DataSource)
      .query<Row[]>(`SELECT "action", "actorId", "details" FROM audit_log WHERE "action" = 'access.denied' ORDER BY "seq"`);
    return rows.map((r) => ({ ...(JSON.parse(r.details) as { code: string; status: string; route: string }), actorId: r.actorId }));
  }

  it('records another school probing a case, a forged session, a missing CSRF header, an extra field and a burst', async () => {
    const d = await CaseDriver.start(server, 'Cas sondé');
    const intruder = request.agent(server);
    await intruder.post('/api/auth/login').set(XHR).send({ email: DEMO.otherSchoolTeacher, password: DEMO.password }).expect(200);
    await intruder.get(`/api/cases/${d.caseId}`).expect(404);
    await request(server).get('/api/cases').set('Cookie', 'sanad_session=forged-token-value').expect(401);
    await d.agents.team_member.post('/api/cases').send({ title: 'Sans en-tête', occurredOn: '2026-11-01' }).expect(403);
    await d.agents.team_member
      .post('/api/cases')
      .set(XHR)
      .send({ title: 'Affectation', occurredOn: '2026-11-01', schoolId: 'x' })
      .expect(400);
    for (let i = 0; i < 5; i++)
      await request(server)
        .post('/api/auth/login')
        .set(XHR)
        .send({ email: 'burst@demo.sanad.ma', password: 'wrong-password!' })
        .expect(401);
    await request(server).post('/api/auth/login').set(XHR).send({ email: 'burst@demo.sanad.ma', password: 'wrong-password!' }).expect(429);

    const entries = await denied();
    const codes = entries.map((e) => e.code);
    expect(codes).toEqual(
      jasmine.arrayContaining(['CASE_NOT_FOUND', 'AUTH_REQUIRED', 'CSRF_HEADER_MISSING', 'VALIDATION_FAILED', 'AUTH_TOO_MANY_ATTEMPTS']),
    );
    expect(entries.find((e) => e.code === 'CASE_NOT_FOUND')?.route).toBe('/api/cases/:id');
    expect(entries.find((e) => e.code === 'CASE_NOT_FOUND')?.actorId).not.toBeNull();
    const failedLogins = await t.app.get(DataSource).query<Row[]>(`SELECT "action" FROM audit_log WHERE "action" = 'auth.login_failed'`);
    expect(failedLogins.length).toBeGreaterThanOrEqual(5);
    expect((await t.app.get(AuditService).verify()).ok).toBeTrue();
  });

  it('does not record a plain "not signed in" check', async () => {
    const before = (await denied()).length;
    await request(server).get('/api/auth/me').expect(401);
    await request(server).get('/api/cases').expect(401);
    expect((await denied()).length).toBe(before);
  });
});
