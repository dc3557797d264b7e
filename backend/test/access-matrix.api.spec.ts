import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStep, type Answers, type ProtocolDefinition } from '@sanad/protocols';
import { PROTOCOLS_DIR } from '@sanad/protocols/node';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AccountService } from '../src/auth/account.service';
import { MfaService } from '../src/auth/mfa.service';
import { totpCode } from '../src/auth/totp';
import { hashPassword } from '../src/auth/auth.service';
import { Notification } from '../src/notifications/notification.entity';
import { newReportCode } from '../src/public-reports/codes';
import { IntakeReport, type IntakeStatus } from '../src/public-reports/public-report.entities';
import { solveChallenge } from '../src/public-reports/proof-of-work';
import { School } from '../src/organisation/organisation.entities';
import { User, type Role } from '../src/users/user.entity';
import { Membership } from '../src/users/membership.entity';
import { fillForm, XHR } from './support/case-driver';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

/**
 * The authorization matrix (issue #5): every route of the API × every role × where the caller works relative
 * to the case concerned, with the exact status expected. The routes are read from the running application
 * (Express router and OpenAPI document): a new endpoint that is not in the table below fails this spec.
 *
 * The case concerned is in the demo school of Rabat (S0). Scopes: `own` (S0), `province` (another school of the
 * province of Rabat, created here), `academy` (another province of the same academy: Kénitra), `elsewhere`
 * (another academy: Marrakech). Officers work for an academy: their `own`, `province` and `academy` scopes are
 * the academy of Rabat-Salé-Kénitra. Admins: `own` and `province` an administrator of the direction provinciale
 * of Rabat, `academy` one of Kénitra, `elsewhere` one of the academy of Marrakech-Safi. Anonymous: no session.
 * Writes send payloads that succeed when allowed, on a case prepared for them, so the status proves the rule.
 */

type Scope = 'own' | 'province' | 'academy' | 'elsewhere';
const SCOPES: Scope[] = ['own', 'province', 'academy', 'elsewhere'];
type Who = Role | 'anonymous';
/** one status for every scope, or `own(s)`: s in the case's school, 404 (not found, no existence leak) elsewhere */
type Expected = number | { own: number; elsewhere: 404 } | Record<Scope, number>;
const own = (status: number): Expected => ({ own: status, elsewhere: 404 });
/** administrators: `s` for those whose unit contains S0 (own, province), 404 for the others (no existence leak) */
const inUnit = (status: number): Expected => ({ own: status, province: status, academy: 404, elsewhere: 404 });
/** officers: the officer of Rabat-Salé-Kénitra (own, province, academy) sees `s`; the officer of Marrakech-Safi 404 */
const OFFICER_RSK = (status: number): Expected => ({ own: status, province: status, academy: status, elsewhere: 404 });

