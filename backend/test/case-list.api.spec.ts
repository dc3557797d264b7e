import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseRecord } from '../src/cases/case.entities';
import { PROJECTION_VERSION } from '../src/cases/projection';
import { refreshProjections } from '../src/cases/refresh-projections';
import { ProtocolCatalogue } from '../src/protocols/protocol-catalogue';
import { XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

interface Summary {
  id: string;
  reference: string;
  state: string;
  tier: string | null;
  types: string[];
  platforms: string[];
  nextDueAt: string | null;
  overdue: boolean;
  awaitingPrincipal: string[];
  createdAt: string;
}
interface Page {
  items: Summary[];
  total: number;
}

/** The case list (issue #6): filters, sorting and pages, computed in SQL on the projection of each case. */
describe('API: case list filters', () => {
  let t: TestApp;
  let principal: TestAgent;
  let all: Summary[];

  const list = async (query: string) => (await principal.get(`/api/cases?pageSize=100&${query}`).expect(200)).body as Page;

  beforeAll(async () => {
    t = await startTestApp();
    principal = request.agent(t.app.getHttpServer() as App);
    await principal.post('/api/auth/login').set(XHR).send({ email: DEMO.principal, password: DEMO.password }).expect(200);
    all = (await list('')).items;
  });
  afterAll(async () => t.close());

  it('gives each case its tier, types, platforms, deadline and what waits for the principal', () => {
    expect(all.length).toBeGreaterThan(5);
    expect(all.some((c) => c.tier !== null)).toBeTrue();
    expect(all.some((c) => c.types.length > 0)).toBeTrue();
    expect(all.some((c) => c.platforms.length > 0)).toBeTrue();
    expect(all.every((c) => c.overdue === (c.nextDueAt !== null && c.nextDueAt < new Date().toISOString()))).toBeTrue();
  });

  it('filters by state, tier, type, platform, overdue and review, each exactly', async () => {
    const state = all[0].state;
    expect((await list(`state=${state}`)).items.map((c) => c.id).sort()).toEqual(
      all
        .filter((c) => c.state === state)
        .map((c) => c.id)
        .sort(),
    );
    const tiered = all.find((c) => c.tier)!;
    expect((await list(`tier=${tiered.tier}`)).items.every((c) => c.tier === tiered.tier)).toBeTrue();
    const type = all.find((c) => c.types.length)!.types[0];
    const byType = await list(`type=${type}`);
    expect(byType.items.map((c) => c.id).sort()).toEqual(
      all
        .filter((c) => c.types.includes(type))
        .map((c) => c.id)
        .sort(),
    );
    const platform = all.find((c) => c.platforms.length)!.platforms[0];
    expect((await list(`platform=${platform}`)).total).toBe(all.filter((c) => c.platforms.includes(platform)).length);
    expect((await list('overdue=true')).total).toBe(all.filter((c) => c.overdue).length);
    const review = await list('review=true');
    expect(review.total).toBe(all.filter((c) => c.awaitingPrincipal.length > 0).length);
    expect(review.items.every((c) => c.awaitingPrincipal.length > 0)).toBeTrue();
    // filters combine with AND
    expect((await list(`state=${state}&type=${type}`)).total).toBe(all.filter((c) => c.state === state && c.types.includes(type)).length);
  });

  it('searches the reference and the title, with % and _ taken literally', async () => {
    const one = all[0];
    expect((await list(`q=${encodeURIComponent(one.reference)}`)).items.map((c) => c.id)).toContain(one.id);
    expect((await list('q=%25')).total).toBe(0);
    expect((await list('q=_')).total).toBe(0);
  });

  it('sorts by deadline (none last), by reference, newest first by default; pages', async () => {
    const byDue = (await list('sort=nextDueAt')).items;
    const dues = byDue.map((c) => c.nextDueAt);
    const firstNull = dues.indexOf(null);
    expect(dues.slice(0, firstNull === -1 ? undefined : firstNull)).toEqual(
      [...dues.slice(0, firstNull === -1 ? undefined : firstNull)].sort(),
    );
    if (firstNull !== -1) expect(dues.slice(firstNull).every((d) => d === null)).toBeTrue();
    const refs = (await list('sort=reference')).items.map((c) => c.reference);
    expect(refs).toEqual([...refs].sort());
    const created = all.map((c) => c.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const page2 = (await principal.get('/api/cases?pageSize=3&page=2').expect(200)).body as Page;
    expect(page2.items.map((c) => c.id)).toEqual(all.slice(3, 6).map((c) => c.id));
  });

  it('filters by the day reported (Moroccan days), and refuses malformed filters with 400', async () => {
    const day = all[0].createdAt.slice(0, 10);
    const onDay = await list(`from=${day}&to=${day}`);
    expect(onDay.items.map((c) => c.id)).toContain(all[0].id);
    for (const bad of ['tier=T9', 'state=REPORTED;DROP', 'from=2026-02-30', 'overdue=yes', 'sort=title', 'platform=MYSPACE']) {
      const res = await principal.get(`/api/cases?${bad}`).set('Accept-Language', 'fr').expect(400);
      expect(res.body.details[0].code).withContext(bad).toBe('query.filter.invalid');
    }
  });

  it('rebuilds projections written by an older version at start-up', async () => {
    const db = t.app.get(DataSource);
    const target = all.find((c) => c.tier && c.types.length)!;
    await db.getRepository(CaseRecord).update({ id: target.id }, { tier: null, typeCodes: null, projectionVersion: 0 });
    expect(await refreshProjections(db, t.app.get(ProtocolCatalogue))).toBe(1);
    const row = await db.getRepository(CaseRecord).findOneByOrFail({ id: target.id });
    expect(row.tier).toBe(target.tier);
    expect(row.typeCodes).toBe(`|${[...target.types].sort().join('|')}|`);
    expect(row.projectionVersion).toBe(PROJECTION_VERSION);
  });
});
