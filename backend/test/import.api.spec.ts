import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource, Like } from 'typeorm';
import { hashLinkToken } from '../src/auth/password-links';
import { REPO_ROOT } from '../src/config/config';
import { PasswordToken } from '../src/auth/identity.entities';
import { parseCsv } from '../src/import/csv';
import { importSchoolsAndStaff, type ImportInput, type ImportReport } from '../src/import/import-schools-staff';
import { Province, Region, School } from '../src/organisation/organisation.entities';
import { User } from '../src/users/user.entity';
import { Membership } from '../src/users/membership.entity';
import { startTestApp, type TestApp } from './support/test-app';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
const run = promisify(execFile);
const CLI = join(__dirname, '..', 'src', 'cli.js');
const PUBLIC_URL = 'https://sanad.example.ma';
const SCHOOLS_HEADER = 'code,name_fr,name_ar,level,province_code';
const STAFF_HEADER = 'email,display_name,role,school_code,region_code,locale';

/** Three schools and six accounts, codes and addresses prefixed so that tests sharing a database never meet. */
function validFiles(p: string): { schoolsCsv: string; staffCsv: string } {
  return {
    schoolsCsv: [
      SCHOOLS_HEADER,
      `${p}-001,Collège Ibn Rochd,الثانوية الإعدادية ابن رشد,college,RSK-RAB`,
      `${p}-002,"Lycée Al Amal, annexe",الثانوية التأهيلية الأمل,Lycée,RSK-SAL`,
      `${p}-003,École Al Manar,مدرسة المنار,primaire,MS-MAR`,
    ].join('\r\n'),
    staffCsv: [
      STAFF_HEADER,
      `${p}.directeur@ecole.test,Rachid Amrani,principal,${p}-001,,ar`,
      `${p}.coord@ecole.test,Samira Bouzid,coordinator,${p}-001,,`,
      `${p}.prof@ecole.test,"Karim ""Si"" Tahiri",team_member,${p}-001,,fr`,
      `${p}.lycee@ecole.test,Nora Chafik,team_member,${p}-002,,en`,
      `${p}.ecole@ecole.test,Amine Fassi,principal,${p}-003,,fr`,
      `${p}.aref@ecole.test,Leila Berrada,officer,,RSK,fr`,
    ].join('\n'),
  };
}

let counter = 0;
const prefix = () => `T${Date.now().toString(36).toUpperCase()}${counter++}`;

