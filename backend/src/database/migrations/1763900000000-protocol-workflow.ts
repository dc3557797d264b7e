import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Protocol workflow: recorded hashes of published protocol versions, the due-step projection on cases,
 * in-app notifications, and leases (one scheduler at a time across instances).
 */
export class ProtocolWorkflow1763900000000 implements MigrationInterface {
  name = 'ProtocolWorkflow1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'protocol_versions',
        columns: [
          { name: 'protocolId', type: 'varchar', length: '80', isPrimary: true },
          { name: 'version', type: 'varchar', length: '20', isPrimary: true },
          { name: 'contentHash', type: 'varchar', length: '64' },
          { name: 'recordedAt', type: 'varchar', length: '30' },
        ],
      }),
    );
    await q.addColumns('cases', [
      new TableColumn({ name: 'nextDueAt', type: 'varchar', length: '30', isNullable: true }),
      new TableColumn({ name: 'openSteps', type: 'text', isNullable: true }),
    ]);
    await q.createIndex('cases', new TableIndex({ name: 'IDX_cases_school_due', columnNames: ['schoolId', 'nextDueAt'] }));
    await q.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'caseId', type: 'varchar', length: '36' },
          { name: 'stepId', type: 'varchar', length: '80', isNullable: true },
          { name: 'kind', type: 'varchar', length: '30' },
          { name: 'dueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'dedupeKey', type: 'varchar', length: '200', isUnique: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'readAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'emailedAt', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['caseId'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'IDX_notifications_user_created', columnNames: ['userId', 'createdAt'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'leases',
        columns: [
          { name: 'name', type: 'varchar', length: '50', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '64' },
          { name: 'expiresAt', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('leases');
    await q.dropTable('notifications');
    await q.dropIndex('cases', 'IDX_cases_school_due');
    await q.dropColumn('cases', 'openSteps');
    await q.dropColumn('cases', 'nextDueAt');
    await q.dropTable('protocol_versions');
  }
}
