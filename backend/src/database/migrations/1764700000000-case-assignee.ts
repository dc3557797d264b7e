import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The member of the resource team in charge of a case (issue #6: "assignee" filter of the case list). Nullable: a
 * new case is unassigned until the coordinator or the principal names someone. Added in place on SQLite (rebuilding
 * `cases` would delete the rows that point to it).
 */
export class CaseAssignee1764700000000 implements MigrationInterface {
  name = 'CaseAssignee1764700000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.addColumn('cases', new TableColumn({ name: 'assigneeId', type: 'varchar', length: '36', isNullable: true }));
    } else {
      await q.query(`ALTER TABLE "cases" ADD COLUMN "assigneeId" varchar(36)`);
    }
    await q.createIndex('cases', new TableIndex({ name: 'IDX_cases_school_assignee', columnNames: ['schoolId', 'assigneeId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('cases', 'IDX_cases_school_assignee');
    if (q.connection.options.type === 'postgres') await q.dropColumn('cases', 'assigneeId');
    else await q.query(`ALTER TABLE "cases" DROP COLUMN "assigneeId"`);
  }
}
