import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStep, type Answers } from '@sanad/protocols';
import request from 'supertest';
import type { App } from 'supertest/types';
import { CaseDriver, fillForm, XHR, type Role } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

/**
 * Leak sweep (issue #9): unique marker strings in every identifying and free-text field of cases of the demo
 * school of Rabat (titles, every text answer of every step done, notes, the people involved: names, classes,
 * notes; evidence titles, descriptions and capture fields), then every officer-facing endpoint called by the
 * officer of the academy, its administrator and the national administrator, with good and bad inputs. No
 * marker may appear in a response body, a header, an error body or a log line of the whole run.
 *
 * To add endpoints (transmissions, their PDF…), add entries to OFFICER_FACING below.
 */
interface OfficerCall {
  name: string;
  /** the request, made with the caller's session cookie */
  call: (server: App, cookie: string, ctx: SweepContext) => request.Test;
}
interface SweepContext {
  /** ids of the marked cases */
  caseIds: string[];
  /** a marker: used as input where a bad input should be refused without being echoed */
  probe: string;
  /** transmissions of the marked cases' school: the closure report of caseIds[0], then a school summary */
  transmissionIds: string[];
}

const RSK = '5a0d0000-0000-4000-8000-000000000004';
const RABAT_PROVINCE = '5a0d0001-0000-4000-8000-000000000401';

/** The body as bytes whatever its type (a PDF): the sweep then reads it as text and, for a PDF, its extracted text. */
const bytes = (test: request.Test): request.Test =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** The text of a PDF, as a reader copying it would get it. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-sweep-'));
  const file = join(dir, 'body.pdf');
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const OFFICER_FACING: OfficerCall[] = [
  { name: 'statistics', call: (s, c) => request(s).get('/api/statistics').set('Cookie', c) },
  {
    name: 'statistics, filtered',
    call: (s, c) =>
      request(s).get(`/api/statistics?from=2026-01-01&to=2027-12-31&level=college&provinceId=${RABAT_PROVINCE}`).set('Cookie', c),
  },
  { name: 'statistics, academy filter', call: (s, c) => request(s).get(`/api/statistics?regionId=${RSK}`).set('Cookie', c) },
  { name: 'statistics CSV', call: (s, c) => request(s).get('/api/statistics/export.csv').set('Cookie', c) },
  {
    name: 'statistics CSV, filtered',
    call: (s, c) => request(s).get(`/api/statistics/export.csv?provinceId=${RABAT_PROVINCE}`).set('Cookie', c),
  },
  // PDFs read as bytes: their text (pdftotext) is swept too
  { name: 'statistics PDF', call: (s, c) => bytes(request(s).get('/api/statistics/report.pdf?lang=fr').set('Cookie', c)) },
  {
    name: 'statistics PDF, filtered, bilingual',
    call: (s, c) =>
      bytes(request(s).get(`/api/statistics/report.pdf?lang=fr%2Bar&provinceId=${RABAT_PROVINCE}&level=college`).set('Cookie', c)),
  },
  // bad inputs: refused without echoing them
  { name: 'statistics, bad date', call: (s, c, x) => request(s).get(`/api/statistics?from=${x.probe}`).set('Cookie', c) },
  { name: 'statistics, bad level', call: (s, c, x) => request(s).get(`/api/statistics?level=${x.probe}`).set('Cookie', c) },
  // (an unknown query parameter's own name is echoed back in `details.field` to its sender: not case data)
  { name: 'CSV, bad province', call: (s, c, x) => request(s).get(`/api/statistics/export.csv?provinceId=${x.probe}`).set('Cookie', c) },
  { name: 'PDF, bad language', call: (s, c, x) => request(s).get(`/api/statistics/report.pdf?lang=${x.probe}`).set('Cookie', c) },
  // what an officer gets when trying a case of the school
  { name: 'a marked case', call: (s, c, x) => request(s).get(`/api/cases/${x.caseIds[0]}`).set('Cookie', c) },
  { name: 'its timeline', call: (s, c, x) => request(s).get(`/api/cases/${x.caseIds[0]}/timeline`).set('Cookie', c) },
  { name: 'its people', call: (s, c, x) => request(s).get(`/api/cases/${x.caseIds[0]}/people`).set('Cookie', c) },
  { name: 'the case list', call: (s, c, x) => request(s).get(`/api/cases?q=${x.probe}`).set('Cookie', c) },
  // transmissions (docs/transmissions.md): what the school sent, as the officer receives it
  { name: 'transmission inbox', call: (s, c) => request(s).get('/api/transmissions').set('Cookie', c) },
  {
    name: 'transmission inbox, filtered',
    call: (s, c) => request(s).get('/api/transmissions?kind=closure_report,school_summary&status=submitted,acknowledged').set('Cookie', c),
  },
  { name: 'transmission inbox, bad status', call: (s, c, x) => request(s).get(`/api/transmissions?status=${x.probe}`).set('Cookie', c) },
  { name: 'transmission, case report', call: (s, c, x) => request(s).get(`/api/transmissions/${x.transmissionIds[0]}`).set('Cookie', c) },
  { name: 'transmission, summary', call: (s, c, x) => request(s).get(`/api/transmissions/${x.transmissionIds[1]}`).set('Cookie', c) },
  {
    name: 'transmission, report PDF',
    call: (s, c, x) => bytes(request(s).get(`/api/transmissions/${x.transmissionIds[0]}/report.pdf?lang=fr`).set('Cookie', c)),
  },
  {
    name: 'transmission, bad PDF language',
    call: (s, c, x) => request(s).get(`/api/transmissions/${x.transmissionIds[0]}/report.pdf?lang=${x.probe}`).set('Cookie', c),
  },
  // a path is logged as it is (request-context.ts): the probe goes in query strings only
  { name: 'transmission, bad id', call: (s, c) => request(s).get('/api/transmissions/not-a-transmission').set('Cookie', c) },
  {
    name: 'transmission, acknowledged',
    call: (s, c, x) => request(s).post(`/api/transmissions/${x.transmissionIds[0]}/acknowledge`).set(XHR).set('Cookie', c),
  },
  { name: 'transmission notices', call: (s, c) => request(s).get('/api/notifications').set('Cookie', c) },
];

