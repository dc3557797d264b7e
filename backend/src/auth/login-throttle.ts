/**
 * Counts failed sign-ins per account and per client address in a sliding window. In memory: enough for one
 * process; the identity issue (#5) moves it to the database for several instances.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly windowMs = 15 * 60_000,
    private readonly maxPerAccount = 5,
    private readonly maxPerAddress = 20,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  isBlocked(account: string, address: string): boolean {
    return this.recent(`a:${account}`).length >= this.maxPerAccount || this.recent(`ip:${address}`).length >= this.maxPerAddress;
  }

  recordFailure(account: string, address: string): void {
    for (const key of [`a:${account}`, `ip:${address}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(account: string): void {
    this.failures.delete(`a:${account}`);
  }
}
