import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseRecord } from '../src/cases/case.entities';
import { PROJECTION_VERSION } from '../src/cases/projection';
import { refreshProjections } from '../src/cases/refresh-projections';
import { ProtocolCatalogue } from '../src/protocols/protocol-catalogue';
import { MESSAGES } from '../src/common/messages';
import { XHR } from './support/case-driver';
import { addProvince, addSchool, insertCases, REGIONS, type CraftedCase } from './support/statistics-data';
import { addAccount, DEMO, startTestApp, type TestApp } from './support/test-app';

interface Cell {
  value: number | null;
  suppressed: boolean;
  reason: 'small' | 'complementary' | null;
}
interface Row extends Cell {
  key: string | null;
}
interface Stats {
  scope: { kind: string; unitId: string | null };
  disclosureControl: boolean;
  total: Cell;
  open: Cell;
  closed: Cell;
  schoolsWithCases: Cell;
  breakdowns: Record<'type' | 'tier' | 'track' | 'level' | 'platform' | 'month' | 'province' | 'followUpOutcome', Row[]>;
  durations: Record<
    'toTriage' | 'toFirstInterview' | 'toClosure',
    { cases: Cell; medianDays: number | null; p90Days: number | null; suppressed: boolean }
  >;
  onTime: { stepsDone: Cell; stepsOnTime: Cell; share: number | null; suppressed: boolean };
}

const RABAT_PROVINCE = '5a0d0001-0000-4000-8000-000000000401';
const row = (rows: Row[], key: string | null) => rows.find((r) => r.key === key);
const shownValue = (value: number) => ({ value, suppressed: false, reason: null });

/**
 * GET /api/statistics on crafted data (issue #9): a new direction provinciale P1 in Rabat-Salé-Kénitra with a
 * collège A1 (8 cases) and a lycée A2 (6 cases), and P2 in Marrakech-Safi with a collège B1 (3 cases). No seed
 * touches these units, so every count is known.
 */
