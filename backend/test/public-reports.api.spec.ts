import { execFileSync } from 'node:child_process';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { solveChallenge } from '../src/public-reports/proof-of-work';
import { ProtocolCatalogue } from '../src/protocols/protocol-catalogue';
import { runPurge } from '../src/retention/purge';
import { checkIntegrity } from '../src/database/integrity';
import { XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const SCHOOL = 'DEMO-RAB-001';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
const OTHER_SCHOOL = 'DEMO-MAR-001';

interface Receipt {
  reportCode: string;
  passcode: string;
  dangerNow: boolean;
}
interface FollowUp {
  status: string;
  schoolNameFr: string;
  schoolNameAr: string;
  messages: { from: string; body: string; at: string }[];
}

/** The public reporting channel (issue #11): report, follow up, the intake queue, and what must never leak. */
describe('API: public reporting channel', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  const cookies = new Map<string, string>();
  let address = 0;
  /** a fresh client address per report (X-Forwarded-For is trusted from loopback): the per-address limit stays out of the way */
  const nextAddress = () => `198.51.100.${++address % 250}`;

  async function as(email: string): Promise<string> {
    if (!cookies.has(email)) {
      const res = await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
      cookies.set(email, (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0]);
    }
    return cookies.get(email)!;
  }
  const staff = async (email: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const call = request(server);
    const req = call[method](path)
      .set(XHR)
      .set('Cookie', await as(email));
    return body ? req.send(body) : req;
  };
  async function proof(school = SCHOOL) {
    const c = await request(server).get(`/api/public/challenge?school=${school}`).expect(200);
    const { challenge, difficulty } = c.body as { challenge: string; difficulty: number };
    return { challenge, nonce: solveChallenge(challenge, difficulty) };
  }
  const form = (extra: object = {}) => ({
    language: 'ar',
    reporterRole: 'target',
    whatHappened: 'ينشرون صوري في مجموعة القسم على واتساب ويسخرون مني كل يوم.',
    platforms: ['WHATSAPP', 'INSTAGRAM'],
    since: 'this_week',
    dangerNow: false,
    ...extra,
  });
  async function submit(extra: object = {}, ip = nextAddress()): Promise<Receipt> {
    const res = await request(server)
      .post(`/api/public/schools/${SCHOOL}/reports`)
      .set(XHR)
      .set('X-Forwarded-For', ip)
      .send({ ...(await proof()), ...form(extra) });
    expect(res.status).withContext(JSON.stringify(res.body)).toBe(201);
    return res.body as Receipt;
  }
  const followUp = (body: object, ip = nextAddress(), lang = 'fr') =>
    request(server).post('/api/public/follow-up').set(XHR).set('X-Forwarded-For', ip).set('Accept-Language', lang).send(body);
  async function reportIdOf(receipt: Receipt): Promise<string> {
    const rows = await db.query<{ id: string }[]>(
      `SELECT ${q('id')} FROM ${q('intake_reports')} WHERE ${q('code')} = '${receipt.reportCode.replace(/-/g, '')}'`,
    );
    return rows[0].id;
  }
  const q = (name: string) => db.driver.escape(name);

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_REPORT_POW_BITS: '4', PUBLIC_URL: 'https://sanad.example.ma' });
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  it("shows a school's public page with the helplines, and 404 PUBLIC_SCHOOL_NOT_FOUND for an unknown code", async () => {
    const res = await request(server).get(`/api/public/schools/${SCHOOL.toLowerCase()}`).expect(200);
    expect(res.body).toEqual(jasmine.objectContaining({ code: SCHOOL, nameFr: jasmine.any(String), nameAr: jasmine.any(String) }));
    const helplines = res.body.helplines as { id: string; phone?: string; url?: string }[];
    expect(helplines.map((h) => h.id)).toEqual(jasmine.arrayContaining(['EMC_HELPLINE', 'ONDE_2511', 'POLICE_19']));
    expect(helplines.find((h) => h.id === 'ONDE_2511')?.phone).toBe('2511');
    expect(helplines.find((h) => h.id === 'POLICE_19')?.phone).toBe('19');
    expect(helplines.find((h) => h.id === 'EMC_HELPLINE')?.url).toMatch(/^https:\/\/cyberconfiance\.ma/);
    const unknown = await request(server).get('/api/public/schools/NOPE-000').set('Accept-Language', 'ar').expect(404);
    expect(unknown.body).toEqual(jasmine.objectContaining({ statusCode: 404, code: 'PUBLIC_SCHOOL_NOT_FOUND' }));
    expect(unknown.body.message).toMatch(/[\u0600-\u06FF]/);
    await request(server).get('/api/public/challenge?school=NOPE-000').expect(404);
  });

  it('takes a report in Arabic, gives a code and a passcode once, and lets the reporter and the team talk', async () => {
    const receipt = await submit();
    expect(receipt.reportCode).toMatch(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
    expect(receipt.passcode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    // the passcode is stored as an argon2id hash only
    const id = await reportIdOf(receipt);
    const [row] = await db.query<{ passcodeHash: string }[]>(
      `SELECT ${q('passcodeHash')} FROM ${q('intake_reports')} WHERE ${q('id')} = '${id}'`,
    );
    expect(row.passcodeHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(receipt.passcode.replace(/-/g, ''));

    // lower case and spaces are fine
    let view = await followUp({ reportCode: receipt.reportCode.toLowerCase().replace(/-/g, ' '), passcode: receipt.passcode }).expect(200);
    expect(view.body).toEqual({ status: 'received', schoolNameFr: jasmine.any(String), schoolNameAr: jasmine.any(String), messages: [] });

    // the team sees it in the queue, pending, and answers
    const list = await staff(DEMO.coordinator, 'get', '/api/intake-reports');
    expect(list.status).toBe(200);
    const item = (list.body.items as { id: string; preview: string; anonymous: boolean; dangerNow: boolean; status: string }[]).find(
      (i) => i.id === id,
    );
    expect(item).toEqual(jasmine.objectContaining({ status: 'pending', anonymous: true, dangerNow: false, reporterRole: 'target' }));
    expect(item!.preview.length).toBeLessThanOrEqual(120);
    const sent = await staff(DEMO.coordinator, 'post', `/api/intake-reports/${id}/messages`, {
      body: 'شكرًا لك. سنلتقي بك غدًا في مكتب التوجيه.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual([jasmine.objectContaining({ from: 'team', authorName: 'Youssef Alaoui' })]);

    // the reporter reads the answer: from "the team", no staff name anywhere
    view = await followUp({ reportCode: receipt.reportCode, passcode: receipt.passcode }).expect(200);
    expect(view.body.messages).toEqual([{ from: 'team', body: 'شكرًا لك. سنلتقي بك غدًا في مكتب التوجيه.', at: jasmine.any(String) }]);
    expect(JSON.stringify(view.body)).not.toContain('Youssef');
    const reply = await request(server)
      .post('/api/public/follow-up/messages')
      .set(XHR)
      .set('X-Forwarded-For', nextAddress())
      .send({ reportCode: receipt.reportCode, passcode: receipt.passcode, body: 'حسنًا، شكرًا.' });
    expect(reply.status).toBe(201);
    expect((reply.body as FollowUp).messages.map((m) => m.from)).toEqual(['team', 'reporter']);

    // the team: one unread message, in the list and the badge, read once the report is opened
    const unread = await staff(DEMO.principal, 'get', '/api/intake-reports?status=all&pageSize=100');
    expect((unread.body.items as { id: string; unreadMessages: number }[]).find((i) => i.id === id)?.unreadMessages).toBe(1);
    expect((await staff(DEMO.principal, 'get', '/api/intake-reports/summary')).body).toEqual(
      jasmine.objectContaining({ pending: jasmine.any(Number), unreadMessages: 1 }),
    );
    const detail = await staff(DEMO.teacher, 'get', `/api/intake-reports/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(
      jasmine.objectContaining({ language: 'ar', whatHappened: form().whatHappened, platforms: ['WHATSAPP', 'INSTAGRAM'], contact: null }),
    );
    expect((detail.body.events as { type: string; actorName?: string }[]).map((e) => e.type)).toEqual([
      'received',
      'team_message',
      'reporter_message',
    ]);
    expect((await staff(DEMO.principal, 'get', '/api/intake-reports/summary')).body.unreadMessages).toBe(0);

    // turned into a case: the reporter now sees "the team is acting", and still nothing of the case
    const converted = await staff(DEMO.coordinator, 'post', `/api/intake-reports/${id}/convert`);
    expect(converted.status).toBe(201);
    expect(converted.body).toEqual({ caseId: jasmine.any(String), reference: jasmine.stringMatching(/^\d{4}-\d{4}$/) });
    view = await followUp({ reportCode: receipt.reportCode, passcode: receipt.passcode }).expect(200);
    expect(view.body.status).toBe('in_progress');
    expect(Object.keys(view.body as object).sort()).toEqual(['messages', 'schoolNameAr', 'schoolNameFr', 'status']);
    expect(JSON.stringify(view.body)).not.toContain(converted.body.reference as string);
    expect(JSON.stringify(view.body)).not.toContain(converted.body.caseId as string);
    expect(JSON.stringify(view.body)).not.toContain('واتساب ويسخرون');

    // the case was opened the normal way, with the report in its log
    const kase = await staff(DEMO.coordinator, 'get', `/api/cases/${converted.body.caseId as string}`);
    expect(kase.status).toBe(200);
    const events = await db.query<{ type: string; payload: string }[]>(
      `SELECT ${q('type')}, ${q('payload')} FROM ${q('case_events')} WHERE ${q('caseId')} = '${converted.body.caseId as string}' ORDER BY ${q('seq')}`,
    );
    expect(events.map((e) => e.type)).toEqual(['case_created', 'intake_report_attached']);
    expect(JSON.parse(events[1].payload)).toEqual(
      jasmine.objectContaining({ reportId: id, how: 'converted', text: form().whatHappened, code: receipt.reportCode }),
    );
    const again = await staff(DEMO.principal, 'post', `/api/intake-reports/${id}/convert`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INTAKE_REPORT_ALREADY_HANDLED');
    expect((await staff(DEMO.principal, 'post', `/api/intake-reports/${id}/dismiss`, { reason: 'doublon' })).status).toBe(409);

    // closed: the reporter sees it, and can no longer write
    expect((await staff(DEMO.coordinator, 'post', `/api/intake-reports/${id}/close`)).status).toBe(200);
    view = await followUp({ reportCode: receipt.reportCode, passcode: receipt.passcode }).expect(200);
    expect(view.body.status).toBe('closed');
    const late = await request(server)
      .post('/api/public/follow-up/messages')
      .set(XHR)
      .set('X-Forwarded-For', nextAddress())
      .send({ reportCode: receipt.reportCode, passcode: receipt.passcode, body: 'encore' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PUBLIC_REPORT_CLOSED');
    expect((await staff(DEMO.coordinator, 'post', `/api/intake-reports/${id}/messages`, { body: 'x' })).body.code).toBe(
      'INTAKE_REPORT_CLOSED',
    );
  });

  it('carries "someone is in danger now" to the case as a danger sign, and alerts the whole team', async () => {
    const receipt = await submit({ dangerNow: true, contact: '06 00 00 00 00', involved: 'Deux élèves de 3e', language: 'fr' });
    expect(receipt.dangerNow).toBeTrue();
    const id = await reportIdOf(receipt);
    for (const email of [DEMO.teacher, DEMO.coordinator, DEMO.principal]) {
      const notices = (await staff(email, 'get', '/api/notifications')).body as {
        kind: string;
        intakeReportId: string;
        reference: string;
      }[];
      expect(notices)
        .withContext(email)
        .toContain(jasmine.objectContaining({ kind: 'intake_report_danger', intakeReportId: id, reference: receipt.reportCode }));
    }
    // another school's staff get nothing
    const other = (await staff(DEMO.otherSchoolTeacher, 'get', '/api/notifications')).body as { intakeReportId: string | null }[];
    expect(other.some((n) => n.intakeReportId === id)).toBeFalse();
    const converted = await staff(DEMO.teacher, 'post', `/api/intake-reports/${id}/convert`);
    expect(converted.status).toBe(201);
    const kase = await staff(DEMO.coordinator, 'get', `/api/cases/${converted.body.caseId as string}`);
    expect(kase.body.reportedDanger).toEqual(jasmine.objectContaining({ flags: ['PHYSICAL_THREAT'] }));
  });

  it('links a report to an existing case, or dismisses it with a reason (the reporter sees "closed")', async () => {
    const opened = await staff(DEMO.coordinator, 'post', '/api/cases', { title: 'Messages sur Instagram', occurredOn: '2026-11-02' });
    expect(opened.status).toBe(201);
    const a = await reportIdOf(await submit());
    const linked = await staff(DEMO.coordinator, 'post', `/api/intake-reports/${a}/link`, { caseId: opened.body.id as string });
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual(
      jasmine.objectContaining({ status: 'linked', caseId: opened.body.id, caseReference: opened.body.reference }),
    );

    const b = await submit();
    const bad = await staff(DEMO.coordinator, 'post', `/api/intake-reports/${await reportIdOf(b)}/dismiss`, { reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const dismissed = await staff(DEMO.coordinator, 'post', `/api/intake-reports/${await reportIdOf(b)}/dismiss`, {
      reason: 'Message de test envoyé par un élève',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toEqual(
      jasmine.objectContaining({ status: 'dismissed', dismissReason: 'Message de test envoyé par un élève', closed: true }),
    );
    const view = await followUp({ reportCode: b.reportCode, passcode: b.passcode }).expect(200);
    expect(view.body.status).toBe('closed');
    expect(JSON.stringify(view.body)).not.toContain('Message de test');
    const pending = await staff(DEMO.coordinator, 'get', '/api/intake-reports');
    expect((pending.body.items as { id: string }[]).some((i) => i.id === a)).toBeFalse();
    const linkedList = await staff(DEMO.coordinator, 'get', '/api/intake-reports?status=linked');
    expect((linkedList.body.items as { id: string }[]).some((i) => i.id === a)).toBeTrue();
  });

  it('names the case a report went to only to those who may see it (a restricted case)', async () => {
    const id = await reportIdOf(await submit());
    const converted = await staff(DEMO.coordinator, 'post', `/api/intake-reports/${id}/convert`);
    const caseId = converted.body.caseId as string;
    const seq = (await staff(DEMO.coordinator, 'get', `/api/cases/${caseId}`)).body.lastEventSeq as number;
    const restricted = await staff(DEMO.coordinator, 'put', `/api/cases/${caseId}/restriction`, {
      expectedSeq: seq,
      restricted: true,
      members: [],
      reason: 'Personnel impliqué',
    });
    expect(restricted.status).withContext(JSON.stringify(restricted.body)).toBe(200);
    const teacher = await staff(DEMO.teacher, 'get', `/api/intake-reports/${id}`);
    expect(teacher.status).toBe(200);
    expect(teacher.body.status).toBe('converted');
    expect(teacher.body.caseId).toBeUndefined();
    expect(teacher.body.caseReference).toBeUndefined();
    expect(JSON.stringify(teacher.body)).not.toContain(caseId);
    const principal = await staff(DEMO.principal, 'get', `/api/intake-reports/${id}`);
    expect(principal.body).toEqual(jasmine.objectContaining({ caseId, caseReference: converted.body.reference }));
  });

  it('refuses a missing, wrong, reused or foreign proof of work, and invalid fields with VALIDATION_FAILED', async () => {
    const send = (body: object) =>
      request(server).post(`/api/public/schools/${SCHOOL}/reports`).set(XHR).set('X-Forwarded-For', nextAddress()).send(body);
    const p = await proof();
    expect((await send({ ...p, ...form() })).status).toBe(201);
    const reused = await send({ ...p, ...form() });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('PUBLIC_REPORT_PROOF_INVALID');
    const foreign = await send({ ...(await proof(OTHER_SCHOOL)), ...form() });
    expect(foreign.body.code).toBe('PUBLIC_REPORT_PROOF_INVALID');
    const c = (await request(server).get(`/api/public/challenge?school=${SCHOOL}`)).body as { challenge: string; difficulty: number };
    expect(c.difficulty).toBeGreaterThanOrEqual(4);
    let weak = 0;
    while (solveChallenge(c.challenge, c.difficulty) === String(weak)) weak++;
    expect((await send({ challenge: c.challenge, nonce: String(weak), ...form() })).body.code).toBe('PUBLIC_REPORT_PROOF_INVALID');
    const invalid = await send({
      ...(await proof()),
      ...form({ whatHappened: '', platforms: ['MYSPACE'], since: 'yesterday', dangerNow: 'yes', reporterRole: 'teacher' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect((invalid.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(
      ['dangerNow', 'platforms', 'reporterRole', 'since', 'whatHappened'].sort(),
    );
    const extra = await send({ ...(await proof()), ...form(), status: 'converted' });
    expect(extra.status).toBe(400);
  });

  it('never tells an unknown code from a wrong passcode: same status, body, headers and about the same time', async () => {
    const receipt = await submit();
    const stripVolatile = (h: Record<string, string>) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => !['date', 'x-request-id', 'etag', 'content-length'].includes(k)));
    const wrong = await followUp({ reportCode: receipt.reportCode, passcode: 'AAAA-BBBB-CCCC' });
    const unknown = await followUp({ reportCode: 'ZZZ-ZZZ-ZZZ', passcode: receipt.passcode });
    const malformed = await followUp({ reportCode: 'hello', passcode: '' });
    for (const res of [wrong, unknown, malformed]) {
      expect(res.status).toBe(404);
      const body = { ...(res.body as Record<string, unknown>) };
      delete body.requestId;
      expect(body).toEqual({
        statusCode: 404,
        code: 'PUBLIC_REPORT_NOT_FOUND',
        message: 'Code ou mot de passe incorrect. Vérifiez-les et réessayez.',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/stack|at \w+ \(|\.ts:|\.js:/);
    }
    expect(stripVolatile(unknown.headers)).toEqual(stripVolatile(wrong.headers));
    expect(unknown.headers['content-length']).toBe(wrong.headers['content-length']);
    // both verify one argon2 hash: their times are of the same order (medians of five, loose bound for a busy machine)
    const time = async (body: object) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await followUp(body).expect(404);
        times.push(performance.now() - start);
      }
      return times.sort((x, y) => x - y)[2];
    };
    const tWrong = await time({ reportCode: receipt.reportCode, passcode: 'AAAA-BBBB-CCCC' });
    const tUnknown = await time({ reportCode: 'ZZZ-ZZZ-ZZY', passcode: 'AAAA-BBBB-CCCC' });
    expect(tUnknown / tWrong)
      .withContext(`unknown ${tUnknown} ms, wrong ${tWrong} ms`)
      .toBeGreaterThan(0.33);
    expect(tUnknown / tWrong)
      .withContext(`unknown ${tUnknown} ms, wrong ${tWrong} ms`)
      .toBeLessThan(3);
  });

  it('limits follow-up attempts per report code and per address (429 with Retry-After)', async () => {
    const receipt = await submit();
    // ten tries per code per 15 minutes, whatever the address
    for (let i = 0; i < 10; i++) await followUp({ reportCode: receipt.reportCode, passcode: 'AAAA-BBBB-CCCC' }).expect(404);
    const limited = await followUp({ reportCode: receipt.reportCode, passcode: receipt.passcode }, nextAddress(), 'en');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('PUBLIC_REPORT_RATE_LIMITED');
    expect(limited.body.message).toContain('19');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // thirty per address
    const ip = '192.0.2.200';
    for (let i = 0; i < 30; i++) await followUp({ reportCode: `ZZZ-ZZZ-${'23456789A'[i % 9]}${'BCDEFGHJK'[i % 9]}Z`, passcode: 'x' }, ip);
    expect((await followUp({ reportCode: 'ZZZ-ZZZ-ZZZ', passcode: 'x' }, ip)).status).toBe(429);
  });

  it("keeps another school's staff out (404 everywhere), officers out (403), and the public out of the queue (401)", async () => {
    const id = await reportIdOf(await submit());
    const other = DEMO.otherSchoolTeacher;
    for (const [method, path, body] of [
      ['get', `/api/intake-reports/${id}`, undefined],
      ['post', `/api/intake-reports/${id}/convert`, undefined],
      ['post', `/api/intake-reports/${id}/dismiss`, { reason: 'pas chez nous' }],
      ['post', `/api/intake-reports/${id}/messages`, { body: 'bonjour' }],
      ['post', `/api/intake-reports/${id}/close`, undefined],
      ['post', `/api/intake-reports/${id}/link`, { caseId: '5a0d0002-0000-4000-8000-000000000001' }],
    ] as ['get' | 'post', string, object | undefined][]) {
      const res = await staff(other, method, path, body);
      expect(res.status).withContext(path).toBe(404);
      expect(res.body.code).withContext(path).toBe('INTAKE_REPORT_NOT_FOUND');
    }
    const list = await staff(other, 'get', '/api/intake-reports?status=all&pageSize=100');
    expect((list.body.items as { id: string }[]).some((i) => i.id === id)).toBeFalse();
    expect((await staff(DEMO.officer, 'get', '/api/intake-reports')).status).toBe(403);
    expect((await request(server).get('/api/intake-reports')).status).toBe(401);
    // the report is untouched
    expect((await staff(DEMO.coordinator, 'get', `/api/intake-reports/${id}`)).body.status).toBe('pending');
  });

  it('deletes dismissed and never-handled reports after the retention period, with their messages; keeps those of a case', async () => {
    const pending = await submit();
    const pendingId = await reportIdOf(pending);
    await request(server)
      .post('/api/public/follow-up/messages')
      .set(XHR)
      .set('X-Forwarded-For', nextAddress())
      .send({ reportCode: pending.reportCode, passcode: pending.passcode, body: 'Vous êtes là ?' })
      .expect(201);
    const dismissedId = await reportIdOf(await submit());
    await staff(DEMO.coordinator, 'post', `/api/intake-reports/${dismissedId}/dismiss`, { reason: 'Envoyé par erreur' }).then((r) =>
      expect(r.status).toBe(200),
    );
    const convertedId = await reportIdOf(await submit());
    expect((await staff(DEMO.coordinator, 'post', `/api/intake-reports/${convertedId}/convert`)).status).toBe(201);
    const policy = { ...t.config.retention, caseYears: null, evidenceMonths: null, notificationDays: null, sessionDays: null };
    const options = { catalogue: t.app.get(ProtocolCatalogue), audit: t.app.get(AuditService) };
    const count = async (table: string, column: string, id: string) =>
      Number((await db.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${q(table)} WHERE ${q(column)} = '${id}'`))[0].n);

    // 89 days on: nothing yet
    const soon = new Date(Date.now() + 89 * 86_400_000).toISOString();
    expect((await runPurge(db, { ...options, policy, now: soon, dryRun: false })).intakeReports).toBe(0);
    // 91 days on: the pending and the dismissed ones go, with their messages and events; the converted one stays
    const later = new Date(Date.now() + 91 * 86_400_000).toISOString();
    const dry = await runPurge(db, { ...options, policy, now: later, dryRun: true });
    expect(dry.intakeReports).toBeGreaterThanOrEqual(2);
    expect(await count('intake_reports', 'id', pendingId)).toBe(1);
    const done = await runPurge(db, { ...options, policy, now: later, dryRun: false });
    expect(done.intakeReports).toBe(dry.intakeReports);
    for (const id of [pendingId, dismissedId]) {
      expect(await count('intake_reports', 'id', id)).toBe(0);
      expect(await count('intake_report_messages', 'reportId', id)).toBe(0);
      expect(await count('intake_report_events', 'reportId', id)).toBe(0);
      expect(await count('notifications', 'intakeReportId', id)).toBe(0);
    }
    expect(await count('intake_reports', 'id', convertedId)).toBe(1);
    await followUp({ reportCode: pending.reportCode, passcode: pending.passcode }).expect(404);
  });

  it("prints the school's poster in French and in Arabic (staff of the school), with the page's link", async () => {
    for (const lang of ['fr', 'ar']) {
      const res = await request(server)
        .post('/api/documents/poster')
        .set(XHR)
        .set('Cookie', await as(DEMO.teacher))
        .send({ lang })
        .buffer(true)
        .parse(binary);
      expect(res.status).withContext(lang).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${SCHOOL}-affiche-${lang}.pdf"`);
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).withContext(lang).toContain(`sanad.example.ma/report/${SCHOOL}`);
      expect(text).withContext(lang).toContain('2511');
    }
    const en = await staff(DEMO.teacher, 'post', '/api/documents/poster', { lang: 'en' });
    expect(en.status).toBe(400);
    expect(en.body.code).toBe('VALIDATION_FAILED');
    expect((await staff(DEMO.officer, 'post', '/api/documents/poster', { lang: 'fr' })).status).toBe(403);
  });

  it("is checked by the integrity check: a report's event log numbered 1..lastSeq", async () => {
    const id = await reportIdOf(await submit());
    expect((await checkIntegrity(db)).problems.filter((p) => p.includes(id))).toEqual([]);
    const report = await checkIntegrity(db);
    expect(report.counts.intake_reports).toBeGreaterThan(0);
    expect(report.counts.intake_report_events).toBeGreaterThan(0);
    await db.query(`UPDATE ${q('intake_reports')} SET ${q('lastSeq')} = 5 WHERE ${q('id')} = '${id}'`);
    try {
      expect((await checkIntegrity(db)).problems).toContain(jasmine.stringMatching(new RegExp(`public report ${id}: broken event log`)));
    } finally {
      await db.query(`UPDATE ${q('intake_reports')} SET ${q('lastSeq')} = 1 WHERE ${q('id')} = '${id}'`);
    }
    expect((await checkIntegrity(db)).problems.filter((p) => p.includes(id))).toEqual([]);
  });

  it('stores no client address: not in any table, not in the logs, not even for a refusal', async () => {
    const ip = '203.0.113.77';
    const receipt = await submit({}, ip);
    await followUp({ reportCode: receipt.reportCode, passcode: receipt.passcode }, ip).expect(200);
    await followUp({ reportCode: receipt.reportCode, passcode: 'AAAA-AAAA-AAAA' }, ip).expect(404);
    // refusals too: past the per-address limit of reports (10 an hour)
    let limited = 0;
    for (let i = 0; i < 11; i++) {
      const res = await request(server)
        .post(`/api/public/schools/${SCHOOL}/reports`)
        .set(XHR)
        .set('X-Forwarded-For', ip)
        .send({ ...(await proof()), ...form() });
      if (res.status === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
    const tables =
      db.options.type === 'postgres'
        ? await db.query<{ name: string }[]>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
        : await db.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      const rows = await db.query<unknown[]>(`SELECT * FROM ${q(name)}`);
      expect(JSON.stringify(rows)).withContext(name).not.toContain(ip);
    }
    expect(t.logs.join('\n')).not.toContain(ip);
  });
});

describe('API: public reporting channel switched off (PUBLIC_REPORTS=false)', () => {
  let t: TestApp;
  let server: App;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_REPORTS: 'false' });
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  it('answers every public route as for an unknown school or report, and keeps the staff queue', async () => {
    expect((await request(server).get(`/api/public/schools/${SCHOOL}`)).body.code).toBe('PUBLIC_SCHOOL_NOT_FOUND');
    expect((await request(server).get(`/api/public/challenge?school=${SCHOOL}`)).body.code).toBe('PUBLIC_SCHOOL_NOT_FOUND');
    const post = await request(server).post(`/api/public/schools/${SCHOOL}/reports`).set(XHR).send({
      challenge: 'x.y',
      nonce: '1',
      language: 'fr',
      reporterRole: 'witness',
      whatHappened: 'Insultes',
      platforms: [],
      since: 'today',
      dangerNow: false,
    });
    expect(post.status).toBe(404);
    const follow = await request(server)
      .post('/api/public/follow-up')
      .set(XHR)
      .send({ reportCode: 'R7K-4QX-9TB', passcode: 'AAAA-BBBB-CCCC' });
    expect(follow.status).toBe(404);
    expect(follow.body.code).toBe('PUBLIC_REPORT_NOT_FOUND');
    const login = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: DEMO.coordinator, password: DEMO.password })
      .expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    expect((await request(server).get('/api/intake-reports').set('Cookie', cookie)).status).toBe(200);
  });
});
