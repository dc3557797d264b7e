import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { Session } from '../src/auth/session.entity';
import { MfaService } from '../src/auth/mfa.service';
import { totpCode } from '../src/auth/totp';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

/** Two-factor authentication (issue #5), with the requirement switched on as in production. */
describe('API: two-factor authentication', () => {
  let t: TestApp;
  let server: App;
  /** the clock codes are checked against: each spec moves it on, so every spec has fresh 30-second steps */
  let clock = Date.parse('2026-11-02T08:00:00Z');
  const tick = () => (clock += 5 * 60_000);

  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: 'principal,officer,admin' });
    server = t.app.getHttpServer() as App;
    t.app.get(MfaService).now = () => new Date(clock);
  });
  afterAll(async () => t.close());

  async function signIn(email: string, ip = '198.51.100.1') {
    const agent = request.agent(server);
    const res = await agent
      .post('/api/auth/login')
      .set(XHR)
      .set('X-Forwarded-For', ip)
      .send({ email, password: DEMO.password })
      .expect(200);
    return { agent, body: res.body as { mfaRequired: boolean; user?: { mfa: unknown } } };
  }

  /** Signs in and enrols; returns the secret and the recovery codes. */
  async function enrol(email: string) {
    const { agent } = await signIn(email);
    const setup = await agent.post('/api/auth/2fa/setup').set(XHR).expect(200);
    const secret = setup.body.secret as string;
    tick();
    const confirmed = await agent
      .post('/api/auth/2fa/confirm')
      .set(XHR)
      .send({ code: totpCode(secret, clock) })
      .expect(200);
    return { agent, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  it('lets a principal without 2FA sign in but refuses every other call until enrolment is confirmed', async () => {
    const { agent, body } = await signIn(DEMO.principal);
    expect(body.mfaRequired).toBeFalse();
    expect(body.user?.mfa).toEqual({ enabled: false, required: true, recoveryCodesRemaining: 0 });
    const refused = await agent.get('/api/cases').set('Accept-Language', 'en').expect(403);
    expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect(refused.body.message).toContain('two-factor');
    await agent.post('/api/auth/password').set(XHR).send({ currentPassword: DEMO.password, newPassword: 'x' }).expect(403);
    await agent.get('/api/auth/me').expect(200);

    const setup = await agent.post('/api/auth/2fa/setup').set(XHR).expect(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Sanad:directrice%40demo\.sanad\.ma\?secret=[A-Z2-7]{32}&issuer=Sanad/);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    expect(setup.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from((setup.body.qrCode as string).split(',')[1], 'base64').toString()).toContain('<svg');
    // the pending secret is not in clear in the database, and not asked for at sign-in
    const stored = JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM user_mfa'));
    expect(stored).not.toContain(setup.body.secret);
    expect((await signIn(DEMO.principal)).body.mfaRequired).toBeFalse();
    await agent.get('/api/cases').expect(403);

    tick();
    const wrong = await agent
      .post('/api/auth/2fa/confirm')
      .set(XHR)
      .send({ code: totpCode(setup.body.secret, clock - 120_000) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('MFA_CODE_INVALID');
    const confirmed = await agent
      .post('/api/auth/2fa/confirm')
      .set(XHR)
      .send({ code: totpCode(setup.body.secret, clock) })
      .expect(200);
    expect(confirmed.body.recoveryCodes.length).toBe(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    await agent.get('/api/cases').expect(200);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user.mfa).toEqual({ enabled: true, required: true, recoveryCodesRemaining: 10 });
    const again = await agent.post('/api/auth/2fa/setup').set(XHR).expect(409);
    expect(again.body.code).toBe('MFA_ALREADY_ENABLED');
  }, 30_000);

  it('does not ask 2FA of roles outside MFA_REQUIRED_ROLES', async () => {
    const { agent, body } = await signIn(DEMO.teacher);
    expect(body.user?.mfa).toEqual({ enabled: false, required: false, recoveryCodesRemaining: 0 });
    await agent.get('/api/cases').expect(200);
  }, 30_000);

  it('signs in in two steps with a code from the app, and refuses the same code twice', async () => {
    const { secret } = await enrol(DEMO.coordinator);
    const first = await signIn(DEMO.coordinator);
    expect(first.body).toEqual({ mfaRequired: true });
    // the pending session allows nothing but the second step
    await first.agent.get('/api/auth/me').expect(401);
    await first.agent.get('/api/cases').expect(401);
    tick();
    const code = totpCode(secret, clock);
    const done = await first.agent.post('/api/auth/login/2fa').set(XHR).send({ code }).expect(200);
    expect(done.body.mfaRequired).toBeFalse();
    expect(done.body.user.email).toBe(DEMO.coordinator);
    expect(String(done.headers['set-cookie'])).toMatch(/sanad_session=.+HttpOnly/i);
    await first.agent.get('/api/cases').expect(200);

    const replay = await signIn(DEMO.coordinator);
    const refused = await replay.agent.post('/api/auth/login/2fa').set(XHR).send({ code }).expect(422);
    expect(refused.body.code).toBe('MFA_CODE_INVALID');
    // an earlier code of the window is refused too once a later one was accepted
    await replay.agent
      .post('/api/auth/login/2fa')
      .set(XHR)
      .send({ code: totpCode(secret, clock - 30_000) })
      .expect(422);
    await replay.agent
      .post('/api/auth/login/2fa')
      .set(XHR)
      .send({ code: totpCode(secret, clock + 30_000) })
      .expect(200);
  }, 30_000);

  it('accepts each recovery code once', async () => {
    const { recoveryCodes } = await enrol(DEMO.otherSchoolTeacher);
    const a = await signIn(DEMO.otherSchoolTeacher);
    await a.agent.post('/api/auth/login/2fa').set(XHR).send({ recoveryCode: recoveryCodes[0].toUpperCase() }).expect(200);
    const b = await signIn(DEMO.otherSchoolTeacher);
    const reused = await b.agent.post('/api/auth/login/2fa').set(XHR).send({ recoveryCode: recoveryCodes[0] }).expect(422);
    expect(reused.body.code).toBe('MFA_CODE_INVALID');
    await b.agent.post('/api/auth/login/2fa').set(XHR).send({ recoveryCode: recoveryCodes[1] }).expect(200);
    const me = await b.agent.get('/api/auth/me').expect(200);
    expect(me.body.user.mfa.recoveryCodesRemaining).toBe(8);
    const bad = await b.agent.post('/api/auth/login/2fa').set(XHR).send({}).expect(400);
    expect(bad.body.details[0]).toEqual(jasmine.objectContaining({ field: 'code', code: 'auth.code.required' }));
  }, 30_000);

  it('throttles wrong codes like passwords, and ends the pending step after five minutes', async () => {
    const { secret } = await enrol(DEMO.officer);
    const pending = await signIn(DEMO.officer, '198.51.100.9');
    for (let i = 0; i < 5; i++) {
      await pending.agent.post('/api/auth/login/2fa').set(XHR).set('X-Forwarded-For', '198.51.100.9').send({ code: '000000' }).expect(422);
    }
    tick();
    const blocked = await pending.agent
      .post('/api/auth/login/2fa')
      .set(XHR)
      .set('X-Forwarded-For', '198.51.100.9')
      .send({ code: totpCode(secret, clock) })
      .expect(429);
    expect(blocked.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
    // the password step is refused too while the account is locked
    await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .set('X-Forwarded-For', '198.51.100.10')
      .send({ email: DEMO.officer, password: DEMO.password })
      .expect(429);

    const db = t.app.get(DataSource);
    await db.query('DELETE FROM login_failures');
    const late = await signIn(DEMO.officer);
    await db.getRepository(Session).update({ stage: 'mfa' }, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    tick();
    const expired = await late.agent
      .post('/api/auth/login/2fa')
      .set(XHR)
      .send({ code: totpCode(secret, clock) })
      .expect(401);
    expect(expired.body.code).toBe('AUTH_REQUIRED');
  }, 30_000);

  it('turns 2FA off with the password and a current code, after which the role must enrol again', async () => {
    const { agent, secret } = await enrol('coordinatrice.marrakech@demo.sanad.ma');
    await agent.get('/api/auth/me').expect(200);
    tick();
    const wrongPassword = await agent
      .post('/api/auth/2fa/disable')
      .set(XHR)
      .send({ password: 'not-the-password', code: totpCode(secret, clock) })
      .expect(422);
    expect(wrongPassword.body.code).toBe('PASSWORD_INCORRECT');
    await agent.post('/api/auth/2fa/disable').set(XHR).send({ password: DEMO.password, code: '123456' }).expect(422);
    await agent
      .post('/api/auth/2fa/disable')
      .set(XHR)
      .send({ password: DEMO.password, code: totpCode(secret, clock) })
      .expect(204);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user.mfa.enabled).toBeFalse();
    const again = await agent.post('/api/auth/2fa/disable').set(XHR).send({ password: DEMO.password, code: '123456' }).expect(409);
    expect(again.body.code).toBe('MFA_NOT_ENABLED');
    expect((await signIn(me.body.user.email as string)).body.mfaRequired).toBeFalse();
  }, 30_000);
});
