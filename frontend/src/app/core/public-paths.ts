/**
 * Pages anyone can open without an account (the public reporting channel, docs/public-reporting.md): on these the
 * app neither asks who is signed in nor shows the staff navigation, and starts no staff request.
 */
const PUBLIC_PATH = /^\/report(?:[/?#;]|$)/;

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATH.test(path);
}
