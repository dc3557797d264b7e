import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Gender-based and AI-facilitated cyberviolence (issue #13). `case_people.sex` ('female', 'male' or null): an
 * optional, sensitive field, seen inside the school only and used outside it only in aggregated statistics. On
 * the case row, statistic columns: `genderBased` ('yes' / 'no' from the `genderBased` triage fact), `aiFacilitated`
 * (the case's types include an AI-facilitated one), `targetSex` / `authorSex` ('female', 'male', 'mixed' or null,
 * from the people of the case). cases/projection.ts PROJECTION_VERSION 3: existing rows are rebuilt at start-up.
 * IDX_cases_stat_gender and IDX_cases_stat_ai, like the other breakdown indexes (1764800000000), let the national
 * views group in index order; IDX_cases_statistics, the covering index of the scoped views, is rebuilt with the new
 * columns (bench/statistics.mjs: without it a filtered national view took 5× a raw GROUP BY on SQLite).
 */
const CASE_COLUMNS: { name: string; length: string }[] = [
  { name: 'genderBased', length: '3' },
  { name: 'targetSex', length: '8' },
  { name: 'authorSex', length: '8' },
];
const GENDER_COLUMNS = ['aiFacilitated', 'genderBased', 'targetSex', 'authorSex'];
/** one per new breakdown, in the order it groups by (as in 1764800000000): the national views group without sorting */
const BREAKDOWN_INDEXES: [string, string[]][] = [
  ['IDX_cases_stat_gender', ['genderBased', 'targetSex', 'authorSex', 'schoolId', 'createdAt']],
  ['IDX_cases_stat_ai', ['aiFacilitated', 'reportDay', 'schoolId', 'createdAt']],
];
/** the covering index of the scoped views (1764800000000), rebuilt with the new columns so they stay index-only */
const STATISTICS_INDEX = 'IDX_cases_statistics';
const COVERED = [
  'closedAt',
  'tier',
  'track',
  'followUpOutcome',
  'reportDay',
  'typeCodes',
  'platformCodes',
  'triageDays',
  'interviewDays',
  'closureDays',
  'stepsDue',
  'stepsOnTime',
];

async function statisticsIndex(q: QueryRunner, covered: string[]): Promise<void> {
  const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  await q.query(`DROP INDEX "${STATISTICS_INDEX}"`);
  if (q.connection.options.type === 'postgres') {
    await q.query(`CREATE INDEX "${STATISTICS_INDEX}" ON "cases" ("schoolId", "createdAt") INCLUDE (${list(covered)})`);
  } else {
    await q.query(`CREATE INDEX "${STATISTICS_INDEX}" ON "cases" (${list(['schoolId', 'createdAt', ...covered])})`);
  }
}

export class GenderStatistics1765200000000 implements MigrationInterface {
  name = 'GenderStatistics1765200000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.addColumn('case_people', new TableColumn({ name: 'sex', type: 'varchar', length: '8', isNullable: true }));
      await q.addColumns('cases', [
        ...CASE_COLUMNS.map((c) => new TableColumn({ ...c, type: 'varchar', isNullable: true })),
        new TableColumn({ name: 'aiFacilitated', type: 'boolean', default: false }),
      ]);
    } else {
      // in place: rebuilding a table would delete the rows that point to it (foreign keys)
      await q.query(`ALTER TABLE "case_people" ADD COLUMN "sex" varchar(8)`);
      for (const c of CASE_COLUMNS) await q.query(`ALTER TABLE "cases" ADD COLUMN "${c.name}" varchar(${c.length})`);
      await q.query(`ALTER TABLE "cases" ADD COLUMN "aiFacilitated" boolean NOT NULL DEFAULT (0)`);
    }
    for (const [name, columns] of BREAKDOWN_INDEXES) await q.createIndex('cases', new TableIndex({ name, columnNames: columns }));
    await statisticsIndex(q, [...COVERED, ...GENDER_COLUMNS]);
  }

  async down(q: QueryRunner): Promise<void> {
    await statisticsIndex(q, COVERED);
    for (const [name] of BREAKDOWN_INDEXES) await q.dropIndex('cases', name);
    const names = [...CASE_COLUMNS.map((c) => c.name), 'aiFacilitated'];
    if (q.connection.options.type === 'postgres') {
      await q.dropColumns('cases', names);
      await q.dropColumn('case_people', 'sex');
    } else {
      for (const name of names.reverse()) await q.query(`ALTER TABLE "cases" DROP COLUMN "${name}"`);
      await q.query(`ALTER TABLE "case_people" DROP COLUMN "sex"`);
    }
  }
}
