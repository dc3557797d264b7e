import { createHash } from 'node:crypto';
import { checkProof, CHALLENGE_TTL_MS, issueChallenge, leadingZeroBits, powDigest, solveChallenge, UsedChallenges } from './proof-of-work';

describe('public reports: proof of work', () => {
  const secret = 'a-test-secret-of-enough-length-123456';
  const now = Date.UTC(2026, 10, 23, 8, 0, 0);

  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Buffer.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Buffer.from([0x01]))).toBe(7);
    expect(leadingZeroBits(Buffer.from([0x00, 0x00, 0x10]))).toBe(19);
    expect(leadingZeroBits(Buffer.alloc(4))).toBe(32);
  });

  it('hashes challenge ":" nonce in UTF-8 with SHA-256, as the contract says', () => {
    expect(powDigest('abc', '42').equals(createHash('sha256').update('abc:42').digest())).toBeTrue();
  });

  it('accepts a solved challenge for its school before it expires', () => {
    const c = issueChallenge(secret, 'S0001', 8, now);
    expect(c.expiresAt).toBe(new Date(now + CHALLENGE_TTL_MS).toISOString());
    const nonce = solveChallenge(c.challenge, 8);
    expect(leadingZeroBits(powDigest(c.challenge, nonce))).toBeGreaterThanOrEqual(8);
    const result = checkProof(secret, 'S0001', c.challenge, nonce, now + 1000);
    expect(result.ok).toBeTrue();
  });

  it('refuses: not enough work, another school, expired, another secret, tampered difficulty, bad shapes', () => {
    const c = issueChallenge(secret, 'S0001', 12, now);
    const nonce = solveChallenge(c.challenge, 12);
    // a nonce that does not reach 12 bits
    let weak = 0;
    while (leadingZeroBits(powDigest(c.challenge, String(weak))) >= 12) weak++;
    expect(checkProof(secret, 'S0001', c.challenge, String(weak), now).ok).toBeFalse();
    expect(checkProof(secret, 'S0002', c.challenge, nonce, now).ok).toBeFalse();
    expect(checkProof(secret, 'S0001', c.challenge, nonce, now + CHALLENGE_TTL_MS).ok).toBeFalse();
    expect(checkProof('another-secret-of-enough-length-0000', 'S0001', c.challenge, nonce, now).ok).toBeFalse();
    const [body, mac] = c.challenge.split('.');
    const easier = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"d":12', '"d":0')).toString('base64url');
    expect(checkProof(secret, 'S0001', `${easier}.${mac}`, '0', now).ok).toBeFalse();
    for (const [ch, n] of [
      [c.challenge, 'abc'],
      [c.challenge, '-1'],
      [c.challenge, 7],
      [null, nonce],
      ['x', nonce],
      [`${c.challenge}.x`, nonce],
      [c.challenge, '1'.repeat(21)],
    ] as [unknown, unknown][]) {
      expect(checkProof(secret, 'S0001', ch, n, now).ok)
        .withContext(String(n))
        .toBeFalse();
    }
  });

  it('lets each challenge be used once', () => {
    const used = new UsedChallenges();
    expect(used.use('a', now + 10, now)).toBeTrue();
    expect(used.use('a', now + 10, now)).toBeFalse();
    expect(used.use('b', now + 10, now)).toBeTrue();
  });
});
