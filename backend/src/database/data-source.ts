import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config';
import { CaseEvent, CaseRecord } from '../cases/case.entities';
import { Session } from '../auth/session.entity';
import { Province, Region, School } from '../organisation/organisation.entities';
import { User } from '../users/user.entity';
import { Membership } from '../users/membership.entity';
import { Init1763800000000 } from './migrations/1763800000000-init';
import { ProtocolWorkflow1763900000000 } from './migrations/1763900000000-protocol-workflow';
import { Identity1764000000000 } from './migrations/1764000000000-identity';
import { Audit1764100000000 } from './migrations/1764100000000-audit';
import { CaseRestriction1764200000000 } from './migrations/1764200000000-case-restriction';
import { Memberships1764300000000 } from './migrations/1764300000000-memberships';
import { Evidence1764400000000 } from './migrations/1764400000000-evidence';
import { CaseFilters1764500000000 } from './migrations/1764500000000-case-filters';
import { CasePeople1764600000000 } from './migrations/1764600000000-case-people';
import { CaseAssignee1764700000000 } from './migrations/1764700000000-case-assignee';
import { CaseStatistics1764800000000 } from './migrations/1764800000000-case-statistics';
import { Transmissions1764900000000 } from './migrations/1764900000000-transmissions';
import { LegalHold1765000000000 } from './migrations/1765000000000-legal-hold';
import { PublicReports1765100000000 } from './migrations/1765100000000-public-reports';
import { GenderStatistics1765200000000 } from './migrations/1765200000000-gender-statistics';
import { CaseListIndexes1765300000000 } from './migrations/1765300000000-case-list-indexes';
import { CasePerson } from '../people/person.entity';
import { EVIDENCE_ENTITIES } from '../evidence/evidence.entities';
import { IDENTITY_ENTITIES } from '../auth/identity.entities';
import { AUDIT_ENTITIES } from '../audit/audit.entities';
import { ProtocolVersion } from '../protocols/protocol-version.entity';
import { Notification } from '../notifications/notification.entity';
import { Lease } from '../scheduling/lease.entity';
import { TRANSMISSION_ENTITIES } from '../transmissions/transmission.entities';
import { PUBLIC_REPORT_ENTITIES } from '../public-reports/public-report.entities';
import { serialiseSqliteTransactions } from './sqlite-serial';

export const ENTITIES = [
  Region,
  Province,
  School,
  User,
  Membership,
  Session,
  CaseRecord,
  CaseEvent,
  ProtocolVersion,
  Notification,
  Lease,
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...EVIDENCE_ENTITIES,
  CasePerson,
  ...TRANSMISSION_ENTITIES,
  ...PUBLIC_REPORT_ENTITIES,
];
/** In order. Add new migrations at the end; never edit one that has shipped. */
export const MIGRATIONS = [
  Init1763800000000,
  ProtocolWorkflow1763900000000,
  Identity1764000000000,
  Audit1764100000000,
  CaseRestriction1764200000000,
  Memberships1764300000000,
  Evidence1764400000000,
  CaseFilters1764500000000,
  CasePeople1764600000000,
  CaseAssignee1764700000000,
  CaseStatistics1764800000000,
  Transmissions1764900000000,
  LegalHold1765000000000,
  PublicReports1765100000000,
  GenderStatistics1765200000000,
  CaseListIndexes1765300000000,
];

/**
 * SQLite is tuned for safety: WAL, synchronous=FULL (an acknowledged write survives power loss),
 * a busy timeout, and foreign keys on. Checked at start by `checkSqlitePragmas`.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (config.database.type === 'postgres') {
    return { ...common, type: 'postgres', url: config.database.url, extra: { max: 10 } };
  }
  const path = config.database.path;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  serialiseSqliteTransactions();
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    enableWAL: path !== ':memory:',
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // SQLite's own page cache: 4 MB (better-sqlite3's default is 16 MB, resident in the server's memory); pages
      // beyond it come from the system's file cache, not from the disk (docs/benchmarks.md, memory)
      db.pragma('cache_size = -4000');
    },
  };
}

export function createDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Refuses to run on a SQLite file whose safety settings are not what we asked for. */
export async function checkSqlitePragmas(ds: DataSource): Promise<void> {
  if (ds.options.type !== 'better-sqlite3') return;
  const rows = await ds.query<{ foreign_keys: number }[]>('PRAGMA foreign_keys');
  const sync = await ds.query<{ synchronous: number }[]>('PRAGMA synchronous');
  if (rows[0]?.foreign_keys !== 1) throw new Error('SQLite: foreign_keys is not ON');
  if (sync[0]?.synchronous !== 2) throw new Error('SQLite: synchronous is not FULL');
  if (ds.options.database !== ':memory:') {
    const mode = await ds.query<{ journal_mode: string }[]>('PRAGMA journal_mode');
    if (mode[0]?.journal_mode !== 'wal') throw new Error('SQLite: journal_mode is not WAL');
  }
}
