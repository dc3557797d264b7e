import fc from 'fast-check';

/** The parts of an OpenAPI 3 schema object that @nestjs/swagger writes for our DTOs. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Follows `$ref`s into `#/components/schemas`. */
export function resolve(doc: OpenApi, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${s.$ref}`);
    s = target;
  }
  return s;
}

/**
 * A small JSON-schema check of the keywords our OpenAPI document uses (type, enum, nullable, properties, required,
 * items, allOf/oneOf/anyOf, $ref). Returns the problems found, `[]` when the value matches. Extra properties are
 * accepted (OpenAPI's default).
 */
export function validate(doc: OpenApi, schema: Schema, value: unknown, at = '$'): string[] {
  const s = resolve(doc, schema);
  if (value === null) {
    // `nullable` sits next to the `allOf: [{ $ref }]` that @nestjs/swagger writes for `type: SomeDto, nullable: true`
    if (s.nullable || schema.nullable || (!s.type && !s.properties && !s.enum && !s.allOf && !s.oneOf && !s.anyOf)) return [];
    return [`${at}: null but not nullable`];
  }
  const errors: string[] = [];
  if (s.allOf) for (const part of s.allOf) errors.push(...validate(doc, part, value, at));
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives && !alternatives.some((alt) => validate(doc, alt, value, at).length === 0)) {
    errors.push(`${at}: matches none of the alternatives`);
  }
  if (s.enum && !s.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${at}: expected string, got ${typeof value}`);
      else if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
      break;
    case 'number':
      if (typeof value !== 'number') errors.push(`${at}: expected number, got ${typeof value}`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${at}: expected integer, got ${JSON.stringify(value)}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${at}: expected boolean, got ${typeof value}`);
      break;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${at}: expected array, got ${typeof value}`);
      else if (s.items) value.forEach((v, i) => errors.push(...validate(doc, s.items!, v, `${at}[${i}]`)));
      break;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        errors.push(`${at}: expected object, got ${Array.isArray(value) ? 'array' : typeof value}`);
        break;
      }
      const obj = value as Record<string, unknown>;
      for (const key of s.required ?? []) if (obj[key] === undefined) errors.push(`${at}.${key}: required but missing`);
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (obj[key] !== undefined) errors.push(...validate(doc, prop, obj[key], `${at}.${key}`));
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        for (const [key, v] of Object.entries(obj)) {
          if (!(key in (s.properties ?? {}))) errors.push(...validate(doc, s.additionalProperties, v, `${at}.${key}`));
        }
      }
      break;
    }
    case undefined:
    default:
      break; // no type: anything goes
  }
  return errors;
}

/** Strings that have broken parsers, databases and renderers before. */
export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eعكس\u202C',
  'مرحبا بالعالم',
  '\u200F\u200E\u2066x\u2069',
  '𝕊𝕒𝕟𝕒𝕕 🚸👩🏽‍🏫',
  '\uD800',
  '\r\n\t\u0007\u001b[31m',
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  '<script>alert(1)</script>',
  '{{constructor.constructor}}',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  'true',
  'null',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '0000-00-00',
  '99999-01-01',
  'x'.repeat(10_000),
  'ش'.repeat(2_000),
];

/** Values of the wrong kind for any field. */
export const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  -0.5,
  1.5,
  2 ** 31,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER * 10,
  1e308,
  [],
  [null],
  ['a', 1, {}],
  {},
  { $gt: '' },
  { __proto__x: 1 },
  Array.from({ length: 200 }, (_, i) => i),
  ...HOSTILE_STRINGS,
];

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  );

export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

export interface Pools {
  /** real ids by parameter or property name (`id`, `caseId`, `itemId`…), for paths, queries and bodies */
  ids(name: string): string[];
}

const isIdName = (name: string): boolean => name === 'id' || /Id$/.test(name) || /Ids$/.test(name) || name === 'members';

