import { DataSource } from 'typeorm';
import { LoginFailure } from './identity.entities';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let db: DataSource;
  let now = 0;
  const limits = (maxPerAccount: number, maxPerAddress: number) => ({ windowMs: 60_000, maxPerAccount, maxPerAddress });

  beforeEach(async () => {
    now = Date.parse('2026-11-02T08:00:00Z');
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [LoginFailure], synchronize: true });
    await db.initialize();
  });
  afterEach(async () => db.destroy());

  it('blocks an account after five failures and forgets them after the window', async () => {
    const t = new LoginThrottle(db.getRepository(LoginFailure), 'secret', limits(5, 100), () => now);
    for (let i = 0; i < 4; i++) await t.recordFailure('a@x', '1.1.1.1');
    expect(await t.isBlocked('a@x', '1.1.1.1')).toBeFalse();
    await t.recordFailure('a@x', '1.1.1.1');
    expect(await t.isBlocked('a@x', '2.2.2.2')).toBeTrue();
    expect(await t.isBlocked('b@x', '1.1.1.1')).toBeFalse();
    now += 61_000;
    expect(await t.isBlocked('a@x', '1.1.1.1')).toBeFalse();
  });

  it('blocks an address that tries many accounts', async () => {
    const t = new LoginThrottle(db.getRepository(LoginFailure), 'secret', limits(5, 3), () => now);
    for (const a of ['a', 'b', 'c']) await t.recordFailure(a, '9.9.9.9');
    expect(await t.isBlocked('d', '9.9.9.9')).toBeTrue();
    expect(await t.isAddressBlocked('9.9.9.9')).toBeTrue();
  });

  it('clears the account counter on success', async () => {
    const t = new LoginThrottle(db.getRepository(LoginFailure), 'secret', limits(2, 100), () => now);
    await t.recordFailure('a', 'ip');
    await t.recordSuccess('a');
    await t.recordFailure('a', 'ip');
    expect(await t.isBlocked('a', 'ip')).toBeFalse();
  });

  it('stores neither the account nor the address in clear', async () => {
    const t = new LoginThrottle(db.getRepository(LoginFailure), 'secret', limits(5, 5), () => now);
    await t.recordFailure('someone@school.ma', '10.1.2.3');
    const rows = JSON.stringify(await db.getRepository(LoginFailure).find());
    expect(rows).not.toContain('someone');
    expect(rows).not.toContain('10.1.2.3');
  });
});
