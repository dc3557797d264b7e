import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** People involved in a case, with their pseudonymous codes (issue #6). New table only. */
export class CasePeople1764600000000 implements MigrationInterface {
  name = 'CasePeople1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await q.createTable(
      new Table({
        name: 'case_people',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('caseId', 36),
          str('code', 8),
          str('role', 12),
          str('kind', 12),
          str('displayName', 120, true),
          str('classLabel', 40, true),
          { name: 'note', type: 'text', isNullable: true },
          str('createdById', 36),
          str('createdAt', 30),
          str('removedAt', 30, true),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['caseId'], referencedTableName: 'cases', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['createdById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [new TableIndex({ name: 'UQ_case_people_code', columnNames: ['caseId', 'code'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('case_people', true, true, true);
  }
}
