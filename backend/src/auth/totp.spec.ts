import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode } from './totp';

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the 8-digit values end with these 6 digits
  const seed = base32Encode(Buffer.from('12345678901234567890'));
  const vectors: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ];
  for (const [seconds, code] of vectors) {
    it(`gives ${code} at ${seconds}s`, () => expect(totpCode(seed, seconds * 1000)).toBe(code));
  }

  it('follows RFC 4226 for HOTP', () => {
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224');
    expect(hotp(Buffer.from('12345678901234567890'), 9)).toBe('520489');
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 42, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });

  it('accepts one step either side and nothing further, and tells which step matched', () => {
    const at = 1_800_000_000_000;
    const step = Math.floor(at / 30_000);
    expect(matchTotp(seed, totpCode(seed, at), at)).toBe(step);
    expect(matchTotp(seed, totpCode(seed, at - 30_000), at)).toBe(step - 1);
    expect(matchTotp(seed, totpCode(seed, at + 30_000), at)).toBe(step + 1);
    expect(matchTotp(seed, totpCode(seed, at - 60_000), at)).toBeNull();
    expect(matchTotp(seed, 'abcdef', at)).toBeNull();
  });

  it('builds an otpauth URI', () => {
    expect(otpauthUri('ABC', 'a.b@x.ma')).toBe('otpauth://totp/Sanad:a.b%40x.ma?secret=ABC&issuer=Sanad&algorithm=SHA1&digits=6&period=30');
  });
});
