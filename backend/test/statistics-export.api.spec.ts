import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { MESSAGES } from '../src/common/messages';
import { XHR } from './support/case-driver';
import { addProvince, addSchool, insertCases, REGIONS, type CraftedCase } from './support/statistics-data';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

/** GET /api/statistics/export.csv: the Ministry export, same scope, filters and suppression as the statistics. */
describe('API: statistics CSV export (Ministry categories)', () => {
  let t: TestApp;
  let server: App;
  let p1: string;
  let p2: string;

  const csv = async (email: string, query = '', lang = 'fr') => {
    const login = await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sanad_session='))!.split(';')[0];
    return request(server)
      .get(`/api/statistics/export.csv${query}`)
      .set('Cookie', cookie)
      .set('Accept-Language', lang)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  };
  const rowsOf = (body: Buffer) =>
    body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    const db = t.app.get(DataSource);
    p1 = await addProvince(db, REGIONS.RSK, 'CSV-P1');
    p2 = await addProvince(db, REGIONS.MS, 'CSV-P2');
    const a1 = await addSchool(db, p1, 'CSV-A1');
    const b1 = await addSchool(db, p2, 'CSV-B1');
    const cases: CraftedCase[] = [
      ...Array.from({ length: 9 }, () => ({ schoolId: a1, typeCodes: '|INSULT|' })), // VERBAL, open
      ...Array.from({ length: 2 }, () => ({ schoolId: a1, typeCodes: '|INSULT|', closedAt: '2026-11-01T10:00:00.000Z' })), // VERBAL, closed
      ...Array.from({ length: 7 }, () => ({ schoolId: a1, typeCodes: '|INSULT|NCII|', closedAt: '2026-11-01T10:00:00.000Z' })), // SEXUAL
      ...Array.from({ length: 6 }, () => ({ schoolId: a1, typeCodes: '|DOXXING|' })), // PSYCHOLOGICAL
      ...Array.from({ length: 3 }, () => ({ schoolId: b1, typeCodes: '|HAPPY_SLAPPING|' })),
    ];
    await insertCases(db, cases);
    await addAccount(db, 'officer.csv@stats.test', [{ role: 'officer', provinceId: p1 }]);
    await addAccount(db, 'pr.csv@stats.test', [{ role: 'principal', schoolId: a1 }]);
    await addAccount(db, 'co.csv@stats.test', [{ role: 'coordinator', schoolId: a1 }]);
  }, 60_000);

  afterAll(async () => t.close());

  it('UTF-8 with BOM, ; separated, an attachment; one row per Ministry category then TOTAL, small cells suppressed', async () => {
    const res = await csv('officer.csv@stats.test');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sanad-statistics-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(body);
    expect(rows[0]).toEqual(['ministry_category', 'label_fr', 'label_ar', 'label_en', 'cases', 'open', 'closed']);
    const by = new Map(rows.slice(1).map((r) => [r[0], r.slice(4)]));
    expect([...by.keys()]).toEqual(['PHYSICAL', 'PSYCHOLOGICAL', 'VERBAL', 'SEXUAL', 'OTHER', 'TOTAL']);
    expect(rows.find((r) => r[0] === 'SEXUAL')!.slice(1, 4)).toEqual(['Violence sexuelle', 'عنف جنسي', 'Sexual violence']);
    // VERBAL: 9 open + 2 closed; 2 is small, 9 would give it away (11 − 9)
    expect(by.get('VERBAL')).toEqual(['11', 'c', '<5']);
    // the open column (15) would then give 9 away: 6 hidden too, and with it its row total (6 = 6 + 0)
    expect(by.get('PSYCHOLOGICAL')).toEqual(['c', 'c', '0']);
    // the closed column (9 = 2 + 7): 7 hidden, and its row total (7 = 0 + 7)
    expect(by.get('SEXUAL')).toEqual(['c', '0', 'c']);
    expect(by.get('PHYSICAL')).toEqual(['0', '0', '0']);
    expect(by.get('TOTAL')![0]).toBe('24');
    // the closed column: 2 (<5) + 7 + 0… = 9 must not give the 2 away either
    const closedColumn = rows.slice(1, 6).map((r) => r[6]);
    expect(closedColumn.filter((v) => v === '<5' || v === 'c').length).toBeGreaterThanOrEqual(2);
  });

  it('principal: their own school, exact; filters as the statistics', async () => {
    const by = new Map(rowsOf((await csv('pr.csv@stats.test')).body as Buffer).map((r) => [r[0], r.slice(4)]));
    expect(by.get('VERBAL')).toEqual(['11', '9', '2']);
    expect(by.get('SEXUAL')).toEqual(['7', '0', '7']);
    expect(by.get('TOTAL')).toEqual(['24', '15', '9']);
    const empty = new Map(rowsOf((await csv('pr.csv@stats.test', '?level=lycee')).body as Buffer).map((r) => [r[0], r.slice(4)]));
    expect(empty.get('TOTAL')).toEqual(['0', '0', '0']);
  });

  it('national administrator: three cases of another academy are all suppressed', async () => {
    const by = new Map(rowsOf((await csv(DEMO.admin, `?provinceId=${p2}`)).body as Buffer).map((r) => [r[0], r.slice(4)]));
    expect(by.get('PHYSICAL')).toEqual(['<5', '<5', '0']);
    expect(by.get('TOTAL')).toEqual(['<5', '<5', '0']);
  });

  it('refusals: other roles 403, outside the scope 404, bad filters 400, in the user’s language, never a CSV', async () => {
    const coordinator = await csv('co.csv@stats.test', '', 'ar');
    expect(coordinator.status).toBe(403);
    expect(JSON.parse((coordinator.body as Buffer).toString('utf8')).message).toBe(MESSAGES.ROLE_NOT_ALLOWED.ar);
    const outside = await csv('officer.csv@stats.test', `?provinceId=${p2}`, 'en');
    expect(outside.status).toBe(404);
    expect(JSON.parse((outside.body as Buffer).toString('utf8')).code).toBe('UNIT_NOT_FOUND');
    const bad = await csv('officer.csv@stats.test', '?to=2026-13-01', 'fr');
    expect(bad.status).toBe(400);
    expect(JSON.parse((bad.body as Buffer).toString('utf8')).message).toBe(MESSAGES.VALIDATION_FAILED.fr);
    expect((await request(server).get('/api/statistics/export.csv')).status).toBe(401);
  });
});
