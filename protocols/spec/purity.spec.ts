import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageFile } from './support/paths';

/** The engine entry is imported by the Angular frontend: it must stay free of Node and of the validator's libraries. */
describe('engine purity', () => {
  const srcDir = findPackageFile('src');
  const engineFiles = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));

  it('has engine files to check', () => {
    expect(engineFiles).toContain('index.ts');
    expect(engineFiles).toContain('state.ts');
  });

  for (const file of engineFiles) {
    it(`src/${file} imports only other engine files`, () => {
      const text = readFileSync(join(srcDir, file), 'utf8');
      const imports = [...text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'|require\('([^']+)'\)/g)].map((m) => m[1] ?? m[2] ?? '');
      const outside = imports.filter((spec) => !/^\.\/[a-z-]+$/.test(spec));
      expect(outside).toEqual([]);
      expect(text).not.toMatch(/\bprocess\.|Date\.now\(|new Date\(\)|Math\.random/);
    });
  }
});
