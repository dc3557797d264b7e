import { QueryFailedError } from 'typeorm';
import { isStorageFull, toDomainError } from './http-error.filter';

describe('HttpErrorFilter: no space left', () => {
  const sqliteFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  const pgDiskFull = Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' });

  it('maps SQLite SQLITE_FULL, PostgreSQL 53100 and ENOSPC (also wrapped) to 507 STORAGE_FULL', () => {
    for (const error of [
      new QueryFailedError('INSERT …', [], sqliteFull),
      new QueryFailedError('COMMIT', [], pgDiskFull),
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      new Error('upload failed', { cause: sqliteFull }),
    ]) {
      expect(isStorageFull(error)).withContext(error.message).toBeTrue();
      const domain = toDomainError(error);
      expect([domain?.code, domain?.status]).toEqual(['STORAGE_FULL', 507]);
    }
  });

  it('leaves other errors alone', () => {
    expect(isStorageFull(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeFalse();
    expect(isStorageFull(null)).toBeFalse();
    expect(toDomainError(new Error('bug'))).toBeNull();
  });
});
