import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Transmissions (issue #9): pseudonymised case reports and school summaries a principal sends to the direction
 * provinciale / academy, with their events (acknowledged, messages, handled). Notifications can now be about a
 * transmission rather than a case (an officer's notice has no case): `notifications.caseId` becomes nullable and
 * `transmissionId` is added. On SQLite that rebuilds `notifications`, which no table references.
 */
export class Transmissions1764900000000 implements MigrationInterface {
  name = 'Transmissions1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'transmissions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'schoolId', type: 'varchar', length: '36' },
          { name: 'caseId', type: 'varchar', length: '36', isNullable: true },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'period', type: 'varchar', length: '10', isNullable: true },
          { name: 'reference', type: 'varchar', length: '60' },
          { name: 'status', type: 'varchar', length: '24' },
          { name: 'dedupeKey', type: 'varchar', length: '120', isUnique: true },
          { name: 'snapshot', type: 'text' },
          { name: 'reportData', type: 'text', isNullable: true },
          { name: 'sentById', type: 'varchar', length: '36' },
          { name: 'sentAt', type: 'varchar', length: '30' },
          { name: 'acknowledgedAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'handledAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'updatedAt', type: 'varchar', length: '30' },
          { name: 'lastSeq', type: 'integer' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['schoolId'], referencedTableName: 'schools', referencedColumnNames: ['id'] }),
          new TableForeignKey({
            columnNames: ['caseId'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({ columnNames: ['sentById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_transmissions_school_sent', columnNames: ['schoolId', 'sentAt'] }),
          new TableIndex({ name: 'IDX_transmissions_status_sent', columnNames: ['status', 'sentAt'] }),
          new TableIndex({ name: 'IDX_transmissions_case', columnNames: ['caseId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'transmission_events',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'transmissionId', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '20' },
          { name: 'text', type: 'text', isNullable: true },
          { name: 'side', type: 'varchar', length: '10' },
          { name: 'actorId', type: 'varchar', length: '36' },
          { name: 'actorRole', type: 'varchar', length: '20' },
          { name: 'status', type: 'varchar', length: '24' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['transmissionId'],
            referencedTableName: 'transmissions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        uniques: [{ name: 'UQ_transmission_events_seq', columnNames: ['transmissionId', 'seq'] }],
      }),
    );
    await q.changeColumn('notifications', 'caseId', new TableColumn({ name: 'caseId', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('notifications', new TableColumn({ name: 'transmissionId', type: 'varchar', length: '36', isNullable: true }));
    await q.createForeignKey(
      'notifications',
      new TableForeignKey({
        columnNames: ['transmissionId'],
        referencedTableName: 'transmissions',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ${q.connection.driver.escape('notifications')} WHERE ${q.connection.driver.escape('caseId')} IS NULL`);
    const table = await q.getTable('notifications');
    const fk = table?.foreignKeys.find((f) => f.columnNames.includes('transmissionId'));
    if (fk) await q.dropForeignKey('notifications', fk);
    await q.dropColumn('notifications', 'transmissionId');
    await q.changeColumn('notifications', 'caseId', new TableColumn({ name: 'caseId', type: 'varchar', length: '36' }));
    await q.dropTable('transmission_events');
    await q.dropTable('transmissions');
  }
}
