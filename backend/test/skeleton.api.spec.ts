import request from 'supertest';
import type { App } from 'supertest/types';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

describe('API: walking skeleton against a real database', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  async function signedIn(email: string) {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
    return agent;
  }

  it('GET /api/health checks the database', async () => {
    const res = await request(server).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document with the case routes', async () => {
    const res = await request(server).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths as object)).toEqual(jasmine.arrayContaining(['/api/cases', '/api/auth/login', '/api/health']));
  });

  it('sets security headers and request ids', async () => {
    const res = await request(server).get('/api/health').set('X-Request-Id', 'trace-abc-12345');
    expect(res.headers['x-request-id']).toBe('trace-abc-12345');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('signs in with a demo login, sets an httpOnly cookie and returns the profile', async () => {
    const res = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: 'Enseignante@Demo.Sanad.ma ', password: DEMO.password })
      .expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('sanad_session=');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.body.user).toEqual(
      jasmine.objectContaining({
        email: DEMO.teacher,
        role: 'team_member',
        school: jasmine.objectContaining({ name: 'Collège Ibn Khaldoun (démo)' }),
      }),
    );
    expect(res.body.user.passwordHash).toBeUndefined();
  });

  it('refuses a wrong password and an unknown account with the same answer, translated', async () => {
    const wrong = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .set('Accept-Language', 'ar')
      .send({ email: DEMO.principal, password: 'not-the-password' })
      .expect(401);
    const unknown = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .set('Accept-Language', 'ar')
      .send({ email: 'nobody@demo.sanad.ma', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(wrong.body.message).toBe('البريد الإلكتروني أو كلمة المرور غير صحيحة.');
  });

  it('throttles repeated failures on one account without saying whether it exists', async () => {
    const email = 'ghost-account@demo.sanad.ma';
    for (let i = 0; i < 5; i++)
      await request(server).post('/api/auth/login').set(XHR).send({ email, password: 'wrong-password!' }).expect(401);
    const res = await request(server).post('/api/auth/login').set(XHR).send({ email, password: 'wrong-password!' }).expect(429);
    expect(res.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
  });

  it('requires a session for the case list and the profile', async () => {
    const res = await request(server).get('/api/cases').expect(401);
    expect(res.body).toEqual(
      jasmine.objectContaining({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'Veuillez vous connecter pour continuer.' }),
    );
    await request(server).get('/api/auth/me').expect(401);
  });

  it("lists only the teacher's own school's cases, newest first", async () => {
    const agent = await signedIn(DEMO.teacher);
    const res = await agent.get('/api/cases').expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(3);
    const titles = (res.body.items as { title: string }[]).map((c) => c.title);
    expect(titles).toContain('Rumeurs diffusées sur TikTok visant un élève');
    expect(titles).not.toContain('Moqueries sur Snapchat après un match de football');
    const created = (res.body.items as { createdAt: string }[]).map((c) => c.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('creates a case that is then listed for the school but not for another school', async () => {
    const agent = await signedIn(DEMO.teacher);
    const created = await agent
      .post('/api/cases')
      .set(XHR)
      .send({ title: '  Menaces par messages privés sur Instagram  ', occurredOn: '2026-11-02' })
      .expect(201);
    expect(created.body).toEqual(
      jasmine.objectContaining({
        title: 'Menaces par messages privés sur Instagram',
        occurredOn: '2026-11-02',
        state: 'REPORTED',
        createdBy: jasmine.objectContaining({ displayName: 'Salma Bennani' }),
      }),
    );
    expect(created.body.reference).toMatch(/^\d{4}-\d{4}$/);
    const mine = await agent.get('/api/cases?page=1&pageSize=100').expect(200);
    expect((mine.body.items as { id: string }[]).map((c) => c.id)).toContain(created.body.id);
    const other = await signedIn(DEMO.otherSchoolTeacher);
    const theirs = await other.get('/api/cases?pageSize=100').expect(200);
    expect((theirs.body.items as { id: string }[]).map((c) => c.id)).not.toContain(created.body.id);
  });

  it('gives each new case of a school its own reference', async () => {
    const agent = await signedIn(DEMO.teacher);
    const refs = await Promise.all(
      [1, 2, 3].map(
        async (i) =>
          (
            await agent
              .post('/api/cases')
              .set(XHR)
              .send({ title: `Parallèle ${i}`, occurredOn: '2026-11-01' })
              .expect(201)
          ).body.reference as string,
      ),
    );
    expect(new Set(refs).size).toBe(3);
  });

  it('paginates', async () => {
    const agent = await signedIn(DEMO.teacher);
    const page1 = await agent.get('/api/cases?page=1&pageSize=2').expect(200);
    const page2 = await agent.get('/api/cases?page=2&pageSize=2').expect(200);
    expect(page1.body.items.length).toBe(2);
    expect(page1.body.pageSize).toBe(2);
    expect(page2.body.page).toBe(2);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  });

  it('rejects bad case input field by field, in the requested language', async () => {
    const agent = await signedIn(DEMO.teacher);
    const res = await agent
      .post('/api/cases')
      .set(XHR)
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send({ title: 'ab', occurredOn: '2099-01-01', extra: 1 })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      jasmine.arrayWithExactContents([
        { field: 'title', code: 'case.title.length', message: 'The title must be between 3 and 200 characters.' },
        { field: 'occurredOn', code: 'case.occurredOn.future', message: 'The date of the facts cannot be in the future.' },
        { field: 'extra', code: 'validation.unknownField', message: 'This field is not expected.' },
      ]),
    );
    const missing = await agent.post('/api/cases').set(XHR).send({}).expect(400);
    expect((missing.body.details as { code: string }[]).map((d) => d.code).sort()).toEqual([
      'case.occurredOn.required',
      'case.title.required',
    ]);
    const notADate = await agent.post('/api/cases').set(XHR).send({ title: 'Titre correct', occurredOn: '2026-02-30' }).expect(400);
    expect(notADate.body.details[0].message).toBe('Saisissez une date réelle au format AAAA-MM-JJ.');
  });

  it('rejects bad paging parameters', async () => {
    const agent = await signedIn(DEMO.teacher);
    const res = await agent.get('/api/cases?pageSize=1000&page=0').expect(400);
    expect((res.body.details as { code: string }[]).map((d) => d.code).sort()).toEqual(['query.page.invalid', 'query.pageSize.invalid']);
  });

  it('refuses writes without the anti-CSRF header', async () => {
    const agent = await signedIn(DEMO.teacher);
    const res = await agent.post('/api/cases').send({ title: 'Sans en-tête', occurredOn: '2026-11-01' }).expect(403);
    expect(res.body.code).toBe('CSRF_HEADER_MISSING');
  });

  it('gives an officer without a school no case list', async () => {
    const agent = await signedIn(DEMO.officer);
    const res = await agent.get('/api/cases').expect(403);
    expect(res.body.code).toBe('NO_SCHOOL_SCOPE');
  });

  it('answers malformed JSON, oversized bodies and unknown routes with coded errors and no stack trace', async () => {
    const bad = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const big = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: 'x'.repeat(200_000), password: 'y' })
      .expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await request(server).get('/api/no-such-route').expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    for (const body of [bad.body, big.body, missing.body]) {
      expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|Error:/);
    }
  });

  it('signs out and the session stops working', async () => {
    const agent = await signedIn(DEMO.principal);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user.role).toBe('principal');
    await agent.post('/api/auth/logout').set(XHR).expect(204);
    await agent.get('/api/auth/me').expect(401);
  });

  it('logs requests as JSON lines without personal data', async () => {
    await request(server).post('/api/auth/login').set(XHR).send({ email: DEMO.teacher, password: DEMO.password }).expect(200);
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const login = lines.filter((l) => l.msg === 'request' && l.path === '/api/auth/login');
    expect(login.length).toBeGreaterThan(0);
    expect(login[0]).toEqual(jasmine.objectContaining({ method: 'POST', reqId: jasmine.any(String), status: jasmine.any(Number) }));
    expect(t.logs.join('\n')).not.toContain(DEMO.teacher);
    expect(t.logs.join('\n')).not.toContain(DEMO.password);
  });
});
