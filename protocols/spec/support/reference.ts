/** Loads the reference definition for specs (validated; throws with the errors otherwise). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolDefinition } from '../../src';
import { PROTOCOLS_DIR } from '../../src/node';
import { formatError, validateDefinition } from '../../src/validation';

export const REFERENCE_FILE = join(PROTOCOLS_DIR, 'ma-cyberharassment', '1.0.0.yaml');

export function loadReference(): ProtocolDefinition {
  const result = validateDefinition(readFileSync(REFERENCE_FILE, 'utf8'), 'ma-cyberharassment/1.0.0.yaml');
  if (!result.definition) throw new Error(result.errors.map(formatError).join('\n'));
  return result.definition;
}

/** A deep copy to mutate in a spec. */
export function cloneDefinition(def: ProtocolDefinition): ProtocolDefinition {
  return JSON.parse(JSON.stringify(def)) as ProtocolDefinition;
}
