// Worker thread of DocumentRenderer: renders requests one at a time and streams the PDF back in chunks, each
// transferred (not copied), so the whole file is never held twice.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { layoutDocument, type RenderRequest } from './render';

export type WorkerMessage =
  | { id: number; type: 'chunk'; data: ArrayBuffer }
  | { id: number; type: 'done'; pages: number; heapUsed: number; rss: number }
  | { id: number; type: 'error'; message: string; name: string };

if (!parentPort) throw new Error('worker.js must run in a worker thread');
const port = parentPort;

port.on('message', (msg: { id: number; request: RenderRequest }) => {
  const { id, request } = msg;
  try {
    const { doc, pages } = layoutDocument(request);
    doc.on('data', (chunk: Buffer) => {
      const copy = new Uint8Array(chunk.byteLength);
      copy.set(chunk);
      port.postMessage({ id, type: 'chunk', data: copy.buffer } satisfies WorkerMessage, [copy.buffer]);
    });
    doc.on('end', () => {
      const heap = getHeapStatistics();
      port.postMessage({ id, type: 'done', pages, heapUsed: heap.used_heap_size, rss: process.memoryUsage.rss() } satisfies WorkerMessage);
    });
    doc.end();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ id, type: 'error', message: err.message, name: err.name } satisfies WorkerMessage);
  }
});
