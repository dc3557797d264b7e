import { formatDuration, Interrupted, Progress } from './progress';

describe('Progress', () => {
  function sink() {
    const lines: string[] = [];
    return { lines, write: (t: string) => lines.push(t), isTTY: false };
  }

  it('prints done / total, rate and ETA, at most every `everyMs`', () => {
    let t = 0;
    const out = sink();
    const p = new Progress('backup', 1000, { unit: 'cases', sink: out, everyMs: 1000, now: () => t });
    t = 500;
    p.update(100); // too soon
    t = 1000;
    p.update(180); // first print
    t = 2000;
    p.update(400);
    expect(out.lines.length).toBe(2);
    expect(out.lines[1]).toBe('backup: 400 / 1,000 cases (40%), 200/s, ETA 3s\n');
    p.finish();
    expect(out.lines.length).toBe(3);
  });

  it('without a total, shows the count and the time elapsed', () => {
    let t = 0;
    const p = new Progress('purge', 0, { unit: 'cases', sink: sink(), now: () => t });
    t = 90_000;
    p.update(30);
    expect(p.line()).toBe('purge: 30 cases, 0/s, 1m30s elapsed');
  });

  it('turns SIGINT into Interrupted at the next check, then lets signals go', () => {
    const p = new Progress('restore', 10, { unit: 'MB', sink: sink() }).interruptible();
    expect(() => p.checkInterrupted()).not.toThrow();
    const before = process.listenerCount('SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(() => p.checkInterrupted()).toThrowError(Interrupted, /SIGINT/);
    p.abandon();
    expect(process.listenerCount('SIGINT')).toBe(before - 1);
  });

  it('formats durations', () => {
    expect(formatDuration(4_000)).toBe('4s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
    expect(formatDuration(NaN)).toBe('?');
  });
});
