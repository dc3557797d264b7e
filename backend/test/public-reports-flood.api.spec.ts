import request from 'supertest';
import type { App } from 'supertest/types';
import { solveChallenge } from '../src/public-reports/proof-of-work';
import { XHR } from './support/case-driver';
import { DEMO, onPostgres, startTestApp, type TestApp } from './support/test-app';

const SCHOOL = 'DEMO-RAB-001';
const FLOOD = 1000;
const CONCURRENCY = 50;

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

/**
 * A flood of the public form (issue #11): 1,000 submissions, from 1,000 client addresses, fired at one school's
 * public endpoint while a coordinator reads the case list and the intake queue. The flood is absorbed (the school's
 * hourly quota accepted, the rest 429 with Retry-After, never a 5xx), and the staff's p95 stays within a bound of the
 * baselines measured just before in the same run. Numbers: docs/public-reporting.md.
 */
describe('API: public reporting flood', () => {
  let t: TestApp;
  let server: App;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_REPORT_POW_BITS: '2' });
    server = t.app.getHttpServer() as App;
    const res = await request(server)
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: DEMO.coordinator, password: DEMO.password })
      .expect(200);
    cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  });
  afterAll(async () => t.close());

  /** One staff read (alternately the case list and the intake queue): its time in ms, and its status. */
  let turn = 0;
  async function staffRead(): Promise<{ ms: number; status: number }> {
    const path = turn++ % 2 ? '/api/intake-reports' : '/api/cases';
    const start = performance.now();
    const res = await request(server).get(path).set('Cookie', cookie);
    return { ms: performance.now() - start, status: res.status };
  }

  async function submission(i: number): Promise<{ status: number; retryAfter: string | undefined }> {
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const c = await request(server).get(`/api/public/challenge?school=${SCHOOL}`).set('X-Forwarded-For', address);
    // the quota used up: refused at the challenge, before any work or body
    if (c.status !== 200) return { status: c.status, retryAfter: c.headers['retry-after'] };
    const { challenge, difficulty } = c.body as { challenge: string; difficulty: number };
    const res = await request(server)
      .post(`/api/public/schools/${SCHOOL}/reports`)
      .set(XHR)
      .set('X-Forwarded-For', address)
      .send({
        challenge,
        nonce: solveChallenge(challenge, difficulty),
        language: 'fr',
        reporterRole: 'witness',
        whatHappened: `Message de flood numéro ${i}`,
        platforms: ['OTHER'],
        since: 'today',
        dangerNow: i % 10 === 0,
      });
    return { status: res.status, retryAfter: res.headers['retry-after'] };
  }

  /** The staff reads made while `load` runs (sequential, one at a time). */
  async function staffDuring(load: Promise<unknown>): Promise<{ ms: number[]; statuses: number[] }> {
    let running = true;
    const ms: number[] = [];
    const statuses: number[] = [];
    const reader = (async () => {
      while (running) {
        const r = await staffRead();
        ms.push(r.ms);
        statuses.push(r.status);
      }
    })();
    await load;
    running = false;
    await reader;
    return { ms, statuses };
  }

  /** `total` calls of `call`, CONCURRENCY at a time. */
  async function fire<T>(total: number, call: (i: number) => Promise<T>): Promise<T[]> {
    const results: T[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < total) results.push(await call(next++));
      }),
    );
    return results;
  }

  it(`absorbs ${FLOOD} submissions without slowing the staff app more than as many trivial requests do`, async () => {
    // warm-up, then two baselines measured here: staff reads alone, and staff reads while the same number of trivial
    // requests (GET /api/health, the cheapest route) arrive at the same concurrency: what any burst of requests to
    // this one process costs the staff, whatever they ask
    for (let i = 0; i < 10; i++) await staffRead();
    const alone: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await staffRead();
      expect(r.status).toBe(200);
      alone.push(r.ms);
    }
    const trivial = await staffDuring(
      fire(FLOOD + t.config.publicReports.perSchoolPerHour, (i) =>
        request(server)
          .get('/api/health')
          .set('X-Forwarded-For', `172.16.${(i >> 8) & 255}.${i & 255}`),
      ),
    );

    // the flood
    const started = performance.now();
    let results: { status: number; retryAfter: string | undefined }[] = [];
    const flood = await staffDuring(
      fire(FLOOD, submission).then((r) => {
        results = r;
      }),
    );
    const floodMs = performance.now() - started;

    const count = (s: number) => results.filter((r) => r.status === s).length;
    const [alone95, trivial95, flood95] = [p95(alone), p95(trivial.ms), p95(flood.ms)];
    process.stdout.write(
      `\n  flood (${onPostgres() ? 'PostgreSQL' : 'SQLite'}): ${FLOOD} submissions (${CONCURRENCY} at a time) in ${Math.round(floodMs)} ms, ` +
        `${count(201)} accepted, ${count(429)} rate limited; staff p95: ${alone95.toFixed(1)} ms alone, ` +
        `${trivial95.toFixed(1)} ms during as many trivial requests, ${flood95.toFixed(1)} ms during the flood ` +
        `(${flood.ms.length} reads; x${(flood95 / trivial95).toFixed(2)} the trivial burst)\n`,
    );
    expect(results.length).toBe(FLOOD);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect([...trivial.statuses, ...flood.statuses].filter((s) => s !== 200)).toEqual([]);
    // the school's hourly quota (PUBLIC_REPORT_LIMIT_PER_SCHOOL, 60) accepted, every other one refused with a delay
    expect(count(201)).toBe(t.config.publicReports.perSchoolPerHour);
    expect(count(429)).toBe(FLOOD - count(201));
    expect(results.filter((r) => r.status === 429).every((r) => Number(r.retryAfter) > 0)).toBeTrue();
    // the bound: the flood costs the staff no more than 3x what as many trivial requests cost (+200 ms: a p95 of a few
    // dozen reads on a machine shared with other runs is noisy; runs measured 0.9x to 2.2x): the public channel adds no
    // heavy work of its own (argon2 one at a time, refusals before any body; before those, a staff p95 of 2.5 s).
    expect(flood.ms.length).toBeGreaterThanOrEqual(5);
    expect(flood95)
      .withContext(`staff p95 ${flood95} ms during the flood, ${trivial95} ms during trivial requests, ${alone95} ms alone`)
      .toBeLessThanOrEqual(3 * trivial95 + 200);

    // the queue shows them and the badge counts them
    const summary = await request(server).get('/api/intake-reports/summary').set('Cookie', cookie).expect(200);
    expect(summary.body.pending).toBe(count(201));
  }, 300_000);
});
