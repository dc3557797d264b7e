/** Where people land after signing in when no (acceptable) return URL was given. */
export const DEFAULT_AFTER_SIGN_IN = '/my-work';

/** Only in-app paths are accepted as return URLs (no `//evil.example`, no absolute URLs, never the sign-in page). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_AFTER_SIGN_IN;
  if (value.startsWith('/sign-in')) return DEFAULT_AFTER_SIGN_IN;
  return value;
}

/** The page where two-factor authentication is set up (and the password changed). */
export const SECURITY_PAGE = '/account/security';
