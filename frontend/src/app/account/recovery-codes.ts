/** The text of the downloaded recovery codes file (UTF-8 with a BOM, so Arabic shows in every editor). */
export function recoveryCodesText(title: string, explanation: string, codes: readonly string[]): string {
  return `\ufeff${[title, '', explanation, '', ...codes.map((code, i) => `${String(i + 1).padStart(2, ' ')}. ${code}`), ''].join('\r\n')}`;
}

export const RECOVERY_CODES_FILE_NAME = 'sanad-recovery-codes.txt';

/** The minimum length the API asks of a new password (mirrored to warn before sending). */
export { PASSWORD_MIN_LENGTH } from '../core/password-rules';
