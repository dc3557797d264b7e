/**
 * At most `size` tasks at once, the others wait in order. The public channel runs its argon2 work (hashing a new
 * passcode, checking one) through one of these: a flood can queue behind it, but never takes more than `size` of
 * the machine's cores from the staff app (docs/public-reporting.md).
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }
}
