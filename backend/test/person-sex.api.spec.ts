import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit.entities';
import { CaseRecord } from '../src/cases/case.entities';
import { refreshProjections } from '../src/cases/refresh-projections';
import { ProtocolCatalogue } from '../src/protocols/protocol-catalogue';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Person {
  id: string;
  code: string;
  role: string;
  sex: string | null;
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The text of a PDF, as a reader copying it would get it. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-sex-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What would reveal a person's sex in an English document or export (not "sexual", "sextortion"…). */
const SEX_WORDS = /\b(fe)?male\b|\bsex\b|\bgirl\b|\bboy\b|"sex"/i;

/**
 * The sensitive `sex` of a person (issue #13): recorded by the school's staff, seen only by them, never in a
 * document, export or transmission; in the statistics only as aggregates (cases.targetSex / authorSex).
 */
describe('API: sex of the people involved (issue #13)', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  const people = (d: CaseDriver) => `/api/cases/${d.caseId}/people`;
  const row = async (d: CaseDriver) => db.getRepository(CaseRecord).findOneByOrFail({ id: d.caseId });

  it('is optional, validated, returned to the school, and gives the case its targetSex / authorSex', async () => {
    const d = await CaseDriver.start(server, 'Montage humiliant');
    const staff = d.agents.team_member;
    const e1 = (await staff.post(people(d)).set(XHR).send({ role: 'target', kind: 'pupil', sex: 'female' }).expect(201)).body as Person;
    const a1 = (await staff.post(people(d)).set(XHR).send({ role: 'author', kind: 'pupil' }).expect(201)).body as Person;
    expect([e1.sex, a1.sex]).toEqual(['female', null]);
    expect(await row(d)).toEqual(jasmine.objectContaining({ targetSex: 'female', authorSex: null }));

    for (const [lang, text] of [
      ['fr', 'Choisissez : fille, garçon, ou laissez vide si vous ne savez pas.'],
      ['ar', 'اختر: أنثى أو ذكر، أو اترك الخانة فارغة إن كنت لا تعرف.'],
      ['en', 'Choose: female or male, or leave it empty if you do not know.'],
    ]) {
      for (const sex of ['F', 'other', 1, ['female']]) {
        const bad = await staff
          .post(people(d))
          .set(XHR)
          .set('Accept-Language', lang)
          .send({ role: 'target', kind: 'pupil', sex })
          .expect(400);
        expect(bad.body.details).toEqual([jasmine.objectContaining({ field: 'sex', code: 'person.sex.invalid', message: text })]);
      }
    }

    await staff.post(people(d)).set(XHR).send({ role: 'target', kind: 'pupil', sex: 'male' }).expect(201);
    await d.agents.coordinator
      .patch(`${people(d)}/${a1.id}`)
      .set(XHR)
      .send({ sex: 'male' })
      .expect(200);
    expect(await row(d)).toEqual(jasmine.objectContaining({ targetSex: 'mixed', authorSex: 'male' }));
    // back to "not recorded", then the author becomes a witness: no author sex left
    await d.agents.coordinator
      .patch(`${people(d)}/${a1.id}`)
      .set(XHR)
      .send({ sex: null })
      .expect(200);
    await d.agents.coordinator
      .patch(`${people(d)}/${a1.id}`)
      .set(XHR)
      .send({ sex: 'female', role: 'witness' })
      .expect(200);
    await d.agents.coordinator
      .delete(`${people(d)}/${e1.id}`)
      .set(XHR)
      .expect(204);
    expect(await row(d)).toEqual(jasmine.objectContaining({ targetSex: 'male', authorSex: null }));
    const listed = ((await staff.get(people(d)).expect(200)).body as { items: Person[] }).items;
    expect(listed.map((p) => [p.code, p.sex])).toEqual([
      ['A1', 'female'],
      ['E2', 'male'],
    ]);

    // another school never sees it; officers have no access to people at all
    const other = request.agent(server);
    await other.post('/api/auth/login').set(XHR).send({ email: DEMO.otherSchoolTeacher, password: DEMO.password }).expect(200);
    await other.get(people(d)).expect(404);
    const officer = request.agent(server);
    await officer.post('/api/auth/login').set(XHR).send({ email: DEMO.officer, password: DEMO.password }).expect(200);
    expect((await officer.get(people(d))).status).toBe(403);
  });

  it('a change is in the audit trail and the timeline without its value', async () => {
    const d = await CaseDriver.start(server, 'Clonage de voix');
    const p = (await d.agents.team_member.post(people(d)).set(XHR).send({ role: 'target', kind: 'pupil', displayName: 'Nour' }).expect(201))
      .body as Person;
    await d.agents.coordinator
      .patch(`${people(d)}/${p.id}`)
      .set(XHR)
      .send({ sex: 'female', classLabel: '1AC-2' })
      .expect(200);
    const audit = await db.getRepository(AuditEntry).find({ where: { action: 'case.write', targetId: p.id } });
    const update = audit.find((e) => (e.details as { people?: string }).people === 'update')!;
    expect((update.details as { fields: string[] }).fields.sort()).toEqual(['classLabel', 'sex']);
    expect(JSON.stringify(audit)).not.toMatch(/female/);
    const timeline = (await d.agents.coordinator.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as unknown;
    const text = JSON.stringify(timeline);
    expect(text).toContain('"sex":{}');
    expect(text).toContain('1AC-2');
    expect(text).not.toMatch(/female/);
  });

  it('is rebuilt with the projection at start-up (rows of an older projection version)', async () => {
    const d = await CaseDriver.start(server, 'Faux comptes');
    await d.agents.team_member.post(people(d)).set(XHR).send({ role: 'author', kind: 'pupil', sex: 'male' }).expect(201);
    await db.getRepository(CaseRecord).update({ id: d.caseId }, { authorSex: null, projectionVersion: 2 });
    await refreshProjections(db, t.app.get(ProtocolCatalogue));
    expect(await row(d)).toEqual(jasmine.objectContaining({ authorSex: 'male', projectionVersion: 3 }));
  });

  it('never leaves the school: not in any case document, the transmission, the CSV; only their own in subject access', async () => {
    const d = await CaseDriver.start(server, 'Fuite du sexe');
    const staff = d.agents.team_member;
    const target = (
      await staff.post(people(d)).set(XHR).send({ role: 'target', kind: 'pupil', displayName: 'Salma', sex: 'female' }).expect(201)
    ).body as Person;
    await staff.post(people(d)).set(XHR).send({ role: 'author', kind: 'pupil', displayName: 'Omar', sex: 'male' }).expect(201);
    await d.reported({ authorsKnown: true, authorsArePupils: true, types: ['INSULT'], repeated: false });
    await d.complete('triage', 'coordinator', { tier: 'T0' });
    await d.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    await d.complete('target_interview', 'team_member');
    await d.complete('educational_response', 'coordinator');
    await d.complete('educational_followup', 'team_member', { situation: 'STOPPED' });
    await d.complete('closure_proposal', 'coordinator');
    await d.complete('closure_signoff', 'principal', { decision: 'APPROVE' });

    // every document the school can make of the case, in English
    const list = (await staff.get(`/api/cases/${d.caseId}/documents`).expect(200)).body as { template: string; available: boolean }[];
    const available = list.filter((x) => x.available).map((x) => x.template);
    expect(available).toContain('case-file');
    for (const template of available) {
      const res = await d.agents.principal
        .post(`/api/cases/${d.caseId}/documents/${template}`)
        .set(XHR)
        .send({ lang: 'en' })
        .buffer(true)
        .parse(binary);
      expect(res.status).withContext(template).toBe(200);
      const text = pdfText(res.body as Buffer);
      // the case file lists the people (by code, and names inside the school): the sex never
      if (template === 'case-file') expect(text).toContain('E1');
      expect(text).withContext(template).not.toMatch(SEX_WORDS);
    }

    // the closure report sent to the academy, as the officer receives it (JSON and PDF)
    const seq = (await d.detail('principal')).lastEventSeq;
    const sent = await d.agents.principal
      .post(`/api/cases/${d.caseId}/transmissions`)
      .set(XHR)
      .send({ kind: 'closure_report', expectedSeq: seq })
      .expect(201);
    const officer = request.agent(server);
    await officer.post('/api/auth/login').set(XHR).send({ email: DEMO.officer, password: DEMO.password }).expect(200);
    const received = await officer.get(`/api/transmissions/${sent.body.id as string}`).expect(200);
    expect(JSON.stringify(received.body)).toContain('E1');
    expect(JSON.stringify(received.body)).not.toMatch(SEX_WORDS);
    const pdf = await officer
      .get(`/api/transmissions/${sent.body.id as string}/report.pdf?lang=en`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdfText(pdf.body as Buffer)).not.toMatch(SEX_WORDS);
    // the Ministry CSV: counts by category only
    const csv = await officer.get('/api/statistics/export.csv').expect(200);
    expect(csv.text).not.toMatch(SEX_WORDS);

    // subject access (Law 09-08): the pupil gets their own recorded sex, never the other person's
    const exported = await d.agents.principal
      .post('/api/subject-access/export')
      .set(XHR)
      .send({ personIds: [target.id] })
      .expect(200);
    const own = exported.body as { cases: { records: { code: string; sex: string | null }[]; otherPeople: Record<string, unknown>[] }[] };
    expect(own.cases[0].records.map((r) => [r.code, r.sex])).toEqual([['E1', 'female']]);
    expect(own.cases[0].otherPeople.map((o) => Object.keys(o).sort())).toEqual([['code', 'kind', 'role']]);
    expect(JSON.stringify(own)).not.toMatch(/\bmale\b/);
  }, 120_000);
});
