/** JSON Schema validation (ajv, draft 2020-12, strict) with plain-language messages. */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import schema from '../../schema/protocol.schema.json';
import type { DefinitionError } from './errors';

const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
const validateSchema = ajv.compile(schema);

export { schema as protocolSchema };

/** Plain words for the formats of the schema (by pattern). */
const FORMATS: Record<string, string> = {
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$': 'must be a version like 1.0.0 (MAJOR.MINOR.PATCH)',
  '^D(1[0-3]|[1-9])$': 'must be a document template id from D1 to D13',
  '^[a-z][a-z0-9_]*$': 'must be lower-case letters, digits and underscores, starting with a letter',
  '^[A-Z][A-Z0-9_]*$': 'must be capital letters, digits and underscores, starting with a letter',
  '^[a-z][a-zA-Z0-9]*$': 'must be letters and digits in lowerCamelCase, starting with a lower-case letter',
  '^[A-Z0-9][A-Z0-9_]*$': 'must be capital letters, digits and underscores',
  '^[a-z][a-z0-9-]*$': 'must be lower-case letters, digits and dashes, starting with a letter',
  '^\\d{4}-\\d{2}-\\d{2}$': 'must be a date like 2026-09-01',
  '^R[1-9][0-9]*$': 'must be a source key of the domain brief, like R44',
  '^https?://\\S+$': 'must be a web address starting with http:// or https://',
  '^(case_created|step:[a-z][a-z0-9_]*|state:[A-Z][A-Z0-9_]*)$': 'must be case_created, step:<step id> or state:<STATE>',
};

function plain(error: ErrorObject): { path: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: error.instancePath, message: `missing required property '${String(params['missingProperty'])}'` };
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${String(params['additionalProperty'])}`,
        message: `unknown property '${String(params['additionalProperty'])}'`,
      };
    case 'enum':
      return { path: error.instancePath, message: `must be one of: ${(params['allowedValues'] as unknown[]).join(', ')}` };
    case 'pattern':
      return {
        path: error.instancePath,
        message: FORMATS[String(params['pattern'])] ?? `does not have the expected format (${String(params['pattern'])})`,
      };
    case 'type':
      return { path: error.instancePath, message: `must be of type ${String(params['type'])}` };
    case 'oneOf':
      return {
        path: error.instancePath,
        message: 'is not a valid condition: use one fact test (equals, in, nonEmpty, intersects) or all / any / not',
      };
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword };
  }
}

export function checkSchema(data: unknown, file: string): DefinitionError[] {
  return checkSchemaWith(validateSchema, data, file);
}

/** Validates against one compiled schema (the whole protocol, or a part such as `$defs/reporting`). */
export function checkSchemaWith(validate: ValidateFunction, data: unknown, file: string): DefinitionError[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // A failed oneOf (conditions) also reports every branch's failure: keep only the oneOf itself.
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  const relevant = errors.filter(
    (e) => e.keyword === 'oneOf' || !oneOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  const seen = new Set<string>();
  const result: DefinitionError[] = [];
  for (const e of relevant) {
    const { path, message } = plain(e);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ file, path, message });
  }
  return result;
}
