import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalContract, openApiDocument } from '../src/app.factory';
import { startTestApp, type TestApp } from './support/test-app';

const COMMITTED = join(__dirname, '..', '..', '..', 'frontend', 'src', 'app', 'api', 'openapi.json');

/**
 * The app's API types (frontend/src/app/api/schema.ts) are generated from the OpenAPI document committed beside
 * them. This spec fails as soon as the backend's routes or DTOs differ from that document, so the app can never
 * compile against a stale contract: run `npm run api:types` and commit the two files.
 */
describe('API contract: the app is typed against the current API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('matches frontend/src/app/api/openapi.json (else run `npm run api:types`)', () => {
    const current = canonicalContract(openApiDocument(t.app));
    const committed = readFileSync(COMMITTED, 'utf8');
    if (current !== committed) {
      const a = current.split('\n');
      const b = committed.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      fail(
        `the API changed: run \`npm run api:types\` and commit frontend/src/app/api/. First difference at line ${line + 1}:\n  code:      ${a[line]}\n  committed: ${b[line]}`,
      );
    }
    expect(current.length).toBeGreaterThan(1000);
  });
});
