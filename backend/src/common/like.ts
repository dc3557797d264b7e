/**
 * A `LIKE … ESCAPE '\'` pattern matching text that contains the search, case-insensitively when compared with
 * `LOWER(column)`: `%`, `_` and `\` typed by the user are literal characters, never wildcards.
 */
export function likePattern(search: string): string {
  return `%${search
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
