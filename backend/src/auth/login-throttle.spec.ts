import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('blocks an account after five failures and forgets them after the window', () => {
    let now = 0;
    const t = new LoginThrottle(60_000, 5, 100, () => now);
    for (let i = 0; i < 4; i++) t.recordFailure('a@x', '1.1.1.1');
    expect(t.isBlocked('a@x', '1.1.1.1')).toBeFalse();
    t.recordFailure('a@x', '1.1.1.1');
    expect(t.isBlocked('a@x', '2.2.2.2')).toBeTrue();
    expect(t.isBlocked('b@x', '1.1.1.1')).toBeFalse();
    now = 61_000;
    expect(t.isBlocked('a@x', '1.1.1.1')).toBeFalse();
  });

  it('blocks an address that tries many accounts', () => {
    const t = new LoginThrottle(60_000, 5, 3, () => 0);
    ['a', 'b', 'c'].forEach((a) => t.recordFailure(a, '9.9.9.9'));
    expect(t.isBlocked('d', '9.9.9.9')).toBeTrue();
  });

  it('clears the account counter on success', () => {
    const t = new LoginThrottle(60_000, 2, 100, () => 0);
    t.recordFailure('a', 'ip');
    t.recordSuccess('a');
    t.recordFailure('a', 'ip');
    expect(t.isBlocked('a', 'ip')).toBeFalse();
  });
});
