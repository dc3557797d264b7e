import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../src/cases/case.entities';
import { Transmission, TransmissionEvent } from '../src/transmissions/transmission.entities';
import { CaseDriver, XHR } from './support/case-driver';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

const RABAT_PROVINCE = '5a0d0001-0000-4000-8000-000000000401';
const KENITRA_PROVINCE = '5a0d0001-0000-4000-8000-000000000404';

/** Unique strings placed in every identifying and free-text field of the case: none may leave the school. */
const MARKERS = {
  title: 'ZQTITLE-Yasmine-Bennani',
  description: 'ZQDESC-photo de Yasmine',
  targetRef: 'ZQREF-Yasmine B. 2AC-3',
  rationale: 'ZQRATIONALE-car Yasmine pleure',
  name: 'ZQNAME-Karim-Alaoui',
  classLabel: 'ZQCLASS-3AC9',
  personNote: 'ZQPNOTE-habite rue des Oudayas',
  note: 'ZQNOTE-le père a appelé',
};
/** what the case driver writes in every other required text answer */
const DEFAULT_TEXT = 'Noté par la cellule';

interface Detail {
  id: string;
  kind: string;
  status: string;
  reference: string;
  caseReport: Record<string, unknown> | null;
  summary: Record<string, unknown> | null;
  hasReport: boolean;
  events: { seq: number; type: string; side: string; text: string | null; status: string }[];
  actions: string[];
}

