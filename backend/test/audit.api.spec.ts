import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { todayInMorocco } from '../src/common/check.decorator';
import { XHR } from './support/case-driver';
import { actorOf, addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

const ADMIN = { email: 'admin.audit@test.sanad.ma', password: 'Admin-audit-2026!' };

interface Item {
  id: string;
  seq: number;
  action: string;
  schoolId: string | null;
  caseId: string | null;
  targetId: string | null;
  actor: { id: string | null; role: string | null } | null;
  ip?: string | null;
  details: Record<string, unknown>;
}

describe('API: audit trail', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let audit: AuditService;
  const agents: Record<'admin' | 'principal' | 'teacher' | 'coordinator' | 'officer', TestAgent> = {} as never;
  let ownSchool: string;
  let otherSchool: string;
  let principalId: string;
  const caseId = randomUUID();
  const otherCaseId = randomUUID();

  async function signIn(email: string, password = DEMO.password): Promise<TestAgent> {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email, password }).expect(200);
    return agent;
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    audit = t.app.get(AuditService);
    // no admin account among the demo ones yet
    await addAccount(db, ADMIN.email, [{ role: 'admin' }], ADMIN.password);
    agents.admin = await signIn(ADMIN.email, ADMIN.password);
    agents.principal = await signIn(DEMO.principal);
    agents.teacher = await signIn(DEMO.teacher);
    agents.coordinator = await signIn(DEMO.coordinator);
    agents.officer = await signIn(DEMO.officer);
    const principal = await actorOf(db, DEMO.principal);
    const other = await actorOf(db, DEMO.otherSchoolTeacher);
    principalId = principal.id;
    ownSchool = principal.schoolId!;
    otherSchool = other.schoolId!;
    expect(ownSchool).not.toBe(otherSchool);

    await audit.record({ action: 'case.read', actor: principal, ip: '203.0.113.5', caseId, details: { view: 'detail' } });
    await audit.record({ action: 'case.write', actor: principal, ip: '203.0.113.5', caseId, details: { step: 'intake' } });
    await audit.record({ action: 'case.read', actor: other, ip: '198.51.100.9', caseId: otherCaseId });
    await audit.record({ action: 'config.change', actor: { id: randomUUID(), role: 'admin' }, ip: '192.0.2.1', targetId: 'PROTOCOL_ID' });
  });
  afterAll(() => t.close());

  async function list(agent: TestAgent, query = ''): Promise<{ items: Item[]; total: number; page: number; pageSize: number }> {
    const res = await agent.get(`/api/audit${query}`).expect(200);
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  }

  it('shows a principal the entries of their school only, without client addresses', async () => {
    const page = await list(agents.principal, '?pageSize=100');
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    expect(page.items.every((i) => i.schoolId === ownSchool)).toBeTrue();
    expect(page.items.some((i) => i.caseId === caseId && i.action === 'case.read')).toBeTrue();
    expect(page.items.some((i) => i.caseId === otherCaseId)).toBeFalse();
    expect(page.items.some((i) => i.action === 'config.change')).toBeFalse();
    expect(page.items.every((i) => !('ip' in i))).toBeTrue();
    const read = page.items.find((i) => i.caseId === caseId && i.action === 'case.read')!;
    expect(read.actor).toEqual({ id: principalId, role: 'principal' });
    expect(read.details).toEqual({ view: 'detail' });
  });

  it('shows an admin every entry, with client addresses, newest first', async () => {
    const page = await list(agents.admin, '?pageSize=100');
    expect(page.items.some((i) => i.caseId === caseId)).toBeTrue();
    expect(page.items.some((i) => i.caseId === otherCaseId && i.schoolId === otherSchool)).toBeTrue();
    const config = page.items.find((i) => i.action === 'config.change')!;
    expect(config.schoolId).toBeNull();
    expect(config.targetId).toBe('PROTOCOL_ID');
    expect(config.ip).toBe('192.0.2.1');
    const seqs = page.items.map((i) => i.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
  });

  for (const role of ['teacher', 'coordinator', 'officer'] as const) {
    it(`refuses the trail to a ${role} with 403 FORBIDDEN`, async () => {
      const res = await agents[role].get('/api/audit').expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await agents[role].get('/api/audit/verify').expect(403)).body.code).toBe('FORBIDDEN');
    });
  }

  it('requires a session', async () => {
    expect((await request(server).get('/api/audit').expect(401)).body.code).toBe('AUTH_REQUIRED');
  });

  it('filters by action, case and dates, and pages', async () => {
    const byCase = await list(agents.admin, `?caseId=${caseId}`);
    expect(byCase.items.map((i) => i.action).sort()).toEqual(['case.read', 'case.write']);
    const byAction = await list(agents.admin, `?caseId=${caseId}&action=case.write`);
    expect(byAction.items.map((i) => i.details)).toEqual([{ step: 'intake' }]);

    const today = todayInMorocco();
    expect((await list(agents.admin, `?caseId=${caseId}&from=${today}&to=${today}`)).total).toBe(2);
    expect((await list(agents.admin, `?caseId=${caseId}&to=2020-01-01`)).total).toBe(0);
    expect((await list(agents.admin, `?caseId=${caseId}&from=2999-01-01`)).total).toBe(0);

    const all = await list(agents.admin, '?pageSize=100');
    const first = await list(agents.admin, '?pageSize=2&page=1');
    const second = await list(agents.admin, '?pageSize=2&page=2');
    expect(first.total).toBe(all.total);
    expect(first.items.map((i) => i.id)).toEqual(all.items.slice(0, 2).map((i) => i.id));
    expect(second.items.map((i) => i.id)).toEqual(all.items.slice(2, 4).map((i) => i.id));
    expect([first.page, first.pageSize]).toEqual([1, 2]);
  });

  it('rejects invalid filters with translated field errors', async () => {
    const cases: [string, string, string][] = [
      ['?pageSize=101', 'pageSize', 'query.pageSize.invalid'],
      ['?page=0', 'page', 'query.page.invalid'],
      ['?action=case.burn', 'action', 'audit.action.invalid'],
      ['?caseId=42', 'caseId', 'audit.caseId.invalid'],
      ['?from=2026-02-30', 'from', 'audit.date.invalid'],
      ['?from=2026-03-02&to=2026-03-01', 'to', 'audit.range.invalid'],
      ['?who=me', 'who', 'validation.unknownField'],
    ];
    for (const [query, field, code] of cases) {
      const res = await agents.admin.get(`/api/audit${query}`).set('Accept-Language', 'ar').expect(400);
      expect(res.body.code).withContext(query).toBe('VALIDATION_FAILED');
      expect(res.body.details)
        .withContext(query)
        .toEqual([jasmine.objectContaining({ field, code })]);
      expect(res.body.details[0].message).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('lets an admin verify the chain', async () => {
    const res = await agents.admin.get('/api/audit/verify').expect(200);
    expect(res.body).toEqual({ ok: true, count: jasmine.any(Number), lastHash: jasmine.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.count).toBeGreaterThanOrEqual(4);
    expect((await agents.principal.get('/api/audit/verify').expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('never stores the e-mail address of a failed sign-in, only its keyed digest', async () => {
    const typed = '  Nobody.Here@Example.ORG ';
    await request(server).post('/api/auth/login').set(XHR).send({ email: typed, password: 'wrong-password' }).expect(401);
    const digest = audit.emailDigest(typed);
    expect(digest).toBe(createHmac('sha256', t.config.sessionSecret).update('nobody.here@example.org').digest('hex'));
    await audit.record({ action: 'auth.login_failed', actor: null, ip: '203.0.113.77', details: { emailHmac: digest } });

    const failed = await list(agents.admin, '?action=auth.login_failed&pageSize=100');
    const mine = failed.items.find((i) => i.details.emailHmac === digest);
    expect(mine).toBeDefined();
    expect(mine!.actor).toBeNull();
    expect(mine!.schoolId).toBeNull();
    // whoever records failed sign-ins (the sign-in itself, once wired), no row holds the address in any column
    const rows = await db.query<Record<string, unknown>[]>('SELECT * FROM audit_log');
    expect(JSON.stringify(rows).toLowerCase()).not.toContain('nobody.here');
    expect(JSON.stringify(rows)).not.toMatch(/[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i);
  });
});
