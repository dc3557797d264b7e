import { randomInt } from 'node:crypto';

/**
 * Report codes and passcodes of the public reporting channel (docs/public-reporting.md): easy to copy by hand from
 * a phone or a sheet of paper. One alphabet of 32 letters and digits with no look-alikes (no 0/O, no 1/I).
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `R7K-4QX-9TB`: 9 characters, 45 bits; identifies a report, is not a secret on its own. */
export const REPORT_CODE_LENGTH = 9;
/** `7KQM-4XT9-BR2W`: 12 characters, 60 bits; shown once, stored only as a slow hash. */
export const PASSCODE_LENGTH = 12;

function randomChars(length: number, random: (max: number) => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return out;
}

/** Groups a code by `size` characters with hyphens, for reading. */
export function groupCode(raw: string, size: number): string {
  return raw.match(new RegExp(`.{1,${size}}`, 'g'))?.join('-') ?? '';
}

/** A new report code, grouped by three (`R7K-4QX-9TB`). */
export function newReportCode(random: (max: number) => number = randomInt): string {
  return groupCode(randomChars(REPORT_CODE_LENGTH, random), 3);
}

/** A new passcode, grouped by four (`7KQM-4XT9-BR2W`). */
export function newPasscode(random: (max: number) => number = randomInt): string {
  return groupCode(randomChars(PASSCODE_LENGTH, random), 4);
}

/**
 * What a person typed, in the stored form: upper case, spaces and hyphens dropped. Null when it cannot be a code of
 * that length or has a letter outside the alphabet (the caller answers "not found", as for an unknown code).
 */
export function normaliseCode(input: unknown, length: number): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = input.toUpperCase().replace(/[\s-]+/g, '');
  if (compact.length !== length) return null;
  for (const c of compact) if (!CODE_ALPHABET.includes(c)) return null;
  return compact;
}
