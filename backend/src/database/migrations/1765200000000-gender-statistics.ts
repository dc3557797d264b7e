import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Gender-based and AI-facilitated cyberviolence (issue #13). `case_people.sex` ('female', 'male' or null): an
 * optional, sensitive field, seen inside the school only and used outside it only in aggregated statistics. On
 * the case row, statistic columns: `genderBased` ('yes' / 'no' from the `genderBased` triage fact), `aiFacilitated`
 * (the case's types include an AI-facilitated one), `targetSex` / `authorSex` ('female', 'male', 'mixed' or null,
 * from the people of the case). cases/projection.ts PROJECTION_VERSION 3: existing rows are rebuilt at start-up.
 * IDX_cases_stat_gender, like the other breakdown indexes (1764800000000), lets the dashboards group in index order.
 */
const CASE_COLUMNS: { name: string; length: string }[] = [
  { name: 'genderBased', length: '3' },
  { name: 'targetSex', length: '8' },
  { name: 'authorSex', length: '8' },
];
const INDEX = 'IDX_cases_stat_gender';
const INDEX_COLUMNS = ['aiFacilitated', 'genderBased', 'targetSex', 'authorSex', 'reportDay', 'schoolId', 'createdAt'];

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
    await q.createIndex('cases', new TableIndex({ name: INDEX, columnNames: INDEX_COLUMNS }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('cases', INDEX);
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
