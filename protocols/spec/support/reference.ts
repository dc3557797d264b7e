/** Loads the reference definition for specs (validated; throws with the errors otherwise). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolDefinition } from '../../src';
import { PROTOCOLS_DIR } from '../../src/node';
import { formatError, validateDefinition } from '../../src/validation';

export const REFERENCE_FILE = join(PROTOCOLS_DIR, 'ma-cyberharassment', '1.0.0.yaml');

/** The published versions of the reference protocol, oldest first (1.1.0: AI-facilitated and gender-based cyberviolence). */
export const REFERENCE_VERSIONS = ['1.0.0', '1.1.0'] as const;

/** Path of one published version of the reference protocol. */
export function referenceFile(version: string): string {
  return join(PROTOCOLS_DIR, 'ma-cyberharassment', `${version}.yaml`);
}

/** Loads a version of the reference protocol (1.0.0 unless told: most engine specs are written against it). */
export function loadReference(version = '1.0.0'): ProtocolDefinition {
  const result = validateDefinition(readFileSync(referenceFile(version), 'utf8'), `ma-cyberharassment/${version}.yaml`);
  if (!result.definition) throw new Error(result.errors.map(formatError).join('\n'));
  return result.definition;
}

/** A deep copy to mutate in a spec. */
export function cloneDefinition(def: ProtocolDefinition): ProtocolDefinition {
  return JSON.parse(JSON.stringify(def)) as ProtocolDefinition;
}
