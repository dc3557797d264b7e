import { createHmac, randomBytes } from 'node:crypto';

export interface RateDecision {
  allowed: boolean;
  /** seconds until the oldest counted hit leaves the window (0 when allowed) */
  retryAfterSeconds: number;
}

/**
 * A sliding-window counter per key, in memory (docs/public-reporting.md: with several instances each counts its own
 * share, so the effective limit is N times higher; a restart forgets the counts). Keys are HMACs under a random
 * per-process secret: not even memory keeps a client address in clear, and nothing about it is ever written.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly secret = randomBytes(32);
  private lastSweep = 0;

  constructor(
    readonly windowMs: number,
    readonly max: number,
  ) {}

  private key(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  private live(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** How many hits the key has in the window (without counting one). */
  count(value: string, now: number): number {
    return this.live(this.key(value), now).length;
  }

  /** Whether a hit now would be refused, and for how long (counts nothing). */
  check(value: string, now: number): RateDecision {
    const list = this.live(this.key(value), now);
    return list.length >= this.max
      ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000)) }
      : { allowed: true, retryAfterSeconds: 0 };
  }

  /** Counts a hit unless the key is at its limit. */
  hit(value: string, now: number): RateDecision {
    this.sweep(now);
    const key = this.key(value);
    const list = this.live(key, now);
    if (list.length >= this.max) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000)) };
    }
    list.push(now);
    this.hits.set(key, list);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Number of keys held (tests, and to show the memory stays bounded). */
  get size(): number {
    return this.hits.size;
  }

  /** Drops every key whose hits all left the window, at most once per window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const key of [...this.hits.keys()]) this.live(key, now);
  }
}
