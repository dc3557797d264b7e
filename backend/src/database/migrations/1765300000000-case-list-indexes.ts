import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The case list's two indexes (the school's cases by date, and by state then date) also hold the case id. The list
 * and its count check each matching case against the restrictions (`case_access`, access/case-scope.ts) by its id:
 * without the id in the index, SQLite read every matching row of `cases` (≈ 1 kB each) only to find it, so a count of
 * 2,850 cases took ≈ 5 ms as soon as those rows were not in SQLite's own cache (bench/api-load.mjs, docs/benchmarks.md).
 */
const BEFORE: [string, string[]][] = [
  ['IDX_cases_school_created', ['schoolId', 'createdAt']],
  ['IDX_cases_school_state', ['schoolId', 'state', 'createdAt']],
];

async function replace(q: QueryRunner, indexes: [string, string[]][]): Promise<void> {
  for (const [name, columnNames] of indexes) {
    await q.dropIndex('cases', name);
    await q.createIndex('cases', new TableIndex({ name, columnNames }));
  }
}

export class CaseListIndexes1765300000000 implements MigrationInterface {
  name = 'CaseListIndexes1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await replace(
      q,
      BEFORE.map(([name, columns]) => [name, [...columns, 'id']]),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await replace(q, BEFORE);
  }
}
