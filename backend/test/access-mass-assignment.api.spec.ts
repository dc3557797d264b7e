import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { User } from '../src/users/user.entity';
import { XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const CASE = '5a0d0004-0000-4000-8000-000000000001';
const SCHOOL = '5a0d0002-0000-4000-8000-000000000001';
const USER = '5a0d0003-0000-4000-8000-000000000001';

/**
 * Mass assignment (issue #5): a field the endpoint does not expect is refused with 400 VALIDATION_FAILED
 * (`validation.unknownField`), on every endpoint that reads a body, before anything is done. The bodies are
 * otherwise valid, so the unknown field is the only problem reported. Endpoints that read no body ignore it.
 */
const WITH_BODY: Record<string, { path: string; body: Record<string, unknown> }> = {
  'POST /api/auth/login': { path: '/api/auth/login', body: { email: DEMO.principal, password: DEMO.password } },
  'POST /api/auth/login/2fa': { path: '/api/auth/login/2fa', body: { code: '123456' } },
  'POST /api/auth/2fa/confirm': { path: '/api/auth/2fa/confirm', body: { code: '123456' } },
  'POST /api/auth/2fa/disable': { path: '/api/auth/2fa/disable', body: { password: DEMO.password, code: '123456' } },
  'POST /api/auth/password': {
    path: '/api/auth/password',
    body: { currentPassword: DEMO.password, newPassword: 'cèdre-atlas-bleu-minuit' },
  },
  'POST /api/auth/setup-password': {
    path: '/api/auth/setup-password',
    body: { token: 'a'.repeat(43), newPassword: 'cèdre-atlas-bleu-minuit' },
  },
  'POST /api/cases': { path: '/api/cases', body: { title: 'Insultes sur un groupe de classe', occurredOn: '2026-11-02' } },
  'POST /api/cases/:id/steps/:stepId': { path: `/api/cases/${CASE}/steps/intake`, body: { expectedSeq: 1, answers: {}, checklist: [] } },
  'POST /api/cases/:id/steps/:stepId/signature': { path: `/api/cases/${CASE}/steps/triage/signature`, body: { expectedSeq: 1 } },
  'POST /api/cases/:id/steps/:stepId/return': {
    path: `/api/cases/${CASE}/steps/triage/return`,
    body: { expectedSeq: 1, comment: 'Revoir' },
  },
  'POST /api/cases/:id/notes': { path: `/api/cases/${CASE}/notes`, body: { expectedSeq: 1, text: 'Note' } },
  'POST /api/cases/:id/corrections': {
    path: `/api/cases/${CASE}/corrections`,
    body: { expectedSeq: 1, refSeq: 1, answers: {}, reason: 'Erreur de saisie' },
  },
  'POST /api/cases/:id/reopen': { path: `/api/cases/${CASE}/reopen`, body: { expectedSeq: 1, reason: 'Les faits reprennent' } },
  'POST /api/cases/:id/protocol-version': {
    path: `/api/cases/${CASE}/protocol-version`,
    body: { expectedSeq: 1, toVersion: '1.0.0', reason: 'Version révisée' },
  },
  'PUT /api/cases/:id/restriction': {
    path: `/api/cases/${CASE}/restriction`,
    body: { expectedSeq: 1, restricted: true, members: [], reason: 'Personnel impliqué' },
  },
  'PUT /api/cases/:id/assignee': { path: `/api/cases/${CASE}/assignee`, body: { expectedSeq: 1, assigneeId: null } },
  'PUT /api/cases/:id/legal-hold': { path: `/api/cases/${CASE}/legal-hold`, body: { expectedSeq: 1, reason: 'Plainte de la famille' } },
  'DELETE /api/cases/:id/legal-hold': { path: `/api/cases/${CASE}/legal-hold`, body: { expectedSeq: 1, reason: 'Affaire classée' } },
  'POST /api/auth/membership': { path: '/api/auth/membership', body: { membershipId: USER } },
  'POST /api/cases/:id/documents/:template': {
    path: `/api/cases/${CASE}/documents/report-form`,
    body: { lang: 'fr', password: 'secret-atlas-42' },
  },
  'POST /api/admin/schools': {
    path: '/api/admin/schools',
    body: { code: 'MA-001', nameFr: 'Collège', nameAr: 'إعدادية', level: 'college', provinceId: SCHOOL },
  },
  'PATCH /api/admin/schools/:id': { path: `/api/admin/schools/${SCHOOL}`, body: { nameFr: 'Collège' } },
  'POST /api/admin/users': {
    path: '/api/admin/users',
    body: { email: 'a@b.ma', displayName: 'A', locale: 'fr', role: 'team_member', unitId: SCHOOL },
  },
  'POST /api/admin/users/:id/memberships': { path: `/api/admin/users/${USER}/memberships`, body: { role: 'coordinator', unitId: SCHOOL } },
  'POST /api/admin/users/:id/password-link': { path: `/api/admin/users/${USER}/password-link`, body: { purpose: 'reset' } },
  'POST /api/admin/import': { path: '/api/admin/import', body: { schoolsCsv: 'code\n', dryRun: true } },
  'POST /api/cases/:id/evidence/files': { path: `/api/cases/${CASE}/evidence/files`, body: { title: 'Capture' } },
  'POST /api/cases/:id/evidence/links': {
    path: `/api/cases/${CASE}/evidence/links`,
    body: { title: 'Publication', url: 'https://www.instagram.com/p/x', platform: 'INSTAGRAM' },
  },
  'POST /api/cases/:id/evidence/descriptions': {
    path: `/api/cases/${CASE}/evidence/descriptions`,
    body: { title: 'Message vocal', description: 'Message vocal de menaces reçu le soir.' },
  },
  'POST /api/cases/:id/evidence/:itemId/transmissions': {
    path: `/api/cases/${CASE}/evidence/${USER}/transmissions`,
    body: { recipient: 'police', reference: 'PV-1' },
  },
  'DELETE /api/cases/:id/evidence/:itemId': { path: `/api/cases/${CASE}/evidence/${USER}`, body: { reason: 'Doublon de la capture' } },
  'POST /api/cases/:id/people': { path: `/api/cases/${CASE}/people`, body: { role: 'witness', kind: 'pupil' } },
  'PATCH /api/cases/:id/people/:personId': { path: `/api/cases/${CASE}/people/${USER}`, body: { role: 'witness', classLabel: '3AC-2' } },
  'POST /api/cases/:id/transmissions': {
    path: `/api/cases/${CASE}/transmissions`,
    body: { kind: 'triage_report', expectedSeq: 1, comment: 'Vu' },
  },
  'POST /api/transmissions/:id/messages': { path: `/api/transmissions/${USER}/messages`, body: { text: 'Bonjour' } },
  'POST /api/school-summaries': { path: '/api/school-summaries', body: { period: '2026-11', comment: 'Mois calme' } },
  'POST /api/subject-access/export': { path: '/api/subject-access/export', body: { personIds: [USER] } },
  'POST /api/subject-access/export.pdf': { path: '/api/subject-access/export.pdf', body: { personIds: [USER], lang: 'fr' } },
  'POST /api/public/schools/:schoolCode/reports': {
    path: '/api/public/schools/DEMO-RAB-001/reports',
    body: {
      challenge: 'x.y',
      nonce: '1',
      language: 'fr',
      reporterRole: 'witness',
      whatHappened: 'Insultes',
      platforms: [],
      since: 'today',
      dangerNow: false,
    },
  },
  'POST /api/public/follow-up': { path: '/api/public/follow-up', body: { reportCode: 'R7K-4QX-9TB', passcode: 'AAAA-BBBB-CCCC' } },
  'POST /api/public/follow-up/messages': {
    path: '/api/public/follow-up/messages',
    body: { reportCode: 'R7K-4QX-9TB', passcode: 'AAAA-BBBB-CCCC', body: 'Merci' },
  },
  'POST /api/intake-reports/:id/link': { path: `/api/intake-reports/${USER}/link`, body: { caseId: CASE } },
  'POST /api/intake-reports/:id/dismiss': { path: `/api/intake-reports/${USER}/dismiss`, body: { reason: 'Doublon' } },
  'POST /api/intake-reports/:id/messages': { path: `/api/intake-reports/${USER}/messages`, body: { body: 'Bonjour' } },
  'POST /api/documents/poster': { path: '/api/documents/poster', body: { lang: 'fr' } },
};
/** Endpoints that read no body: whatever is sent is ignored (the spec checks that nothing changes). */
const WITHOUT_BODY: Record<string, string> = {
  'POST /api/auth/logout': '/api/auth/logout',
  'POST /api/auth/2fa/setup': '/api/auth/2fa/setup',
  'POST /api/notifications/:id/read': '/api/notifications/00000000-0000-4000-8000-000000000000/read',
  'DELETE /api/admin/users/:id/memberships/:membershipId': `/api/admin/users/${USER}/memberships/${USER}`,
  'POST /api/admin/users/:id/disable': `/api/admin/users/${USER}/disable`,
  'POST /api/admin/users/:id/enable': `/api/admin/users/${USER}/enable`,
  'POST /api/admin/users/:id/sessions/revoke': `/api/admin/users/${USER}/sessions/revoke`,
  'DELETE /api/cases/:id/people/:personId': `/api/cases/${CASE}/people/${USER}`,
  'POST /api/transmissions/:id/acknowledge': `/api/transmissions/${USER}/acknowledge`,
  'POST /api/transmissions/:id/handled': `/api/transmissions/${USER}/handled`,
  'POST /api/intake-reports/:id/convert': `/api/intake-reports/${USER}/convert`,
  'POST /api/intake-reports/:id/close': `/api/intake-reports/${USER}/close`,
};

/** What a client might try to slip in. */
const EXTRA_FIELDS: Record<string, unknown> = {
  schoolId: '5a0d0002-0000-4000-8000-000000000002',
  role: 'admin',
  state: 'CLOSED',
  createdById: '5a0d0003-0000-4000-8000-000000000005',
  protocolVersion: '9.9.9',
  id: '5a0d0004-0000-4000-8000-000000000099',
  userId: '5a0d0003-0000-4000-8000-000000000005',
  lastEventSeq: 99,
  active: true,
  mfaRequired: false,
};

describe('API: mass assignment', () => {
  let t: TestApp;
  let server: App;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    const res = await request(server).post('/api/auth/login').set(XHR).send({ email: DEMO.principal, password: DEMO.password }).expect(200);
    cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  });
  afterAll(async () => t.close());

  it('knows every write endpoint of the application', async () => {
    const paths = (await request(server).get('/api/docs-json').expect(200)).body.paths as Record<string, Record<string, unknown>>;
    const writes = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(writes.filter((w) => !(w in WITH_BODY) && !(w in WITHOUT_BODY)))
      .withContext('write endpoints missing from this spec')
      .toEqual([]);
  });

  for (const [route, { path, body }] of Object.entries(WITH_BODY)) {
    it(`${route} refuses unknown fields with 400 VALIDATION_FAILED`, async () => {
      const method = route.startsWith('PUT') ? 'put' : route.startsWith('PATCH') ? 'patch' : route.startsWith('DELETE') ? 'delete' : 'post';
      for (const [field, value] of Object.entries(EXTRA_FIELDS)) {
        // a field the endpoint does take (e.g. `role` of a new membership) is not an extra one
        if (field in body) continue;
        const call = request(server);
        const res = await call[method](path)
          .set(XHR)
          .set('Cookie', cookie)
          .send({ ...body, [field]: value });
        expect(res.status).withContext(`${route} + ${field}`).toBe(400);
        expect(res.body.code).withContext(`${route} + ${field}`).toBe('VALIDATION_FAILED');
        expect(res.body.details)
          .withContext(`${route} + ${field}`)
          .toEqual([jasmine.objectContaining({ field, code: 'validation.unknownField' })]);
      }
    });
  }

  it('ignores bodies sent to endpoints that read none: nothing about the user changes', async () => {
    const db = t.app.get(DataSource);
    const own = await request(server).post('/api/auth/login').set(XHR).send({ email: DEMO.principal, password: DEMO.password }).expect(200);
    const session = (own.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const before = await db.getRepository(User).findOneByOrFail({ email: DEMO.principal });
    for (const [route, path] of Object.entries(WITHOUT_BODY)) {
      if (route === 'POST /api/auth/logout') continue;
      const call = request(server);
      const res = await call[route.startsWith('DELETE') ? 'delete' : 'post'](path)
        .set(XHR)
        .set('Cookie', session)
        .send({ ...EXTRA_FIELDS });
      // 403: the administration routes refuse a principal, whatever the body
      expect([200, 204, 403, 404]).withContext(route).toContain(res.status);
    }
    const after = await db.getRepository(User).findOneByOrFail({ email: DEMO.principal });
    expect(after).toEqual(before);
    await request(server).post('/api/auth/logout').set(XHR).set('Cookie', session).send({ role: 'admin' }).expect(204);
    await request(server).get('/api/auth/me').set('Cookie', session).expect(401);
  });
});