describe('import of schools and staff (function)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL });
    db = t.app.get(DataSource);
  }, 60_000);
  afterAll(async () => t.close());

  const imp = (files: ImportInput, options: { dryRun?: boolean; skipInvalid?: boolean } = {}) =>
    importSchoolsAndStaff(db, files, { publicUrl: PUBLIC_URL, ...options });
  const written = async (p: string) => ({
    schools: await db.getRepository(School).countBy({ code: Like(`${p}-%`) }),
    users: await db.getRepository(User).countBy({ email: Like(`${p.toLowerCase()}.%`) }),
  });
  const brief = (report: ImportReport): (string | number | null)[][] => report.rejections.map((r) => [r.file, r.line, r.column, r.code]);

  it('imports 3 schools and 6 accounts, each account with an invitation link and no usable password', async () => {
    const p = prefix();
    const report = await imp(validFiles(p));
    expect(report.rejections).toEqual([]);
    expect(report.written).toBeTrue();
    expect(report.schools).toEqual({ rows: 3, valid: 3, created: 3, existing: 0, rejected: 0 });
    expect(report.staff).toEqual({ rows: 6, valid: 6, created: 6, existing: 0, rejected: 0 });

    const schools = await db.getRepository(School).find({ where: { code: Like(`${p}-%`) }, order: { code: 'ASC' } });
    expect(schools.map((s) => [s.code, s.level])).toEqual([
      [`${p}-001`, 'college'],
      [`${p}-002`, 'lycee'],
      [`${p}-003`, 'primaire'],
    ]);
    expect(schools[1].nameFr).toBe('Lycée Al Amal, annexe');
    const rab = await db.getRepository(Province).findOneByOrFail({ code: 'RSK-RAB' });
    expect(schools[0].provinceId).toBe(rab.id);

    const users = await db.getRepository(User).find({ where: { email: Like(`${p.toLowerCase()}.%`) } });
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const principal = byEmail.get(`${p.toLowerCase()}.directeur@ecole.test`)!;
    const membershipOf = async (userId: string) => db.getRepository(Membership).findBy({ userId });
    expect(principal).toEqual(jasmine.objectContaining({ locale: 'ar', active: true }));
    expect(await membershipOf(principal.id)).toEqual([
      jasmine.objectContaining({ role: 'principal', schoolId: schools[0].id, regionId: null, unitKey: `school:${schools[0].id}` }),
    ]);
    expect(byEmail.get(`${p.toLowerCase()}.coord@ecole.test`)!.locale).toBe('fr');
    expect(byEmail.get(`${p.toLowerCase()}.prof@ecole.test`)!.displayName).toBe('Karim "Si" Tahiri');
    const rsk = await db.getRepository(Region).findOneByOrFail({ code: 'RSK' });
    expect(await membershipOf(byEmail.get(`${p.toLowerCase()}.aref@ecole.test`)!.id)).toEqual([
      jasmine.objectContaining({ role: 'officer', schoolId: null, regionId: rsk.id }),
    ]);

    expect(report.invites.length).toBe(6);
    for (const invite of report.invites) {
      expect(invite.url.startsWith(`${PUBLIC_URL}/setup-password?token=`)).toBeTrue();
      const token = new URL(invite.url).searchParams.get('token')!;
      const stored = await db.getRepository(PasswordToken).findOneByOrFail({ tokenHash: hashLinkToken(token) });
      expect(stored).toEqual(jasmine.objectContaining({ userId: invite.userId, purpose: 'invite', usedAt: null }));
    }
    expect(report.invites.find((i) => i.role === 'officer')).toEqual(jasmine.objectContaining({ regionCode: 'RSK', schoolCode: null }));
    const server = t.app.getHttpServer() as App;
    await request(server).post('/api/auth/login').set(XHR).send({ email: principal.email, password: 'Sanad-demo-2026!' }).expect(401);
  }, 30_000);

  it('reports every rejected row with its line, column and reason, and then writes nothing', async () => {
    const p = prefix();
    const long = 'x'.repeat(201);
    const schoolsCsv = [
      SCHOOLS_HEADER,
      `${p}-A,Collège A,إعدادية أ,college,RSK-RAB`, // 2 valid
      `${p}-A,Collège A bis,إعدادية أ,college,RSK-RAB`, // 3 duplicate code
      `bad code!,Collège B,إعدادية ب,college,RSK-RAB`, // 4 invalid code
      `${p}-C,Collège C,College C,college,RSK-RAB`, // 5 Arabic name in Latin letters
      `${p}-D,Collège D,إعدادية د,université,RSK-RAB`, // 6 unknown level
      `${p}-E,Collège E,إعدادية هـ,college,RSK-XXX`, // 7 unknown province
      `${p}-F,,إعدادية و,college,RSK-RAB`, // 8 empty name
      `${p}-G,Collège G,إعدادية ز,college`, // 9 missing field
      `${p}-H,${long},إعدادية ح,college,RSK-RAB`, // 10 too long
      `DEMO-RAB-001,Collège Ibn Khaldoun,إعدادية ابن خلدون,college,RSK-RAB`, // 11 already exists
    ].join('\n');
    const staffCsv = [
      STAFF_HEADER,
      `${p}.dir@ecole.test,Directeur A,principal,${p}-A,,fr`, // 2 valid
      `pas-une-adresse,Quelqu'un,team_member,${p}-A,,fr`, // 3 invalid e-mail
      `${p}.DIR@ecole.test,Encore,team_member,${p}-A,,fr`, // 4 duplicate e-mail (case-insensitive)
      `${p}.r1@ecole.test,Rôle,director,${p}-A,,fr`, // 5 unknown role
      `${p}.r2@ecole.test,Admin,admin,,,fr`, // 6 admin
      `${p}.l@ecole.test,Langue,team_member,${p}-A,,es`, // 7 unknown locale
      `${p}.s1@ecole.test,Sans école,team_member,,,fr`, // 8 no school
      `${p}.s2@ecole.test,École inconnue,team_member,NOPE-999,,fr`, // 9 unknown school
      `${p}.s3@ecole.test,École rejetée,team_member,${p}-C,,fr`, // 10 rejected school
      `${p}.o1@ecole.test,Officier,officer,${p}-A,,fr`, // 11 officer with a school and without region
      `${p}.o2@ecole.test,Officier,officer,,XYZ,fr`, // 12 unknown region
      `${p}.c@ecole.test,Coordinatrice,coordinator,${p}-A,RSK,fr`, // 13 region for a school role
      `${p}.dir2@ecole.test,Deuxième directeur,principal,${p}-A,,fr`, // 14 second principal (file)
      `${p}.dir3@ecole.test,Autre directrice,principal,DEMO-RAB-001,,fr`, // 15 second principal (database)
      `enseignante@demo.sanad.ma,Salma Bennani,team_member,DEMO-RAB-001,,fr`, // 16 already exists
      `${p}.n@ecole.test,"Nom sur\ndeux lignes",team_member,${p}-A,,fr`, // 17 line break in a name
    ].join('\n');
    const report = await imp({ schoolsCsv, staffCsv });
    expect(brief(report)).toEqual([
      ['schools', 3, 'code', 'duplicate_in_file'],
      ['schools', 4, 'code', 'code.invalid'],
      ['schools', 5, 'name_ar', 'name_ar.not_arabic'],
      ['schools', 6, 'level', 'level.unknown'],
      ['schools', 7, 'province_code', 'province.unknown'],
      ['schools', 8, 'name_fr', 'value.required'],
      ['schools', 9, null, 'row.field_count'],
      ['schools', 10, 'name_fr', 'value.too_long'],
      ['staff', 3, 'email', 'email.invalid'],
      ['staff', 4, 'email', 'duplicate_in_file'],
      ['staff', 5, 'role', 'role.unknown'],
      ['staff', 6, 'role', 'role.not_importable'],
      ['staff', 7, 'locale', 'locale.unknown'],
      ['staff', 8, 'school_code', 'school.required'],
      ['staff', 9, 'school_code', 'school.unknown'],
      ['staff', 10, 'school_code', 'school.rejected'],
      ['staff', 11, 'school_code', 'school.not_for_officer'],
      ['staff', 11, 'region_code', 'region.required'],
      ['staff', 12, 'region_code', 'region.unknown'],
      ['staff', 13, 'region_code', 'region.not_for_school_role'],
      ['staff', 14, 'role', 'principal.second'],
      ['staff', 15, 'role', 'principal.second'],
      ['staff', 17, 'display_name', 'value.control_characters'],
    ]);
    const reasons = report.rejections.map((r) => r.reason).join('\n');
    expect(reasons).toContain('first on line 2');
    expect(reasons).toContain('unknown province "RSK-XXX"');
    expect(reasons).toContain('school DEMO-RAB-001 already has a principal');
    expect(reasons).toContain(`school ${p}-A already gets a principal on line 2`);
    expect(reasons).toContain(`school ${p}-C is rejected in the schools file (line 5)`);
    expect(report.existing).toEqual([
      { file: 'schools', line: 11, key: 'DEMO-RAB-001' },
      { file: 'staff', line: 16, key: 'enseignante@demo.sanad.ma' },
    ]);
    expect(report.schools).toEqual({ rows: 10, valid: 1, created: 0, existing: 1, rejected: 8 });
    expect(report.staff).toEqual({ rows: 16, valid: 1, created: 0, existing: 1, rejected: 14 });
    expect(report.written).toBeFalse();
    expect(report.invites).toEqual([]);
    expect(await written(p)).toEqual({ schools: 0, users: 0 });
  }, 30_000);

  it('reports its progress, and an interruption mid-way rolls every row back', async () => {
    const p = prefix();
    const seen: [number, number][] = [];
    const stop = new Error('interrupted');
    await expectAsync(
      importSchoolsAndStaff(db, validFiles(p), {
        publicUrl: PUBLIC_URL,
        onProgress: (done, total) => {
          seen.push([done, total]);
          if (done === 5) throw stop;
        },
      }),
    ).toBeRejectedWith(stop);
    expect(seen).toEqual([
      [3, 9],
      [4, 9],
      [5, 9],
    ]);
    expect(await written(p)).toEqual({ schools: 0, users: 0 });
  }, 30_000);

  it('writes nothing when a single row is rejected', async () => {
    const p = prefix();
    const files = validFiles(p);
    const report = await imp({ ...files, staffCsv: files.staffCsv + `\n${p}.x@ecole.test,X,team_member,${p}-404,,fr` });
    expect(brief(report)).toEqual([['staff', 8, 'school_code', 'school.unknown']]);
    expect(report.schools.valid).toBe(3);
    expect(report.staff.valid).toBe(6);
    expect(report.written).toBeFalse();
    expect(await written(p)).toEqual({ schools: 0, users: 0 });
  }, 30_000);

  it('with skipInvalid, writes the valid rows and reports the rejected ones (and the accounts of a rejected school)', async () => {
    const p = prefix();
    const files = validFiles(p);
    const schoolsCsv = files.schoolsCsv.replace(`${p}-003,École Al Manar,مدرسة المنار`, `${p}-003,École Al Manar,Ecole Al Manar`);
    const report = await imp({ schoolsCsv, staffCsv: files.staffCsv }, { skipInvalid: true });
    expect(brief(report)).toEqual([
      ['schools', 4, 'name_ar', 'name_ar.not_arabic'],
      ['staff', 6, 'school_code', 'school.rejected'],
    ]);
    expect(report.written).toBeTrue();
    expect(report.schools).toEqual({ rows: 3, valid: 2, created: 2, existing: 0, rejected: 1 });
    expect(report.staff).toEqual({ rows: 6, valid: 5, created: 5, existing: 0, rejected: 1 });
    expect(report.invites.length).toBe(5);
    expect(await written(p)).toEqual({ schools: 2, users: 5 });
  }, 30_000);

  it('changes nothing when run again: existing schools and accounts are skipped, not updated', async () => {
    const p = prefix();
    const files = validFiles(p);
    expect((await imp(files)).written).toBeTrue();
    const tokens = await db.getRepository(PasswordToken).count();
    const before = await db.getRepository(School).findOneByOrFail({ code: `${p}-001` });

    const renamed = files.schoolsCsv.replace('Collège Ibn Rochd', 'Collège renommé');
    const again = await imp({ schoolsCsv: renamed, staffCsv: files.staffCsv });
    expect(again.rejections).toEqual([]);
    expect(again.written).toBeFalse();
    expect(again.schools).toEqual({ rows: 3, valid: 0, created: 0, existing: 3, rejected: 0 });
    expect(again.staff).toEqual({ rows: 6, valid: 0, created: 0, existing: 6, rejected: 0 });
    expect(again.invites).toEqual([]);
    expect(await db.getRepository(PasswordToken).count()).toBe(tokens);
    expect(await db.getRepository(School).findOneByOrFail({ code: `${p}-001` })).toEqual(before);
    expect(await written(p)).toEqual({ schools: 3, users: 6 });

    // one new account in the same file: only it is created
    const more = await imp({ staffCsv: files.staffCsv + `\n${p}.new@ecole.test,Nouvelle,team_member,${p}-002,,fr` });
    expect(more.staff).toEqual({ rows: 7, valid: 1, created: 1, existing: 6, rejected: 0 });
    expect(await written(p)).toEqual({ schools: 3, users: 7 });
  }, 30_000);

  it('validates only in a dry run', async () => {
    const p = prefix();
    const report = await imp(validFiles(p), { dryRun: true });
    expect(report).toEqual(jasmine.objectContaining({ dryRun: true, written: false, invites: [], rejections: [] }));
    expect(report.staff).toEqual({ rows: 6, valid: 6, created: 0, existing: 0, rejected: 0 });
    expect(await written(p)).toEqual({ schools: 0, users: 0 });
  }, 30_000);

  it('refuses a file it cannot read as a whole, even with skipInvalid', async () => {
    const p = prefix();
    const files = validFiles(p);
    const badHeader = await imp(
      { schoolsCsv: files.schoolsCsv.replace('province_code', 'province'), staffCsv: files.staffCsv },
      { skipInvalid: true },
    );
    expect(brief(badHeader)).toEqual([
      ['schools', 1, 'province', 'header.unknown_column'],
      ['schools', 1, 'province_code', 'header.missing_column'],
      ['staff', 2, 'school_code', 'school.unknown'],
      ['staff', 3, 'school_code', 'school.unknown'],
      ['staff', 4, 'school_code', 'school.unknown'],
      ['staff', 5, 'school_code', 'school.unknown'],
      ['staff', 6, 'school_code', 'school.unknown'],
    ]);
    expect(badHeader.fileRejected).toBeTrue();
    expect(badHeader.written).toBeFalse();

    const unclosed = await imp({ schoolsCsv: files.schoolsCsv + '\n"X,Y' }, { skipInvalid: true });
    expect(brief(unclosed)).toEqual([['schools', 5, null, 'file.unreadable']]);
    expect(unclosed.written).toBeFalse();
    expect((await imp({ schoolsCsv: '' })).rejections[0].code).toBe('file.empty');
    expect((await imp({ staffCsv: new Uint8Array([0x65, 0xe9, 0x0a]) })).rejections[0].code).toBe('file.unreadable');
    expect(await written(p)).toEqual({ schools: 0, users: 0 });
  }, 30_000);

  it('accepts the example files of docs/import as they are', async () => {
    const read = (name: string) => readFileSync(join(REPO_ROOT, 'docs', 'import', name));
    const report = await imp({ schoolsCsv: read('schools.example.csv'), staffCsv: read('staff.example.csv') }, { dryRun: true });
    expect(report.rejections).toEqual([]);
    expect(report.schools.valid).toBe(3);
    expect(report.staff.valid).toBe(6);
  }, 30_000);

  it('reads semicolon-separated files with a byte order mark and staff files without the optional columns', async () => {
    const p = prefix();
    const schoolsCsv = `\uFEFFcode;name_fr;name_ar;level;province_code\r\n${p}-001;Collège Atlas;إعدادية الأطلس;COLLEGE;rsk-ken\r\n`;
    const staffCsv = `email,display_name,role\n${p}.o@ecole.test,Officier,officer\n`;
    const report = await imp({ schoolsCsv, staffCsv: null });
    expect(report.rejections).toEqual([]);
    expect(report.schools.created).toBe(1);
    const missingRegion = await imp({ staffCsv });
    expect(brief(missingRegion)).toEqual([['staff', 2, 'region_code', 'region.required']]);
  }, 30_000);
});

