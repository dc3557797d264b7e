import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const fk = (column: string, table: string, onDelete?: 'CASCADE', referenced = 'id') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: [referenced], onDelete });

/**
 * Restricted cases (issue #5, `backend/src/access/`). A row of `case_access` marks a case restricted (staff
 * implicated, sexual images of a minor…); only the people listed in `case_access_members` and the school's
 * principal see it. Lifting the restriction deletes the rows. The history (who, when, why, whom) is in the
 * case timeline as `access_changed` events. New tables only: `cases` is not altered.
 */
export class CaseRestriction1764200000000 implements MigrationInterface {
  name = 'CaseRestriction1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'case_access',
        columns: [
          { name: 'caseId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'restrictedAt', type: 'varchar', length: '30' },
          { name: 'restrictedById', type: 'varchar', length: '36' },
        ],
        foreignKeys: [fk('caseId', 'cases', 'CASCADE'), fk('restrictedById', 'users')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_access_members',
        columns: [
          { name: 'caseId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'addedAt', type: 'varchar', length: '30' },
        ],
        foreignKeys: [fk('caseId', 'case_access', 'CASCADE', 'caseId'), fk('userId', 'users', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_case_access_members_user', columnNames: ['userId', 'caseId'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('case_access_members', true, true, true);
    await q.dropTable('case_access', true, true, true);
  }
}
