/**
 * @sanad/protocols/node — loads definitions from disk (Node only).
 * Layout: definitions/<protocol-id>/<version>.yaml
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ProtocolDefinition, ReportingDef } from '../types';
import { checkReportingFile, formatError, validateDefinition, type DefinitionError } from '../validation';
import { parseYaml } from '../validation/parse';

export interface LoadedDefinition {
  definition: ProtocolDefinition;
  /** sha256 of the file bytes, hex. Recorded so a case can prove which text it followed. */
  contentHash: string;
  /** Path relative to the definitions folder, e.g. ma-cyberharassment/1.0.0.yaml */
  file: string;
  /**
   * The reporting rules that apply to cases on this version: the definition's own `reporting` section, or else the
   * protocol's `reporting.yaml` (checked against this version). Not part of `contentHash`: see protocols/README.md.
   */
  reporting?: ReportingDef;
  /** where `reporting` comes from */
  reportingFile?: string;
}

/** Reporting rules kept next to a protocol's versions, for the versions without a `reporting` section. */
export const REPORTING_FILE = 'reporting.yaml';

const PACKAGE_NAME = '@sanad/protocols';

function findPackageRoot(start: string): string {
  let current = start;
  for (;;) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (parsed.name === PACKAGE_NAME) return current;
    }
    const parent = dirname(current);
    if (parent === current) throw new Error(`cannot find the ${PACKAGE_NAME} package folder above ${start}`);
    current = parent;
  }
}

/** Absolute path of the package's definitions folder (works from src and from dist). */
export const PROTOCOLS_DIR: string = join(findPackageRoot(__dirname), 'definitions');

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function definitionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(dir, entry.name))
        .filter((name) => name.endsWith('.yaml') && name !== REPORTING_FILE)
        .map((name) => join(dir, entry.name, name)),
    )
    .sort();
}

function layoutErrors(definition: ProtocolDefinition, file: string): DefinitionError[] {
  const expected = `${definition.id}/${definition.version}.yaml`;
  return file === expected ? [] : [{ file, path: '', message: `file must be named ${expected} (definitions/<id>/<version>.yaml)` }];
}

/**
 * Reads, validates and hashes every definitions/<id>/<version>.yaml.
 * Throws if a published definition is invalid (message: file, path, reason); invalid drafts are skipped.
 */
export function loadDefinitions(dir: string = PROTOCOLS_DIR): LoadedDefinition[] {
  const root = resolve(dir);
  const loaded: LoadedDefinition[] = [];
  for (const path of definitionFiles(root)) {
    const bytes = readFileSync(path);
    const file = relative(root, path).split('\\').join('/');
    const text = bytes.toString('utf8');
    const result = validateDefinition(text, file);
    const errors = result.definition ? [...result.errors, ...layoutErrors(result.definition, file)] : result.errors;
    const declaresPublished = /^status:\s*published\s*$/m.test(text);
    if (errors.length > 0 || !result.definition) {
      if (declaresPublished || result.definition?.status === 'published') {
        throw new Error(`Invalid protocol definition:\n${errors.map(formatError).join('\n')}`);
      }
      continue;
    }
    loaded.push({ definition: result.definition, contentHash: sha256(bytes), file });
  }
  for (const l of loaded) Object.assign(l, reportingOf(root, l));
  return loaded;
}

/** The reporting rules of one loaded version (throws when the protocol's reporting.yaml does not fit it). */
function reportingOf(root: string, l: LoadedDefinition): Pick<LoadedDefinition, 'reporting' | 'reportingFile'> {
  if (l.definition.reporting) return { reporting: l.definition.reporting, reportingFile: l.file };
  const file = `${l.definition.id}/${REPORTING_FILE}`;
  const path = join(root, l.definition.id, REPORTING_FILE);
  if (!existsSync(path)) return {};
  const parsed = parseYaml(readFileSync(path, 'utf8'), file);
  const checked = parsed.errors.length ? { errors: parsed.errors } : checkReportingFile(l.definition, parsed.data, file);
  if (!checked.reporting) {
    throw new Error(
      `Invalid reporting rules for ${l.definition.id}@${l.definition.version}:\n${checked.errors.map(formatError).join('\n')}`,
    );
  }
  return { reporting: checked.reporting, reportingFile: file };
}

/** Finds one loaded definition by id and version. */
export function findDefinition(loaded: LoadedDefinition[], id: string, version: string): LoadedDefinition | undefined {
  return loaded.find((l) => l.definition.id === id && l.definition.version === version);
}
