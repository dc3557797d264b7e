import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Filters of the case list (issue #6): tier, types, platforms and the steps waiting for the principal, computed
 * from the events (cases/projection.ts). Existing rows get `projectionVersion` 0 and are rebuilt at start-up
 * (refreshProjections), since the values come from replaying each case through the protocol engine.
 */
export class CaseFilters1764500000000 implements MigrationInterface {
  name = 'CaseFilters1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const columns = [
      { name: 'tier', type: 'varchar', length: '4', isNullable: true },
      { name: 'typeCodes', type: 'varchar', length: '500', isNullable: true },
      { name: 'platformCodes', type: 'varchar', length: '300', isNullable: true },
      { name: 'reviewSteps', type: 'varchar', length: '500', isNullable: true },
    ];
    if (pg) {
      await q.addColumns('cases', [
        ...columns.map((c) => new TableColumn(c)),
        new TableColumn({ name: 'projectionVersion', type: 'integer', default: 0 }),
      ]);
    } else {
      // in place: rebuilding `cases` would delete the rows that point to it (foreign keys)
      for (const c of columns) await q.query(`ALTER TABLE "cases" ADD COLUMN "${c.name}" varchar(${c.length})`);
      await q.query(`ALTER TABLE "cases" ADD COLUMN "projectionVersion" integer NOT NULL DEFAULT 0`);
    }
    await q.createIndex('cases', new TableIndex({ name: 'IDX_cases_school_state', columnNames: ['schoolId', 'state', 'createdAt'] }));
    await q.createIndex('cases', new TableIndex({ name: 'IDX_cases_school_tier', columnNames: ['schoolId', 'tier'] }));
    await q.createIndex('cases', new TableIndex({ name: 'IDX_cases_projection', columnNames: ['projectionVersion'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['IDX_cases_projection', 'IDX_cases_school_tier', 'IDX_cases_school_state']) await q.dropIndex('cases', name);
    if (q.connection.options.type === 'postgres') {
      await q.dropColumns('cases', ['tier', 'typeCodes', 'platformCodes', 'reviewSteps', 'projectionVersion']);
    } else {
      for (const c of ['projectionVersion', 'reviewSteps', 'platformCodes', 'typeCodes', 'tier'])
        await q.query(`ALTER TABLE "cases" DROP COLUMN "${c}"`);
    }
  }
}
