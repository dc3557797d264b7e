import { COMMON_PASSWORDS_TEXT } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split(' '));
  return common;
}

export type PasswordProblem = 'password.tooShort' | 'password.tooLong' | 'password.common' | 'password.containsEmail';

/**
 * The first reason a new password is refused, or null (NIST SP 800-63B style: length, a list of common
 * passwords, nothing from the account itself; no composition rules). Length counts characters, not bytes.
 */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password.tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'password.tooLong';
  const lower = password.toLowerCase();
  // a common password padded with digits or symbols ("Password2026!") is still a common password
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (commonPasswords().has(lower) || (core.length >= 4 && commonPasswords().has(core)) || new Set(lower).size < 5) {
    return 'password.common';
  }
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  const pieces = [local, ...local.split(/[._+-]+/).filter((p) => p.length >= 4)].filter((p) => p.length >= 3);
  if (pieces.some((piece) => lower.includes(piece))) return 'password.containsEmail';
  return null;
}
