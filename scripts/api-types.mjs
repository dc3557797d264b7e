#!/usr/bin/env node
// The app's API types, generated from the backend's OpenAPI document (npm run api:types):
//   frontend/src/app/api/openapi.json   the contract, canonical (a backend spec fails when it drifts from the code)
//   frontend/src/app/api/schema.ts      TypeScript types of every path and schema (openapi-typescript)
// Run it after changing a DTO or a route, and commit both files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'frontend', 'src', 'app', 'api');
const data = mkdtempSync(join(tmpdir(), 'sanad-contract-'));
try {
  const contract = execFileSync(process.execPath, [join(root, 'backend', 'dist', 'src', 'cli.js'), 'api:contract'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: data,
      SQLITE_PATH: join(data, 'contract.sqlite'),
      DATABASE_URL: '',
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(join(out, 'openapi.json'), contract);
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), join(out, 'openapi.json'), '-o', join(out, 'schema.ts')],
    {
      stdio: 'inherit',
    },
  );
  execFileSync(process.execPath, [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--write', join(out, 'schema.ts')], {
    stdio: 'ignore',
  });
  console.log('api:types: frontend/src/app/api/openapi.json and schema.ts written');
} finally {
  rmSync(data, { recursive: true, force: true });
}
