import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id = (name = 'id', nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const primary = (): TableColumnOptions => ({ ...id(), isPrimary: true });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const instant = (name: string): TableColumnOptions => str(name, 30);
const fk = (column: string, table: string, onDelete: 'RESTRICT' | 'CASCADE' = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/** Organisation, accounts, sessions, cases and their append-only events. Written once for SQLite and PostgreSQL. */
export class Init1763800000000 implements MigrationInterface {
  name = 'Init1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'regions',
        columns: [primary(), { ...str('code', 16), isUnique: true }, str('nameFr', 120), str('nameAr', 120), str('nameEn', 120)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'provinces',
        columns: [
          primary(),
          id('regionId'),
          { ...str('code', 16), isUnique: true },
          str('nameFr', 120),
          str('nameAr', 120),
          str('nameEn', 120),
        ],
        foreignKeys: [fk('regionId', 'regions')],
        indices: [new TableIndex({ columnNames: ['regionId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'schools',
        columns: [
          primary(),
          id('provinceId'),
          { ...str('code', 32), isUnique: true },
          str('nameFr', 200),
          str('nameAr', 200),
          str('level', 16),
        ],
        foreignKeys: [fk('provinceId', 'provinces')],
        indices: [new TableIndex({ columnNames: ['provinceId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          primary(),
          { ...str('email', 254), isUnique: true },
          str('displayName', 120),
          str('passwordHash', 255),
          str('role', 20),
          id('schoolId', true),
          id('regionId', true),
          str('locale', 2),
          { name: 'active', type: 'boolean' },
          instant('createdAt'),
        ],
        foreignKeys: [fk('schoolId', 'schools'), fk('regionId', 'regions')],
        indices: [new TableIndex({ columnNames: ['schoolId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [{ ...str('id', 64), isPrimary: true }, id('userId'), instant('createdAt'), instant('expiresAt')],
        foreignKeys: [fk('userId', 'users', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['userId'] }), new TableIndex({ columnNames: ['expiresAt'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cases',
        columns: [
          primary(),
          id('schoolId'),
          str('reference', 20),
          str('title', 200),
          str('occurredOn', 10),
          str('state', 40),
          str('protocolId', 80),
          str('protocolVersion', 20),
          { name: 'lastEventSeq', type: 'integer' },
          id('createdById'),
          instant('createdAt'),
          instant('updatedAt'),
        ],
        foreignKeys: [fk('schoolId', 'schools'), fk('createdById', 'users')],
        indices: [
          new TableIndex({ name: 'UQ_cases_school_reference', columnNames: ['schoolId', 'reference'], isUnique: true }),
          new TableIndex({ name: 'IDX_cases_school_created', columnNames: ['schoolId', 'createdAt'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_events',
        columns: [
          primary(),
          id('caseId'),
          { name: 'seq', type: 'integer' },
          str('type', 40),
          { name: 'payload', type: 'text' },
          id('actorId'),
          str('actorRole', 20),
          instant('at'),
        ],
        foreignKeys: [fk('caseId', 'cases'), fk('actorId', 'users')],
        indices: [new TableIndex({ name: 'UQ_case_events_case_seq', columnNames: ['caseId', 'seq'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_events', 'cases', 'sessions', 'users', 'schools', 'provinces', 'regions']) {
      await q.dropTable(table);
    }
  }
}