const CALLERS = [DEMO.officer, DEMO.regionalAdmin, DEMO.admin];

describe('API: leak sweep of the officer-facing endpoints', () => {
  let t: TestApp;
  let server: App;
  const markers: string[] = [];
  let n = 0;
  /** a fresh marker: letters and digits no template, code or translation contains */
  const mark = (field: string) => {
    const m = `qzlk${(++n).toString(36)}x${field
      .replace(/[^a-z]/gi, '')
      .slice(0, 8)
      .toLowerCase()}w`;
    markers.push(m);
    return m;
  };
  const caseIds: string[] = [];
  const transmissionIds: string[] = [];

  /** Completes a step with a marker in every text answer the form asks for. */
  async function completeMarked(d: CaseDriver, stepId: string, role: Role, overrides: Answers = {}) {
    const step = findStep(await d.def(), stepId)!;
    const { answers } = fillForm(step, (await d.detail(role)).facts, overrides);
    const marked: Answers = { ...overrides };
    for (const field of step.form?.fields ?? []) {
      if (!(field.id in answers) || field.id in overrides) continue;
      if (field.type === 'text' || field.type === 'longText' || field.type === 'personRef') {
        marked[field.id] = `${mark(field.id)} ${'.'.repeat(Math.max(0, (field.minLength ?? 0) - 20))}`.trim();
      }
    }
    return d.complete(stepId, role, marked);
  }

  async function extras(d: CaseDriver) {
    const seq = async () => (await d.detail()).lastEventSeq;
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/notes`)
      .set(XHR)
      .send({ expectedSeq: await seq(), text: `Note ${mark('note')}` })
      .expect(200);
    for (const role of ['target', 'author', 'witness']) {
      await d.agents.team_member
        .post(`/api/cases/${d.caseId}/people`)
        .set(XHR)
        .send({ role, kind: 'pupil', displayName: mark('name'), classLabel: mark('class'), note: mark('personnote') })
        .expect(201);
    }
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/evidence/descriptions`)
      .set(XHR)
      .send({
        title: mark('evtitle'),
        description: `Message vocal reçu le soir ${mark('evdescription')}`,
        note: mark('evnote'),
        capturedOn: mark('capturedon'),
      })
      .expect(201);
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    // a case closed on the educational track, every text marked
    const closed = await CaseDriver.start(server, `Cas ${mark('title')}`);
    await completeMarked(closed, 'intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: false,
      platforms: ['INSTAGRAM'],
    });
    await completeMarked(closed, 'danger_check', 'coordinator', { staffImplicated: false });
    await completeMarked(closed, 'triage', 'coordinator', { tier: 'T0' });
    await completeMarked(closed, 'track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    await completeMarked(closed, 'target_interview', 'team_member');
    await completeMarked(closed, 'educational_response', 'coordinator');
    await completeMarked(closed, 'educational_followup', 'team_member', { situation: 'STOPPED' });
    await extras(closed);
    await completeMarked(closed, 'closure_proposal', 'coordinator');
    await completeMarked(closed, 'closure_signoff', 'principal', { decision: 'APPROVE' });
    caseIds.push(closed.caseId);
    // a case in the shared-concern track, still open
    const open = await CaseDriver.start(server, `Cas ${mark('title')}`);
    await completeMarked(open, 'intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT', 'MOBBING'],
      repeated: true,
      platforms: ['INSTAGRAM'],
    });
    await completeMarked(open, 'danger_check', 'coordinator', { staffImplicated: false });
    await completeMarked(open, 'triage', 'coordinator', { tier: 'T1' });
    await completeMarked(open, 'track_decision', 'coordinator', { track: 'MPP' });
    await completeMarked(open, 'target_interview', 'team_member');
    await extras(open);
    caseIds.push(open.caseId);
    // the principal sends the closed case's report and the month's summary to the academy
    const seq = (await closed.detail('principal')).lastEventSeq;
    const report = await closed.agents.principal
      .post(`/api/cases/${closed.caseId}/transmissions`)
      .set(XHR)
      .send({ kind: 'closure_report', expectedSeq: seq })
      .expect(201);
    const summary = await closed.agents.principal
      .post('/api/school-summaries')
      .set(XHR)
      .send({ period: new Date().toISOString().slice(0, 7) })
      .expect(201);
    transmissionIds.push(report.body.id as string, summary.body.id as string);
  }, 120_000);

  afterAll(async () => t.close());

  it('the markers are really in the cases (as their own school sees them)', async () => {
    expect(markers.length).toBeGreaterThan(25);
    const principal = request.agent(server);
    await principal.post('/api/auth/login').set(XHR).send({ email: DEMO.principal, password: DEMO.password }).expect(200);
    const seen = [
      JSON.stringify((await principal.get(`/api/cases/${caseIds[0]}/timeline`).expect(200)).body),
      JSON.stringify((await principal.get(`/api/cases/${caseIds[0]}/people`).expect(200)).body),
      JSON.stringify((await principal.get(`/api/cases/${caseIds[0]}/evidence`).expect(200)).body),
      JSON.stringify((await principal.get(`/api/cases/${caseIds[0]}`).expect(200)).body),
    ].join('\n');
    const found = markers.filter((m) => seen.includes(m));
    expect(found.length).toBeGreaterThan(markers.length / 2 - 5);
  });

  it('no marker in any officer-facing response, error body, header or log line', async () => {
    const leaks: string[] = [];
    const probe = mark('probe');
    const statuses: string[] = [];
    const pdfs: string[] = [];
    for (const email of CALLERS) {
      const login = await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sanad_session='))!.split(';')[0];
      for (const entry of OFFICER_FACING) {
        const res = await entry.call(server, cookie, { caseIds, probe, transmissionIds });
        statuses.push(`${email} ${entry.name}: ${res.status}`);
        const body = Buffer.isBuffer(res.body) ? res.body : null;
        const extracted = body && body.subarray(0, 5).toString('latin1') === '%PDF-' ? pdfText(body) : '';
        if (body && extracted) pdfs.push(`${email} ${entry.name}`);
        const text = [
          res.text ?? '',
          body ? body.toString('utf8') : JSON.stringify(res.body ?? null),
          extracted,
          JSON.stringify(res.headers),
        ].join('\n');
        for (const m of markers) if (text.includes(m)) leaks.push(`${email} ${entry.name} (${res.status}): ${m}`);
      }
    }
    expect(
      statuses.filter((s) => s.includes('statistics') && !s.includes('bad') && !s.includes('unknown')).every((s) => s.endsWith(': 200')),
    )
      .withContext(statuses.join('\n'))
      .toBeTrue();
    // the officer of the academy really receives the transmissions (administrators get 403)
    expect(statuses.filter((s) => s.startsWith(`${DEMO.officer} transmission`) && !s.includes('bad')).every((s) => s.endsWith(': 200')))
      .withContext(statuses.join('\n'))
      .toBeTrue();
    // the statistics PDFs were really read (their text swept), for every caller
    expect(pdfs.filter((p) => p.includes('statistics PDF')).length).toBe(2 * CALLERS.length);
    const logged = t.logs.join('\n');
    for (const m of markers) if (logged.includes(m)) leaks.push(`log: ${m}`);
    expect(leaks).toEqual([]);
    expect(t.logs.length).toBeGreaterThan(50);
  }, 60_000); // dozens of requests per officer: more than 5 s on a loaded machine
});
