import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Statistics for the academy dashboards (issue #9): the track, report day, triage / first interview / closure
 * instants and durations, the last follow-up's outcome and the steps done on time, computed from the events
 * (cases/projection.ts, PROJECTION_VERSION 2). Existing rows keep their old projection version and are rebuilt
 * at start-up (refreshProjections). IDX_cases_statistics (school, report instant, then every column the
 * dashboards read) makes their scans index-only; IDX_schools_province_level finds the schools of a unit.
 */
const COLUMNS: { name: string; type: 'varchar' | 'double precision'; length?: string }[] = [
  { name: 'track', type: 'varchar', length: '20' },
  { name: 'reportDay', type: 'varchar', length: '10' },
  { name: 'triagedAt', type: 'varchar', length: '30' },
  { name: 'firstInterviewAt', type: 'varchar', length: '30' },
  { name: 'closedAt', type: 'varchar', length: '30' },
  { name: 'triageDays', type: 'double precision' },
  { name: 'interviewDays', type: 'double precision' },
  { name: 'closureDays', type: 'double precision' },
  { name: 'followUpOutcome', type: 'varchar', length: '20' },
];
const COUNTERS = ['stepsDue', 'stepsOnTime'];
const DURATIONS = ['triageDays', 'interviewDays', 'closureDays'];
const STATISTICS_INDEX = 'IDX_cases_statistics';
const SCOPE = ['schoolId', 'createdAt'];
const BREAKDOWN_INDEXES: [string, string[]][] = [
  ['IDX_cases_stat_facets', ['tier', 'track', 'followUpOutcome', 'closedAt', 'stepsDue', 'stepsOnTime', ...SCOPE]],
  ['IDX_cases_stat_codes', ['typeCodes', 'platformCodes', 'closedAt', ...SCOPE]],
  ['IDX_cases_stat_days', ['reportDay', ...SCOPE]],
  ...DURATIONS.map((d): [string, string[]] => [`IDX_cases_stat_${d}`, [d, ...SCOPE]]),
];

export class CaseStatistics1764800000000 implements MigrationInterface {
  name = 'CaseStatistics1764800000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.addColumns('cases', [
        ...COLUMNS.map((c) => new TableColumn({ ...c, isNullable: true })),
        ...COUNTERS.map((name) => new TableColumn({ name, type: 'integer', default: 0 })),
      ]);
    } else {
      // in place: rebuilding `cases` would delete the rows that point to it (foreign keys)
      for (const c of COLUMNS)
        await q.query(`ALTER TABLE "cases" ADD COLUMN "${c.name}" ${c.length ? `varchar(${c.length})` : 'double precision'}`);
      for (const name of COUNTERS) await q.query(`ALTER TABLE "cases" ADD COLUMN "${name}" integer NOT NULL DEFAULT 0`);
    }
    await q.createIndex('schools', new TableIndex({ name: 'IDX_schools_province_level', columnNames: ['provinceId', 'level'] }));
    // covering: the dashboards' scans read the index only, never the wide case rows (bench/statistics.mjs)
    const covered = ['closedAt', 'tier', 'track', 'followUpOutcome', 'reportDay', 'typeCodes', 'platformCodes', ...DURATIONS, ...COUNTERS];
    const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE INDEX "${STATISTICS_INDEX}" ON "cases" ("schoolId", "createdAt") INCLUDE (${list(covered)})`);
    } else {
      await q.query(`CREATE INDEX "${STATISTICS_INDEX}" ON "cases" (${list(['schoolId', 'createdAt', ...covered])})`);
    }
    // one per breakdown, in the order it groups by: a national view groups in index order, without sorting
    for (const [name, columns] of BREAKDOWN_INDEXES) await q.createIndex('cases', new TableIndex({ name, columnNames: columns }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${STATISTICS_INDEX}"`);
    for (const [name] of BREAKDOWN_INDEXES) await q.dropIndex('cases', name);
    await q.dropIndex('schools', 'IDX_schools_province_level');
    const names = [...COLUMNS.map((c) => c.name), ...COUNTERS];
    if (q.connection.options.type === 'postgres') await q.dropColumns('cases', names);
    else for (const name of names.reverse()) await q.query(`ALTER TABLE "cases" DROP COLUMN "${name}"`);
  }
}
