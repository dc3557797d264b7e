import { RateLimiter } from './rate-limiter';

describe('public reports: rate limiter', () => {
  it('allows max hits per window per key, then says when to retry', () => {
    const limiter = new RateLimiter(60_000, 3);
    const t0 = 1_000_000;
    expect([1, 2, 3].map((i) => limiter.hit('10.0.0.1', t0 + i * 1000).allowed)).toEqual([true, true, true]);
    const refused = limiter.hit('10.0.0.1', t0 + 10_000);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 51 });
    // other keys are counted apart
    expect(limiter.hit('10.0.0.2', t0 + 10_000).allowed).toBeTrue();
    expect(limiter.count('10.0.0.1', t0 + 10_000)).toBe(3);
    // check() tells without counting
    expect(limiter.check('10.0.0.1', t0 + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 51 });
    expect(limiter.check('10.0.0.3', t0 + 10_000)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(limiter.count('10.0.0.3', t0 + 10_000)).toBe(0);
  });

  it('slides: a hit leaves the window after windowMs; refusals are not counted', () => {
    const limiter = new RateLimiter(60_000, 2);
    limiter.hit('k', 0);
    limiter.hit('k', 30_000);
    expect(limiter.hit('k', 59_000).allowed).toBeFalse();
    expect(limiter.hit('k', 60_001).allowed).toBeTrue();
    expect(limiter.hit('k', 60_002).allowed).toBeFalse();
    expect(limiter.count('k', 90_001)).toBe(1);
  });

  it('forgets keys whose window has passed (memory stays bounded under a flood of addresses)', () => {
    const limiter = new RateLimiter(1000, 5);
    for (let i = 0; i < 5000; i++) limiter.hit(`10.0.${i >> 8}.${i & 255}`, 10);
    expect(limiter.size).toBe(5000);
    limiter.hit('late', 5000);
    expect(limiter.size).toBe(1);
  });
});
