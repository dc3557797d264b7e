/**
 * Canonical JSON, the serialisation the audit hash chain is computed over: no whitespace, object keys sorted
 * by UTF-16 code units (JavaScript's default sort) at every depth, arrays in their order, strings, numbers,
 * booleans and null exactly as `JSON.stringify` writes them. `undefined` and non-finite numbers are refused,
 * since they would not survive a round trip through the database.
 *
 * Written by hand rather than `JSON.stringify` of a sorted copy: JavaScript always puts integer-like keys
 * ("2", "10") first in numeric order, whatever the insertion order, which would break the sort.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new TypeError(`canonicalJson: cannot serialise a value of type ${typeof value}`);
}
