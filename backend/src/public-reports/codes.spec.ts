import { CODE_ALPHABET, newPasscode, newReportCode, normaliseCode, PASSCODE_LENGTH, REPORT_CODE_LENGTH } from './codes';

describe('public reports: codes and passcodes', () => {
  it('has 32 unambiguous characters (no 0, O, 1, I)', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const c of '0O1I') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('writes report codes as XXX-XXX-XXX and passcodes as XXXX-XXXX-XXXX from the alphabet', () => {
    for (let i = 0; i < 200; i++) {
      expect(newReportCode()).toMatch(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
      expect(newPasscode()).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    }
  });

  it('uses every character of the alphabet (no bias to a subset)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const c of newPasscode().replace(/-/g, '')) seen.add(c);
    expect(seen.size).toBe(32);
  });

  it('draws from the given source of randomness', () => {
    let n = 0;
    expect(newReportCode(() => n++ % 32)).toBe('234-567-89A');
  });

  it('reads what a person typed: case, spaces and hyphens do not matter', () => {
    expect(normaliseCode(' r7k-4qx 9tb ', REPORT_CODE_LENGTH)).toBe('R7K4QX9TB');
    expect(normaliseCode('7KQM4XT9BR2W', PASSCODE_LENGTH)).toBe('7KQM4XT9BR2W');
  });

  it('refuses what cannot be a code: wrong length, look-alikes, other types, huge input', () => {
    expect(normaliseCode('R7K-4QX-9T', REPORT_CODE_LENGTH)).toBeNull();
    expect(normaliseCode('R7K-4QX-9TO', REPORT_CODE_LENGTH)).toBeNull();
    expect(normaliseCode('R7K-4QX-9T1', REPORT_CODE_LENGTH)).toBeNull();
    expect(normaliseCode(123456789, REPORT_CODE_LENGTH)).toBeNull();
    expect(normaliseCode('A'.repeat(100), REPORT_CODE_LENGTH)).toBeNull();
  });
});