describe('import of schools and staff (command line)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL });
    dir = mkdtempSync(join(tmpdir(), 'sanad-import-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PUBLIC_URL,
      DATA_DIR: t.config.dataDir,
      ...(t.config.database.type === 'postgres' ? { DATABASE_URL: t.config.database.url } : { SQLITE_PATH: t.config.database.path }),
    };
    return run(process.execPath, [CLI, 'import', ...args], { env, cwd: dir }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  }
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('imports from files, writes the links to a private CSV file, and the links let people set their password', async () => {
    const p = prefix();
    const files = validFiles(p);
    const schools = file(`${p}-schools.csv`, files.schoolsCsv);
    const staff = file(`${p}-staff.csv`, files.staffCsv);
    const links = join(dir, `${p}-invites.csv`);

    const dry = await cli('--schools', schools, '--staff', staff, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(dry.stdout).toContain('Staff: 6 to create, 0 already existing (skipped), 0 rejected');

    const result = await cli('--schools', schools, '--staff', staff, '--links-out', links);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Schools: 3 created, 0 already existing (skipped), 0 rejected');
    expect(result.stdout).toContain('Staff: 6 created, 0 already existing (skipped), 0 rejected');
    expect(result.stdout).toContain(`written to ${links}`);
    expect(result.stdout).not.toContain('token=');
    expect(statSync(links).mode & 0o777).toBe(0o600);
    const [header, ...rows] = parseCsv(readFileSync(links, 'utf8')).map((r) => r.fields);
    expect(header).toEqual(['email', 'display_name', 'role', 'school_code', 'region_code', 'locale', 'setup_link', 'expires_at']);
    expect(rows.length).toBe(6);
    const row = rows.find((r) => r[0] === `${p.toLowerCase()}.prof@ecole.test`)!;
    expect(row.slice(1, 6)).toEqual(['Karim "Si" Tahiri', 'team_member', `${p}-001`, '', 'fr']);

    // the link works once, through the API, and the account can then sign in
    const server = t.app.getHttpServer() as App;
    const token = new URL(row[6]).searchParams.get('token')!;
    await request(server).post('/api/auth/setup-password').set(XHR).send({ token, newPassword: 'olivier-argan-safran-2026' }).expect(204);
    await request(server).post('/api/auth/setup-password').set(XHR).send({ token, newPassword: 'olivier-argan-safran-2027' }).expect(400);
    const login = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: row[0], password: 'olivier-argan-safran-2026' })
      .expect(200);
    expect(login.body.user).toEqual(jasmine.objectContaining({ role: 'team_member' }));

    // run again: nothing new, the links file is refused if it exists, and none is left behind when empty
    const existingLinks = await cli('--schools', schools, '--staff', staff, '--links-out', links);
    expect(existingLinks.code).toBe(1);
    expect(existingLinks.stderr).toContain('already exists');
    const again = await cli('--schools', schools, '--staff', staff, '--links-out', join(dir, `${p}-again.csv`));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to import: every row already exists.');
    expect(again.stdout).toContain('Staff: 0 to create, 6 already existing (skipped), 0 rejected');
    expect(existsSync(join(dir, `${p}-again.csv`))).toBeFalse();
  }, 60_000);

  it('lists rejected rows and exits with 1 (nothing written) or 2 (--skip-invalid)', async () => {
    const p = prefix();
    const files = validFiles(p);
    const schools = file(`${p}-schools.csv`, files.schoolsCsv + `\n${p}-004,Collège,إعدادية,college,RSK-NOPE`);
    const staff = file(`${p}-staff.csv`, files.staffCsv);
    const links = join(dir, `${p}-invites.csv`);

    const refused = await cli('--schools', schools, '--staff', staff, '--links-out', links);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Nothing was written');
    expect(refused.stdout).toContain(`${p}-schools.csv line 5, column province_code: unknown province "RSK-NOPE"`);
    expect(existsSync(links)).toBeFalse();
    expect(
      await t.app
        .get(DataSource)
        .getRepository(School)
        .countBy({ code: Like(`${p}-%`) }),
    ).toBe(0);

    const partial = await cli('--schools', schools, '--staff', staff, '--links-out', links, '--skip-invalid');
    expect(partial.code).toBe(2);
    expect(partial.stdout).toContain('Schools: 3 created, 0 already existing (skipped), 1 rejected');
    expect(statSync(links).mode & 0o777).toBe(0o600);

    const usage = await cli('--staff', staff);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--links-out');
    expect(usage.stderr).toContain('usage:');
  }, 60_000);
});
