import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefinitions, PROTOCOLS_DIR } from '../src/node';
import { findPackageFile } from './support/paths';
import { REFERENCE_FILE } from './support/reference';

describe('loadDefinitions', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sanad-protocols-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function put(relative: string, text: string): void {
    mkdirSync(join(dir, relative, '..'), { recursive: true });
    writeFileSync(join(dir, relative), text);
  }

  it('points PROTOCOLS_DIR at the package definitions folder', () => {
    expect(PROTOCOLS_DIR).toBe(findPackageFile('definitions'));
  });

  it('loads the published reference protocol with the sha256 of its bytes', () => {
    const loaded = loadDefinitions();
    const reference = loaded.find((l) => l.definition.id === 'ma-cyberharassment' && l.definition.version === '1.0.0');
    expect(reference?.file).toBe('ma-cyberharassment/1.0.0.yaml');
    expect(reference?.contentHash).toBe(createHash('sha256').update(readFileSync(REFERENCE_FILE)).digest('hex'));
  });

  it('hashes bytes, not meaning: an added comment changes the hash', () => {
    const text = readFileSync(REFERENCE_FILE, 'utf8');
    put('ma-cyberharassment/1.0.0.yaml', text);
    const before = loadDefinitions(dir)[0]?.contentHash;
    put('ma-cyberharassment/1.0.0.yaml', `${text}\n# comment\n`);
    const after = loadDefinitions(dir)[0]?.contentHash;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  it('throws naming file, path and reason when a published definition is invalid', () => {
    const text = readFileSync(REFERENCE_FILE, 'utf8').replace('{ to: CLOSED,', '{ to: CLOSD,');
    expect(text).toContain('CLOSD');
    put('ma-cyberharassment/1.0.0.yaml', text);
    expect(() => loadDefinitions(dir)).toThrowError(
      /ma-cyberharassment\/1\.0\.0\.yaml: \/phases\/9\/steps\/1\/transitions\/0\/to: unknown state 'CLOSD'/,
    );
  });

  it('throws when a published file is not named <id>/<version>.yaml', () => {
    mkdirSync(join(dir, 'ma-cyberharassment'), { recursive: true });
    copyFileSync(REFERENCE_FILE, join(dir, 'ma-cyberharassment', '1.0.1.yaml'));
    expect(() => loadDefinitions(dir)).toThrowError(/1\.0\.1\.yaml: \/: file must be named ma-cyberharassment\/1\.0\.0\.yaml/);
  });

  it('skips an invalid draft instead of failing', () => {
    const draft = readFileSync(findPackageFile('invalid/unknown-state.yaml'), 'utf8');
    put('mini/1.0.0.yaml', draft);
    expect(loadDefinitions(dir)).toEqual([]);
  });
});
