/** The length the API asks of a new password (mirrored to warn before sending). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Length in characters as the API counts it (code points: an emoji or an Arabic letter counts once). */
export function passwordLength(password: string): number {
  return [...password].length;
}