describe('API: statistics (scope, disclosure control, filters, errors)', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let p1: string;
  let p2: string;
  const cookies = new Map<string, string>();

  async function as(address: string): Promise<string> {
    if (!cookies.has(address)) {
      const res = await request(server).post('/api/auth/login').set(XHR).send({ email: address, password: DEMO.password }).expect(200);
      cookies.set(address, (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sanad_session='))!.split(';')[0]);
    }
    return cookies.get(address)!;
  }
  const get = async (address: string | null, query = '', lang = 'fr') => {
    const test = request(server).get(`/api/statistics${query}`).set('Accept-Language', lang);
    return address ? test.set('Cookie', await as(address)) : test;
  };
  const stats = async (address: string, query = ''): Promise<Stats> => {
    const res = await get(address, query);
    expect(res.status).withContext(JSON.stringify(res.body)).toBe(200);
    return res.body as Stats;
  };

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    p1 = await addProvince(db, REGIONS.RSK, 'ST-P1');
    p2 = await addProvince(db, REGIONS.MS, 'ST-P2');
    const a1 = await addSchool(db, p1, 'ST-A1', 'college');
    const a2 = await addSchool(db, p1, 'ST-A2', 'lycee');
    const b1 = await addSchool(db, p2, 'ST-B1', 'college');
    const crafted: CraftedCase[] = [
      ...[1, 2, 3, 4, 10].map((d) => ({
        schoolId: a1,
        createdAt: '2026-10-05T09:00:00.000Z',
        tier: 'T1',
        track: 'MPP',
        typeCodes: '|INSULT|',
        platformCodes: '|INSTAGRAM|',
        triageDays: d,
        stepsDue: 2,
        stepsOnTime: 1,
      })),
      ...[0, 1, 2].map(() => ({
        schoolId: a1,
        createdAt: '2026-09-10T09:00:00.000Z',
        tier: 'T3',
        track: 'FORMAL',
        typeCodes: '|NCII|',
        closedAt: '2026-10-07T09:00:00.000Z',
        closureDays: 27,
        followUpOutcome: 'STOPPED',
      })),
      ...[0, 1, 2, 3, 4, 5].map(() => ({
        schoolId: a2,
        createdAt: '2026-10-20T09:00:00.000Z',
        tier: 'T0',
        track: 'EDUCATIONAL',
        typeCodes: '|INSULT|MOBBING|',
      })),
      { schoolId: b1, createdAt: '2026-10-05T09:00:00.000Z', tier: 'T2' },
      { schoolId: b1, createdAt: '2026-10-05T09:00:00.000Z', tier: 'T2' },
      // 00:30 on 1 October in Morocco (UTC+1)
      { schoolId: b1, createdAt: '2026-09-30T23:30:00.000Z', tier: 'T2' },
    ];
    await insertCases(db, crafted);
    await addAccount(db, 'pr.a1@stats.test', [{ role: 'principal', schoolId: a1 }]);
    await addAccount(db, 'pr.b1@stats.test', [{ role: 'principal', schoolId: b1 }]);
    await addAccount(db, 'tm.a1@stats.test', [{ role: 'team_member', schoolId: a1 }]);
    await addAccount(db, 'co.a1@stats.test', [{ role: 'coordinator', schoolId: a1 }]);
    await addAccount(db, 'officer.p1@stats.test', [{ role: 'officer', provinceId: p1 }]);
    await addAccount(db, 'admin.p1@stats.test', [{ role: 'admin', provinceId: p1 }]);
  }, 60_000);

  afterAll(async () => t.close());

  it('principal: their own school only, exact counts, percentiles and months', async () => {
    const s = await stats('pr.a1@stats.test');
    expect(s.scope.kind).toBe('school');
    expect(s.disclosureControl).toBeFalse();
    expect(s.total).toEqual(shownValue(8));
    expect(s.open).toEqual(shownValue(5));
    expect(s.closed).toEqual(shownValue(3));
    expect(row(s.breakdowns.tier, 'T3')).toEqual({ key: 'T3', ...shownValue(3) });
    expect(row(s.breakdowns.track, 'MPP')?.value).toBe(5);
    expect(row(s.breakdowns.followUpOutcome, 'STOPPED')?.value).toBe(3);
    expect(row(s.breakdowns.followUpOutcome, null)?.value).toBe(5);
    expect(s.breakdowns.month.map((m) => [m.key, m.value])).toEqual([
      ['2026-09', 3],
      ['2026-10', 5],
    ]);
    expect(s.breakdowns.province).toEqual([]);
    expect(row(s.breakdowns.platform, 'INSTAGRAM')?.value).toBe(5);
    expect(row(s.breakdowns.type, 'NCII')?.value).toBe(3);
    // 1, 2, 3, 4, 10 days: median 3, 90th percentile (continuous) 4 + 0.6 × 6 = 7.6
    expect(s.durations.toTriage).toEqual({ cases: shownValue(5), medianDays: 3, p90Days: 7.6, suppressed: false });
    expect(s.durations.toClosure).toEqual({ cases: shownValue(3), medianDays: 27, p90Days: 27, suppressed: false });
    expect(s.durations.toFirstInterview.medianDays).toBeNull();
    expect(s.onTime).toEqual({ stepsDone: shownValue(10), stepsOnTime: shownValue(5), share: 0.5, suppressed: false });
    // their own province and academy are allowed filters (they contain the school); another one is not found
    expect((await stats('pr.a1@stats.test', `?provinceId=${p1}`)).total.value).toBe(8);
    expect((await stats('pr.a1@stats.test', `?regionId=${REGIONS.RSK}`)).total.value).toBe(8);
    expect((await get('pr.a1@stats.test', `?provinceId=${p2}`)).status).toBe(404);
  });

  it('provincial officer: the schools of the province, small cells and their complements suppressed', async () => {
    const s = await stats('officer.p1@stats.test');
    expect(s.scope).toEqual({ kind: 'province', unitId: p1 });
    expect(s.disclosureControl).toBeTrue();
    expect(s.total).toEqual(shownValue(14));
    // closed = 3 is small; open = 11 would give it away (14 − 11): hidden too
    expect(s.closed).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(s.open).toEqual({ value: null, suppressed: true, reason: 'complementary' });
    expect(row(s.breakdowns.tier, 'T0')).toEqual({ key: 'T0', ...shownValue(6) });
    expect(row(s.breakdowns.tier, 'T3')).toEqual({ key: 'T3', value: null, suppressed: true, reason: 'small' });
    expect(row(s.breakdowns.tier, 'T1')).toEqual({ key: 'T1', value: null, suppressed: true, reason: 'complementary' });
    expect(row(s.breakdowns.level, 'college')?.value).toBe(8);
    expect(row(s.breakdowns.level, 'lycee')?.value).toBe(6);
    // two schools: a count under 5, never which ones
    expect(s.schoolsWithCases).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(s.durations.toTriage.medianDays).toBe(3);
    expect(s.durations.toClosure).toEqual({
      cases: { value: null, suppressed: true, reason: 'small' },
      medianDays: null,
      p90Days: null,
      suppressed: true,
    });
    expect(s.breakdowns.province).toEqual([]);
    expect(JSON.stringify(s)).not.toContain('ST-A1');
    // containing academy: allowed, same scope; another province: not found
    expect((await stats('officer.p1@stats.test', `?regionId=${REGIONS.RSK}`)).total.value).toBe(14);
    expect((await get('officer.p1@stats.test', `?provinceId=${RABAT_PROVINCE}`)).status).toBe(404);
  });

  it('academy officer: every province of the academy, a province filter inside it, none elsewhere', async () => {
    const all = await stats(DEMO.officer);
    expect(all.scope.kind).toBe('region');
    expect(all.total.value).toBeGreaterThan(14);
    const provinceRow = row(all.breakdowns.province, 'ST-P1') as Row & { label: { fr: string } };
    expect(provinceRow.value).toBe(14);
    expect(provinceRow.label.fr).toBe('Province ST-P1');
    expect(row(all.breakdowns.province, 'ST-P2')).toBeUndefined();
    // the province filter offers the academy's provinces, whatever the filter in use
    const units = (all as unknown as { units: { regions: unknown[]; provinces: { id: string; regionId: string }[] } }).units;
    expect(units.regions).toEqual([]);
    expect(units.provinces.map((p) => p.id)).toContain(p1);
    expect(units.provinces.map((p) => p.id)).not.toContain(p2);
    expect(units.provinces.every((p) => p.regionId === REGIONS.RSK)).toBeTrue();
    const filtered = await stats(DEMO.officer, `?provinceId=${p1}`);
    expect(filtered.total.value).toBe(14);
    expect((filtered as unknown as { units: { provinces: unknown[] } }).units.provinces.length).toBe(units.provinces.length);
    expect(filtered.breakdowns.province.map((p) => p.key)).toEqual(['ST-P1']);
    const outside = await get(DEMO.officer, `?provinceId=${p2}`, 'ar');
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('UNIT_NOT_FOUND');
    expect(outside.body.message).toBe(MESSAGES.UNIT_NOT_FOUND.ar);
    expect((await get('aref.ms@demo.sanad.ma', `?provinceId=${p1}`)).status).toBe(404);
    expect((await get('aref.ms@demo.sanad.ma', `?regionId=${REGIONS.RSK}`)).status).toBe(404);
  });

  it('administrators: national sees every academy, a provincial one only their province', async () => {
    const national = await stats(DEMO.admin, `?provinceId=${p2}`);
    expect(national.scope.kind).toBe('national');
    // three cases: the total and every cell under 5
    expect(national.total).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(row(national.breakdowns.tier, 'T2')?.suppressed).toBeTrue();
    expect(national.breakdowns.province.every((p) => p.suppressed)).toBeTrue();
    const nationalUnits = (national as unknown as { units: { regions: unknown[]; provinces: unknown[] } }).units;
    expect(nationalUnits.regions.length).toBeGreaterThanOrEqual(12);
    expect(nationalUnits.provinces.length).toBeGreaterThan(70);
    const provincial = await stats('admin.p1@stats.test');
    expect(provincial.total.value).toBe(14);
    expect((provincial as unknown as { units: { provinces: unknown[] } }).units.provinces).toEqual([]);
    expect((await get('admin.p1@stats.test', `?provinceId=${p2}`)).status).toBe(404);
    expect((await get(DEMO.regionalAdmin, `?provinceId=${p2}`)).status).toBe(404);
    expect((await stats(DEMO.regionalAdmin, `?provinceId=${p1}`)).total.value).toBe(14);
  });

  it('filters: period in Moroccan days, level', async () => {
    expect((await stats('officer.p1@stats.test', '?from=2026-10-01')).total.value).toBe(11);
    expect((await stats('officer.p1@stats.test', '?level=lycee')).total.value).toBe(6);
    expect((await stats('officer.p1@stats.test', '?to=2026-09-30')).total).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect((await stats('pr.a1@stats.test', '?from=2026-09-10&to=2026-09-10')).total.value).toBe(3);
    // 23:30 UTC on 30 September is 1 October in Morocco
    expect((await stats('pr.b1@stats.test', '?from=2026-10-01')).total.value).toBe(3);
    expect((await stats('pr.b1@stats.test', '?to=2026-09-30')).total.value).toBe(0);
    expect((await stats('pr.b1@stats.test', '?level=lycee')).total.value).toBe(0);
  });

  it('refuses other roles (403), anonymous callers (401) and bad filters (400), in the user’s language', async () => {
    for (const who of ['tm.a1@stats.test', 'co.a1@stats.test']) {
      const res = await get(who, '', 'en');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
      expect(res.body.message).toBe(MESSAGES.ROLE_NOT_ALLOWED.en);
    }
    expect((await get(null)).status).toBe(401);
    for (const query of [
      '?from=2026-02-30',
      '?to=yesterday',
      '?level=university',
      '?provinceId=nope',
      '?from=2026-10-02&to=2026-10-01',
      '?tier=T1',
    ]) {
      const res = await get('officer.p1@stats.test', query, 'ar');
      expect(res.status).withContext(query).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toBe(MESSAGES.VALIDATION_FAILED.ar);
      expect(JSON.stringify(res.body)).not.toMatch(/\bat \w+ \(|\.ts:\d+|stack/);
    }
    const res = await get('officer.p1@stats.test', '?from=2026-02-30', 'fr');
    expect(res.body.details).toEqual([jasmine.objectContaining({ field: 'from', code: 'query.filter.invalid' })]);
  });

  it('the projection carries the statistics columns of the demo cases (replayed through the protocol)', async () => {
    const rows = await db.getRepository(CaseRecord).find();
    const demo = rows.filter((r) => r.title !== 'Cas statistique');
    expect(demo.length).toBeGreaterThan(10);
    expect(demo.every((r) => r.reportDay !== null)).toBeTrue();
    expect(demo.some((r) => r.closedAt !== null && r.closureDays !== null && r.state === 'CLOSED')).toBeTrue();
    expect(demo.some((r) => r.track === 'MPP')).toBeTrue();
    expect(demo.some((r) => r.triagedAt !== null && r.triageDays !== null)).toBeTrue();
    expect(demo.some((r) => r.followUpOutcome !== null)).toBeTrue();
    expect(demo.some((r) => r.stepsDue > 0)).toBeTrue();
    expect(demo.filter((r) => r.state === 'CLOSED').every((r) => r.closedAt !== null)).toBeTrue();
  });

  it('rows of the previous projection version are rebuilt with their statistics at start-up', async () => {
    const closedCase = (await db.getRepository(CaseRecord).find()).find((r) => r.title !== 'Cas statistique' && r.state === 'CLOSED')!;
    const before = {
      track: closedCase.track,
      closedAt: closedCase.closedAt,
      closureDays: closedCase.closureDays,
      stepsDue: closedCase.stepsDue,
    };
    await db
      .getRepository(CaseRecord)
      .update(
        { id: closedCase.id },
        { projectionVersion: 1, track: null, closedAt: null, closureDays: null, stepsDue: 0, reportDay: null },
      );
    expect(await refreshProjections(db, t.app.get(ProtocolCatalogue))).toBe(1);
    const after = await db.getRepository(CaseRecord).findOneByOrFail({ id: closedCase.id });
    expect(after.projectionVersion).toBe(PROJECTION_VERSION);
    expect({ track: after.track, closedAt: after.closedAt, closureDays: after.closureDays, stepsDue: after.stepsDue }).toEqual(before);
    expect(after.reportDay).not.toBeNull();
  });
});
