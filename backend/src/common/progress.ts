/**
 * Progress of a long command-line operation (backup, restore, import, purge): done / total, rate and an ETA,
 * on standard error. On a terminal one line is redrawn; otherwise (logs, CI) a line is printed at most every
 * `everyMs`, so a redirected run stays readable.
 *
 * Interruption: `interruptible()` turns SIGINT/SIGTERM into a flag the operation checks between units of work
 * (`progress.checkInterrupted()` throws `Interrupted`), so it can roll back or delete its partial output before
 * the process ends, never leaving a half-done state.
 */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}: nothing was left half-done`);
    this.name = 'Interrupted';
  }
}

/**
 * SIGINT/SIGTERM caught for the length of a whole operation (several phases, each with its own `Progress`):
 * `check()` throws `Interrupted` once a signal came; `stop()` gives the signals back.
 */
export class InterruptGuard {
  private signal: string | null = null;
  private readonly handlers: [NodeJS.Signals, () => void][] = [];

  start(): this {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const handler = () => {
        this.signal = signal;
      };
      process.on(signal, handler);
      this.handlers.push([signal, handler]);
    }
    return this;
  }

  get interrupted(): boolean {
    return this.signal !== null;
  }

  check(): void {
    if (this.signal) throw new Interrupted(this.signal);
  }

  stop(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.length = 0;
  }
}

export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** what is counted: "cases", "MB", "pages" */
  unit: string;
  /** decimals shown (e.g. 1 for MB) */
  decimals?: number;
  sink?: ProgressSink;
  everyMs?: number;
  now?: () => number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export class Progress {
  private readonly startedAt: number;
  private lastPrinted: number;
  private done = 0;
  private interruptedBy: string | null = null;
  private readonly handlers: [NodeJS.Signals, () => void][] = [];
  private readonly sink: ProgressSink;
  private readonly everyMs: number;
  private readonly now: () => number;

  constructor(
    readonly label: string,
    private total: number,
    private readonly options: ProgressOptions,
  ) {
    this.sink = options.sink ?? process.stderr;
    this.everyMs = options.everyMs ?? (this.sink.isTTY ? 200 : 5000);
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.lastPrinted = this.startedAt; // a first line after `everyMs`: quick operations print only their last
  }

  /** Catches SIGINT and SIGTERM until `finish()`: the operation stops at its next `checkInterrupted()`. */
  interruptible(): this {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const handler = () => {
        this.interruptedBy = signal;
      };
      process.on(signal, handler);
      this.handlers.push([signal, handler]);
    }
    return this;
  }

  get interrupted(): boolean {
    return this.interruptedBy !== null;
  }

  /** Throws `Interrupted` if a signal came since the start. */
  checkInterrupted(): void {
    if (this.interruptedBy) throw new Interrupted(this.interruptedBy);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** Records progress (absolute count), printing when due. */
  update(done: number): void {
    this.done = done;
    const t = this.now();
    if (t - this.lastPrinted >= this.everyMs) {
      this.lastPrinted = t;
      this.print(false);
    }
  }

  add(n = 1): void {
    this.update(this.done + n);
  }

  /** The current line: `backup: 4,100 / 10,000 cases (41%), 820/s, ETA 7s`. */
  line(): string {
    const elapsed = this.now() - this.startedAt;
    const rate = elapsed > 0 ? (this.done * 1000) / elapsed : 0;
    const d = this.options.decimals ?? 0;
    const fmt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    if (this.total > 0) {
      const pct = Math.min(100, Math.floor((this.done / this.total) * 100));
      const eta = rate > 0 ? ((this.total - this.done) / rate) * 1000 : NaN;
      return `${this.label}: ${fmt(this.done)} / ${fmt(this.total)} ${this.options.unit} (${pct}%), ${fmt(rate)}/s, ETA ${formatDuration(eta)}`;
    }
    return `${this.label}: ${fmt(this.done)} ${this.options.unit}, ${fmt(rate)}/s, ${formatDuration(elapsed)} elapsed`;
  }

  private print(final: boolean): void {
    if (this.sink.isTTY) this.sink.write(`\r\x1b[2K${this.line()}${final ? '\n' : ''}`);
    else this.sink.write(`${this.line()}\n`);
  }

  /** Prints the last line and stops catching signals. */
  finish(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.length = 0;
    this.print(true);
  }

  /** Stops catching signals without printing (after an error). */
  abandon(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.length = 0;
    if (this.sink.isTTY) this.sink.write('\n');
  }
}
