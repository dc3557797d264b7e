import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { MESSAGES } from '../src/common/messages';
import { XHR } from './support/case-driver';
import { addProvince, addSchool, insertCases, REGIONS, type CraftedCase } from './support/statistics-data';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

const dir = mkdtempSync(join(tmpdir(), 'sanad-stats-pdf-'));
let n = 0;
/** The text of a PDF (pdftotext), words kept in reading order. */
function pdfText(pdf: Buffer): string {
  const f = join(dir, `${++n}.pdf`);
  writeFileSync(f, pdf);
  return execFileSync('pdftotext', [f, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(
    /[\u200E\u200F\u202A-\u202E]/g,
    '',
  );
}

/** GET /api/statistics/report.pdf: the D13 report of the same view as GET /api/statistics (issue #9). */
describe('API: statistics PDF report (D13)', () => {
  let t: TestApp;
  let server: App;
  let p1: string;
  let p2: string;

  const login = async (email: string) => {
    const res = await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
    return (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sanad_session='))!.split(';')[0];
  };
  const get = async (email: string, path: string, lang = 'fr') =>
    request(server)
      .get(path)
      .set('Cookie', await login(email))
      .set('Accept-Language', lang)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    const db = t.app.get(DataSource);
    p1 = await addProvince(db, REGIONS.RSK, 'PDF-P1');
    p2 = await addProvince(db, REGIONS.MS, 'PDF-P2');
    const a1 = await addSchool(db, p1, 'PDF-A1');
    const b1 = await addSchool(db, p2, 'PDF-B1');
    const cases: CraftedCase[] = [
      ...Array.from({ length: 12 }, () => ({ schoolId: a1, typeCodes: '|INSULT|', tier: 'T1' as const })),
      ...Array.from({ length: 3 }, () => ({ schoolId: a1, typeCodes: '|DOXXING|', tier: 'T3' as const })),
      ...Array.from({ length: 7 }, () => ({
        schoolId: a1,
        typeCodes: '|INSULT|',
        tier: 'T2' as const,
        closedAt: '2026-11-01T10:00:00.000Z',
      })),
      ...Array.from({ length: 3 }, () => ({ schoolId: b1, typeCodes: '|HAPPY_SLAPPING|' })),
    ];
    await insertCases(db, cases);
    await addAccount(db, 'officer.pdf@stats.test', [{ role: 'officer', provinceId: p1 }]);
    await addAccount(db, 'pr.pdf@stats.test', [{ role: 'principal', schoolId: a1 }]);
    await addAccount(db, 'co.pdf@stats.test', [{ role: 'coordinator', schoolId: a1 }]);
  }, 60_000);

  afterAll(async () => t.close());

  it('officer in scope: a PDF attachment of the same numbers as the JSON, suppressed cells as "<5" / "c", no school', async () => {
    const res = await get('officer.pdf@stats.test', '/api/statistics/report.pdf?lang=fr');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="statistiques-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    const stats = json((await get('officer.pdf@stats.test', '/api/statistics')).body as Buffer) as {
      total: { value: number };
      breakdowns: { tier: { key: string; value: number | null; reason: string | null }[] };
    };
    expect(stats.total.value).toBe(22);
    expect(text).toContain('Statistiques pseudonymisées');
    expect(text).toContain('Province PDF-P1'); // the header: the officer's province
    // tiers: T1 12 shown; T3 (3) small, and T2 (7) complementary, as in the JSON
    expect(stats.breakdowns.tier.map((r) => [r.key, r.value, r.reason])).toEqual([
      ['T1', 12, null],
      ['T2', null, 'complementary'],
      ['T3', null, 'small'],
    ]);
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    expect(squash(text)).toContain('T1 – harcèlement 12');
    expect(squash(text)).toMatch(/T2 – harcèlement grave c\b/);
    expect(squash(text)).toContain("T3 – urgence, protection de l'enfant <5");
    expect(squash(text)).not.toMatch(/harcèlement grave 7|enfant 3\b/);
    // no school: neither its name nor its code
    expect(text).not.toContain('PDF-A1');
    expect(text).not.toContain('École');
    // no province breakdown below the academy
    expect(text).not.toContain('Dossiers par direction provinciale');
  });

  it('Arabic, English and bilingual; the academy officer gets the provinces', async () => {
    const ar = await get(DEMO.officer, '/api/statistics/report.pdf?lang=ar');
    expect(ar.status).toBe(200);
    expect(pdfText(ar.body as Buffer).replace(/\s+/g, '')).toContain('إحصائياتبمعطياتمستعارة'.replace(/\s+/g, ''));
    const en = await get(DEMO.officer, `/api/statistics/report.pdf?lang=en&provinceId=${p1}&level=college`);
    expect(en.status).toBe(200);
    const enText = pdfText(en.body as Buffer);
    expect(enText).toContain('Pseudonymised statistics');
    expect(enText).toContain('Province PDF-P1');
    const all = pdfText((await get(DEMO.officer, '/api/statistics/report.pdf?lang=en')).body as Buffer);
    expect(all).toContain('Cases by provincial directorate');
    const both = await get(DEMO.officer, '/api/statistics/report.pdf?lang=fr%2Bar');
    expect(both.status).toBe(200);
  });

  it('principal: their own school, exact counts, named in the header', async () => {
    const res = await get('pr.pdf@stats.test', '/api/statistics/report.pdf');
    expect(res.status).toBe(200);
    const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('École PDF-A1');
    expect(text).toContain("T3 – urgence, protection de l'enfant 3");
    expect(text).not.toContain('<5');
  });

  it('refusals: team member 403, outside the scope 404, bad language 400, never a PDF', async () => {
    const coordinator = await get('co.pdf@stats.test', '/api/statistics/report.pdf', 'ar');
    expect(coordinator.status).toBe(403);
    expect(json(coordinator.body as Buffer).message).toBe(MESSAGES.ROLE_NOT_ALLOWED.ar);
    const outside = await get('officer.pdf@stats.test', `/api/statistics/report.pdf?provinceId=${p2}`, 'en');
    expect(outside.status).toBe(404);
    expect(json(outside.body as Buffer).code).toBe('UNIT_NOT_FOUND');
    const bad = await get('officer.pdf@stats.test', '/api/statistics/report.pdf?lang=de');
    expect(bad.status).toBe(400);
    expect(json(bad.body as Buffer).message).toBe(MESSAGES.VALIDATION_FAILED.fr);
    expect((await request(server).get('/api/statistics/report.pdf')).status).toBe(401);
  });
});
