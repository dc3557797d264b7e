/** Paths inside the package, from dist/spec/support or spec/support. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROTOCOLS_DIR } from '../../src/node';

export const PACKAGE_DIR = dirname(PROTOCOLS_DIR);

export function findPackageFile(relativePath: string): string {
  const path = join(PACKAGE_DIR, relativePath);
  if (!existsSync(path)) throw new Error(`missing ${path}`);
  return path;
}
