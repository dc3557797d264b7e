import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit.entities';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Person {
  id: string;
  code: string;
  role: string;
  kind: string;
  displayName: string | null;
  classLabel: string | null;
}

/** People involved in a case and their pseudonymous codes (issue #6). */
describe('API: people involved', () => {
  let t: TestApp;
  let server: App;
  let driver: CaseDriver;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    driver = await CaseDriver.start(server, 'Rumeurs sur un groupe de classe');
  });
  afterAll(async () => t.close());

  const add = (body: Record<string, unknown>, d = driver) => d.agents.team_member.post(`/api/cases/${d.caseId}/people`).set(XHR).send(body);

  it('gives each person the next code of their role, never reused after a removal', async () => {
    // a case of its own: the specs run in random order
    const own = await CaseDriver.start(server, 'Usurpation de compte');
    const people = () => own.agents.team_member.get(`/api/cases/${own.caseId}/people`).expect(200);
    const target = (await add({ role: 'target', kind: 'pupil', displayName: 'Yasmine B.', classLabel: '2AC-3' }, own).expect(201))
      .body as Person;
    const a1 = (await add({ role: 'author', kind: 'pupil', displayName: 'Karim' }, own).expect(201)).body as Person;
    const a2 = (await add({ role: 'author', kind: 'unknown' }, own).expect(201)).body as Person;
    expect([target.code, a1.code, a2.code]).toEqual(['E1', 'A1', 'A2']);
    await own.agents.coordinator.delete(`/api/cases/${own.caseId}/people/${a2.id}`).set(XHR).expect(204);
    expect(((await add({ role: 'author', kind: 'pupil' }, own).expect(201)).body as Person).code).toBe('A3');
    const listed = ((await people()).body as { items: Person[] }).items;
    expect(listed.map((p) => p.code)).toEqual(['E1', 'A1', 'A3']);
    expect(listed[0]).toEqual(jasmine.objectContaining({ displayName: 'Yasmine B.', classLabel: '2AC-3', kind: 'pupil' }));
  });

  it('gives distinct codes to people added at the same moment by several staff', async () => {
    const own = await CaseDriver.start(server, 'Ajouts simultanés');
    const agents = [own.agents.team_member, own.agents.coordinator, own.agents.principal];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        agents[i % 3].post(`/api/cases/${own.caseId}/people`).set(XHR).send({ role: 'witness', kind: 'pupil' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(results.map((r) => (r.body as Person).code).sort()).toEqual(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']);
  });

  it('updates details (the code stays), refuses bad values, and audits with codes only', async () => {
    const w = (await add({ role: 'witness', kind: 'pupil', displayName: 'Sara' }).expect(201)).body as Person;
    const changed = (
      await driver.agents.coordinator
        .patch(`/api/cases/${driver.caseId}/people/${w.id}`)
        .set(XHR)
        .send({ role: 'reporter', classLabel: '3AC-1' })
        .expect(200)
    ).body as Person;
    expect(changed).toEqual(jasmine.objectContaining({ code: w.code, role: 'reporter', classLabel: '3AC-1', displayName: 'Sara' }));
    const bad = await add({ role: 'bully', kind: 'pupil' }).set('Accept-Language', 'fr').expect(400);
    expect(bad.body.details).toEqual([jasmine.objectContaining({ field: 'role', code: 'person.role.invalid' })]);
    await add({ role: 'target', kind: 'pupil', displayName: 'x'.repeat(121) }).expect(400);
    const entries = await t.app
      .get(DataSource)
      .getRepository(AuditEntry)
      .find({ where: { action: 'case.write', caseId: driver.caseId } });
    expect(entries.some((e) => (e.details as { people?: string }).people === 'update')).toBeTrue();
    expect(JSON.stringify(entries)).not.toContain('Sara');
  });

  it('is the case’s own: another school gets 404, an unknown person 404', async () => {
    const other = request.agent(server);
    await other.post('/api/auth/login').set(XHR).send({ email: DEMO.otherSchoolTeacher, password: DEMO.password }).expect(200);
    await other.get(`/api/cases/${driver.caseId}/people`).expect(404);
    await other.post(`/api/cases/${driver.caseId}/people`).set(XHR).send({ role: 'target', kind: 'pupil' }).expect(404);
    const res = await driver.agents.team_member
      .delete(`/api/cases/${driver.caseId}/people/00000000-0000-4000-8000-000000000000`)
      .set(XHR)
      .expect(404);
    expect(res.body.code).toBe('PERSON_NOT_FOUND');
  });
});
