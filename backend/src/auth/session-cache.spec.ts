import { DataSource } from 'typeorm';
import { ENTITIES } from '../database/data-source';
import { CaseEvent } from '../cases/case.entities';
import { User } from '../users/user.entity';
import { SESSION_CACHE_MAX, SESSION_CACHE_MS, SessionCache } from './session-cache';
import { Session } from './session.entity';

describe('SessionCache', () => {
  let db: DataSource;
  let cache: SessionCache;
  let clock: number;
  const entry = (value: string) => ({ expiresAt: '2030-01-01T00:00:00.000Z', lastSeenMs: 0, value });

  beforeEach(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: ENTITIES, synchronize: true });
    await db.initialize();
    cache = new SessionCache(db);
    clock = 1000;
    spyOn(performance, 'now').and.callFake(() => clock);
  });
  afterEach(async () => db.destroy());

  it(`keeps a value for SESSION_CACHE_MS (${SESSION_CACHE_MS} ms), then forgets it`, () => {
    cache.set('s1', entry('a'), cache.version);
    clock += SESSION_CACHE_MS - 1;
    expect(cache.get<string>('s1')?.value).toBe('a');
    clock += 1;
    expect(cache.get('s1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store a value read before an invalidation', () => {
    const version = cache.version;
    cache.forget('other');
    cache.set('s1', entry('stale'), version);
    expect(cache.get('s1')).toBeUndefined();
  });

  it(`holds at most SESSION_CACHE_MAX (${SESSION_CACHE_MAX}) sessions, dropping the oldest`, () => {
    for (let i = 0; i <= SESSION_CACHE_MAX; i++) cache.set(`s${i}`, entry(String(i)), cache.version);
    expect(cache.size).toBe(SESSION_CACHE_MAX);
    expect(cache.get('s0')).toBeUndefined();
    expect(cache.get<string>(`s${SESSION_CACHE_MAX}`)?.value).toBe(String(SESSION_CACHE_MAX));
  });

  it('is emptied by any change to sessions or users made through TypeORM, in or out of a transaction', async () => {
    const fill = () => cache.set('s1', entry('a'), cache.version);
    fill();
    await db.getRepository(Session).delete({ id: 'nobody' });
    expect(cache.get('s1')).toBeUndefined();
    fill();
    await db.getRepository(User).update({ id: 'nobody' }, { active: false });
    expect(cache.get('s1')).toBeUndefined();
    await db.transaction(async (m) => {
      await m.delete(Session, { userId: 'nobody' });
      // a request resolving now reads the old rows and stores them…
      fill();
    });
    // …and the commit empties the cache again
    expect(cache.get('s1')).toBeUndefined();
  });

  it('is left alone by changes to other tables', async () => {
    cache.set('s1', entry('a'), cache.version);
    await db.getRepository(CaseEvent).delete({ caseId: 'none' });
    expect(cache.get<string>('s1')?.value).toBe('a');
  });
});
