/** Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…) digits, as typed on an Arabic keyboard. */
const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

/** Turns ٠١٢ / ۰۱۲ into 012 so a code typed on an Arabic keyboard is accepted. */
export function latinDigits(value: string): string {
  return value.replace(ARABIC_DIGITS, (d) => String((d.charCodeAt(0) & 0x0f) % 10));
}

/** A code from an authenticator app as typed ("123 456", "١٢٣٤٥٦") → "123456". */
export function normaliseOtp(value: string): string {
  return latinDigits(value).replace(/[\s-]/g, '');
}

export function isOtp(value: string): boolean {
  return /^\d{6}$/.test(value);
}

/** A recovery code as typed: spaces removed, case kept as the API compares it (it may ignore case itself). */
export function normaliseRecoveryCode(value: string): string {
  return latinDigits(value).replace(/\s/g, '');
}

/** A TOTP secret in groups of four for reading aloud or typing: "JBSW Y3DP EHPK 3PXP". */
export function groupSecret(secret: string): string {
  return (
    secret
      .replace(/\s/g, '')
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}
