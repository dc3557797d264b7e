import { PLATFORMS } from '@sanad/protocols';
import { PowUnavailableError, leadingZeroBits, solveProofOfWork } from './proof-of-work';
import { REPORT_PLATFORMS, normaliseCode, telHref } from './public-report.model';

async function sha256(text: string): Promise<Uint8Array> {
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
    expect(leadingZeroBits(await sha256(`abc.def:${nonce}`))).toBeGreaterThanOrEqual(10);
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

  it('says so when the browser has no crypto.subtle (insecure page, old browser)', async () => {
    await expectAsync(solveProofOfWork('x', 1, { subtle: null })).toBeRejectedWithError(PowUnavailableError);
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
