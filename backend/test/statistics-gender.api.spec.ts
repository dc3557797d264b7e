import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseRecord } from '../src/cases/case.entities';
import { moroccanDay } from '../src/cases/projection';
import { CaseDriver, XHR } from './support/case-driver';
import { addProvince, addSchool, insertCases, REGIONS, type CraftedCase } from './support/statistics-data';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

interface Row {
  key: string | null;
  value: number | null;
  suppressed: boolean;
  reason: 'small' | 'complementary' | null;
}
type Key = 'month' | 'targetSex' | 'authorSex' | 'genderBased' | 'aiFacilitated' | 'aiTrend';
interface Stats {
  disclosureControl: boolean;
  breakdowns: Record<Key, Row[]>;
  withheld: string[];
}

/** How a row is published: [key, the number or its mark]. */
const published = (rows: Row[]) => rows.map((r) => [r.key, r.suppressed ? (r.reason === 'small' ? '<5' : 'c') : r.value]);

/**
 * Issue #13 on crafted case rows: a direction provinciale G1 with one collège (20 cases: sex of targets and authors,
 * the gender-based marker, AI-facilitated cases in September and October) and G2 with one collège (8 cases, 4 + 4
 * gender-based). No seed touches these units, so every count is known.
 */
describe('API: statistics by sex, gender-based marker and AI-facilitated cases (issue #13)', () => {
  let t: TestApp;
  let server: App;
  const cookies = new Map<string, string>();

  async function stats(address: string, query = ''): Promise<Stats> {
    if (!cookies.has(address)) {
      const res = await request(server).post('/api/auth/login').set(XHR).send({ email: address, password: DEMO.password }).expect(200);
      cookies.set(address, (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sanad_session='))!.split(';')[0]);
    }
    const res = await request(server).get(`/api/statistics${query}`).set('Cookie', cookies.get(address)!);
    expect(res.status).withContext(JSON.stringify(res.body)).toBe(200);
    return res.body as Stats;
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    const db = t.app.get(DataSource);
    const g1 = await addProvince(db, REGIONS.RSK, 'GS-G1');
    const g2 = await addProvince(db, REGIONS.MS, 'GS-G2');
    const a = await addSchool(db, g1, 'GS-A');
    const b = await addSchool(db, g2, 'GS-B');
    // 20 cases of school A, each attribute spread independently over them
    const list = <T>(...parts: [T, number][]): T[] => parts.flatMap(([v, n]) => Array<T>(n).fill(v));
    const targetSex = list<string | null>(['female', 9], ['male', 6], ['mixed', 2], [null, 3]);
    const authorSex = list<string | null>(['male', 12], ['female', 3], [null, 5]);
    const genderBased = list<string | null>(['yes', 8], ['no', 7], [null, 5]);
    // September: 8 cases, 2 AI-facilitated; October: 12 cases, 6 AI-facilitated
    const months = list<[string, boolean]>(
      [['2026-09-15T09:00:00.000Z', true], 2],
      [['2026-09-15T09:00:00.000Z', false], 6],
      [['2026-10-15T09:00:00.000Z', true], 6],
      [['2026-10-15T09:00:00.000Z', false], 6],
    );
    const crafted: CraftedCase[] = months.map(([createdAt, ai], i) => ({
      schoolId: a,
      createdAt,
      aiFacilitated: ai,
      typeCodes: ai ? '|AI_SEXUAL_IMAGE|' : '|INSULT|',
      targetSex: targetSex[i],
      authorSex: authorSex[i],
      genderBased: genderBased[i],
    }));
    crafted.push(
      ...list<string>(['yes', 4], ['no', 4]).map((g) => ({ schoolId: b, createdAt: '2026-10-15T09:00:00.000Z', genderBased: g })),
    );
    await insertCases(db, crafted);
    await addAccount(db, 'pr.a@gender.test', [{ role: 'principal', schoolId: a }]);
    await addAccount(db, 'officer.g1@gender.test', [{ role: 'officer', provinceId: g1 }]);
    await addAccount(db, 'officer.g2@gender.test', [{ role: 'officer', provinceId: g2 }]);
  }, 60_000);

  afterAll(async () => t.close());

  it('principal: their school’s exact counts by sex, marker, AI-facilitated and the monthly trend', async () => {
    const s = await stats('pr.a@gender.test');
    expect(s.disclosureControl).toBeFalse();
    expect(published(s.breakdowns.targetSex)).toEqual([
      ['female', 9],
      ['male', 6],
      ['mixed', 2],
      [null, 3],
    ]);
    expect(published(s.breakdowns.authorSex)).toEqual([
      ['female', 3],
      ['male', 12],
      [null, 5],
    ]);
    expect(published(s.breakdowns.genderBased)).toEqual([
      ['yes', 8],
      ['no', 7],
      [null, 5],
    ]);
    expect(published(s.breakdowns.aiFacilitated)).toEqual([
      ['yes', 8],
      ['no', 12],
    ]);
    expect(published(s.breakdowns.aiTrend)).toEqual([
      ['2026-09', 2],
      ['2026-10', 6],
    ]);
    expect(published(s.breakdowns.month)).toEqual([
      ['2026-09', 8],
      ['2026-10', 12],
    ]);
  });

  it('officer: small cells "<5" with their complements "c", as every other breakdown', async () => {
    const s = await stats('officer.g1@gender.test');
    expect(s.disclosureControl).toBeTrue();
    // two small cells (2 + 3 = 5 left by the total): each can still be 1 to 4, no complement needed
    expect(published(s.breakdowns.targetSex)).toEqual([
      ['female', 9],
      ['male', 6],
      ['mixed', '<5'],
      [null, '<5'],
    ]);
    // one small cell: the smallest other one is hidden with it
    expect(published(s.breakdowns.authorSex)).toEqual([
      ['female', '<5'],
      ['male', 12],
      [null, 'c'],
    ]);
    expect(published(s.breakdowns.genderBased)).toEqual([
      ['yes', 8],
      ['no', 7],
      [null, 5],
    ]);
    // months × AI-facilitated protected as one table: September's 2 AI cases hidden, and what would give them back
    // (October's 6 from the AI total 8, September's 6 others from its month total 8) hidden too
    expect(published(s.breakdowns.aiTrend)).toEqual([
      ['2026-09', '<5'],
      ['2026-10', 'c'],
    ]);
    expect(published(s.breakdowns.aiFacilitated)).toEqual([
      ['yes', 8],
      ['no', 12],
    ]);
    expect(published(s.breakdowns.month)).toEqual([
      ['2026-09', 8],
      ['2026-10', 12],
    ]);
    expect(s.withheld).toEqual([]);
  });

  it('officer: a breakdown that cannot be protected (4 + 4) is withheld, the others kept', async () => {
    const s = await stats('officer.g2@gender.test');
    expect(s.withheld).toContain('genderBased');
    expect(s.breakdowns.genderBased).toEqual([]);
    expect(published(s.breakdowns.targetSex)).toEqual([[null, 8]]);
    expect(published(s.breakdowns.aiTrend)).toEqual([['2026-10', 0]]);
  });

  it('a real case on protocol 1.1.0: the genderBased triage fact and an AI-facilitated type reach the statistics', async () => {
    const principal = DEMO.principal;
    const before = await stats(principal);
    const count = (s: Stats, key: Key, k: string | null) => s.breakdowns[key].find((r) => r.key === k)?.value ?? 0;
    const d = await CaseDriver.start(server, 'Montage humiliant');
    expect((await d.detail()).protocol.version).toBe('1.1.0');
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/people`)
      .set(XHR)
      .send({ role: 'target', kind: 'pupil', sex: 'female' })
      .expect(201);
    await d.reported({ types: ['MANIPULATED_MEDIA', 'INSULT'] });
    await d.complete('triage', 'coordinator', { tier: 'T1', genderBased: true });
    const row = await t.app.get(DataSource).getRepository(CaseRecord).findOneByOrFail({ id: d.caseId });
    expect(row).toEqual(jasmine.objectContaining({ aiFacilitated: true, genderBased: 'yes', targetSex: 'female', authorSex: null }));
    const after = await stats(principal);
    expect(count(after, 'aiFacilitated', 'yes')).toBe(count(before, 'aiFacilitated', 'yes') + 1);
    expect(count(after, 'genderBased', 'yes')).toBe(count(before, 'genderBased', 'yes') + 1);
    expect(count(after, 'targetSex', 'female')).toBe(count(before, 'targetSex', 'female') + 1);
    const month = moroccanDay(new Date().toISOString()).slice(0, 7);
    expect(count(after, 'aiTrend', month)).toBe(count(before, 'aiTrend', month) + 1);
  });

  it('never sends a person-level field: no sex of anyone, only these aggregates', async () => {
    const s = await stats('officer.g1@gender.test');
    expect(JSON.stringify(s)).not.toMatch(/"sex"|displayName|"code":"[EAWR]\d/);
  });
});
