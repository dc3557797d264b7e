import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A stateless proof-of-work check for the public form (instead of a third-party captcha): the server signs a
 * challenge (school, difficulty, expiry, random id) with an HMAC; the client finds a decimal `nonce` such that
 * SHA-256(UTF-8 of `challenge + ":" + nonce`) starts with at least `difficulty` zero bits. Checking costs one HMAC
 * and one hash; solving costs about 2^difficulty hashes (16 bits: ~65,000, well under a second on a phone).
 * Single use is enforced by the caller (`UsedChallenges`).
 */
export const CHALLENGE_TTL_MS = 10 * 60_000;

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

interface Payload {
  /** school code */
  s: string;
  /** difficulty in bits */
  d: number;
  /** expiry, ms since epoch */
  e: number;
  /** random id (single use) */
  r: string;
}

const sign = (secret: string, body: string): string => createHmac('sha256', secret).update(`pow:${body}`).digest('base64url');

export function issueChallenge(secret: string, school: string, difficulty: number, now: number): Challenge {
  const payload: Payload = { s: school, d: difficulty, e: now + CHALLENGE_TTL_MS, r: randomBytes(12).toString('base64url') };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { challenge: `${body}.${sign(secret, body)}`, difficulty, expiresAt: new Date(payload.e).toISOString() };
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function powDigest(challenge: string, nonce: string): Buffer {
  return createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
}

/** Finds a nonce (what the browser does; used by tests and the bench). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(powDigest(challenge, String(n))) >= difficulty) return String(n);
}

export type ProofCheck = { ok: true; id: string; expiresAt: number } | { ok: false };

/** Checks a solved challenge for this school at `now`: signature, school, expiry and work. Never throws. */
export function checkProof(secret: string, school: string, challenge: unknown, nonce: unknown, now: number): ProofCheck {
  if (typeof challenge !== 'string' || typeof nonce !== 'string' || challenge.length > 400 || !/^\d{1,20}$/.test(nonce))
    return { ok: false };
  const [body, mac, extra] = challenge.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false };
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false };
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  } catch {
    return { ok: false };
  }
  if (payload.s !== school || typeof payload.e !== 'number' || payload.e <= now || typeof payload.d !== 'number') return { ok: false };
  if (leadingZeroBits(powDigest(challenge, nonce)) < payload.d) return { ok: false };
  return { ok: true, id: payload.r, expiresAt: payload.e };
}

/** Ids of the challenges already used, until they expire (in memory: per process, see docs/public-reporting.md). */
export class UsedChallenges {
  private readonly used = new Map<string, number>();

  /** Marks the challenge used; false if it already was. */
  use(id: string, expiresAt: number, now: number): boolean {
    if (this.used.size > 10_000) for (const [k, exp] of this.used) if (exp <= now) this.used.delete(k);
    if (this.used.has(id)) return false;
    this.used.set(id, expiresAt);
    return true;
  }
}