// prettier-ignore
const MATRIX: Record<string, [team_member: Expected, coordinator: Expected, principal: Expected, officer: Expected, admin: Expected, anonymous: number]> = {
  //                                                team_member  coordinator  principal    officer  admin  anonymous
  'GET /api/health':                               [200,         200,         200,         200,     200,   200],
  'POST /api/auth/login':                          [200,         200,         200,         200,     200,   200],
  'POST /api/auth/login/2fa':                      [401,         401,         401,         401,     401,   401], // no sign-in pending a code
  'POST /api/auth/logout':                         [204,         204,         204,         204,     204,   204],
  'GET /api/auth/me':                              [200,         200,         200,         200,     200,   401],
  'POST /api/auth/2fa/setup':                      [200,         200,         200,         200,     200,   401],
  'POST /api/auth/2fa/confirm':                    [200,         200,         200,         200,     200,   401],
  'POST /api/auth/2fa/disable':                    [204,         204,         204,         204,     204,   401],
  'POST /api/auth/password':                       [204,         204,         204,         204,     204,   401],
  'POST /api/auth/setup-password':                 [204,         204,         204,         204,     204,   204], // the link is the credential
  'GET /api/knowledge':                            [200,         200,         200,         200,     200,   401],
  'GET /api/protocols':                            [200,         200,         200,         200,     200,   401],
  'GET /api/protocols/:id/:version':               [200,         200,         200,         200,     200,   401],
  'GET /api/notifications':                        [200,         200,         200,         200,     200,   401],
  'POST /api/notifications/:id/read':              [204,         204,         204,         204,     204,   401], // one's own notice
  'GET /api/audit':                                [403,         403,         200,         403,     200,   401], // principal: own school's entries
  'GET /api/audit/verify':                         [403,         403,         403,         403,     200,   401],
  'GET /api/cases':                                [200,         200,         200,         403,     403,   401], // own school's list, whatever the scope
  'POST /api/cases':                               [201,         201,         201,         403,     403,   401], // opened in one's own school
  'GET /api/cases/due':                            [200,         200,         200,         403,     403,   401],
  'GET /api/cases/staff':                          [200,         200,         200,         403,     403,   401], // own school's team
  'GET /api/cases/:id':                            [own(200),    own(200),    own(200),    403,     403,   401],
  'GET /api/cases/:id/timeline':                   [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/notes':                     [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/steps/:stepId':             [own(200),    own(200),    own(200),    403,     403,   401], // intake: every staff role
  'POST /api/cases/:id/steps/:stepId/signature':   [own(403),    own(403),    own(200),    403,     403,   401], // triage T2: principal co-signs
  'POST /api/cases/:id/steps/:stepId/return':      [own(403),    own(403),    own(200),    403,     403,   401], // ... or sends it back
  'POST /api/cases/:id/corrections':               [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/reopen':                    [own(403),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/protocol-version':          [own(403),    own(403),    own(200),    403,     403,   401],
  'PUT /api/cases/:id/restriction':                [own(403),    own(200),    own(200),    403,     403,   401],
  'PUT /api/cases/:id/assignee':                   [own(403),    own(200),    own(200),    403,     403,   401],
  'PUT /api/cases/:id/legal-hold':                 [own(403),    own(403),    own(200),    403,     403,   401], // the principal holds a case from the purge
  'DELETE /api/cases/:id/legal-hold':              [own(403),    own(403),    own(200),    403,     403,   401], // ... and releases it
  'GET /api/cases/:id/documents':                  [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/documents/:template':       [own(200),    own(200),    own(200),    403,     403,   401], // report form, fr
  'POST /api/auth/membership':                     [200,         200,         200,         200,     200,   401], // one's own membership
  'GET /api/admin/units':                          [403,         403,         403,         403,     200,   401], // the admin's own scope
  'GET /api/admin/schools':                        [403,         403,         403,         403,     200,   401],
  'POST /api/admin/schools':                       [403,         403,         403,         403,     inUnit(201), 401], // in the province of Rabat
  'PATCH /api/admin/schools/:id':                  [403,         403,         403,         403,     inUnit(200), 401], // S0
  'GET /api/admin/users':                          [403,         403,         403,         403,     200,   401],
  'GET /api/admin/users/:id':                      [403,         403,         403,         403,     inUnit(200), 401], // a teacher of S0
  'POST /api/admin/users':                         [403,         403,         403,         403,     inUnit(201), 401],
  'POST /api/admin/users/:id/memberships':         [403,         403,         403,         403,     inUnit(201), 401],
  'DELETE /api/admin/users/:id/memberships/:membershipId': [403, 403,         403,         403,     inUnit(204), 401],
  'POST /api/admin/users/:id/password-link':       [403,         403,         403,         403,     inUnit(200), 401],
  'POST /api/admin/users/:id/disable':             [403,         403,         403,         403,     inUnit(204), 401],
  'POST /api/admin/users/:id/enable':              [403,         403,         403,         403,     inUnit(204), 401],
  'POST /api/admin/users/:id/sessions/revoke':     [403,         403,         403,         403,     inUnit(200), 401],
  'POST /api/admin/import':                        [403,         403,         403,         403,     200,   401], // dry run; rows outside the scope are rejected in the report
  'GET /api/cases/:id/evidence':                   [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/evidence/files':            [own(201),    own(201),    own(201),    403,     403,   401],
  'POST /api/cases/:id/evidence/links':            [own(201),    own(201),    own(201),    403,     403,   401],
  'POST /api/cases/:id/evidence/descriptions':     [own(201),    own(201),    own(201),    403,     403,   401],
  'GET /api/cases/:id/evidence/:itemId':           [own(200),    own(200),    own(200),    403,     403,   401],
  'GET /api/cases/:id/evidence/:itemId/content':   [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/evidence/:itemId/transmissions': [own(200), own(200),  own(200),    403,     403,   401],
  'DELETE /api/cases/:id/evidence/:itemId':        [own(403),    own(403),    own(204),    403,     403,   401], // the principal decides, with a reason
  'GET /api/cases/:id/people':                     [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/people':                    [own(201),    own(201),    own(201),    403,     403,   401],
  'PATCH /api/cases/:id/people/:personId':         [own(200),    own(200),    own(200),    403,     403,   401],
  'DELETE /api/cases/:id/people/:personId':        [own(204),    own(204),    own(204),    403,     403,   401],
  'GET /api/statistics':                           [403,         403,         inUnit(200), OFFICER_RSK(200), inUnit(200), 401], // ?provinceId=Rabat: outside one's scope is 404
  'GET /api/statistics/export.csv':                [403,         403,         inUnit(200), OFFICER_RSK(200), inUnit(200), 401],
  'GET /api/statistics/report.pdf':                [403,         403,         inUnit(200), OFFICER_RSK(200), inUnit(200), 401],
  // transmissions to the direction provinciale / academy (issue #9): the officers of S0's academy see S0's
  'GET /api/cases/:id/transmissions':              [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/cases/:id/transmissions':             [own(403),    own(403),    own(201),    403,     403,   401], // a T2 triage report, once co-signed
  'GET /api/transmissions':                        [403,         403,         403,         200,     403,   401], // the officer's inbox
  'GET /api/transmissions/:id':                    [403,         403,         own(200),    OFFICER_RSK(200), 403, 401],
  'GET /api/transmissions/:id/report.pdf':         [403,         403,         own(200),    OFFICER_RSK(200), 403, 401],
  'POST /api/transmissions/:id/acknowledge':       [403,         403,         own(403),    OFFICER_RSK(200), 403, 401],
  'POST /api/transmissions/:id/messages':          [403,         403,         own(201),    OFFICER_RSK(201), 403, 401], // the principal answers
  'POST /api/transmissions/:id/handled':           [403,         403,         own(403),    OFFICER_RSK(200), 403, 401],
  'GET /api/school-summaries':                     [403,         403,         200,         403,     403,   401], // own school's
  'GET /api/school-summaries/preview':             [403,         403,         200,         403,     403,   401],
  'POST /api/school-summaries':                    [403,         403,         201,         403,     403,   401], // own school's, once per period
  // access requests under Law 09-08 (subject-access/): the principal, in their own school's cases
  'GET /api/subject-access/people':                [403,         403,         200,         403,     403,   401], // own school's pupils
  'POST /api/subject-access/export':               [403,         403,         own(200),    403,     403,   401], // a person of S0's case
  'POST /api/subject-access/export.pdf':           [403,         403,         own(200),    403,     403,   401], // the same, as a PDF
  // the public reporting channel (issue #11): no account for the public side; the intake queue is the school's
  'GET /api/public/schools/:schoolCode':           [200,         200,         200,         200,     200,   200],
  'GET /api/public/challenge':                     [200,         200,         200,         200,     200,   200],
  'POST /api/public/schools/:schoolCode/reports':  [201,         201,         201,         201,     201,   201],
  'POST /api/public/follow-up':                    [200,         200,         200,         200,     200,   200], // the code and passcode are the credential
  'POST /api/public/follow-up/messages':           [201,         201,         201,         201,     201,   201],
  'GET /api/intake-reports':                       [200,         200,         200,         403,     403,   401], // own school's queue
  'GET /api/intake-reports/summary':               [200,         200,         200,         403,     403,   401],
  'GET /api/intake-reports/:id':                   [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/intake-reports/:id/convert':          [own(201),    own(201),    own(201),    403,     403,   401],
  'POST /api/intake-reports/:id/link':             [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/intake-reports/:id/dismiss':          [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/intake-reports/:id/messages':         [own(201),    own(201),    own(201),    403,     403,   401],
  'POST /api/intake-reports/:id/close':            [own(200),    own(200),    own(200),    403,     403,   401],
  'POST /api/documents/poster':                    [200,         200,         200,         403,     403,   401], // own school's poster
};
const ROLES: Role[] = ['team_member', 'coordinator', 'principal', 'officer', 'admin'];

const RABAT_PROVINCE = '5a0d0001-0000-4000-8000-000000000401';
const KENITRA_PROVINCE = '5a0d0001-0000-4000-8000-000000000404';
const MARRAKECH_SAFI = '5a0d0000-0000-4000-8000-000000000007';
const NEW_PASSWORD = 'cèdre-atlas-bleu-minuit-42';

/** Who plays each role in each scope (e-mail; null: anonymous). Users marked `+` are created by this spec. */
const PEOPLE: Record<Role, Record<Scope, string>> = {
  team_member: {
    own: DEMO.teacher,
    province: '+tm.rabat2@test.sanad.ma',
    academy: 'enseignant.kenitra@demo.sanad.ma',
    elsewhere: DEMO.otherSchoolTeacher,
  },
  coordinator: {
    own: DEMO.coordinator,
    province: '+co.rabat2@test.sanad.ma',
    academy: 'coordinatrice.kenitra@demo.sanad.ma',
    elsewhere: 'coordinatrice.marrakech@demo.sanad.ma',
  },
  principal: {
    own: DEMO.principal,
    province: '+pr.rabat2@test.sanad.ma',
    academy: 'directeur.kenitra@demo.sanad.ma',
    elsewhere: 'directeur.marrakech@demo.sanad.ma',
  },
  officer: { own: DEMO.officer, province: DEMO.officer, academy: DEMO.officer, elsewhere: 'aref.ms@demo.sanad.ma' },
  admin: {
    own: '+admin.rab@test.sanad.ma',
    province: '+admin.rab@test.sanad.ma',
    academy: '+admin.ken@test.sanad.ma',
    elsewhere: '+admin.ms@test.sanad.ma',
  },
};
const email = (e: string) => e.replace(/^\+/, '');

interface Caller {
  who: Who;
  scope: Scope;
  /** null for anonymous */
  email: string | null;
  userId: string | null;
  /** the caller's session cookie (undefined for anonymous) */
  cookie(): Promise<string | undefined>;
}

/** Every route the application serves under /api, as `METHOD /api/path/:param`. */
function routesOf(app: INestApplication, openApi: { paths: Record<string, Record<string, unknown>> }): string[] {
  const found = new Set<string>();
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  for (const [path, ops] of Object.entries(openApi.paths)) {
    for (const m of Object.keys(ops).filter((k) => methods.includes(k)))
      found.add(`${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: Layer[] };
    _router?: { stack: Layer[] };
  };
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
  }
  for (const layer of (express.router ?? express._router)?.stack ?? []) {
    if (!layer.route || !layer.route.path.startsWith('/api/') || layer.route.path.startsWith('/api/docs')) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) {
      if (on && methods.includes(m)) found.add(`${m.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...found].sort();
}

describe('API: authorization matrix (every route × role × scope)', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let protocolsDir: string;
  const sessions = new Map<string, string>();
  const userIds = new Map<string, string>();
  const definitions = new Map<string, ProtocolDefinition>();
  let target: string;
  let ownSchool: string;
  const shared = new Map<string, Promise<string>>();

  async function login(address: string, password = DEMO.password): Promise<string> {
    const res = await request(server).post('/api/auth/login').set(XHR).send({ email: address, password });
    if (res.status !== 200) throw new Error(`login ${address}: ${res.status} ${JSON.stringify(res.body)}`);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sanad_session='))!;
    return cookie.split(';')[0];
  }
  async function session(address: string): Promise<string> {
    let cookie = sessions.get(address);
    if (!cookie) {
      cookie = await login(address);
      sessions.set(address, cookie);
    }
    return cookie;
  }
  const staff = (role: 'team_member' | 'coordinator' | 'principal') => session(PEOPLE[role].own);

  // --- preparing cases in S0, as its staff would ---
  async function detail(caseId: string) {
    const res = await request(server)
      .get(`/api/cases/${caseId}`)
      .set('Cookie', await staff('principal'))
      .expect(200);
    return res.body as { lastEventSeq: number; facts: Answers; protocol: { id: string; version: string } };
  }
  const seqOf = async (caseId: string) => (await detail(caseId)).lastEventSeq;
  async function definition(id: string, version: string): Promise<ProtocolDefinition> {
    const key = `${id}@${version}`;
    if (!definitions.has(key)) {
      const res = await request(server)
        .get(`/api/protocols/${id}/${version}`)
        .set('Cookie', await staff('principal'))
        .expect(200);
      definitions.set(key, res.body.definition as ProtocolDefinition);
    }
    return definitions.get(key)!;
  }
  async function stepPayload(caseId: string, stepId: string, overrides: Answers = {}) {
    const d = await detail(caseId);
    const step = findStep(await definition(d.protocol.id, d.protocol.version), stepId);
    return { expectedSeq: d.lastEventSeq, ...fillForm(step!, d.facts, overrides) };
  }
  async function complete(caseId: string, stepId: string, role: 'team_member' | 'coordinator' | 'principal', overrides: Answers = {}) {
    const res = await request(server)
      .post(`/api/cases/${caseId}/steps/${stepId}`)
      .set(XHR)
      .set('Cookie', await staff(role))
      .send(await stepPayload(caseId, stepId, overrides));
    if (res.status !== 200) throw new Error(`${stepId}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  async function newCase(): Promise<string> {
    const res = await request(server)
      .post('/api/cases')
      .set(XHR)
      .set('Cookie', await staff('team_member'))
      .send({ title: 'Cas de la matrice', occurredOn: '2026-11-02' })
      .expect(201);
    return res.body.id as string;
  }
  async function reported(intake: Answers = {}): Promise<string> {
    const id = await newCase();
    await complete(id, 'intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT', 'MOBBING'],
      repeated: true,
      platforms: ['INSTAGRAM'],
      ...intake,
    });
    await complete(id, 'danger_check', 'coordinator', { staffImplicated: false });
    return id;
  }
  async function awaitingSignature(): Promise<string> {
    const id = await reported();
    await complete(id, 'triage', 'coordinator', { tier: 'T2' });
    return id;
  }
  async function closed(): Promise<string> {
    const id = await reported({ types: ['INSULT'], repeated: false });
    await complete(id, 'triage', 'coordinator', { tier: 'T0' });
    await complete(id, 'track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    await complete(id, 'target_interview', 'team_member');
    await complete(id, 'educational_response', 'coordinator');
    await complete(id, 'educational_followup', 'team_member', { situation: 'STOPPED' });
    await complete(id, 'closure_proposal', 'coordinator');
    await complete(id, 'closure_signoff', 'principal', { decision: 'APPROVE' });
    return id;
  }
  async function held(): Promise<string> {
    const id = await newCase();
    await request(server)
      .put(`/api/cases/${id}/legal-hold`)
      .set(XHR)
      .set('Cookie', await staff('principal'))
      .send({ expectedSeq: await seqOf(id), reason: 'Réquisition judiciaire' })
      .expect(200);
    return id;
  }
  /**
   * The case a call works on: a fresh one for callers of the case's school (their write must succeed), one
   * shared per route for the others (their call must be refused before anything changes).
   */
  function caseFor(route: string, c: Caller, prepare: () => Promise<string>): Promise<string> {
    if (c.scope === 'own' && ['team_member', 'coordinator', 'principal'].includes(c.who)) return prepare();
    if (!shared.has(route)) shared.set(route, prepare());
    return shared.get(route)!;
  }

  const as = async (c: Caller, test: request.Test) => {
    const cookie = await c.cookie();
    return cookie ? test.set('Cookie', cookie) : test;
  };

  /** A report of S0's public page (written directly: the public side is tested in public-reports.api.spec.ts). */
  const REPORT_PASSCODE = '23456789ABCD';
  let reportHash: Promise<string> | null = null;
  let reportAddress = 0;
  async function intakeReport(status: IntakeStatus = 'pending'): Promise<{ id: string; code: string }> {
    const id = randomUUID();
    const code = newReportCode();
    const at = new Date().toISOString();
    reportHash ??= hashPassword(REPORT_PASSCODE);
    await db.getRepository(IntakeReport).insert({
      id,
      schoolId: ownSchool,
      code: code.replace(/-/g, ''),
      passcodeHash: await reportHash,
      language: 'fr',
      reporterRole: 'witness',
      whatHappened: 'Des moqueries dans un groupe de classe',
      platforms: ['WHATSAPP'],
      since: 'this_week',
      involved: null,
      dangerNow: false,
      contact: null,
      status,
      caseId: status === 'pending' ? null : target,
      dismissReason: null,
      receivedAt: at,
      handledAt: status === 'pending' ? null : at,
      closedAt: null,
      updatedAt: at,
      lastSeq: 0,
    });
    return { id, code };
  }
  /** a client address per public call: the per-address limits stay out of the way */
  const publicAddress = () => `198.51.100.${++reportAddress % 250}`;
  const reportFor = (route: string, c: Caller, status: IntakeStatus = 'pending') =>
    caseFor(route, c, async () => (await intakeReport(status)).id);

  /** How each route is called. */
  const CALLS: Record<string, (c: Caller, route: string) => Promise<request.Response>> = {
    'GET /api/health': async (c) => as(c, request(server).get('/api/health')),
    'POST /api/auth/login': async (c) =>
      request(server)
        .post('/api/auth/login')
        .set(XHR)
        .send({ email: c.email ?? DEMO.teacher, password: DEMO.password }),
    'POST /api/auth/login/2fa': async (c) => as(c, request(server).post('/api/auth/login/2fa').set(XHR).send({ code: '123456' })),
    'POST /api/auth/logout': async (c) => {
      const fresh = c.email ? await login(c.email) : undefined;
      const test = request(server).post('/api/auth/logout').set(XHR);
      return fresh ? test.set('Cookie', fresh) : test;
    },
    'GET /api/auth/me': async (c) => as(c, request(server).get('/api/auth/me')),
    'POST /api/auth/2fa/setup': async (c) => as(c, request(server).post('/api/auth/2fa/setup').set(XHR)),
    'POST /api/auth/2fa/confirm': async (c) => {
      if (!c.userId) return as(c, request(server).post('/api/auth/2fa/confirm').set(XHR).send({ code: '123456' }));
      const setup = await as(c, request(server).post('/api/auth/2fa/setup').set(XHR));
      const res = await as(
        c,
        request(server)
          .post('/api/auth/2fa/confirm')
          .set(XHR)
          .send({ code: totpCode(setup.body.secret as string) }),
      );
      await t.app.get(MfaService).disable(c.userId);
      return res;
    },
    'POST /api/auth/2fa/disable': async (c) => {
      let code = '123456';
      if (c.userId) {
        const setup = await as(c, request(server).post('/api/auth/2fa/setup').set(XHR));
        const confirmed = await as(
          c,
          request(server)
            .post('/api/auth/2fa/confirm')
            .set(XHR)
            .send({ code: totpCode(setup.body.secret as string) }),
        );
        code = (confirmed.body.recoveryCodes as string[])[0];
      }
      return as(c, request(server).post('/api/auth/2fa/disable').set(XHR).send({ password: DEMO.password, code }));
    },
    'POST /api/auth/password': async (c) => {
      if (!c.email)
        return request(server).post('/api/auth/password').set(XHR).send({ currentPassword: DEMO.password, newPassword: NEW_PASSWORD });
      // a session of its own: changing the password ends the user's other sessions; then back to the demo password
      const fresh = await login(c.email);
      const res = await request(server)
        .post('/api/auth/password')
        .set(XHR)
        .set('Cookie', fresh)
        .send({ currentPassword: DEMO.password, newPassword: NEW_PASSWORD });
      if (res.status === 204) {
        await request(server)
          .post('/api/auth/password')
          .set(XHR)
          .set('Cookie', fresh)
          .send({ currentPassword: NEW_PASSWORD, newPassword: DEMO.password })
          .expect(204);
      }
      sessions.delete(c.email);
      return res;
    },
    'POST /api/auth/setup-password': async (c) => {
      const id = await addAccount(db, `invite-${randomUUID()}@test.sanad.ma`, [{ role: 'team_member', schoolId: ownSchool }]);
      const link = await t.app.get(AccountService).createPasswordLink(id, 'invite');
      const token = new URL(link.url).searchParams.get('token');
      return as(c, request(server).post('/api/auth/setup-password').set(XHR).send({ token, newPassword: NEW_PASSWORD }));
    },
    'GET /api/knowledge': async (c) => as(c, request(server).get('/api/knowledge')),
    'GET /api/protocols': async (c) => as(c, request(server).get('/api/protocols')),
    'GET /api/protocols/:id/:version': async (c) => {
      const d = await detail(target);
      return as(c, request(server).get(`/api/protocols/${d.protocol.id}/${d.protocol.version}`));
    },
    'GET /api/notifications': async (c) => as(c, request(server).get('/api/notifications')),
    'POST /api/notifications/:id/read': async (c) => {
      const id = randomUUID();
      const userId = c.userId ?? userIds.get(DEMO.teacher)!;
      await db.getRepository(Notification).insert({
        id,
        userId,
        caseId: target,
        stepId: 'intake',
        kind: 'deadline_warning',
        dueAt: null,
        dedupeKey: `matrix:${id}`,
        createdAt: new Date().toISOString(),
        readAt: null,
        emailedAt: null,
      });
      return as(c, request(server).post(`/api/notifications/${id}/read`).set(XHR));
    },
    'GET /api/audit': async (c) => as(c, request(server).get('/api/audit')),
    'GET /api/audit/verify': async (c) => as(c, request(server).get('/api/audit/verify')),
    'GET /api/cases': async (c) => as(c, request(server).get('/api/cases')),
    'POST /api/cases': async (c) =>
      as(c, request(server).post('/api/cases').set(XHR).send({ title: 'Nouveau cas', occurredOn: '2026-11-02' })),
    'GET /api/cases/due': async (c) => as(c, request(server).get('/api/cases/due?scope=school')),
    'GET /api/cases/staff': async (c) => as(c, request(server).get('/api/cases/staff')),
    'GET /api/cases/:id': async (c) => as(c, request(server).get(`/api/cases/${target}`)),
    'GET /api/cases/:id/timeline': async (c) => as(c, request(server).get(`/api/cases/${target}/timeline`)),
    'GET /api/cases/:id/documents': async (c) => as(c, request(server).get(`/api/cases/${target}/documents`)),
    'POST /api/cases/:id/documents/:template': async (c) =>
      as(c, request(server).post(`/api/cases/${target}/documents/report-form`).set(XHR).send({ lang: 'fr' })),
    'POST /api/cases/:id/notes': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/cases/${target}/notes`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(target), text: 'Note de la matrice' }),
      ),
    'POST /api/cases/:id/steps/:stepId': async (c, route) => {
      const id = await caseFor(route, c, newCase);
      const body = await stepPayload(id, 'intake', { authorsKnown: true, authorsArePupils: true, platforms: ['INSTAGRAM'] });
      return as(c, request(server).post(`/api/cases/${id}/steps/intake`).set(XHR).send(body));
    },
    'POST /api/cases/:id/steps/:stepId/signature': async (c, route) => {
      const id = await caseFor(route, c, awaitingSignature);
      return as(
        c,
        request(server)
          .post(`/api/cases/${id}/steps/triage/signature`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(id) }),
      );
    },
    'POST /api/cases/:id/steps/:stepId/return': async (c, route) => {
      const id = await caseFor(route, c, awaitingSignature);
      return as(
        c,
        request(server)
          .post(`/api/cases/${id}/steps/triage/return`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(id), comment: 'Revoir le niveau' }),
      );
    },
    'POST /api/cases/:id/corrections': async (c, route) => {
      const id = await caseFor(route, c, reported);
      return as(
        c,
        request(server)
          .post(`/api/cases/${id}/corrections`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(id), refSeq: 2, answers: { repeated: false }, reason: 'Erreur de saisie' }),
      );
    },
    'POST /api/cases/:id/reopen': async (c, route) => {
      const id = await caseFor(route, c, closed);
      return as(
        c,
        request(server)
          .post(`/api/cases/${id}/reopen`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(id), reason: 'Les faits reprennent' }),
      );
    },
    'POST /api/cases/:id/protocol-version': async (c, route) => {
      const id = await caseFor(route, c, newCase);
      const d = await detail(id);
      return as(
        c,
        request(server)
          .post(`/api/cases/${id}/protocol-version`)
          .set(XHR)
          .send({ expectedSeq: d.lastEventSeq, toVersion: d.protocol.version === '1.0.0' ? '1.1.0' : '1.0.0', reason: 'Version révisée' }),
      );
    },
    'PUT /api/cases/:id/restriction': async (c) =>
      as(
        c,
        request(server)
          .put(`/api/cases/${target}/restriction`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(target), restricted: false, members: [], reason: 'Aucune raison de restreindre' }),
      ),
    'PUT /api/cases/:id/assignee': async (c) =>
      as(
        c,
        request(server)
          .put(`/api/cases/${target}/assignee`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(target), assigneeId: null }),
      ),
    'PUT /api/cases/:id/legal-hold': async (c, route) => {
      const id = await caseFor(route, c, newCase);
      return as(
        c,
        request(server)
          .put(`/api/cases/${id}/legal-hold`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(id), reason: 'Plainte de la famille' }),
      );
    },
    'DELETE /api/cases/:id/legal-hold': async (c, route) => {
      const id = await caseFor(route, c, held);
      return as(
        c,
        request(server)
          .delete(`/api/cases/${id}/legal-hold`)
          .set(XHR)
          .send({ expectedSeq: await seqOf(id), reason: 'Affaire classée' }),
      );
    },
    'POST /api/auth/membership': async (c) => {
      const me = await as(c, request(server).get('/api/auth/me'));
      const membershipId = (me.body as { user?: { activeMembershipId?: string } }).user?.activeMembershipId ?? randomUUID();
      return as(c, request(server).post('/api/auth/membership').set(XHR).send({ membershipId }));
    },
    'GET /api/admin/units': async (c) => as(c, request(server).get('/api/admin/units')),
    'GET /api/admin/schools': async (c) => as(c, request(server).get('/api/admin/schools?q=rab')),
    'POST /api/admin/schools': async (c) =>
      as(
        c,
        request(server)
          .post('/api/admin/schools')
          .set(XHR)
          .send({
            code: `M-${randomUUID().slice(0, 8)}`,
            nameFr: 'Collège de la matrice',
            nameAr: 'إعدادية المصفوفة',
            level: 'college',
            provinceId: RABAT_PROVINCE,
          }),
      ),
    'PATCH /api/admin/schools/:id': async (c) =>
      as(c, request(server).patch(`/api/admin/schools/${ownSchool}`).set(XHR).send({ level: 'college' })),
    'GET /api/admin/users': async (c) => as(c, request(server).get('/api/admin/users?role=team_member')),
    'GET /api/admin/users/:id': async (c) => as(c, request(server).get(`/api/admin/users/${await staffOfS0()}`)),
    'POST /api/admin/users': async (c) =>
      as(
        c,
        request(server)
          .post('/api/admin/users')
          .set(XHR)
          .send({
            email: `new-${randomUUID()}@test.sanad.ma`,
            displayName: 'Nouvelle',
            locale: 'fr',
            role: 'team_member',
            unitId: ownSchool,
          }),
      ),
    'POST /api/admin/users/:id/memberships': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/admin/users/${await staffOfS0()}/memberships`)
          .set(XHR)
          .send({ role: 'coordinator', unitId: ownSchool }),
      ),
    'DELETE /api/admin/users/:id/memberships/:membershipId': async (c) => {
      const userId = await staffOfS0(['team_member', 'coordinator']);
      const second = (await db.getRepository(Membership).findOneByOrFail({ userId, role: 'coordinator' })).id;
      return as(c, request(server).delete(`/api/admin/users/${userId}/memberships/${second}`).set(XHR));
    },
    'POST /api/admin/users/:id/password-link': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/admin/users/${await staffOfS0()}/password-link`)
          .set(XHR)
          .send({ purpose: 'reset' }),
      ),
    'POST /api/admin/users/:id/disable': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/admin/users/${await staffOfS0()}/disable`)
          .set(XHR),
      ),
    'POST /api/admin/users/:id/enable': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/admin/users/${await staffOfS0()}/enable`)
          .set(XHR),
      ),
    'POST /api/admin/users/:id/sessions/revoke': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/admin/users/${await staffOfS0()}/sessions/revoke`)
          .set(XHR),
      ),
    'POST /api/admin/import': async (c) =>
      as(
        c,
        request(server).post('/api/admin/import').set(XHR).send({
          schoolsCsv: 'code,name_fr,name_ar,level,province_code\nMAT-IMP-1,Collège import,إعدادية,college,RSK-RAB\n',
          dryRun: true,
        }),
      ),
    'GET /api/cases/:id/evidence': async (c) => as(c, request(server).get(`/api/cases/${target}/evidence`)),
    'POST /api/cases/:id/evidence/files': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/cases/${target}/evidence/files`)
          .set(XHR)
          .attach('file', Buffer.from('Message reçu'), 'message.txt')
          .field('title', 'Message'),
      ),
    'POST /api/cases/:id/evidence/links': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/cases/${target}/evidence/links`)
          .set(XHR)
          .send({ title: 'Publication', url: 'https://www.instagram.com/p/x', platform: 'INSTAGRAM' }),
      ),
    'POST /api/cases/:id/evidence/descriptions': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/cases/${target}/evidence/descriptions`)
          .set(XHR)
          .send({ title: 'Message vocal', description: 'Message vocal de menaces reçu le soir.' }),
      ),
    'GET /api/cases/:id/evidence/:itemId': async (c) =>
      as(c, request(server).get(`/api/cases/${target}/evidence/${await evidenceOfTarget()}`)),
    'GET /api/cases/:id/evidence/:itemId/content': async (c) =>
      as(c, request(server).get(`/api/cases/${target}/evidence/${await evidenceOfTarget()}/content`)),
    'POST /api/cases/:id/evidence/:itemId/transmissions': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/cases/${target}/evidence/${await evidenceOfTarget()}/transmissions`)
          .set(XHR)
          .send({ recipient: 'platform', reference: 'REF-1' }),
      ),
    'DELETE /api/cases/:id/evidence/:itemId': async (c) =>
      as(
        c,
        request(server)
          .delete(`/api/cases/${target}/evidence/${await evidenceOfTarget(true)}`)
          .set(XHR)
          .send({ reason: 'Doublon d’une autre capture' }),
      ),
    'GET /api/cases/:id/people': async (c) => as(c, request(server).get(`/api/cases/${target}/people`)),
    'GET /api/statistics': async (c) => as(c, request(server).get(`/api/statistics?provinceId=${RABAT_PROVINCE}`)),
    'GET /api/statistics/export.csv': async (c) => as(c, request(server).get(`/api/statistics/export.csv?provinceId=${RABAT_PROVINCE}`)),
    'GET /api/statistics/report.pdf': async (c) => as(c, request(server).get(`/api/statistics/report.pdf?provinceId=${RABAT_PROVINCE}`)),
    'POST /api/cases/:id/people': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/cases/${target}/people`)
          .set(XHR)
          .send({ role: 'witness', kind: 'pupil', displayName: 'Témoin', classLabel: '3AC-1' }),
      ),
    'PATCH /api/cases/:id/people/:personId': async (c) =>
      as(
        c,
        request(server)
          .patch(`/api/cases/${target}/people/${await personOfTarget()}`)
          .set(XHR)
          .send({ classLabel: '3AC-2' }),
      ),
    'GET /api/cases/:id/transmissions': async (c) => as(c, request(server).get(`/api/cases/${target}/transmissions`)),
    'POST /api/cases/:id/transmissions': async (c, route) => {
      const id = await caseFor(route, c, triagedAndSigned);
      return as(
        c,
        request(server)
          .post(`/api/cases/${id}/transmissions`)
          .set(XHR)
          .send({ kind: 'triage_report', expectedSeq: await seqOf(id) }),
      );
    },
    'GET /api/transmissions': async (c) => as(c, request(server).get('/api/transmissions')),
    'GET /api/transmissions/:id': async (c) => as(c, request(server).get(`/api/transmissions/${await transmissionOfS0()}`)),
    'GET /api/transmissions/:id/report.pdf': async (c) =>
      as(c, request(server).get(`/api/transmissions/${await transmissionOfS0()}/report.pdf`)),
    'POST /api/transmissions/:id/acknowledge': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/transmissions/${await transmissionOfS0(c.who === 'officer')}/acknowledge`)
          .set(XHR),
      ),
    'POST /api/transmissions/:id/messages': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/transmissions/${await transmissionOfS0()}/messages`)
          .set(XHR)
          .send({ text: 'Pouvez-vous préciser les mesures ?' }),
      ),
    'POST /api/transmissions/:id/handled': async (c) =>
      as(
        c,
        request(server)
          .post(`/api/transmissions/${await transmissionOfS0(c.who === 'officer')}/handled`)
          .set(XHR),
      ),
    'GET /api/school-summaries': async (c) => as(c, request(server).get('/api/school-summaries')),
    'GET /api/subject-access/people': async (c) => as(c, request(server).get('/api/subject-access/people?q=auteur')),
    'POST /api/subject-access/export': async (c) =>
      as(
        c,
        request(server)
          .post('/api/subject-access/export')
          .set(XHR)
          .send({ personIds: [await personOfTarget()] }),
      ),
    'POST /api/subject-access/export.pdf': async (c) =>
      as(
        c,
        request(server)
          .post('/api/subject-access/export.pdf')
          .set(XHR)
          .send({ personIds: [await personOfTarget()], lang: 'fr' }),
      ),
    'GET /api/school-summaries/preview': async (c) =>
      as(c, request(server).get(`/api/school-summaries/preview?period=${new Date().toISOString().slice(0, 7)}`)),
    'POST /api/school-summaries': async (c) =>
      as(
        c,
        request(server)
          .post('/api/school-summaries')
          .set(XHR)
          .send({ period: new Date().toISOString().slice(0, 7) }),
      ),
    'GET /api/public/schools/:schoolCode': async (c) => as(c, request(server).get('/api/public/schools/DEMO-RAB-001')),
    'GET /api/public/challenge': async (c) => as(c, request(server).get('/api/public/challenge?school=DEMO-RAB-001')),
    'POST /api/public/schools/:schoolCode/reports': async (c) => {
      const { challenge, difficulty } = (await request(server).get('/api/public/challenge?school=DEMO-RAB-001').expect(200)).body as {
        challenge: string;
        difficulty: number;
      };
      return as(
        c,
        request(server)
          .post('/api/public/schools/DEMO-RAB-001/reports')
          .set(XHR)
          .set('X-Forwarded-For', publicAddress())
          .send({
            challenge,
            nonce: solveChallenge(challenge, difficulty),
            language: 'fr',
            reporterRole: 'witness',
            whatHappened: 'Des moqueries dans un groupe de classe',
            platforms: [],
            since: 'today',
            dangerNow: false,
          }),
      );
    },
    'POST /api/public/follow-up': async (c) =>
      as(
        c,
        request(server)
          .post('/api/public/follow-up')
          .set(XHR)
          .set('X-Forwarded-For', publicAddress())
          .send({ reportCode: (await intakeReport()).code, passcode: REPORT_PASSCODE }),
      ),
    'POST /api/public/follow-up/messages': async (c) =>
      as(
        c,
        request(server)
          .post('/api/public/follow-up/messages')
          .set(XHR)
          .set('X-Forwarded-For', publicAddress())
          .send({ reportCode: (await intakeReport()).code, passcode: REPORT_PASSCODE, body: 'Merci' }),
      ),
    'GET /api/intake-reports': async (c) => as(c, request(server).get('/api/intake-reports')),
    'GET /api/intake-reports/summary': async (c) => as(c, request(server).get('/api/intake-reports/summary')),
    'GET /api/intake-reports/:id': async (c, route) => as(c, request(server).get(`/api/intake-reports/${await reportFor(route, c)}`)),
    'POST /api/intake-reports/:id/convert': async (c, route) =>
      as(
        c,
        request(server)
          .post(`/api/intake-reports/${await reportFor(route, c)}/convert`)
          .set(XHR),
      ),
    'POST /api/intake-reports/:id/link': async (c, route) =>
      as(
        c,
        request(server)
          .post(`/api/intake-reports/${await reportFor(route, c)}/link`)
          .set(XHR)
          .send({ caseId: target }),
      ),
    'POST /api/intake-reports/:id/dismiss': async (c, route) =>
      as(
        c,
        request(server)
          .post(`/api/intake-reports/${await reportFor(route, c)}/dismiss`)
          .set(XHR)
          .send({ reason: 'Message de test' }),
      ),
    'POST /api/intake-reports/:id/messages': async (c, route) =>
      as(
        c,
        request(server)
          .post(`/api/intake-reports/${await reportFor(route, c)}/messages`)
          .set(XHR)
          .send({ body: 'Nous vous recevons demain.' }),
      ),
    'POST /api/intake-reports/:id/close': async (c, route) =>
      as(
        c,
        request(server)
          .post(`/api/intake-reports/${await reportFor(route, c, 'linked')}/close`)
          .set(XHR),
      ),
    'POST /api/documents/poster': async (c) => as(c, request(server).post('/api/documents/poster').set(XHR).send({ lang: 'fr' })),
    'DELETE /api/cases/:id/people/:personId': async (c) =>
      as(
        c,
        request(server)
          .delete(`/api/cases/${target}/people/${await personOfTarget(true)}`)
          .set(XHR),
      ),
  };

  /** A case of S0 whose T2 triage the principal co-signed: its triage report is due. */
  async function triagedAndSigned(): Promise<string> {
    const id = await awaitingSignature();
    await request(server)
      .post(`/api/cases/${id}/steps/triage/signature`)
      .set(XHR)
      .set('Cookie', await staff('principal'))
      .send({ expectedSeq: await seqOf(id) })
      .expect(200);
    return id;
  }
  /** A report S0's principal sent (a fresh one when the call may move it on: acknowledge, handled). */
  let sharedTransmission: Promise<string> | undefined;
  const transmissionOfS0 = (fresh = false): Promise<string> => {
    const make = async () => {
      const id = await triagedAndSigned();
      const res = await request(server)
        .post(`/api/cases/${id}/transmissions`)
        .set(XHR)
        .set('Cookie', await staff('principal'))
        .send({ kind: 'triage_report', expectedSeq: await seqOf(id) });
      if (res.status !== 201) throw new Error(`transmission: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    if (fresh) return make();
    sharedTransmission ??= make();
    return sharedTransmission;
  };

  /** A file of the target case, uploaded by its teacher (a fresh one when the call may delete it). */
  let sharedEvidence: Promise<string> | undefined;
  const evidenceOfTarget = (fresh = false): Promise<string> => {
    const make = async () => {
      const res = await request(server)
        .post(`/api/cases/${target}/evidence/files`)
        .set(XHR)
        .set('Cookie', await staff('team_member'))
        .attach('file', Buffer.from('Capture de la conversation'), 'conversation.txt')
        .field('title', 'Conversation');
      if (res.status !== 201) throw new Error(`evidence: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    if (fresh) return make();
    sharedEvidence ??= make();
    return sharedEvidence;
  };

  /** A person involved in the target case (a fresh one when the call may remove it). */
  let sharedPerson: Promise<string> | undefined;
  const personOfTarget = (fresh = false): Promise<string> => {
    const make = async () => {
      const res = await request(server)
        .post(`/api/cases/${target}/people`)
        .set(XHR)
        .set('Cookie', await staff('team_member'))
        .send({ role: 'author', kind: 'pupil', displayName: 'Auteur présumé' });
      if (res.status !== 201) throw new Error(`people: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    if (fresh) return make();
    sharedPerson ??= make();
    return sharedPerson;
  };

  /** A fresh account of S0 (a call may change it: disable, add a role…). */
  const staffOfS0 = (roles: Role[] = ['team_member']) =>
    addAccount(
      db,
      `s0-${randomUUID()}@test.sanad.ma`,
      roles.map((role) => ({ role, schoolId: ownSchool })),
    );

  beforeAll(async () => {
    // a second published version of the protocol, identical: moving a case to it is safe
    protocolsDir = mkdtempSync(join(tmpdir(), 'sanad-matrix-protocols-'));
    mkdirSync(join(protocolsDir, 'ma-cyberharassment'));
    const reference = join(PROTOCOLS_DIR, 'ma-cyberharassment', '1.0.0.yaml');
    cpSync(reference, join(protocolsDir, 'ma-cyberharassment', '1.0.0.yaml'));
    // the reporting rules (issue #9): which reports to the academy are due
    cpSync(join(PROTOCOLS_DIR, 'ma-cyberharassment', 'reporting.yaml'), join(protocolsDir, 'ma-cyberharassment', 'reporting.yaml'));
    writeFileSync(
      join(protocolsDir, 'ma-cyberharassment', '1.1.0.yaml'),
      readFileSync(reference, 'utf8').replace(/^version:.*$/m, 'version: 1.1.0'),
    );
    t = await startTestApp({ PROTOCOLS_DIR: protocolsDir });
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);

    // another school in the province of Rabat, with its team, and an administrator
    const school2 = randomUUID();
    await db.getRepository(School).insert({
      id: school2,
      provinceId: RABAT_PROVINCE,
      code: 'TEST-RAB-002',
      nameFr: 'Collège test',
      nameAr: 'إعدادية',
      level: 'college',
    });
    const created: [string, Role, { schoolId?: string; provinceId?: string; regionId?: string }][] = [
      [PEOPLE.team_member.province, 'team_member', { schoolId: school2 }],
      [PEOPLE.coordinator.province, 'coordinator', { schoolId: school2 }],
      [PEOPLE.principal.province, 'principal', { schoolId: school2 }],
      [PEOPLE.admin.own, 'admin', { provinceId: RABAT_PROVINCE }],
      [PEOPLE.admin.academy, 'admin', { provinceId: KENITRA_PROVINCE }],
      [PEOPLE.admin.elsewhere, 'admin', { regionId: MARRAKECH_SAFI }],
    ];
    for (const [address, role, unit] of created) await addAccount(db, email(address), [{ role, ...unit }]);
    ownSchool = (
      await db
        .getRepository(Membership)
        .findOneByOrFail({ userId: (await db.getRepository(User).findOneByOrFail({ email: DEMO.teacher })).id })
    ).schoolId!;
    for (const u of await db.getRepository(User).find()) userIds.set(u.email, u.id);
    target = await reported();
  }, 60_000);

  afterAll(async () => {
    await t.close();
    rmSync(protocolsDir, { recursive: true, force: true });
  });

  it('covers exactly the routes the application serves', async () => {
    const openApi = (await request(server).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = routesOf(t.app, openApi);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !(r in MATRIX)))
      .withContext('routes missing from the authorization matrix: add them with their expected statuses')
      .toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r)))
      .withContext('matrix rows for routes that no longer exist')
      .toEqual([]);
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const route of Object.keys(MATRIX)) {
    it(`${route}: the exact status for every role and scope`, async () => {
      const mismatches: string[] = [];
      const check = async (c: Caller, expected: number) => {
        const res = await CALLS[route](c, route);
        if (res.status !== expected) {
          mismatches.push(`${c.who}@${c.scope}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      };
      const row = MATRIX[route];
      for (const [i, role] of ROLES.entries()) {
        for (const scope of SCOPES) {
          const address = email(PEOPLE[role][scope]);
          const expected = row[i];
          const status =
            typeof expected === 'number'
              ? expected
              : 'province' in expected
                ? expected[scope]
                : scope === 'own'
                  ? expected.own
                  : expected.elsewhere;
          await check({ who: role, scope, email: address, userId: userIds.get(address) ?? null, cookie: () => session(address) }, status);
        }
      }
      await check({ who: 'anonymous', scope: 'own', email: null, userId: null, cookie: () => Promise.resolve(undefined) }, row[5]);
      expect(mismatches).toEqual([]);
    }, 120_000);
  }
});
