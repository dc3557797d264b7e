import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { Notification } from '../src/notifications/notification.entity';
import { User } from '../src/users/user.entity';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const OTHER_TEAM_MEMBER = 'orientation.rabat@demo.sanad.ma';
const OTHER_SCHOOL_PRINCIPAL = 'directeur.marrakech@demo.sanad.ma';

interface Detail {
  lastEventSeq: number;
  case: { id: string; restricted: boolean };
  access: { restricted: boolean; members: { id: string; displayName: string }[]; canChange: boolean };
  steps: { stepId: string; status: string }[];
}

/** Restricted cases: only the people named and the school's principal see them, anywhere in the API. */
describe('API: restricted cases', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
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
  async function restrict(address: string, caseId: string, body: Record<string, unknown>) {
    const seq = ((await get(DEMO.principal, `/api/cases/${caseId}`)).body as Detail).lastEventSeq;
    return request(server)
      .put(`/api/cases/${caseId}/restriction`)
      .set(XHR)
      .set('Cookie', await as(address))
      .send({ expectedSeq: seq, ...body });
  }
  /** Whether the person finds the case in each place the API shows cases. */
  async function sees(address: string, caseId: string) {
    const list = (await get(address, '/api/cases?pageSize=100')).body as { items: { id: string }[] };
    const due = (await get(address, '/api/cases/due?scope=school')).body as { caseId: string }[];
    return {
      list: list.items.some((c) => c.id === caseId),
      due: due.some((d) => d.caseId === caseId),
      detail: (await get(address, `/api/cases/${caseId}`)).status,
      timeline: (await get(address, `/api/cases/${caseId}/timeline`)).status,
    };
  }
  const visible = { list: true, due: true, detail: 200, timeline: 200 };
  const hidden = { list: false, due: false, detail: 404, timeline: 404 };

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    for (const u of await db.getRepository(User).find()) ids.set(u.email, u.id);
  });
  afterAll(async () => t.close());

  it('hides a restricted case from everyone but its members and the principal, and shows it again when lifted', async () => {
    const d = await CaseDriver.start(server, 'Enseignant mis en cause');
    await d.reported();
    const notice = (userId: string) => ({
      id: randomUUID(),
      userId,
      caseId: d.caseId,
      stepId: 'target_interview',
      kind: 'deadline_warning' as const,
      dueAt: null,
      dedupeKey: `spec:${randomUUID()}`,
      createdAt: new Date().toISOString(),
      readAt: null,
      emailedAt: null,
    });
    await db.getRepository(Notification).insert([notice(ids.get(OTHER_TEAM_MEMBER)!), notice(ids.get(DEMO.teacher)!)]);
    expect(await sees(OTHER_TEAM_MEMBER, d.caseId)).toEqual(visible);

    const res = await restrict(DEMO.coordinator, d.caseId, {
      restricted: true,
      members: [ids.get(DEMO.teacher)],
      reason: 'Un membre du personnel est mis en cause',
    });
    expect(res.status).toBe(200);
    const detail = res.body as Detail;
    expect(detail.case.restricted).toBeTrue();
    // the coordinator who restricts keeps access
    expect(detail.access.members.map((m) => m.id).sort()).toEqual([ids.get(DEMO.coordinator)!, ids.get(DEMO.teacher)!].sort());
    expect(detail.access.canChange).toBeTrue();

    expect(await sees(OTHER_TEAM_MEMBER, d.caseId)).toEqual(hidden);
    expect(await sees(DEMO.teacher, d.caseId)).toEqual(visible);
    expect(await sees(DEMO.principal, d.caseId)).toEqual(visible);
    expect((await get(OTHER_SCHOOL_PRINCIPAL, `/api/cases/${d.caseId}`)).status).toBe(404);
    const note = await request(server)
      .post(`/api/cases/${d.caseId}/notes`)
      .set(XHR)
      .set('Cookie', await as(OTHER_TEAM_MEMBER))
      .send({ expectedSeq: detail.lastEventSeq, text: 'Curieux' });
    expect(note.status).toBe(404);
    expect(note.body.code).toBe('CASE_NOT_FOUND');

    // notices about the case are withdrawn from people who no longer see it
    const notices = async (address: string) =>
      ((await get(address, '/api/notifications')).body as { caseId: string }[]).filter((n) => n.caseId === d.caseId);
    expect((await notices(OTHER_TEAM_MEMBER)).length).toBe(0);
    expect((await notices(DEMO.teacher)).length).toBe(1);

    // the list shows the flag; the timeline records who, why and whom; the protocol goes on
    const listed = (await get(DEMO.teacher, '/api/cases?pageSize=100')).body.items as { id: string; restricted: boolean }[];
    expect(listed.find((c) => c.id === d.caseId)?.restricted).toBeTrue();
    expect(listed.filter((c) => c.id !== d.caseId).every((c) => c.restricted === false)).toBeTrue();
    const timeline = (await get(DEMO.teacher, `/api/cases/${d.caseId}/timeline`)).body as {
      type: string;
      actor: { id: string };
      payload: Record<string, unknown>;
    }[];
    expect(timeline.at(-1)).toEqual(
      jasmine.objectContaining({
        type: 'access_changed',
        actor: jasmine.objectContaining({ id: ids.get(DEMO.coordinator) }),
        payload: {
          restricted: true,
          members: [ids.get(DEMO.teacher), ids.get(DEMO.coordinator)],
          reason: 'Un membre du personnel est mis en cause',
        },
      }),
    );
    const after = await d.complete('target_interview', 'team_member');
    expect(after.steps.find((s) => s.stepId === 'target_interview')?.status).toBe('done');

    // the audit trail has the change, ids only
    const audit = (await get(DEMO.principal, `/api/audit?caseId=${d.caseId}&action=case.write`)).body as {
      items: { details: Record<string, unknown> }[];
    };
    expect(audit.items.some((e) => e.details.change === 'access' && e.details.restricted === true)).toBeTrue();

    // the principal narrows it to the teacher alone: the coordinator loses access too
    const narrowed = await restrict(DEMO.principal, d.caseId, {
      restricted: true,
      members: [ids.get(DEMO.teacher)],
      reason: 'Le coordinateur est témoin',
    });
    expect(narrowed.status).toBe(200);
    expect((await get(DEMO.coordinator, `/api/cases/${d.caseId}`)).status).toBe(404);

    const lifted = await restrict(DEMO.principal, d.caseId, { restricted: false, members: [], reason: 'Enquête terminée' });
    expect(lifted.status).toBe(200);
    expect(lifted.body.case.restricted).toBeFalse();
    expect(await sees(OTHER_TEAM_MEMBER, d.caseId)).toEqual(visible);
    expect(await sees(DEMO.coordinator, d.caseId)).toEqual(visible);
  });

  it('lets only the coordinator and the principal of the school change it, with valid members and the last seq', async () => {
    const d = await CaseDriver.start(server, 'Images intimes');
    const tm = await restrict(DEMO.teacher, d.caseId, { restricted: true, members: [], reason: 'Images sexuelles' });
    expect(tm.status).toBe(403);
    expect(tm.body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await restrict(OTHER_SCHOOL_PRINCIPAL, d.caseId, { restricted: true, members: [], reason: 'Images sexuelles' })).status).toBe(
      404,
    );

    const foreign = await restrict(DEMO.principal, d.caseId, {
      restricted: true,
      members: [ids.get(DEMO.otherSchoolTeacher)],
      reason: 'Images',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([jasmine.objectContaining({ field: 'members', code: 'case.restriction.members.notStaff' })]);
    const officer = await restrict(DEMO.principal, d.caseId, { restricted: true, members: [ids.get(DEMO.officer)], reason: 'Images' });
    expect(officer.body.details).toEqual([jasmine.objectContaining({ code: 'case.restriction.members.notStaff' })]);
    const unknown = await restrict(DEMO.principal, d.caseId, { restricted: true, members: [randomUUID()], reason: 'Images' });
    expect(unknown.status).toBe(400);
    const lifting = await restrict(DEMO.principal, d.caseId, { restricted: false, members: [ids.get(DEMO.teacher)], reason: 'Fin' });
    expect(lifting.body.details).toEqual([jasmine.objectContaining({ field: 'members', code: 'case.restriction.members.unexpected' })]);
    const malformed = await restrict(DEMO.principal, d.caseId, { restricted: 'yes', members: 'all', reason: 'x' });
    expect(malformed.status).toBe(400);
    expect((malformed.body.details as { field: string; code: string }[]).map((e) => e.code).sort()).toEqual([
      'case.restriction.members.invalid',
      'case.restriction.restricted.invalid',
      'event.reason.length',
    ]);

    const stale = await request(server)
      .put(`/api/cases/${d.caseId}/restriction`)
      .set(XHR)
      .set('Cookie', await as(DEMO.principal))
      .send({ expectedSeq: 99, restricted: true, members: [], reason: 'Images sexuelles' });
    expect(stale.status).toBe(409);
    // nothing above was recorded
    expect(((await get(DEMO.principal, `/api/cases/${d.caseId}/timeline`)).body as unknown[]).length).toBe(1);

    // restricted to nobody: the principal alone
    const alone = await restrict(DEMO.principal, d.caseId, { restricted: true, members: [], reason: 'Images sexuelles de mineurs' });
    expect(alone.status).toBe(200);
    expect(alone.body.access.members).toEqual([]);
    for (const address of [DEMO.teacher, DEMO.coordinator, OTHER_TEAM_MEMBER]) {
      expect((await get(address, `/api/cases/${d.caseId}`)).status)
        .withContext(address)
        .toBe(404);
    }
    // who cannot see it cannot lift it either
    expect((await restrict(DEMO.coordinator, d.caseId, { restricted: false, members: [], reason: 'Fin' })).status).toBe(404);
  });
});
