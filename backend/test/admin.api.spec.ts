import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { DataSource, In } from 'typeorm';
import { CaseRecord } from '../src/cases/case.entities';
import { AuditEntry } from '../src/audit/audit.entities';
import { Session } from '../src/auth/session.entity';
import { Province, Region, School } from '../src/organisation/organisation.entities';
import { Membership } from '../src/users/membership.entity';
import { User } from '../src/users/user.entity';
import { XHR } from './support/case-driver';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

const NEW_PASSWORD = 'cèdre-atlas-bleu-minuit-42';

interface AdminUser {
  id: string;
  email: string;
  active: boolean;
  memberships: { id: string; role: string; unit: { kind: string; id: string | null; nameFr: string } }[];
  otherMemberships: number;
  manageable: boolean;
}

/** Administration of units and accounts (docs/administration.md), on a real database. */
describe('API: administration (units, accounts, roles, import) within the administrator scope', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let national: TestAgent;
  let regional: TestAgent;
  let rabatSchool: string;
  let kenitraSchool: string;
  let marrakechSchool: string;
  let rabatProvince: string;
  let marrakechProvince: string;

  async function signIn(email: string, password = DEMO.password): Promise<TestAgent> {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email, password }).expect(200);
    return agent;
  }
  const schoolOf = async (email: string) => {
    const user = await db.getRepository(User).findOneByOrFail({ email });
    return (await db.getRepository(Membership).findOneOrFail({ where: { userId: user.id }, order: { createdAt: 'ASC' } })).schoolId!;
  };
  const lastAudit = (action: string) => db.getRepository(AuditEntry).findOne({ where: { action }, order: { seq: 'DESC' } });

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'http://sanad.example.ma' });
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    national = await signIn(DEMO.admin);
    regional = await signIn(DEMO.regionalAdmin);
    rabatSchool = await schoolOf(DEMO.teacher);
    kenitraSchool = await schoolOf('enseignant.kenitra@demo.sanad.ma');
    marrakechSchool = await schoolOf(DEMO.otherSchoolTeacher);
    rabatProvince = (await db.getRepository(School).findOneByOrFail({ id: rabatSchool })).provinceId;
    marrakechProvince = (await db.getRepository(School).findOneByOrFail({ id: marrakechSchool })).provinceId;
  });
  afterAll(async () => t.close());

  it('lists the accounts of the scope only: the academy administrator never sees another academy', async () => {
    const all = async (agent: TestAgent) =>
      ((await agent.get('/api/admin/users?pageSize=200').expect(200)).body as { items: AdminUser[]; total: number }).items.map(
        (u) => u.email,
      );
    const seenByRegion = await all(regional);
    expect(seenByRegion).toContain(DEMO.teacher);
    expect(seenByRegion).toContain('enseignant.kenitra@demo.sanad.ma');
    expect(seenByRegion).toContain(DEMO.officer);
    expect(seenByRegion).not.toContain(DEMO.otherSchoolTeacher);
    expect(seenByRegion).not.toContain('aref.ms@demo.sanad.ma');
    expect(seenByRegion).not.toContain(DEMO.admin);
    const seenNationally = await all(national);
    expect(seenNationally).toContain(DEMO.otherSchoolTeacher);
    expect(seenNationally.length).toBeGreaterThan(seenByRegion.length);

    const search = (await regional.get('/api/admin/users?q=SALMA').expect(200)).body as { items: AdminUser[]; total: number };
    expect(search.items.map((u) => u.email)).toEqual([DEMO.teacher]);
    // % and _ are literal characters, not wildcards
    expect((await regional.get('/api/admin/users?q=%25').expect(200)).body.total).toBe(0);
    const inSchool = (await regional.get(`/api/admin/users?unitId=${kenitraSchool}&role=principal`).expect(200)).body as {
      items: AdminUser[];
    };
    expect(inSchool.items.map((u) => u.email)).toEqual(['directeur.kenitra@demo.sanad.ma']);
    const page = (await regional.get('/api/admin/users?pageSize=2&page=2').expect(200)).body as { items: AdminUser[]; page: number };
    expect(page.items.length).toBe(2);
    expect(page.page).toBe(2);
    await regional.get(`/api/admin/users?unitId=${marrakechSchool}`).expect(404);
  });

  it('answers 404 for an account or a unit outside the scope, and 403 to anyone not acting as an administrator', async () => {
    const marrakech = await db.getRepository(User).findOneByOrFail({ email: DEMO.otherSchoolTeacher });
    const res = await regional.get(`/api/admin/users/${marrakech.id}`).set('Accept-Language', 'fr').expect(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain(DEMO.otherSchoolTeacher);
    await regional.get('/api/admin/users/not-a-uuid').expect(404);
    expect((await lastAudit('access.denied'))?.details).toEqual(jasmine.objectContaining({ code: 'USER_NOT_FOUND' }));
    const principal = await signIn(DEMO.principal);
    expect((await principal.get('/api/admin/users').expect(403)).body.code).toBe('FORBIDDEN');
    // and an administrator sees no case content
    expect((await regional.get('/api/cases').expect(403)).body.code).toBe('NO_SCHOOL_SCOPE');
  });

  it('creates an account with a one-time link; the person sets a password and signs in in that role', async () => {
    const email = 'Nouvelle.Prof@Ecole.Test';
    const created = await regional
      .post('/api/admin/users')
      .set(XHR)
      .send({ email, displayName: 'Nouvelle Prof', locale: 'ar', role: 'team_member', unitId: kenitraSchool })
      .expect(201);
    const body = created.body as { user: AdminUser; link: { url: string; expiresAt: string; emailed: boolean } };
    expect(body.user.email).toBe('nouvelle.prof@ecole.test');
    expect(body.user.memberships.map((m) => [m.role, m.unit.id])).toEqual([['team_member', kenitraSchool]]);
    expect(body.link.emailed).toBeFalse();
    expect(body.link.url).toMatch(/^http:\/\/sanad\.example\.ma\/setup-password\?token=/);
    const token = new URL(body.link.url).searchParams.get('token');
    // no usable password before the link is used
    await request(server).post('/api/auth/login').set(XHR).send({ email, password: NEW_PASSWORD }).expect(401);
    await request(server).post('/api/auth/setup-password').set(XHR).send({ token, newPassword: NEW_PASSWORD }).expect(204);
    const me = (await (await signIn(email, NEW_PASSWORD)).get('/api/auth/me').expect(200)).body.user as {
      role: string;
      school: { id: string };
    };
    expect(me.role).toBe('team_member');
    expect(me.school.id).toBe(kenitraSchool);
    const entry = await lastAudit('account.create');
    expect(entry?.targetId).toBe(body.user.id);
    expect(entry?.schoolId).toBe(kenitraSchool);
    expect(JSON.stringify(entry)).not.toContain('nouvelle');

    const again = await regional
      .post('/api/admin/users')
      .set(XHR)
      .set('Accept-Language', 'fr')
      .send({ email, displayName: 'Encore', locale: 'fr', role: 'team_member', unitId: kenitraSchool })
      .expect(409);
    expect(again.body.code).toBe('EMAIL_TAKEN');
    expect(again.body.message).toContain('adresse e-mail');
  });

  it('checks that role and unit fit and that the unit is in the scope', async () => {
    const create = (role: string, unitId: string | null) =>
      regional
        .post('/api/admin/users')
        .set(XHR)
        .send({ email: `r-${role}-${String(unitId).slice(0, 8)}@ecole.test`, displayName: 'X', locale: 'fr', role, unitId });
    const rsk = await db.getRepository(Region).findOneByOrFail({ code: 'RSK' });
    const mismatch = await create('team_member', rsk.id).expect(400);
    expect(mismatch.body.details).toEqual([jasmine.objectContaining({ field: 'unitId', code: 'membership.unit_mismatch' })]);
    expect((await create('team_member', marrakechSchool).expect(404)).body.code).toBe('UNIT_NOT_FOUND');
    expect((await create('admin', null).expect(404)).body.code).toBe('UNIT_NOT_FOUND');
    await create('officer', rabatProvince).expect(201);
    // an academy administrator may create another one for the academy, or one for a province of it
    await create('admin', rsk.id).expect(201);
    await create('admin', rabatProvince).expect(201);
    const provincial = await signIn('r-admin-' + rabatProvince.slice(0, 8) + '@ecole.test').catch(() => null);
    expect(provincial).toBeNull(); // no password yet: the link has to be used first
  });

  it('shows only the memberships in the scope; an account with roles elsewhere is not manageable here', async () => {
    const id = await addAccount(db, 'deux-academies@ecole.test', [
      { role: 'team_member', schoolId: rabatSchool },
      { role: 'team_member', schoolId: marrakechSchool },
    ]);
    const seen = (await regional.get(`/api/admin/users/${id}`).expect(200)).body as AdminUser;
    expect(seen.memberships.map((m) => m.unit.id)).toEqual([rabatSchool]);
    expect(seen.otherMemberships).toBe(1);
    expect(seen.manageable).toBeFalse();
    expect((await regional.post(`/api/admin/users/${id}/disable`).set(XHR).expect(403)).body.code).toBe('ACCOUNT_OUTSIDE_SCOPE');
    await regional.post(`/api/admin/users/${id}/password-link`).set(XHR).send({ purpose: 'reset' }).expect(403);
    await regional.post(`/api/admin/users/${id}/sessions/revoke`).set(XHR).expect(403);
    // the nationwide administrator manages it
    expect(((await national.get(`/api/admin/users/${id}`).expect(200)).body as AdminUser).manageable).toBeTrue();
    // the academy administrator may still remove the role in their academy, as it is not the last one
    await regional.delete(`/api/admin/users/${id}/memberships/${seen.memberships[0].id}`).set(XHR).expect(204);
    await regional.get(`/api/admin/users/${id}`).expect(404);
    const remaining = (await national.get(`/api/admin/users/${id}`).expect(200)).body as AdminUser;
    expect(
      (await national.delete(`/api/admin/users/${id}/memberships/${remaining.memberships[0].id}`).set(XHR).expect(409)).body.code,
    ).toBe('LAST_MEMBERSHIP');
  });

  it('adds roles: one principal per school, no duplicate role; role changes are audited', async () => {
    const id = await addAccount(db, 'prof-roles@ecole.test', [{ role: 'team_member', schoolId: rabatSchool }]);
    const added = await regional
      .post(`/api/admin/users/${id}/memberships`)
      .set(XHR)
      .send({ role: 'coordinator', unitId: kenitraSchool })
      .expect(201);
    expect(added.body).toEqual(jasmine.objectContaining({ role: 'coordinator', manageable: true }));
    expect(
      (await regional.post(`/api/admin/users/${id}/memberships`).set(XHR).send({ role: 'coordinator', unitId: kenitraSchool }).expect(409))
        .body.code,
    ).toBe('MEMBERSHIP_EXISTS');
    expect(
      (await regional.post(`/api/admin/users/${id}/memberships`).set(XHR).send({ role: 'principal', unitId: rabatSchool }).expect(409)).body
        .code,
    ).toBe('PRINCIPAL_EXISTS');
    const entry = await lastAudit('role.change');
    expect(entry?.details).toEqual(jasmine.objectContaining({ change: 'add', role: 'coordinator', unitKind: 'school' }));
    expect(entry?.targetId).toBe(id);
  });

  it('disables an account (its sessions end at once), enables it again, never one’s own', async () => {
    const teacher = await signIn('enseignant.kenitra@demo.sanad.ma');
    await teacher.get('/api/auth/me').expect(200);
    const user = await db.getRepository(User).findOneByOrFail({ email: 'enseignant.kenitra@demo.sanad.ma' });
    await regional.post(`/api/admin/users/${user.id}/disable`).set(XHR).expect(204);
    await teacher.get('/api/auth/me').expect(401);
    await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: 'enseignant.kenitra@demo.sanad.ma', password: DEMO.password })
      .expect(401);
    expect((await lastAudit('account.disable'))?.targetId).toBe(user.id);
    await regional.post(`/api/admin/users/${user.id}/enable`).set(XHR).expect(204);
    await signIn('enseignant.kenitra@demo.sanad.ma');

    const self = await db.getRepository(User).findOneByOrFail({ email: DEMO.regionalAdmin });
    expect((await regional.post(`/api/admin/users/${self.id}/disable`).set(XHR).expect(409)).body.code).toBe('CANNOT_CHANGE_SELF');
    const own = (await regional.get(`/api/admin/users/${self.id}`).expect(200)).body as AdminUser;
    expect((await regional.delete(`/api/admin/users/${self.id}/memberships/${own.memberships[0].id}`).set(XHR).expect(409)).body.code).toBe(
      'LAST_MEMBERSHIP',
    );
  });

  it('issues a reset link (earlier links stop working) and ends all sessions of an account', async () => {
    const id = await addAccount(db, 'reset@ecole.test', [{ role: 'team_member', schoolId: kenitraSchool }]);
    const first = (await regional.post(`/api/admin/users/${id}/password-link`).set(XHR).send({ purpose: 'reset' }).expect(200)).body as {
      url: string;
    };
    const second = (await regional.post(`/api/admin/users/${id}/password-link`).set(XHR).send({ purpose: 'reset' }).expect(200)).body as {
      url: string;
    };
    const token = (u: string) => new URL(u).searchParams.get('token');
    await request(server)
      .post('/api/auth/setup-password')
      .set(XHR)
      .send({ token: token(first.url), newPassword: NEW_PASSWORD })
      .expect(400);
    await request(server)
      .post('/api/auth/setup-password')
      .set(XHR)
      .send({ token: token(second.url), newPassword: NEW_PASSWORD })
      .expect(204);
    await signIn('reset@ecole.test', NEW_PASSWORD);
    await signIn('reset@ecole.test', NEW_PASSWORD);
    expect(await db.getRepository(Session).countBy({ userId: id })).toBe(2);
    expect((await regional.post(`/api/admin/users/${id}/sessions/revoke`).set(XHR).expect(200)).body).toEqual({ revoked: 2 });
    expect(await db.getRepository(Session).countBy({ userId: id })).toBe(0);
    expect((await lastAudit('account.password_link'))?.details).toEqual({ purpose: 'reset', emailed: false });
  });

  it('lets a person holding two roles switch between them; the case list follows the active school', async () => {
    const agent = await signIn(DEMO.twoSchools);
    const me = (await agent.get('/api/auth/me').expect(200)).body.user as {
      memberships: { id: string; unit: { id: string } }[];
      activeMembershipId: string;
      school: { id: string };
    };
    expect(me.memberships.map((m) => m.unit.id)).toEqual([rabatSchool, kenitraSchool]);
    expect(me.activeMembershipId).toBe(me.memberships[0].id);
    const schoolsOf = async () => {
      const ids = ((await agent.get('/api/cases?pageSize=100').expect(200)).body as { items: { id: string }[] }).items.map((c) => c.id);
      return new Set((await db.getRepository(CaseRecord).findBy({ id: In(ids) })).map((c) => c.schoolId));
    };
    expect([...(await schoolsOf())]).toEqual([rabatSchool]);
    const switched = await agent.post('/api/auth/membership').set(XHR).send({ membershipId: me.memberships[1].id }).expect(200);
    expect(switched.body.user.school.id).toBe(kenitraSchool);
    expect([...(await schoolsOf())]).toEqual([kenitraSchool]);
    expect((await lastAudit('auth.switch_role'))?.details).toEqual({ from: me.memberships[0].id, to: me.memberships[1].id });
    // someone else's membership is not found
    const other = await db.getRepository(Membership).findOneByOrFail({ schoolId: marrakechSchool, role: 'principal' });
    await agent.post('/api/auth/membership').set(XHR).send({ membershipId: other.id }).expect(404);
  });

  it('manages the schools of the scope and shows its units', async () => {
    const units = (await regional.get('/api/admin/units').expect(200)).body as {
      scope: { kind: string; code: string };
      regions: { code: string; provinces: { id: string; schools: number }[] }[];
    };
    expect(units.scope).toEqual(jasmine.objectContaining({ kind: 'region', code: 'RSK' }));
    expect(units.regions.map((r) => r.code)).toEqual(['RSK']);
    expect(units.regions[0].provinces.find((p) => p.id === rabatProvince)?.schools).toBeGreaterThanOrEqual(1);
    expect(((await national.get('/api/admin/units').expect(200)).body as { regions: unknown[] }).regions.length).toBe(12);

    const school = {
      code: 'rab-col-042',
      nameFr: 'Collège Al Amal',
      nameAr: 'الثانوية الإعدادية الأمل',
      level: 'college',
      provinceId: rabatProvince,
    };
    const created = (await regional.post('/api/admin/schools').set(XHR).send(school).expect(201)).body as { id: string; code: string };
    expect(created.code).toBe('RAB-COL-042');
    expect((await regional.post('/api/admin/schools').set(XHR).send(school).expect(409)).body.code).toBe('SCHOOL_CODE_TAKEN');
    const latin = await regional
      .post('/api/admin/schools')
      .set(XHR)
      .send({ ...school, code: 'X-1', nameAr: 'Amal' })
      .expect(400);
    expect(latin.body.details).toEqual([jasmine.objectContaining({ field: 'nameAr', code: 'school.nameAr.notArabic' })]);
    expect(
      (
        await regional
          .post('/api/admin/schools')
          .set(XHR)
          .send({ ...school, code: 'X-2', provinceId: marrakechProvince })
          .expect(404)
      ).body.code,
    ).toBe('UNIT_NOT_FOUND');
    await regional.patch(`/api/admin/schools/${created.id}`).set(XHR).send({ nameFr: 'Collège Al Amal (annexe)' }).expect(200);
    expect((await db.getRepository(School).findOneByOrFail({ id: created.id })).nameFr).toBe('Collège Al Amal (annexe)');
    expect((await regional.patch(`/api/admin/schools/${marrakechSchool}`).set(XHR).send({ nameFr: 'Piraté' }).expect(404)).body.code).toBe(
      'SCHOOL_NOT_FOUND',
    );
    expect((await db.getRepository(School).findOneByOrFail({ id: marrakechSchool })).nameFr).not.toBe('Piraté');
    const list = (await regional.get(`/api/admin/schools?provinceId=${rabatProvince}&q=amal`).expect(200)).body as {
      items: { id: string }[];
    };
    expect(list.items.map((s) => s.id)).toEqual([created.id]);
    await regional.get(`/api/admin/schools?provinceId=${marrakechProvince}`).expect(404);
    expect((await lastAudit('unit.change'))?.details).toEqual({ change: 'update', fields: ['nameFr'] });
  });

  it('imports CSV over HTTP within the scope: rows of another academy are rejected, the import is audited', async () => {
    const ms = await db.getRepository(Province).findOneByOrFail({ id: marrakechProvince });
    const rab = await db.getRepository(Province).findOneByOrFail({ id: rabatProvince });
    const schoolsCsv = `code,name_fr,name_ar,level,province_code\nIMP-RAB-1,Collège Import,إعدادية الاستيراد,college,${rab.code}\nIMP-MS-1,Collège Ailleurs,إعدادية أخرى,college,${ms.code}\n`;
    const staffCsv = `email,display_name,role,school_code\nimp.prof@ecole.test,Prof Import,team_member,IMP-RAB-1\nimp.mar@ecole.test,Prof Marrakech,team_member,${(await db.getRepository(School).findOneByOrFail({ id: marrakechSchool })).code}\n`;
    const dry = (await regional.post('/api/admin/import').set(XHR).send({ schoolsCsv, staffCsv, dryRun: true }).expect(200)).body as {
      written: boolean;
      rejections: { file: string; line: number; code: string }[];
    };
    expect(dry.written).toBeFalse();
    expect(dry.rejections.map((r) => [r.file, r.line, r.code])).toEqual([
      ['schools', 3, 'province.outside_scope'],
      ['staff', 3, 'school.outside_scope'],
    ]);
    // nothing half-imported: without skipInvalid, nothing is written
    expect((await regional.post('/api/admin/import').set(XHR).send({ schoolsCsv, staffCsv }).expect(200)).body.written).toBeFalse();
    expect(await db.getRepository(School).existsBy({ code: 'IMP-RAB-1' })).toBeFalse();
    const done = (await regional.post('/api/admin/import').set(XHR).send({ schoolsCsv, staffCsv, skipInvalid: true }).expect(200)).body as {
      written: boolean;
      invites: { email: string; url: string }[];
    };
    expect(done.written).toBeTrue();
    expect(done.invites.map((i) => i.email)).toEqual(['imp.prof@ecole.test']);
    expect(await db.getRepository(School).existsBy({ code: 'IMP-MS-1' })).toBeFalse();
    expect((await lastAudit('import'))?.details).toEqual(
      jasmine.objectContaining({ dryRun: false, written: true, schoolsCreated: 1, staffCreated: 1, rejected: 2 }),
    );
    const empty = await regional.post('/api/admin/import').set(XHR).send({ dryRun: true }).expect(400);
    expect(empty.body.details).toEqual([jasmine.objectContaining({ code: 'import.files.required' })]);
    const big = await regional
      .post('/api/admin/import')
      .set(XHR)
      .send({ schoolsCsv: 'x'.repeat(2 * 1024 * 1024 + 1), dryRun: true })
      .expect(400);
    expect(big.body.details).toEqual([jasmine.objectContaining({ field: 'schoolsCsv', code: 'import.csv.invalid' })]);
  });

  it('shows the academy administrator the audit trail of the academy only', async () => {
    // a sign-in in Marrakech and one in Rabat
    await signIn(DEMO.otherSchoolTeacher);
    await signIn(DEMO.teacher);
    const entries = (
      (await regional.get('/api/audit?action=auth.login&pageSize=100').expect(200)).body as { items: { actor: { id: string } }[] }
    ).items;
    const ids = new Set(entries.map((e) => e.actor.id));
    const id = async (email: string) => (await db.getRepository(User).findOneByOrFail({ email })).id;
    expect(ids.has(await id(DEMO.teacher))).toBeTrue();
    expect(ids.has(await id(DEMO.otherSchoolTeacher))).toBeFalse();
    const everything = (
      (await national.get('/api/audit?action=auth.login&pageSize=100').expect(200)).body as { items: { actor: { id: string } }[] }
    ).items;
    expect(everything.some((e) => e.actor.id === ids.values().next().value)).toBeTrue();
    expect(everything.length).toBeGreaterThan(entries.length);
    await regional.get('/api/audit/verify').expect(200);
  });
});
