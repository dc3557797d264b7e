// The installable app on a weak connection: the production build registers its service worker, which keeps the
// app shell (never the API's answers: they are about minors) so the sign-in page still opens offline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const PASSWORD = 'Sanad-demo-2026!';

describe('installable app (service worker, manifest)', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the manifest, its icons and the service worker files are served', async () => {
    const res = await fetch(server.url + '/manifest.webmanifest');
    assert.equal(res.status, 200);
    const manifest = await res.json();
    assert.equal(manifest.name, 'Sanad — سند');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable'));
    for (const icon of manifest.icons) assert.equal((await fetch(new URL(icon.src, server.url + '/'))).status, 200, icon.src);

    const ngsw = await (await fetch(server.url + '/ngsw.json')).json();
    const cached = [...ngsw.assetGroups.flatMap((g) => g.urls), ...ngsw.assetGroups.flatMap((g) => g.patterns)];
    assert.ok(cached.includes('/index.html'));
    assert.deepEqual(
      cached.filter((u) => u.includes('api')),
      [],
      'nothing under /api is cached',
    );
    assert.deepEqual(ngsw.dataGroups ?? [], [], 'no API answer is cached');
    assert.equal((await fetch(server.url + '/ngsw-worker.js')).status, 200);
  });

  test('the worker registers, keeps the app shell, never an API answer, and the sign-in page opens offline', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cspViolations = [];
    page.on('console', (msg) => /Content Security Policy/i.test(msg.text()) && cspViolations.push(msg.text()));
    await page.goto(server.url + '/sign-in');
    await page.getByTestId('login-email').waitFor();
    const scope = await page.evaluate(async () => (await window.navigator.serviceWorker.ready).scope);
    assert.equal(scope, server.url + '/');
    // the app shell is in the cache once the worker has prefetched it
    await page.waitForFunction(
      async () => {
        for (const name of await window.caches.keys()) {
          if (name.endsWith(':assets:app-shell:cache') && (await (await window.caches.open(name)).match('/index.html'))) return true;
        }
        return false;
      },
      null,
      { timeout: 30_000, polling: 250 },
    );

    // signed in, reading cases: the answers of the API stay out of every cache
    await page.getByTestId('login-email').fill('enseignante@demo.sanad.ma');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('my-work').waitFor();
    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-row').first().waitFor();
    await page.getByTestId('case-link').first().click();
    await page.getByTestId('task-list').waitFor();
    const cachedUrls = await page.evaluate(async () => {
      const urls = [];
      for (const name of await window.caches.keys()) {
        for (const request of await (await window.caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    assert.ok(cachedUrls.length > 0);
    assert.deepEqual(
      cachedUrls.filter((u) => new URL(u).pathname.startsWith('/api')),
      [],
    );
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);

    // no network at all: the app still opens on the sign-in page, in French
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('login-email').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await page.goto(server.url + '/cases');
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('login-email').waitFor();
    await context.setOffline(false);
    assert.deepEqual(cspViolations, []);
    await context.close();
  });
});
