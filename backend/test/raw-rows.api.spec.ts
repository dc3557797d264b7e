import { randomUUID } from 'node:crypto';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseEvent, CaseRecord } from '../src/cases/case.entities';
import { hydrate, insertRow, selectColumns, updateWhere } from '../src/database/raw-rows';
import { CaseDriver } from './support/case-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The fixed-SQL path of the hot case statements (database/raw-rows.ts) gives exactly what TypeORM's own path gives:
 * same entity read back, same values stored (JSON text, booleans, numbers, nulls), the guard of a conditional update.
 * On SQLite and on PostgreSQL (CI runs the suite on both).
 */
describe('Fixed SQL for the case hot paths (database/raw-rows.ts)', () => {
  let t: TestApp;
  let db: DataSource;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  const raw = async (id: string) => {
    const p = db.options.type === 'postgres' ? '$1' : '?';
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT ${selectColumns(db.manager, CaseRecord, 'c')} FROM "cases" "c" WHERE "c"."id" = ${p}`,
      [id],
    );
    return hydrate(db.manager, CaseRecord, rows[0]);
  };

  it('reads every case as the repository does (all columns, JSON parsed, booleans, numbers, nulls)', async () => {
    const d = await CaseDriver.start(server, 'Lecture brute');
    await d.reported();
    await d.complete('triage', 'coordinator', { tier: 'T1' });
    await d.complete('track_decision', 'coordinator', { track: 'MPP' });
    const ids = (await db.getRepository(CaseRecord).find({ select: { id: true } })).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(await raw(id)).toEqual(await db.getRepository(CaseRecord).findOneByOrFail({ id }));
    const mine = await raw(d.caseId);
    expect(mine).toBeInstanceOf(CaseRecord);
    expect(Array.isArray(mine.openSteps)).toBeTrue();
    expect(typeof mine.aiFacilitated).toBe('boolean');
    expect(typeof mine.lastEventSeq).toBe('number');
  });

  it('updates only the given columns, converted as TypeORM would, and only when the guard holds', async () => {
    const d = await CaseDriver.start(server, 'Mise à jour brute');
    const before = await raw(d.caseId);
    const set = {
      openSteps: [{ stepId: 'x', status: 'available', dueAt: '2026-12-01T22:59:59.999Z' }] as never,
      aiFacilitated: true,
      triageDays: 1.5,
      tier: null,
      lastEventSeq: before.lastEventSeq + 1,
    };
    // stale guard: nothing changes
    expect(await updateWhere(db.manager, CaseRecord, set, { id: d.caseId, lastEventSeq: before.lastEventSeq + 7 })).toBe(0);
    expect(await raw(d.caseId)).toEqual(before);
    expect(await updateWhere(db.manager, CaseRecord, set, { id: d.caseId, lastEventSeq: before.lastEventSeq })).toBe(1);
    const after = await db.getRepository(CaseRecord).findOneByOrFail({ id: d.caseId });
    expect({ ...after }).toEqual({ ...before, ...set });
    // inside a transaction too (the step write's path), rolled back with it
    await expectAsync(
      db.transaction(async (m) => {
        expect(await updateWhere(m, CaseRecord, { title: 'changed' }, { id: d.caseId })).toBe(1);
        throw new Error('undo');
      }),
    ).toBeRejectedWithError('undo');
    expect((await raw(d.caseId)).title).toBe(before.title);
    await expectAsync(updateWhere(db.manager, CaseRecord, { nope: 1 } as never, { id: d.caseId })).toBeRejectedWithError(/no column nope/);
  });

  it('inserts an event row that reads back equal through the repository', async () => {
    const d = await CaseDriver.start(server, 'Insertion brute');
    const seq = (await raw(d.caseId)).lastEventSeq + 1;
    const row: CaseEvent = {
      id: randomUUID(),
      caseId: d.caseId,
      seq,
      type: 'note_added',
      payload: { text: 'نص عربي — "quoted" \\ and é', nested: { list: [1, null, true] } },
      actorId: (await db.getRepository(CaseEvent).findOneByOrFail({ caseId: d.caseId, seq: 1 })).actorId,
      actorRole: 'team_member',
      at: new Date().toISOString(),
    };
    await insertRow(db.manager, CaseEvent, row);
    expect({ ...(await db.getRepository(CaseEvent).findOneByOrFail({ id: row.id })) }).toEqual(row);
  });
});
