import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import type { App } from 'supertest/types';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

/**
 * Security headers and the session cookie (issue #12, docs/security.md "Headers and cookies"), on API answers,
 * API errors and the static app, over http and with an https PUBLIC_URL (behind a TLS proxy).
 */
describe('Security headers and cookies', () => {
  let http: TestApp;
  let https: TestApp;
  let frontend: string;

  beforeAll(async () => {
    frontend = mkdtempSync(join(tmpdir(), 'sanad-frontend-'));
    writeFileSync(join(frontend, 'index.html'), '<!doctype html><html><body><app-root></app-root></body></html>');
    writeFileSync(join(frontend, 'main-ABCDEFGH.js'), 'console.log(1);');
    mkdirSync(join(frontend, 'media'));
    http = await startTestApp({ FRONTEND_DIR: frontend });
    https = await startTestApp({ FRONTEND_DIR: frontend, PUBLIC_URL: 'https://sanad.example.ma' }, { shareWith: http });
  });
  afterAll(async () => {
    await https.close();
    await http.close();
    rmSync(frontend, { recursive: true, force: true });
  });

  const server = (t: TestApp) => t.app.getHttpServer() as App;

  /** What every answer carries, API or static, success or error. */
  function expectBaseline(res: Response, tls: boolean): void {
    const csp = String(res.headers['content-security-policy']);
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['base-uri']).toBe("'self'");
    expect(directives['form-action']).toBe("'self'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect('upgrade-insecure-requests' in directives).toBe(tls);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['server']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    if (tls) {
      const hsts = String(res.headers['strict-transport-security']);
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(180 * 24 * 3600);
      expect(hsts).toContain('includeSubDomains');
    } else {
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  }

  for (const tls of [false, true]) {
    const label = tls ? 'https PUBLIC_URL' : 'http';
    const t = () => (tls ? https : http);

    it(`${label}: on API answers and API errors (404, 401, 400, 413), which keep the error shape`, async () => {
      const ok = await request(server(t())).get('/api/health').expect(200);
      expectBaseline(ok, tls);
      expect(ok.headers['cache-control']).toBe('no-store');
      const errors = [
        await request(server(t())).get('/api/no-such-route').set(XHR),
        await request(server(t())).get('/api/cases').set(XHR),
        await request(server(t())).post('/api/auth/login').set(XHR).set('Content-Type', 'application/json').send('{"email":'),
        await request(server(t()))
          .post('/api/auth/login')
          .set(XHR)
          .send({ email: 'a@b.ma', password: 'x'.repeat(200 * 1024) }),
      ];
      expect(errors.map((r) => r.status)).toEqual([404, 401, 400, 413]);
      for (const res of errors) {
        expectBaseline(res, tls);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.body).toEqual(
          jasmine.objectContaining({ statusCode: res.status, code: jasmine.any(String), message: jasmine.any(String) }),
        );
        expect(JSON.stringify(res.body)).not.toMatch(/stack|node_modules|\.js:\d+/);
      }
    });

    it(`${label}: on the static app (index, hashed bundle, client route, missing asset)`, async () => {
      const index = await request(server(t())).get('/').expect(200);
      expectBaseline(index, tls);
      expect(index.headers['cache-control']).toBe('no-cache');
      const bundle = await request(server(t())).get('/main-ABCDEFGH.js').expect(200);
      expectBaseline(bundle, tls);
      expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const route = await request(server(t())).get('/cases/123').expect(200);
      expectBaseline(route, tls);
      expect(route.text).toContain('<app-root>');
    });

    it(`${label}: the session cookie is HttpOnly, SameSite=Strict, Path=/, expires, Secure only with https; sign-out clears it alike`, async () => {
      const login = await request(server(t()))
        .post('/api/auth/login')
        .set(XHR)
        .send({ email: DEMO.teacher, password: DEMO.password })
        .expect(200);
      expectBaseline(login, tls);
      const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
      expect(cookies.length).toBe(1);
      const attributes = cookies[0].split(';').map((a) => a.trim());
      expect(attributes[0]).toMatch(/^sanad_session=[\w-]{32,}$/);
      const lower = attributes.map((a) => a.toLowerCase());
      expect(lower).toContain('httponly');
      expect(lower).toContain('samesite=strict');
      expect(lower).toContain('path=/');
      expect(lower.some((a) => a.startsWith('expires='))).toBe(true);
      expect(lower.includes('secure')).toBe(tls);
      expect(lower.some((a) => a.startsWith('domain='))).toBe(false);

      const logout = await request(server(t())).post('/api/auth/logout').set(XHR).set('Cookie', attributes[0]).expect(204);
      const cleared = String(([] as string[]).concat(logout.headers['set-cookie'] ?? [])[0]).toLowerCase();
      expect(cleared).toMatch(/^sanad_session=;/);
      expect(cleared).toContain('path=/');
      expect(cleared).toContain('expires=thu, 01 jan 1970');
      expect(cleared).toContain('httponly');
      expect(cleared).toContain('samesite=strict');
      expect(cleared.includes('secure')).toBe(tls);
    });
  }
});
