import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit.entities';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Person {
  id: string;
  code: string;
}
interface PupilRecord {
  personId: string;
  caseId: string;
  caseReference: string;
  code: string;
  role: string;
  displayName: string;
  classLabel: string | null;
  caseState: string;
  removed: boolean;
}
interface ExportCase {
  reference: string;
  title: string;
  records: { personId: string; code: string; displayName: string | null; classLabel: string | null; note: string | null }[];
  otherPeople: { code: string; role: string }[];
  events: { type: string; stepId: string | null; recorded: Record<string, unknown> }[];
  corrections: {
    type: string;
    code: string;
    changes: { field: string; from: string | null; to: string | null }[];
    reason: string | null;
  }[];
  evidence: { title: string; storedSha256: string | null }[];
  documents: { template: string; lang: string; byRole: string }[];
}
interface Export {
  format: string;
  names: string[];
  generatedByRole: string;
  cases: ExportCase[];
}

const pdfDir = mkdtempSync(join(tmpdir(), 'sanad-sar-'));
/** The text of a PDF (poppler), bidi marks removed. */
function pdfText(pdf: Buffer): string {
  const f = join(pdfDir, `${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(f, pdf);
  return execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).replace(/[\u200E\u200F\u202A-\u202E]/g, '');
}
/** Reads the body as bytes whatever its type. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Names of other people of the two cases, in every form they were recorded: none may appear in an export. */
const OTHER_NAMES = ['Karim', 'Bennani', 'سارة', 'العلوي', 'Omar', 'Tazi', 'Hind', 'Chraibi'];

/** Access requests under Law 09-08 (issue #10): search a pupil across the school's cases, export, correct by events. */
describe('API: subject access (Law 09-08)', () => {
  let t: TestApp;
  let server: App;
  let first: CaseDriver;
  let second: CaseDriver;
  let other: TestAgent;
  let yasmine1: Person;
  let yasmine2: Person;
  let otherSchoolYasmine: Person;

  const login = async (email: string) => {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
    return agent;
  };
  const add = (d: CaseDriver, body: Record<string, unknown>) =>
    d.agents.team_member.post(`/api/cases/${d.caseId}/people`).set(XHR).send(body).expect(201);
  const search = (q: string, agent = first.agents.principal) => agent.get('/api/subject-access/people').query({ q });
  const exportOf = (ids: string[], agent = first.agents.principal) =>
    agent.post('/api/subject-access/export').set(XHR).send({ personIds: ids });

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;

    // case 1: Yasmine is the target; an author and a witness; a note and the intake name the others
    first = await CaseDriver.start(server, 'Insultes de Karim Bennani sur Instagram');
    yasmine1 = (
      await add(first, { role: 'target', kind: 'pupil', displayName: 'Yasmine El Amrani', classLabel: '3AC-2', note: 'Se confie à Hind' })
    ).body as Person;
    await add(first, { role: 'author', kind: 'pupil', displayName: 'Karim Bennani', classLabel: '3AC-1' });
    await add(first, { role: 'witness', kind: 'pupil', displayName: 'سارة العلوي' });
    await add(first, { role: 'reporter', kind: 'adult', displayName: 'Hind Chraibi' });
    await first.reported({
      targetRef: 'Yasmine El Amrani',
      description: 'Karim Bennani publie des insultes contre Yasmine ; سارة العلوي a tout vu. KARIM recommence le soir.',
    });
    const seq = (await first.detail()).lastEventSeq;
    await first.agents.coordinator
      .post(`/api/cases/${first.caseId}/notes`)
      .set(XHR)
      .send({ expectedSeq: seq, text: 'Entretien avec la mère de Yasmine. Karim a été vu par le CPE.' })
      .expect(200);
    await first.agents.team_member
      .post(`/api/cases/${first.caseId}/evidence/descriptions`)
      .set(XHR)
      .send({ title: 'Message vocal de Karim', description: 'Menaces reçues le soir de la part de Karim Bennani.' })
      .expect(201);
    await first.agents.principal.post(`/api/cases/${first.caseId}/documents/report-form`).set(XHR).send({ lang: 'fr' }).expect(200);

    // case 2: the same pupil as a witness, recorded with another spelling; an author later removed
    second = await CaseDriver.start(server, 'Montage photo');
    yasmine2 = (await add(second, { role: 'witness', kind: 'pupil', displayName: 'YASMINE el-amrani', classLabel: '3AC-2' }))
      .body as Person;
    const omar = (await add(second, { role: 'author', kind: 'pupil', displayName: 'Omar Tazi' })).body as Person;
    await second.agents.coordinator.delete(`/api/cases/${second.caseId}/people/${omar.id}`).set(XHR).expect(204);

    // another school: a pupil of the same name
    other = await login(DEMO.otherSchoolTeacher);
    const created = await other.post('/api/cases').set(XHR).send({ title: 'Rumeurs', occurredOn: '2026-11-02' }).expect(201);
    otherSchoolYasmine = (
      await other
        .post(`/api/cases/${created.body.id as string}/people`)
        .set(XHR)
        .send({ role: 'target', kind: 'pupil', displayName: 'Yasmine El Amrani' })
        .expect(201)
    ).body as Person;
  });
  afterAll(async () => {
    await t.close();
    rmSync(pdfDir, { recursive: true, force: true });
  });

  it('finds the pupil’s records across the school’s cases, whatever the accents, case or spelling; never another school’s', async () => {
    const res = await search('yasmine AMRANI').expect(200);
    const items = (res.body as { items: PupilRecord[] }).items;
    const ids = items.map((i) => i.personId);
    expect(ids).toContain(yasmine1.id);
    expect(ids).toContain(yasmine2.id);
    expect(ids).not.toContain(otherSchoolYasmine.id);
    expect(items.find((i) => i.personId === yasmine1.id)).toEqual(
      jasmine.objectContaining({ caseId: first.caseId, code: 'E1', role: 'target', classLabel: '3AC-2', removed: false }),
    );
    // Arabic: without the vowel marks, ta marbuta written as ha
    const arabic = (await search('ساره').expect(200)).body as { items: PupilRecord[] };
    expect(arabic.items.map((i) => i.displayName)).toContain('سارة العلوي');
    // a removed person is still held by the school: found, marked
    const removed = (await search('omar tazi').expect(200)).body as { items: PupilRecord[] };
    expect(removed.items.find((i) => i.caseId === second.caseId)?.removed).toBeTrue();
    // the query is checked
    const bad = await search('y').set('Accept-Language', 'en').expect(400);
    expect(bad.body.details).toEqual([jasmine.objectContaining({ field: 'q', code: 'subjectAccess.query.invalid' })]);
  });

  it('exports everything about the pupil from both cases, every other person as a code only', async () => {
    const res = await exportOf([yasmine1.id, yasmine2.id]).expect(200);
    const body = res.body as Export;
    expect(body.format).toBe('sanad.subject-access/1');
    expect(body.generatedByRole).toBe('principal');
    expect(body.cases.length).toBe(2);
    const one = body.cases.find((c) => c.records.some((r) => r.personId === yasmine1.id))!;
    const two = body.cases.find((c) => c.records.some((r) => r.personId === yasmine2.id))!;
    expect(one.records[0]).toEqual(jasmine.objectContaining({ code: 'E1', displayName: 'Yasmine El Amrani', classLabel: '3AC-2' }));
    expect(one.records[0].note).toBe('Se confie à R1');
    expect(one.title).toBe('Insultes de A1 sur Instagram');
    expect(one.otherPeople.map((p) => p.code).sort()).toEqual(['A1', 'R1', 'W1']);
    const intake = one.events.find((e) => e.stepId === 'intake')!;
    const answers = intake.recorded['answers'] as Record<string, unknown>;
    expect(answers['description']).toBe('A1 publie des insultes contre Yasmine ; W1 a tout vu. A1 recommence le soir.');
    expect(answers['targetRef']).toBe('Yasmine El Amrani');
    const note = one.events.find((e) => e.type === 'note_added')!;
    expect(note.recorded['text']).toBe('Entretien avec la mère de Yasmine. A1 a été vu par le CPE.');
    expect(one.evidence).toEqual([jasmine.objectContaining({ title: 'Message vocal de A1' })]);
    expect(one.documents).toEqual([jasmine.objectContaining({ template: 'report-form', lang: 'fr', byRole: 'principal' })]);
    expect(two.otherPeople).toEqual([jasmine.objectContaining({ code: 'A1', role: 'author' })]);
    expect(body.names).toEqual(['Yasmine El Amrani', 'YASMINE el-amrani']);

    // no other person's name anywhere in the whole output
    const serialized = JSON.stringify(body);
    for (const name of OTHER_NAMES) expect(serialized).withContext(name).not.toContain(name);
    // staff appear by role only
    for (const staff of ['Salma', 'Alaoui', 'Naïma', 'Fassi']) expect(JSON.stringify(body)).not.toContain(staff);

    // recorded in the audit trail, with ids only
    const entries = await t.app
      .get(DataSource)
      .getRepository(AuditEntry)
      .find({ where: { action: 'export' } });
    const entry = entries.find(
      (e) =>
        (e.details as { kind?: string; format?: string }).format === 'json' &&
        (e.details as { personIds: string[] }).personIds.length === 2,
    );
    expect(entry).toBeDefined();
    expect(entry!.details).toEqual(
      jasmine.objectContaining({
        format: 'json',
        personIds: [yasmine1.id, yasmine2.id].sort(),
        caseIds: jasmine.arrayWithExactContents([first.caseId, second.caseId]),
      }),
    );
    expect(JSON.stringify(entries)).not.toContain('Yasmine');
  });

  it('records a correction as a new event of the case, in the timeline and in the export’s corrections', async () => {
    const before = (await second.detail()).lastEventSeq;
    // a stale view is refused
    await second.agents.coordinator
      .patch(`/api/cases/${second.caseId}/people/${yasmine2.id}`)
      .set(XHR)
      .send({ classLabel: '3AC-3', expectedSeq: before - 1 })
      .expect(409);
    await second.agents.coordinator
      .patch(`/api/cases/${second.caseId}/people/${yasmine2.id}`)
      .set(XHR)
      .send({ classLabel: '3AC-3', reason: 'À la demande de l’élève', expectedSeq: before })
      .expect(200);
    const timeline = (await second.agents.team_member.get(`/api/cases/${second.caseId}/timeline`).expect(200)).body as {
      seq: number;
      type: string;
      payload: Record<string, unknown>;
    }[];
    const event = timeline.find((e) => e.type === 'person_updated' && e.payload['personId'] === yasmine2.id)!;
    expect(event.seq).toBe(before + 1);
    expect(event.payload).toEqual(
      jasmine.objectContaining({ code: 'W1', changed: { classLabel: { from: '3AC-2', to: '3AC-3' } }, reason: 'À la demande de l’élève' }),
    );
    expect(timeline.some((e) => e.type === 'person_removed' && e.payload['code'] === 'A1')).toBeTrue();
    expect((await second.detail()).lastEventSeq).toBe(before + 1);

    const body = (await exportOf([yasmine2.id]).expect(200)).body as Export;
    expect(body.cases[0].records[0].classLabel).toBe('3AC-3');
    expect(body.cases[0].corrections).toEqual([
      jasmine.objectContaining({
        type: 'person_updated',
        code: 'W1',
        changes: [{ field: 'classLabel', from: '3AC-2', to: '3AC-3' }],
        reason: 'À la demande de l’élève',
      }),
    ]);
    // the removal of another person is not the pupil's correction, and never shows that person's name
    expect(JSON.stringify(body)).not.toContain('Omar');
  });

  it('gives the same export as a readable PDF, in the language asked, with no other person’s name', async () => {
    const res = await first.agents.principal
      .post('/api/subject-access/export.pdf')
      .set(XHR)
      .send({ personIds: [yasmine1.id, yasmine2.id], lang: 'fr' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sanad-acces-\d{4}-\d{2}-\d{2}-fr\.pdf"$/);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('Yasmine El Amrani');
    expect(text).toContain('loi 09-08');
    expect(text.replace(/\s+/g, ' ')).toContain('A1 publie des insultes');
    for (const name of OTHER_NAMES) expect(text).withContext(name).not.toContain(name);
    const ar = await first.agents.principal
      .post('/api/subject-access/export.pdf')
      .set(XHR)
      .send({ personIds: [yasmine1.id], lang: 'ar' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdfText(ar.body as Buffer)).toContain('المعطيات الشخصية');
    const entries = await t.app
      .get(DataSource)
      .getRepository(AuditEntry)
      .find({ where: { action: 'export' } });
    expect(entries.some((e) => (e.details as { kind?: string; format?: string }).format === 'pdf')).toBeTrue();
    await first.agents.principal
      .post('/api/subject-access/export.pdf')
      .set(XHR)
      .send({ personIds: [yasmine1.id], lang: 'de' })
      .expect(400);
    await first.agents.coordinator
      .post('/api/subject-access/export.pdf')
      .set(XHR)
      .send({ personIds: [yasmine1.id] })
      .expect(403);
  });

  it('is for the principal of the school: other staff, officers and other schools are refused', async () => {
    for (const role of ['team_member', 'coordinator'] as const) {
      expect((await search('yasmine', first.agents[role]).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
      await exportOf([yasmine1.id], first.agents[role]).expect(403);
    }
    const officer = await login(DEMO.officer);
    await search('yasmine', officer).expect(403);
    await exportOf([yasmine1.id], officer).expect(403);
    // the principal of another school finds only their own pupil, and cannot export ours
    const otherPrincipal = await login('directeur.marrakech@demo.sanad.ma');
    const found = ((await search('yasmine', otherPrincipal).expect(200)).body as { items: PupilRecord[] }).items.map((i) => i.personId);
    expect(found).toContain(otherSchoolYasmine.id);
    expect(found).not.toContain(yasmine1.id);
    expect((await exportOf([yasmine1.id], otherPrincipal).expect(404)).body.code).toBe('SUBJECT_ACCESS_RECORD_NOT_FOUND');
    // and ours cannot export theirs
    await exportOf([otherSchoolYasmine.id]).expect(404);
    await exportOf([]).expect(400);
    await request(server).get('/api/subject-access/people?q=yasmine').expect(401);
  });
});
