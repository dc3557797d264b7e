import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { User } from '../src/users/user.entity';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const OTHER_SCHOOL_PRINCIPAL = 'directeur.marrakech@demo.sanad.ma';

interface Detail {
  lastEventSeq: number;
  case: { id: string; assignee: { id: string; displayName: string } | null };
}

/** Who is in charge of a case (issue #6): named by the coordinator or the principal, shown and filtered in the list. */
describe('API: the member in charge of a case', () => {
  let t: TestApp;
  let server: App;
  const ids = new Map<string, string>();
  const cookies = new Map<string, string>();

  async function as(address: string): Promise<string> {
    if (!cookies.has(address)) {
      const res = await request(server).post('/api/auth/login').set(XHR).send({ email: address, password: DEMO.password }).expect(200);
      cookies.set(address, (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0]);
    }
    return cookies.get(address)!;
  }
  const get = async (address: string, path: string) =>
    request(server)
      .get(path)
      .set('Cookie', await as(address));
  async function assign(address: string, caseId: string, assigneeId: unknown, lang = 'fr') {
    const seq = ((await get(DEMO.principal, `/api/cases/${caseId}`)).body as Detail).lastEventSeq;
    return request(server)
      .put(`/api/cases/${caseId}/assignee`)
      .set(XHR)
      .set('Accept-Language', lang)
      .set('Cookie', await as(address))
      .send({ expectedSeq: seq, assigneeId });
  }
  const listIds = async (address: string, query: string) =>
    ((await get(address, `/api/cases?pageSize=100&${query}`)).body as { items: { id: string }[] }).items.map((c) => c.id);

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    for (const u of await t.app.get(DataSource).getRepository(User).find()) ids.set(u.email, u.id);
  });
  afterAll(async () => t.close());

  it('lists the school team (each person once, with their roles) and nobody from another school', async () => {
    const staff = (await get(DEMO.teacher, '/api/cases/staff')).body as { id: string; displayName: string; roles: string[] }[];
    const people = staff.map((p) => p.id);
    expect(new Set(people).size).toBe(people.length);
    expect(people).toContain(ids.get(DEMO.teacher)!);
    expect(people).toContain(ids.get(DEMO.coordinator)!);
    expect(staff.find((p) => p.id === ids.get(DEMO.principal))?.roles).toEqual(['principal']);
    expect(people).not.toContain(ids.get(OTHER_SCHOOL_PRINCIPAL)!);
    expect(staff.every((p) => p.displayName.length > 0)).toBeTrue();
  });

  it('the coordinator puts a teacher in charge: shown on the case and in the list, filtered, notified, in the timeline', async () => {
    const d = await CaseDriver.start(server, 'Insultes sur un groupe');
    expect(((await get(DEMO.coordinator, `/api/cases/${d.caseId}`)).body as Detail).case.assignee).toBeNull();
    expect(await listIds(DEMO.coordinator, 'assignee=none')).toContain(d.caseId);

    const res = await assign(DEMO.coordinator, d.caseId, ids.get(DEMO.teacher));
    expect(res.status).toBe(200);
    expect((res.body as Detail).case.assignee).toEqual({
      id: ids.get(DEMO.teacher)!,
      displayName: jasmine.any(String) as unknown as string,
    });

    expect(await listIds(DEMO.teacher, 'assignee=me')).toContain(d.caseId);
    expect(await listIds(DEMO.coordinator, 'assignee=me')).not.toContain(d.caseId);
    expect(await listIds(DEMO.coordinator, `assignee=${ids.get(DEMO.teacher)}`)).toContain(d.caseId);
    expect(await listIds(DEMO.coordinator, 'assignee=none')).not.toContain(d.caseId);
    const row = ((await get(DEMO.coordinator, '/api/cases?pageSize=100')).body as { items: Detail['case'][] }).items.find(
      (c) => c.id === d.caseId,
    );
    expect(row?.assignee?.id).toBe(ids.get(DEMO.teacher));

    const notices = (await get(DEMO.teacher, '/api/notifications')).body as { kind: string; caseId: string }[];
    expect(notices).toContain(jasmine.objectContaining({ kind: 'case_assigned', caseId: d.caseId }));
    const timeline = (await get(DEMO.coordinator, `/api/cases/${d.caseId}/timeline`)).body as { type: string; payload: unknown }[];
    expect(timeline.at(-1)).toEqual(
      jasmine.objectContaining({
        type: 'assignee_changed',
        payload: { assigneeId: ids.get(DEMO.teacher), previousId: null, assigneeName: jasmine.any(String) },
      }),
    );
    // the protocol does not see it: the case goes on as before
    await d.reported();
    expect((await d.detail()).state).toBe('REPORTED');

    const cleared = await assign(DEMO.principal, d.caseId, null);
    expect(cleared.status).toBe(200);
    expect((cleared.body as Detail).case.assignee).toBeNull();
  });

  it('refuses a teacher assigning, someone outside the school, a malformed id and a stale view, in the person’s language', async () => {
    const d = await CaseDriver.start(server, 'Rumeur');
    expect((await assign(DEMO.teacher, d.caseId, ids.get(DEMO.teacher))).status).toBe(403);
    const foreign = await assign(DEMO.coordinator, d.caseId, ids.get(OTHER_SCHOOL_PRINCIPAL), 'ar');
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([jasmine.objectContaining({ field: 'assigneeId', code: 'case.assignee.notStaff' })]);
    expect(JSON.stringify(foreign.body)).toMatch(/[\u0600-\u06FF]/);
    const malformed = await assign(DEMO.coordinator, d.caseId, 'someone');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([jasmine.objectContaining({ field: 'assigneeId', code: 'case.assignee.invalid' })]);
    const stale = await request(server)
      .put(`/api/cases/${d.caseId}/assignee`)
      .set(XHR)
      .set('Cookie', await as(DEMO.coordinator))
      .send({ expectedSeq: 99, assigneeId: null });
    expect(stale.status).toBe(409);
    expect(((await get(DEMO.coordinator, `/api/cases/${d.caseId}`)).body as Detail).case.assignee).toBeNull();
  });

  it('keeps a restricted case’s person in charge among those who see it', async () => {
    const d = await CaseDriver.start(server, 'Adulte mis en cause');
    const seq = ((await get(DEMO.principal, `/api/cases/${d.caseId}`)).body as Detail).lastEventSeq;
    await request(server)
      .put(`/api/cases/${d.caseId}/restriction`)
      .set(XHR)
      .set('Cookie', await as(DEMO.principal))
      .send({ expectedSeq: seq, restricted: true, members: [ids.get(DEMO.coordinator)], reason: 'Personnel mis en cause' })
      .expect(200);
    const outsider = await assign(DEMO.coordinator, d.caseId, ids.get(DEMO.teacher));
    expect(outsider.status).toBe(400);
    expect(outsider.body.details).toEqual([jasmine.objectContaining({ code: 'case.assignee.noAccess' })]);
    expect((await assign(DEMO.coordinator, d.caseId, ids.get(DEMO.coordinator))).status).toBe(200);
    // the coordinator is in charge: a new restriction must keep them
    const seq2 = ((await get(DEMO.principal, `/api/cases/${d.caseId}`)).body as Detail).lastEventSeq;
    const dropping = await request(server)
      .put(`/api/cases/${d.caseId}/restriction`)
      .set(XHR)
      .set('Cookie', await as(DEMO.principal))
      .send({ expectedSeq: seq2, restricted: true, members: [ids.get(DEMO.teacher)], reason: 'Autre équipe' });
    expect(dropping.status).toBe(400);
    expect(dropping.body.details).toEqual([jasmine.objectContaining({ field: 'members', code: 'case.restriction.members.assignee' })]);
  });
});
