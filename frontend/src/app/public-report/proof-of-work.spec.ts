import { PLATFORMS } from '@sanad/protocols';
import { PowUnavailableError, leadingZeroBits, solveProofOfWork } from './proof-of-work';
import { REPORT_PLATFORMS, normaliseCode, telHref } from './public-report.model';
import { sha256 } from './sha256';

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

describe('proof of work of a public report', () => {
  it('counts the leading zero bits of a digest', () => {
    expect(leadingZeroBits(new Uint8Array([0xff, 0]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x20]))).toBe(10);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00]))).toBe(16);
  });

  it('finds a decimal nonce whose SHA-256 of "challenge:nonce" starts with the asked zero bits, reporting progress', async () => {
    const progress: number[] = [];
    const nonce = await solveProofOfWork('abc.def', 10, { onProgress: (p) => progress.push(p) });
    expect(nonce).toMatch(/^\d+$/);
    expect(leadingZeroBits(await digest(`abc.def:${nonce}`))).toBeGreaterThanOrEqual(10);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.slice(0, -1).every((p) => p >= 0 && p < 1)).toBeTrue();
  });

  it('returns the first nonce at difficulty 0', async () => {
    expect(await solveProofOfWork('x', 0)).toBe('0');
  });

  it('stops when the page is left (aborted)', async () => {
    const controller = new AbortController();
    const running = solveProofOfWork('never', 64, { signal: controller.signal });
    controller.abort(new DOMException('left', 'AbortError'));
    await expectAsync(running).toBeRejectedWith(jasmine.objectContaining({ name: 'AbortError' }));
  });

  it('works without crypto.subtle (plain HTTP page, old browser): the same nonce with the plain SHA-256', async () => {
    const challenge = 'eyJzIjoiZGVtbyJ9.c2ln';
    const plain = await solveProofOfWork(challenge, 10, { subtle: null });
    expect(plain).toBe(await solveProofOfWork(challenge, 10));
    expect(leadingZeroBits(await digest(`${challenge}:${plain}`))).toBeGreaterThanOrEqual(10);
  });

  it('the plain SHA-256 matches crypto.subtle (FIPS 180-4 vectors, padding edges, Arabic text)', async () => {
    const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const length of [1, 55, 56, 63, 64, 65, 119, 120, 200]) {
      const text = 'ب'.repeat(length).slice(0, length) + ':' + String(length);
      expect(hex(sha256(new TextEncoder().encode(text))))
        .withContext(String(length))
        .toBe(hex(await digest(text)));
    }
  });

  it('says so when the browser cannot encode text at all', async () => {
    const encoder = globalThis.TextEncoder;
    (globalThis as { TextEncoder?: unknown }).TextEncoder = undefined;
    try {
      await expectAsync(solveProofOfWork('x', 1, { subtle: null })).toBeRejectedWithError(PowUnavailableError);
    } finally {
      globalThis.TextEncoder = encoder;
    }
  });
});

describe('public report model', () => {
  it('offers exactly the protocol platform list', () => {
    expect([...REPORT_PLATFORMS]).toEqual([...PLATFORMS]);
  });

  it('makes tel: links from directory numbers and normalises typed codes', () => {
    expect(telHref('0800 00 22 11')).toBe('tel:0800002211');
    expect(telHref('+212 5 37-00')).toBe('tel:+212537' + '00');
    expect(normaliseCode(' r7k-4qx 9tb ')).toBe('R7K-4QX9TB');
  });
});