/** A plausible string for a field: its example, a real id, a date, an e-mail, text in fr/ar. */
function stringFor(name: string, s: Schema, pools: Pools): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 60, 200));
  const choices: fc.Arbitrary<string>[] = [];
  if (s.minimum !== undefined || s.maximum !== undefined) {
    // a number sent as a query string (page, pageSize)
    return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 50, 50) }).map(String);
  }
  if (typeof s.example === 'string') choices.push(fc.constant(s.example), fc.constant(s.example));
  if (typeof s.default === 'string') choices.push(fc.constant(s.default));
  const ids = pools.ids(name);
  if (isIdName(name) || s.format === 'uuid') {
    if (ids.length) choices.push(fc.constantFrom(...ids));
    choices.push(fc.uuid());
  }
  if (s.format === 'date-time' || /At$/.test(name)) choices.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  if (/(^|[a-z])(from|to|On|date|Date)$/.test(name) || name === 'occurredOn') {
    choices.push(
      fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
  }
  if (/email/i.test(name) || s.format === 'email') choices.push(fc.emailAddress());
  if (/url/i.test(name) || s.format === 'uri') choices.push(fc.webUrl());
  if (/^(page|pageSize|expectedSeq|refSeq)$/.test(name)) choices.push(fc.integer({ min: 1, max: 30 }).map(String));
  choices.push(
    fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, 1) }).map((t) => t.padEnd(min, '.')),
    fc
      .constantFrom('Insultes sur un groupe de classe', 'تنمر على مجموعة القسم', 'Note — ملاحظة 2026')
      .map((t) => t.padEnd(min, '.').slice(0, max)),
  );
  return fc.oneof(...choices);
}

/** Values that match a schema (as far as a schema can say: enums, types, lengths, real ids). */
export function valid(doc: OpenApi, schema: Schema, pools: Pools, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (s.allOf?.length) return valid(doc, s.allOf[0], pools, name, depth);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((alt) => valid(doc, alt, pools, name, depth)));
  const base = ((): fc.Arbitrary<unknown> => {
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    const type = s.type ?? (s.properties ? 'object' : 'string');
    switch (type) {
      case 'string':
        return stringFor(name, s, pools);
      case 'integer':
      case 'number':
        // class-validator's IsInt is documented as `number`: whole numbers, the example among them
        return fc.oneof(
          ...(typeof s.example === 'number' ? [fc.constant(s.example)] : []),
          fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 50, 50) }),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        if (depth > 4) return fc.constant([]);
        return fc.array(valid(doc, s.items ?? { type: 'string' }, pools, name, depth + 1), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 3, 3),
        });
      case 'object': {
        if (depth > 4) return fc.constant({});
        const props = s.properties ?? {};
        if (!Object.keys(props).length) {
          // `type: object` without properties: a free-form map (answers, facts), or a string or null that a
          // `string | null` property declared without an explicit type ends up as
          if (name !== 'answers' && name !== 'facts') return fc.oneof(stringFor(name, {}, pools), fc.constant(null));
          return fc.dictionary(fc.constantFrom('intake', 'note', 'authorsKnown', 'types', 'x'), fc.jsonValue({ maxDepth: 1 }), {
            maxKeys: 3,
          });
        }
        const shape = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, valid(doc, p, pools, k, depth + 1)]));
        return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return s.nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
}

/** A valid body turned invalid: a field dropped, a field of the wrong kind, an unknown field, or another JSON value. */
export function invalidBody(doc: OpenApi, schema: Schema, pools: Pools): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const props = Object.keys(s.properties ?? {});
  const wrongRoot = fc.constantFrom<unknown>(null, [], [{}], 'texte', 42, true, { __proto__: { admin: true } });
  if (!props.length) return fc.oneof(wrongRoot, fc.dictionary(fc.string({ maxLength: 8 }), hostileValue(), { maxKeys: 4 }));
  const base = valid(doc, s, pools) as fc.Arbitrary<Record<string, unknown>>;
  return fc.oneof(
    base.chain((b) => fc.constantFrom(...props).map((k) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== k)))),
    fc.tuple(base, fc.constantFrom(...props), hostileValue()).map(([b, k, v]) => ({ ...b, [k]: v })),
    fc.tuple(base, fc.constantFrom(...props), hostileValue(), fc.constantFrom(...props), hostileValue()).map(([b, k1, v1, k2, v2]) => ({
      ...b,
      [k1]: v1,
      [k2]: v2,
    })),
    fc
      .tuple(base, fc.constantFrom('isAdmin', 'role', 'schoolId', 'createdBy', 'state', 'id', 'constructor'), hostileValue())
      .map(([b, k, v]) => ({ ...b, [k]: v })),
    wrongRoot,
  );
}

/** Path or query values that are not what the route expects. */
export const malformedParam = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '00000000-0000-0000-0000-000000000000',
      'not-a-uuid',
      '5a0d0004-0000-4000-8000-00000000000',
      '5A0D0004-0000-4000-8000-000000000001',
      "1' OR '1'='1",
      '-1',
      '0',
      '1e309',
      '99999999999999999999',
      'NaN',
      '..',
      '.',
      '%',
      'x'.repeat(400),
      'مرحبا',
      '\u202E',
      'null',
      'undefined',
      '__proto__',
    ),
    hostileString().filter((t) => t.length > 0),
  );
