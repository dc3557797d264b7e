import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource, In } from 'typeorm';
import { AccountService } from '../src/auth/account.service';
import { PasswordToken } from '../src/auth/identity.entities';
import { User } from '../src/users/user.entity';
import { Membership } from '../src/users/membership.entity';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
const run = promisify(execFile);
const CLI = join(__dirname, '..', 'src', 'cli.js');
const PUBLIC_URL = 'https://sanad.example.ma';

describe('API: first administrator and password links', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL, MFA_REQUIRED_ROLES: 'admin' });
    server = t.app.getHttpServer() as App;
    // a fresh installation has no administrator: the demo ones go
    await t.app
      .get(DataSource)
      .getRepository(User)
      .delete({ email: In([DEMO.admin, DEMO.regionalAdmin]) });
  });
  afterAll(async () => t.close());

  /** The CLI on the test app's database. */
  function cli(...args: string[]) {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PUBLIC_URL,
      DATA_DIR: t.config.dataDir,
      ...(t.config.database.type === 'postgres' ? { DATABASE_URL: t.config.database.url } : { SQLITE_PATH: t.config.database.path }),
    };
    return run(process.execPath, [CLI, ...args], { env });
  }

  const setPassword = (token: string, newPassword: string) =>
    request(server).post('/api/auth/setup-password').set(XHR).send({ token, newPassword });

  it('bootstraps the first administrator once, with a one-time link to set the password', async () => {
    const { stdout } = await cli('bootstrap-admin', '--email', 'Admin@Academie.ma', '--name', 'Nadia Admin');
    const link = /(https:\/\/sanad\.example\.ma\/setup-password\?token=([A-Za-z0-9_-]+))/.exec(stdout);
    expect(link).not.toBeNull();
    const token = link![2];
    const admin = await t.app.get(DataSource).getRepository(User).findOneByOrFail({ email: 'admin@academie.ma' });
    expect((await t.app.get(DataSource).getRepository(Membership).findBy({ userId: admin.id })).map((m) => [m.role, m.unitKey])).toEqual([
      ['admin', 'national'],
    ]);
    expect(JSON.stringify(await t.app.get(DataSource).getRepository(PasswordToken).find())).not.toContain(token);

    const second = await cli('bootstrap-admin', '--email', 'other@academie.ma', '--name', 'Autre').then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(second?.code).toBe(1);
    expect(second?.stderr).toContain('a national administrator already exists');
    const usage = await cli('bootstrap-admin', '--email').then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(usage?.stderr).toContain('usage:');

    // no password works before the link is used
    await request(server).post('/api/auth/login').set(XHR).send({ email: 'admin@academie.ma', password: 'anything-at-all' }).expect(401);
    const weak = await setPassword(token, 'admin-academie-2026').expect(400);
    expect(weak.body.details[0].code).toBe('password.containsEmail');
    await setPassword(token, 'cèdre-atlas-bleu-minuit').expect(204);
    const reused = await setPassword(token, 'cèdre-atlas-bleu-minuit-2').expect(400);
    expect(reused.body.code).toBe('PASSWORD_LINK_INVALID');

    const login = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: 'admin@academie.ma', password: 'cèdre-atlas-bleu-minuit' })
      .expect(200);
    expect(login.body.user).toEqual(
      jasmine.objectContaining({ role: 'admin', mfa: { enabled: false, required: true, recoveryCodesRemaining: 0 } }),
    );
    // PUBLIC_URL is https: the cookie is Secure, which the test agent keeps for https only
    const cookie = login.headers['set-cookie'] as unknown as string[];
    expect(String(cookie)).toMatch(/Secure/);
    expect((await request(server).get('/api/cases').set('Cookie', cookie).expect(403)).body.code).toBe('MFA_ENROLMENT_REQUIRED');
    await request(server).get('/api/auth/me').set('Cookie', cookie).expect(200);
  }, 30_000);

  it('lets administrators issue reset links: the latest only, for 24 hours, ending every session', async () => {
    const db = t.app.get(DataSource);
    const teacher = await db.getRepository(User).findOneByOrFail({ email: DEMO.teacher });
    const accounts = t.app.get(AccountService);
    const signedIn = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: DEMO.teacher, password: DEMO.password })
      .expect(200);
    const cookie = signedIn.headers['set-cookie'] as unknown as string[];
    await request(server).get('/api/auth/me').set('Cookie', cookie).expect(200);

    const first = await accounts.createPasswordLink(teacher.id);
    const second = await accounts.createPasswordLink(teacher.id);
    expect(second.url.startsWith(`${PUBLIC_URL}/setup-password?token=`)).toBeTrue();
    expect(Date.parse(second.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
    await setPassword(tokenOf(first.url), 'violet-tajine-hirondelle').expect(400);

    await db.getRepository(PasswordToken).update({ userId: teacher.id }, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await setPassword(tokenOf(second.url), 'violet-tajine-hirondelle').expect(400)).body.code).toBe('PASSWORD_LINK_INVALID');

    const third = await accounts.createPasswordLink(teacher.id);
    await setPassword(tokenOf(third.url), 'violet-tajine-hirondelle').expect(204);
    await request(server).get('/api/auth/me').set('Cookie', cookie).expect(401);
    await request(server).post('/api/auth/login').set(XHR).send({ email: DEMO.teacher, password: 'violet-tajine-hirondelle' }).expect(200);

    const malformed = await setPassword('short', 'violet-tajine-hirondelle').expect(400);
    expect(malformed.body.details[0]).toEqual(jasmine.objectContaining({ field: 'token', code: 'auth.link.invalid' }));
  }, 30_000);
});
