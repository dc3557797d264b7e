// DocumentRenderer: a small pool of worker threads so that laying out PDFs (CPU-bound: Arabic shaping, font
// subsetting) never blocks the API's event loop.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RenderRequest, RenderResult } from './render';
import type { WorkerMessage } from './worker';

export interface DocumentRendererOptions {
  /** Number of worker threads; default min(2, available CPUs). */
  size?: number;
  /** Heap limits of each worker (e.g. `{ maxOldGenerationSizeMb: 150 }`). */
  resourceLimits?: ResourceLimits;
}

/** What the last render of a worker used (for benchmarks and monitoring). */
export interface RenderStats {
  heapUsed: number;
  rss: number;
}

interface Job {
  id: number;
  request: RenderRequest;
  resolve: (r: RenderResult & { stats: RenderStats }) => void;
  reject: (e: Error) => void;
  chunks: Buffer[];
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export class DocumentRenderer {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: DocumentRendererOptions = {}) {
    const size = options.size ?? Math.min(2, availableParallelism());
    if (!Number.isInteger(size) || size < 1) throw new Error('DocumentRenderer: size must be a positive integer');
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Renders a document in a worker. Rejects with the template or markup error if there is one. */
  render(request: RenderRequest): Promise<RenderResult & { stats: RenderStats }> {
    if (this.closed) return Promise.reject(new Error('DocumentRenderer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject, chunks: [] });
      this.pump();
    });
  }

  /** Stops the workers; pending and queued renders are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('DocumentRenderer closed'));
    await Promise.all(
      this.slots.map(async (s) => {
        s.job?.reject(new Error('DocumentRenderer closed'));
        s.job = null;
        await s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(join(__dirname, 'worker.js'), { resourceLimits: this.options.resourceLimits });
    const slot: Slot = { worker, job: null };
    worker.on('message', (msg: WorkerMessage) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onExit(slot, err));
    worker.on('exit', (code) => {
      if (!this.closed) this.onExit(slot, new Error(`render worker exited (${code})`));
    });
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    switch (msg.type) {
      case 'chunk':
        job.chunks.push(Buffer.from(msg.data));
        return;
      case 'done':
        slot.job = null;
        job.resolve({ pdf: Buffer.concat(job.chunks), pages: msg.pages, stats: { heapUsed: msg.heapUsed, rss: msg.rss } });
        break;
      case 'error': {
        slot.job = null;
        const err = new Error(msg.message);
        err.name = msg.name;
        job.reject(err);
        break;
      }
    }
    this.pump();
  }

  /** A crashed worker (e.g. out of memory) fails its job and is replaced. */
  private onExit(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const job = slot.job;
    slot.job = null;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    job?.reject(err);
    if (!this.closed) {
      this.slots.push(this.spawn());
      this.pump();
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, request: job.request });
    }
    for (const slot of this.slots) if (!slot.job) slot.worker.unref();
  }
}
