// Lighthouse (mobile and desktop presets) on the pages a teacher opens most: "Mon travail" and the page of a demo
// case, served by the real built server (backend + frontend dist, throw-away data directory, demo data), signed
// in as the demo teacher (the session cookie goes with every request through Lighthouse's extraHeaders).
// Builds nothing: run `npm run build` first. Targets on the case page: performance >= 90, accessibility = 100.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../e2e/support/server.mjs';

const require = createRequire(import.meta.url);
const LIGHTHOUSE = join(require.resolve('lighthouse/package.json'), '..', 'cli', 'index.js');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage';
const EMAIL = 'enseignante@demo.sanad.ma';
const PASSWORD = 'Sanad-demo-2026!';
const CASE_TITLE = /TikTok/;
const TARGETS = { performance: 90, accessibility: 100 };

if (!existsSync(CHROME_PATH)) throw new Error(`No browser at ${CHROME_PATH}: apt-get install -y chromium (or set CHROME_PATH)`);

const server = await startServer();
const reports = mkdtempSync(join(tmpdir(), 'sanad-lighthouse-'));
let failed = false;
try {
  const cookie = await signIn(server.url);
  const caseId = await demoCaseId(server.url, cookie);
  const pages = [
    ['case page', `/cases/${caseId}`],
    ['my work', '/my-work'],
  ];
  const results = [];
  for (const [name, path] of pages) {
    for (const preset of ['mobile', 'desktop']) {
      const r = runLighthouse(server.url + path, preset, cookie, join(reports, `${name.replace(/\W+/g, '-')}-${preset}`));
      results.push({ page: name, preset, ...r });
      console.log(
        `  ${`${name}, ${preset}`.padEnd(22)} performance ${pad(r.performance)}  accessibility ${pad(r.accessibility)}  ` +
          `best practices ${pad(r.bestPractices)}  SEO ${pad(r.seo)}   FCP ${r.fcp}  LCP ${r.lcp}  TBT ${r.tbt}  CLS ${r.cls}`,
      );
      for (const a of r.failedAccessibility) console.log(`    accessibility: ${a}`);
    }
  }
  for (const r of results.filter((x) => x.page === 'case page')) {
    if (r.performance < TARGETS.performance)
      console.log(`  ✘ case page (${r.preset}): performance ${r.performance} < ${TARGETS.performance}`);
    if (r.accessibility < TARGETS.accessibility) {
      console.log(`  ✘ case page (${r.preset}): accessibility ${r.accessibility} < ${TARGETS.accessibility}`);
      failed = true;
    }
  }
  console.log(`  reports (HTML and JSON): ${reports}`);
  console.log(
    JSON.stringify({ bench: 'lighthouse', results: results.map((r) => ({ ...r, failedAccessibility: r.failedAccessibility.length })) }),
  );
} finally {
  await server.stop();
}
if (failed) process.exit(1);

function pad(score) {
  return String(score).padStart(3);
}

/** Signs in through the API as the app does and returns the session cookie ("name=value"). */
async function signIn(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('sanad_session='));
  if (!cookie) throw new Error('sign-in answered without a session cookie');
  return cookie;
}

/** The demo case about rumours on TikTok (a case in progress with a full task list), or the first case. */
async function demoCaseId(url, cookie) {
  const res = await fetch(`${url}/api/cases?pageSize=50`, { headers: { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' } });
  if (!res.ok) throw new Error(`case list failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const items = body.items ?? body;
  const found = items.find((c) => CASE_TITLE.test(c.title)) ?? items[0];
  if (!found) throw new Error('no demo case: is SEED_DEMO on?');
  return found.id;
}

/** One Lighthouse run through its command line, as documented; returns the scores (0–100) and the metrics. */
function runLighthouse(url, preset, cookie, outputPath) {
  const args = [
    LIGHTHOUSE,
    url,
    `--chrome-flags=${CHROME_FLAGS}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    '--output=json',
    '--output=html',
    `--output-path=${outputPath}`,
    '--quiet',
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  const run = spawnSync(process.execPath, args, { env: { ...process.env, CHROME_PATH }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`lighthouse failed on ${url} (${preset}):\n${run.stderr}`);
  const lhr = JSON.parse(readFileSync(`${outputPath}.report.json`, 'utf8'));
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) {
    throw new Error(`lighthouse measured ${lhr.finalDisplayedUrl}, not ${url}: the session cookie was not accepted`);
  }
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const metric = (id) => lhr.audits[id]?.displayValue ?? '–';
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcp: metric('first-contentful-paint'),
    lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    failedAccessibility: lhr.categories.accessibility.auditRefs
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a.score !== null && a.score < 1)
      .map((a) => `${a.id}: ${a.title} (${(a.details?.items ?? []).map((i) => i.node?.selector).join(', ')})`),
  };
}