describe('API: transmissions to the direction provinciale / academy', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let driver: CaseDriver;
  const agents: Record<string, TestAgent> = {};

  async function agent(email: string, password = DEMO.password): Promise<TestAgent> {
    if (!agents[email]) {
      const a = request.agent(server);
      await a.post('/api/auth/login').set(XHR).send({ email, password }).expect(200);
      agents[email] = a;
    }
    return agents[email];
  }
  const officer = () => agent(DEMO.officer);
  const otherAcademyOfficer = () => agent('aref.ms@demo.sanad.ma');
  const rabatOfficer = () => agent('officer.rabat@test.sanad.ma');
  const kenitraOfficer = () => agent('officer.kenitra@test.sanad.ma');
  const principal = () => driver.agents.principal;

  /** A T2 case triaged and co-signed by the principal, with markers everywhere. */
  async function seriousCase(title = MARKERS.title): Promise<CaseDriver> {
    const d = await CaseDriver.start(server, title);
    await d.reported({ description: MARKERS.description, targetRef: MARKERS.targetRef });
    for (const person of [
      { role: 'target', kind: 'pupil', displayName: MARKERS.name, classLabel: MARKERS.classLabel, note: MARKERS.personNote },
      { role: 'author', kind: 'pupil', displayName: `${MARKERS.name}-bis` },
    ]) {
      await d.agents.team_member.post(`/api/cases/${d.caseId}/people`).set(XHR).send(person).expect(201);
    }
    const seq = (await d.detail()).lastEventSeq;
    await d.agents.team_member.post(`/api/cases/${d.caseId}/notes`).set(XHR).send({ expectedSeq: seq, text: MARKERS.note }).expect(200);
    await d.complete('triage', 'coordinator', { tier: 'T2', rationale: MARKERS.rationale });
    await d.sign('triage');
    return d;
  }

  async function transmit(d: CaseDriver, kind = 'triage_report', comment?: string, lang = 'fr') {
    const seq = (await d.detail('principal')).lastEventSeq;
    return d.agents.principal
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .set('Accept-Language', lang)
      .send({ kind, expectedSeq: seq, ...(comment ? { comment } : {}) });
  }

  function expectNoMarker(body: unknown, where: string) {
    const text = JSON.stringify(body);
    for (const m of [...Object.values(MARKERS), DEFAULT_TEXT]) expect(text.includes(m)).withContext(`${where} contains ${m}`).toBeFalse();
  }

  let sent: Detail;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    await addAccount(db, 'officer.rabat@test.sanad.ma', [{ role: 'officer', provinceId: RABAT_PROVINCE }]);
    await addAccount(db, 'officer.kenitra@test.sanad.ma', [{ role: 'officer', provinceId: KENITRA_PROVINCE }]);
    driver = await seriousCase();
    const res = await transmit(driver, 'triage_report', 'Cas suivi de près par la cellule');
    expect(res.status).withContext(JSON.stringify(res.body)).toBe(201);
    sent = res.body as Detail;
  }, 120_000);
  afterAll(async () => t.close());

  it('offers the principal the reports of the protocol: after a T2 triage co-signed, the triage report is due', async () => {
    const d = await seriousCase('Cas du tableau des rapports');
    const view = (await d.agents.principal.get(`/api/cases/${d.caseId}/transmissions`).expect(200)).body;
    expect(view.canTransmit).toBeTrue();
    expect(view.reports).toEqual([
      jasmine.objectContaining({ kind: 'triage_report', status: 'due' }),
      jasmine.objectContaining({ kind: 'closure_report', status: 'not_due' }),
    ]);
    expect(view.reports[0].label.ar).toBeTruthy();
    const teacher = (await d.agents.team_member.get(`/api/cases/${d.caseId}/transmissions`).expect(200)).body;
    expect(teacher.canTransmit).toBeFalse();
  });

  it('is not due before the co-signature, nor for a T1 case: 422 PROTOCOL_RULE', async () => {
    const d = await CaseDriver.start(server, 'Cas T2 non signé');
    await d.reported();
    await d.complete('triage', 'coordinator', { tier: 'T2' });
    const early = await transmit(d, 'triage_report', undefined, 'en');
    expect(early.status).toBe(422);
    expect(early.body).toEqual(jasmine.objectContaining({ code: 'PROTOCOL_RULE', rule: 'transmission_not_due' }));
    expect(early.body.message).toContain('not due');
    const light = await CaseDriver.start(server, 'Cas T1');
    await light.reported({ types: ['INSULT'], repeated: false });
    await light.complete('triage', 'coordinator', { tier: 'T1' });
    expect((await transmit(light)).status).toBe(422);
    expect((await light.agents.principal.get(`/api/cases/${light.caseId}/transmissions`).expect(200)).body.reports[0].status).toBe(
      'not_due',
    );
  });

  it('sends a pseudonymised report once: 201, then 409; the case timeline records it', async () => {
    expect(sent.status).toBe('submitted');
    expect(sent.kind).toBe('triage_report');
    expect(sent.hasReport).toBeTrue();
    const report = sent.caseReport!;
    expect(report).toEqual(
      jasmine.objectContaining({ type: 'case_report', tier: 'T2', caseCode: sent.reference, closed: false, followUpOutcome: null }),
    );
    expect(report.people).toEqual([
      { code: 'E1', role: 'target' },
      { code: 'A1', role: 'author' },
    ]);
    expect((report.types as { code: string }[]).map((x) => x.code)).toEqual(['INSULT', 'MOBBING']);
    expect((report.platforms as { code: string }[]).map((x) => x.code)).toEqual(['INSTAGRAM']);
    expect((report.keyDates as { stepId: string; signedAt: string | null }[]).find((k) => k.stepId === 'triage')?.signedAt).toBeTruthy();
    expect(sent.events).toEqual([
      jasmine.objectContaining({ seq: 1, type: 'submitted', side: 'school', text: 'Cas suivi de près par la cellule' }),
    ]);

    const again = await transmit(driver, 'triage_report', undefined, 'ar');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSMISSION_ALREADY_SENT');
    expect(again.body.message).toMatch(/[\u0600-\u06FF]/);
    const timeline = (await driver.agents.team_member.get(`/api/cases/${driver.caseId}/timeline`).expect(200)).body as {
      type: string;
      payload: Record<string, unknown>;
    }[];
    expect(timeline.find((e) => e.type === 'transmitted')?.payload).toEqual({ transmissionId: sent.id, kind: 'triage_report' });
  });

  it('carries no name, class, title, note or free-text answer: markers never leave the school', async () => {
    expectNoMarker(sent, 'POST response');
    const row = await db.getRepository(Transmission).findOneByOrFail({ id: sent.id });
    expectNoMarker(row.snapshot, 'stored snapshot');
    expectNoMarker(row.reportData, 'stored academy report');
    const inbox = (await (await officer()).get('/api/transmissions').expect(200)).body;
    expectNoMarker(inbox, 'inbox');
    expectNoMarker((await (await officer()).get(`/api/transmissions/${sent.id}`).expect(200)).body, 'detail');
    expectNoMarker((await (await officer()).get('/api/notifications').expect(200)).body, 'officer notices');
    // the case's own pages keep them, of course: the markers were really there
    expect(JSON.stringify((await principal().get(`/api/cases/${driver.caseId}`).expect(200)).body)).toContain(MARKERS.title);
  });

  it('refuses other roles (403), a stale view (409) and an unknown kind (400)', async () => {
    const d = await seriousCase('Cas des refus');
    const seq = (await d.detail()).lastEventSeq;
    const byTeacher = await d.agents.team_member
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .send({ kind: 'triage_report', expectedSeq: seq });
    expect(byTeacher.status).toBe(403);
    const byOfficer = await (
      await officer()
    )
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .send({ kind: 'triage_report', expectedSeq: seq });
    expect(byOfficer.status).toBe(403);
    const stale = await d.agents.principal
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .send({ kind: 'triage_report', expectedSeq: seq - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const unknown = await d.agents.principal
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .set('Accept-Language', 'en')
      .send({ kind: 'weekly_gossip', expectedSeq: seq })
      .expect(400);
    expect(unknown.body.details).toEqual([jasmine.objectContaining({ field: 'kind', code: 'transmission.kind.invalid' })]);
    const malformed = await d.agents.principal
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .send({ kind: 'Triage Report!', expectedSeq: 'x', comment: 'a'.repeat(2001) })
      .expect(400);
    expect(malformed.body.details.map((x: { field: string }) => x.field).sort()).toEqual(['comment', 'expectedSeq', 'kind']);
    expect(JSON.stringify(malformed.body)).not.toMatch(/\bat .+\.js:\d+/);
    expect(malformed.body.stack).toBeUndefined();
  });

  it("reaches the officers of the school's academy and province, and no one else (404)", async () => {
    const ids = async (a: TestAgent) => ((await a.get('/api/transmissions').expect(200)).body.items as { id: string }[]).map((x) => x.id);
    expect(await ids(await officer())).toContain(sent.id);
    expect(await ids(await rabatOfficer())).toContain(sent.id);
    expect(await ids(await otherAcademyOfficer())).not.toContain(sent.id);
    expect(await ids(await kenitraOfficer())).not.toContain(sent.id);
    for (const a of [await otherAcademyOfficer(), await kenitraOfficer()]) {
      const res = await a.get(`/api/transmissions/${sent.id}`).expect(404);
      expect(res.body.code).toBe('TRANSMISSION_NOT_FOUND');
      await a.get(`/api/transmissions/${sent.id}/report.pdf`).expect(404);
      await a.post(`/api/transmissions/${sent.id}/acknowledge`).set(XHR).expect(404);
      await a.post(`/api/transmissions/${sent.id}/messages`).set(XHR).send({ text: 'Bonjour' }).expect(404);
    }
    const notices = (await (await officer()).get('/api/notifications').expect(200)).body as {
      kind: string;
      transmissionId: string;
      caseId: string | null;
      reference: string;
    }[];
    expect(notices).toContain(
      jasmine.objectContaining({ kind: 'transmission_submitted', transmissionId: sent.id, caseId: null, reference: sent.reference }),
    );
    expect(
      ((await (await otherAcademyOfficer()).get('/api/notifications').expect(200)).body as { transmissionId?: string }[]).some(
        (n) => n.transmissionId === sent.id,
      ),
    ).toBeFalse();
  });

  it('keeps the inbox from school staff and administrators (403)', async () => {
    await principal().get('/api/transmissions').expect(403);
    await driver.agents.team_member.get('/api/transmissions').expect(403);
    await driver.agents.team_member.get(`/api/transmissions/${sent.id}`).expect(403);
    await (await agent(DEMO.admin)).get('/api/transmissions').expect(403);
    await (await agent(DEMO.admin)).get(`/api/transmissions/${sent.id}`).expect(403);
  });

  it('gives the officer the report as PDF, rendered by the documents module', async () => {
    const res = await (
      await officer()
    )
      .get(`/api/transmissions/${sent.id}/report.pdf?lang=ar`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await (await officer()).get(`/api/transmissions/${sent.id}/report.pdf?lang=xx`).expect(400);
  });

  it('runs the flow: acknowledge, a question, an answer, handled — events on both sides, notices to the other side', async () => {
    const d = await seriousCase('Cas du fil');
    const first = await transmit(d);
    expect(first.status).toBe(201);
    const t1 = first.body as Detail;
    const o = await officer();
    await d.agents.principal.post(`/api/transmissions/${t1.id}/acknowledge`).set(XHR).expect(403);
    const acked = (await o.post(`/api/transmissions/${t1.id}/acknowledge`).set(XHR).expect(200)).body as Detail;
    expect(acked.status).toBe('acknowledged');
    expect(acked.actions).toEqual(['message', 'handle']);
    expect((await o.post(`/api/transmissions/${t1.id}/acknowledge`).set(XHR).expect(409)).body.code).toBe('TRANSMISSION_ACKNOWLEDGED');

    const asked = (
      await o
        .post(`/api/transmissions/${t1.id}/messages`)
        .set(XHR)
        .send({ text: 'Des mesures de protection sont-elles en place ?' })
        .expect(201)
    ).body as Detail;
    expect(asked.status).toBe('information_requested');
    const notices = (await d.agents.principal.get('/api/notifications').expect(200)).body as {
      kind: string;
      transmissionId: string;
      caseId: string;
    }[];
    expect(notices).toContain(jasmine.objectContaining({ kind: 'transmission_message', transmissionId: t1.id, caseId: d.caseId }));

    // the principal reads the thread from the case, and answers through the same route
    const onCase = (await d.agents.principal.get(`/api/cases/${d.caseId}/transmissions`).expect(200)).body;
    expect(onCase.transmissions[0].events.map((e: { type: string }) => e.type)).toEqual(['submitted', 'acknowledged', 'message']);
    expect(onCase.transmissions[0].actions).toEqual(['message']);
    await d.agents.team_member.post(`/api/transmissions/${t1.id}/messages`).set(XHR).send({ text: 'Oui' }).expect(403);
    const answered = (
      await d.agents.principal.post(`/api/transmissions/${t1.id}/messages`).set(XHR).send({ text: 'Oui, depuis lundi.' }).expect(201)
    ).body as Detail;
    expect(answered.status).toBe('answered');
    expect(
      ((await o.get('/api/notifications').expect(200)).body as { kind: string; transmissionId: string }[])
        .filter((n) => n.transmissionId === t1.id)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['transmission_message', 'transmission_submitted']);

    await d.agents.principal.post(`/api/transmissions/${t1.id}/handled`).set(XHR).expect(403);
    const handled = (await o.post(`/api/transmissions/${t1.id}/handled`).set(XHR).expect(200)).body as Detail;
    expect(handled.status).toBe('handled');
    expect(handled.actions).toEqual([]);
    expect(handled.events.map((e) => `${e.type}:${e.side}:${e.status}`)).toEqual([
      'submitted:school:submitted',
      'acknowledged:officer:acknowledged',
      'message:officer:information_requested',
      'message:school:answered',
      'handled:officer:handled',
    ]);
    const late = await d.agents.principal
      .post(`/api/transmissions/${t1.id}/messages`)
      .set(XHR)
      .set('Accept-Language', 'en')
      .send({ text: 'Encore' })
      .expect(409);
    expect(late.body).toEqual(
      jasmine.objectContaining({ code: 'TRANSMISSION_HANDLED', message: 'This transmission has been handled: it can no longer change.' }),
    );

    const caseEvents = await db
      .getRepository(CaseEvent)
      .find({ where: { caseId: d.caseId, type: 'transmission_updated' }, order: { seq: 'ASC' } });
    expect(caseEvents.map((e) => `${String(e.payload.event)}:${e.actorRole}`)).toEqual([
      'acknowledged:officer',
      'message:officer',
      'message:principal',
      'handled:officer',
    ]);
    expect(caseEvents.every((e) => !('text' in e.payload))).toBeTrue();
    expect(await db.getRepository(TransmissionEvent).countBy({ transmissionId: t1.id })).toBe(5);
    // the case still works for its staff afterwards (the officer's events took their seqs)
    await d.complete('track_decision', 'coordinator');
  });

  it('refuses an empty or oversized message with the field and a message in each language', async () => {
    const o = await officer();
    for (const [lang, word] of [
      ['fr', 'message'],
      ['en', 'message'],
      ['ar', 'رسالة'],
    ] as const) {
      const res = await o
        .post(`/api/transmissions/${sent.id}/messages`)
        .set(XHR)
        .set('Accept-Language', lang)
        .send({ text: '   ' })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([jasmine.objectContaining({ field: 'text', code: 'transmission.text.invalid' })]);
      expect(JSON.stringify(res.body)).toContain(word);
    }
    await o
      .post(`/api/transmissions/${sent.id}/messages`)
      .set(XHR)
      .send({ text: 'x'.repeat(2001) })
      .expect(400);
    await o.post(`/api/transmissions/not-an-id/acknowledge`).set(XHR).expect(404);
  });

  it('filters and pages the inbox', async () => {
    const o = await officer();
    const page = (await o.get('/api/transmissions?pageSize=1&page=1').expect(200)).body;
    expect(page.items.length).toBe(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
    const handled = (await o.get('/api/transmissions?status=handled').expect(200)).body.items as { status: string }[];
    expect(handled.every((x) => x.status === 'handled')).toBeTrue();
    const byKind = (await o.get('/api/transmissions?kind=triage_report').expect(200)).body.items as { kind: string }[];
    expect(byKind.every((x) => x.kind === 'triage_report')).toBeTrue();
    const school = (sent.caseReport!.school as { id: string }).id;
    expect((await o.get(`/api/transmissions?school=${school}`).expect(200)).body.total).toBeGreaterThanOrEqual(1);
    expect((await o.get('/api/transmissions?from=2000-01-01&to=2000-01-31').expect(200)).body.total).toBe(0);
    const month = new Date().toISOString().slice(0, 7);
    expect((await o.get(`/api/transmissions?period=${month}`).expect(200)).body.total).toBe(page.total);
    expect((await o.get('/api/transmissions?period=2001-T2').expect(200)).body.total).toBe(0);
    for (const bad of ['status=lost', 'kind=A-B', 'school=x', 'from=2026-02-30', 'period=2026-T3', 'pageSize=500', 'sort=name']) {
      await o.get(`/api/transmissions?${bad}`).expect(400);
    }
  });

  describe('school summaries', () => {
    const month = new Date().toISOString().slice(0, 7);

    it('previews the counts of a month and of a term for the principal only', async () => {
      const preview = (await principal().get(`/api/school-summaries/preview?period=${month}`).expect(200)).body;
      expect(preview.type).toBe('school_summary');
      expect(preview.reported).toBeGreaterThanOrEqual(1);
      expect(preview.byTier.find((x: { tier: string }) => x.tier === 'T2').count).toBeGreaterThanOrEqual(1);
      expect(preview.caseReportsSent).toBeGreaterThanOrEqual(1);
      expectNoMarker(preview, 'summary preview');
      const term = (await principal().get('/api/school-summaries/preview?period=2026-T1').expect(200)).body;
      expect(term.period).toEqual(jasmine.objectContaining({ kind: 'term', from: '2026-09-01', to: '2027-02-01' }));
      expect(term.reported).toBeGreaterThanOrEqual(preview.reported);
      await driver.agents.team_member.get(`/api/school-summaries/preview?period=${month}`).expect(403);
      await (await officer()).get(`/api/school-summaries/preview?period=${month}`).expect(403);
      const bad = await principal().get('/api/school-summaries/preview?period=2026-13').set('Accept-Language', 'en').expect(400);
      expect(bad.body.details).toEqual([jasmine.objectContaining({ field: 'period', code: 'transmission.period.invalid' })]);
      const future = await principal().get('/api/school-summaries/preview?period=2099-01').expect(400);
      expect(future.body.details).toEqual([jasmine.objectContaining({ field: 'period', code: 'transmission.period.future' })]);
    });

    it('submits a summary once; it arrives in the same inbox, for the same officers only', async () => {
      const res = await principal().post('/api/school-summaries').set(XHR).send({ period: month, comment: 'Mois calme' }).expect(201);
      const summary = res.body as Detail;
      expect(summary.kind).toBe('school_summary');
      expect(summary.caseReport).toBeNull();
      expect(summary.hasReport).toBeFalse();
      expect((summary.summary as { reported: number }).reported).toBeGreaterThanOrEqual(1);
      expect((await principal().post('/api/school-summaries').set(XHR).send({ period: month }).expect(409)).body.code).toBe(
        'TRANSMISSION_ALREADY_SENT',
      );
      await driver.agents.coordinator.post('/api/school-summaries').set(XHR).send({ period: month }).expect(403);
      const inbox = (await (await officer()).get('/api/transmissions?kind=school_summary').expect(200)).body.items as { id: string }[];
      expect(inbox.map((x) => x.id)).toContain(summary.id);
      await (await otherAcademyOfficer()).get(`/api/transmissions/${summary.id}`).expect(404);
      await (await officer()).get(`/api/transmissions/${summary.id}/report.pdf`).expect(404);
      // the principal follows its thread
      await (
        await officer()
      )
        .post(`/api/transmissions/${summary.id}/messages`)
        .set(XHR)
        .send({ text: 'Merci, précisez le niveau T2.' })
        .expect(201);
      const mine = (await principal().get(`/api/transmissions/${summary.id}`).expect(200)).body as Detail;
      expect(mine.status).toBe('information_requested');
      expect(mine.actions).toEqual(['message']);
      expect(((await principal().get('/api/school-summaries').expect(200)).body as { id: string }[]).map((x) => x.id)).toContain(
        summary.id,
      );
    });
  });
});
