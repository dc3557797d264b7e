/**
 * The proof of work of a public report (instead of a third-party captcha): find a decimal `nonce` such that
 * SHA-256 of `challenge + ":" + nonce` starts with `difficulty` zero bits. Hashes are computed by
 * `crypto.subtle.digest` (asynchronous, off the page's main work) in small batches, with a pause between batches so
 * the page keeps answering taps and reading; progress is reported after each batch. Without `crypto.subtle` (a page
 * served over plain HTTP, an old browser) the same search runs on a plain TypeScript SHA-256 (`sha256.ts`).
 */

import { sha256 } from './sha256';

const BATCH = 64;

/** Number of leading zero bits of a digest. */
export function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export interface PowOptions {
  /** Called after each batch with a rough share done (0…1; the search has no fixed length, it never says 1 before the end). */
  onProgress?: (share: number) => void;
  signal?: AbortSignal;
  /** The digest to use (tests); `crypto.subtle` when not given; `null`: the plain TypeScript SHA-256. */
  subtle?: Pick<SubtleCrypto, 'digest'> | null;
}

export class PowUnavailableError extends Error {
  constructor() {
    super('no way to compute SHA-256 in this browser');
  }
}

/** The fallback digest: same interface as `crypto.subtle.digest`, computed in plain TypeScript. */
export const plainDigest: Pick<SubtleCrypto, 'digest'> = {
  digest: (_algorithm: AlgorithmIdentifier, data: BufferSource) => {
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    return Promise.resolve(sha256(bytes).buffer as ArrayBuffer);
  },
};

/** Finds the nonce (a decimal string). Rejects with the signal's reason when aborted. */
export async function solveProofOfWork(challenge: string, difficulty: number, options: PowOptions = {}): Promise<string> {
  // crypto.subtle exists only on secure pages (HTTPS, localhost); elsewhere the plain TypeScript digest
  const subtle = ('subtle' in options ? options.subtle : globalThis.crypto?.subtle) ?? plainDigest;
  if (typeof TextEncoder === 'undefined') throw new PowUnavailableError();
  const encoder = new TextEncoder();
  const expected = 2 ** Math.max(0, difficulty);
  for (let start = 0; ; start += BATCH) {
    if (options.signal?.aborted) throw options.signal.reason;
    const nonces = Array.from({ length: BATCH }, (_, i) => String(start + i));
    const digests = await Promise.all(nonces.map((n) => subtle.digest('SHA-256', encoder.encode(`${challenge}:${n}`))));
    const found = digests.findIndex((d) => leadingZeroBits(new Uint8Array(d)) >= difficulty);
    if (found >= 0) {
      options.onProgress?.(1);
      return nonces[found];
    }
    // the chance of being done grows as 1 - e^(-tried/expected): an honest progress bar that slows, never stops
    options.onProgress?.(Math.min(0.95, 1 - Math.exp(-(start + BATCH) / expected)));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
