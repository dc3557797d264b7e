/**
 * @sanad/protocols/validation — checks a protocol definition (YAML text) against the JSON Schema
 * and the semantic rules. Node and browser safe, but pulls in ajv and yaml: keep it out of the engine entry.
 */
import type { ProtocolDefinition } from '../types';
import type { DefinitionError } from './errors';
import { checkFlow } from './graph';
import { parseYaml } from './parse';
import { checkReferences } from './references';
import { checkReportingRules } from './reporting';
import { checkSchema } from './schema-check';

export type { DefinitionError } from './errors';
export { formatError } from './errors';
export { protocolSchema } from './schema-check';
export { checkReportingFile, checkReportingRules } from './reporting';

export interface ValidationResult {
  ok: boolean;
  definition?: ProtocolDefinition;
  errors: DefinitionError[];
}

/** Validates an already parsed definition. */
export function validateDefinitionData(data: unknown, fileName: string): ValidationResult {
  const schemaErrors = checkSchema(data, fileName);
  if (schemaErrors.length > 0) return { ok: false, errors: schemaErrors };
  const definition = data as ProtocolDefinition;
  const referenceErrors = checkReferences(definition, fileName);
  if (referenceErrors.length > 0) return { ok: false, errors: referenceErrors };
  const flowErrors = checkFlow(definition, fileName);
  if (flowErrors.length > 0) return { ok: false, errors: flowErrors };
  const reportingErrors = definition.reporting ? checkReportingRules(definition, definition.reporting, fileName) : [];
  if (reportingErrors.length > 0) return { ok: false, errors: reportingErrors };
  return { ok: true, definition, errors: [] };
}

/** Parses and validates the YAML text of a definition file. */
export function validateDefinition(yamlText: string, fileName: string): ValidationResult {
  const parsed = parseYaml(yamlText, fileName);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  return validateDefinitionData(parsed.data, fileName);
}
