import request from 'supertest';
import type { App } from 'supertest/types';
import { XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Detail {
  lastEventSeq: number;
  state: string;
  reportedDanger: { flags: string[]; at: string; by: { id: string; displayName: string } } | null;
}

/** Danger signs ticked at intake (issue #6): kept on the case, shown to the coordinator, alerting at once. */
describe('API: danger signs reported at intake', () => {
  let t: TestApp;
  let server: App;
  const cookies = new Map<string, string>();

  async function as(address: string): Promise<string> {
    if (!cookies.has(address)) {
      const res = await request(server).post('/api/auth/login').set(XHR).send({ email: address, password: DEMO.password }).expect(200);
      cookies.set(address, (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0]);
    }
    return cookies.get(address)!;
  }
  const open = async (body: Record<string, unknown>, lang = 'fr') =>
    request(server)
      .post('/api/cases')
      .set(XHR)
      .set('Accept-Language', lang)
      .set('Cookie', await as(DEMO.teacher))
      .send({ title: 'Messages inquiétants', occurredOn: '2026-11-02', ...body });
  const get = async (address: string, path: string) =>
    request(server)
      .get(path)
      .set('Cookie', await as(address));

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  it('keeps the signs on the case, alerts the coordinator and the principal, and leaves the danger check to them', async () => {
    const res = await open({ dangerSigns: ['SELF_HARM', 'SEXTORTION', 'SELF_HARM'] });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const detail = (await get(DEMO.coordinator, `/api/cases/${id}`)).body as Detail;
    expect(detail.lastEventSeq).toBe(2);
    expect(detail.reportedDanger).toEqual({
      flags: ['SELF_HARM', 'SEXTORTION'],
      at: jasmine.any(String) as unknown as string,
      by: jasmine.objectContaining({ displayName: jasmine.any(String) }) as unknown as { id: string; displayName: string },
    });
    expect(detail.state).toBe('REPORTED');
    for (const address of [DEMO.coordinator, DEMO.principal]) {
      const notices = (await get(address, '/api/notifications')).body as { kind: string; caseId: string; stepId: string }[];
      expect(notices)
        .withContext(address)
        .toContain(jasmine.objectContaining({ kind: 'danger_reported', caseId: id, stepId: 'danger_check' }));
    }
    const own = (await get(DEMO.teacher, '/api/notifications')).body as { caseId: string }[];
    expect(own.some((n) => n.caseId === id)).toBeFalse();
    const timeline = (await get(DEMO.coordinator, `/api/cases/${id}/timeline`)).body as { type: string }[];
    expect(timeline.map((e) => e.type)).toEqual(['case_created', 'danger_reported']);
    // the next write builds on seq 2
    const seq = detail.lastEventSeq;
    const note = await request(server)
      .post(`/api/cases/${id}/notes`)
      .set(XHR)
      .set('Cookie', await as(DEMO.coordinator))
      .send({ expectedSeq: seq, text: 'Appel à la famille' });
    expect(note.status).toBe(200);
  });

  it('a case without danger signs has none and alerts nobody', async () => {
    const res = await open({ dangerSigns: [] });
    expect(res.status).toBe(201);
    const detail = (await get(DEMO.coordinator, `/api/cases/${res.body.id as string}`)).body as Detail;
    expect(detail.reportedDanger).toBeNull();
    expect(detail.lastEventSeq).toBe(1);
  });

  it('refuses unknown or malformed signs, in the person’s language, and opens nothing', async () => {
    const before = ((await get(DEMO.teacher, '/api/cases?pageSize=1')).body as { total: number }).total;
    const unknown = await open({ dangerSigns: ['ALIENS'] }, 'ar');
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([jasmine.objectContaining({ field: 'dangerSigns', code: 'case.dangerSigns.invalid' })]);
    expect(JSON.stringify(unknown.body)).toMatch(/[\u0600-\u06FF]/);
    const malformed = await open({ dangerSigns: 'SELF_HARM' });
    expect(malformed.status).toBe(400);
    expect(((await get(DEMO.teacher, '/api/cases?pageSize=1')).body as { total: number }).total).toBe(before);
  });
});
