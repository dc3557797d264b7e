import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The public reporting channel (issue #11, docs/public-reporting.md): reports sent from a school's public page,
 * their append-only events and the messages between the reporter and the team. No client address anywhere.
 * Notices can now be about a report of the intake queue (`notifications.intakeReportId`; on SQLite that rebuilds
 * `notifications`, which no table references).
 */
export class PublicReports1765100000000 implements MigrationInterface {
  name = 'PublicReports1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'intake_reports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'schoolId', type: 'varchar', length: '36' },
          { name: 'code', type: 'varchar', length: '16', isUnique: true },
          { name: 'passcodeHash', type: 'varchar', length: '200' },
          { name: 'language', type: 'varchar', length: '2' },
          { name: 'reporterRole', type: 'varchar', length: '10' },
          { name: 'whatHappened', type: 'text' },
          { name: 'platforms', type: 'text' },
          { name: 'since', type: 'varchar', length: '12' },
          { name: 'involved', type: 'text', isNullable: true },
          { name: 'dangerNow', type: 'boolean' },
          { name: 'contact', type: 'varchar', length: '200', isNullable: true },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'caseId', type: 'varchar', length: '36', isNullable: true },
          { name: 'dismissReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'receivedAt', type: 'varchar', length: '30' },
          { name: 'handledAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'closedAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'updatedAt', type: 'varchar', length: '30' },
          { name: 'lastSeq', type: 'integer' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['schoolId'], referencedTableName: 'schools', referencedColumnNames: ['id'] }),
          // a case deleted by the retention purge takes its reports with it
          new TableForeignKey({
            columnNames: ['caseId'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_intake_reports_school_status', columnNames: ['schoolId', 'status', 'receivedAt'] }),
          new TableIndex({ name: 'IDX_intake_reports_case', columnNames: ['caseId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'intake_report_events',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'reportId', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '30' },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorRole', type: 'varchar', length: '20', isNullable: true },
          { name: 'payload', type: 'text' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['reportId'],
            referencedTableName: 'intake_reports',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        uniques: [{ name: 'UQ_intake_report_events_seq', columnNames: ['reportId', 'seq'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'intake_report_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'reportId', type: 'varchar', length: '36' },
          { name: 'side', type: 'varchar', length: '10' },
          { name: 'body', type: 'text' },
          { name: 'authorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'readAt', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['reportId'],
            referencedTableName: 'intake_reports',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'IDX_intake_report_messages_report', columnNames: ['reportId', 'at'] })],
      }),
    );
    await q.addColumn('notifications', new TableColumn({ name: 'intakeReportId', type: 'varchar', length: '36', isNullable: true }));
    await q.createForeignKey(
      'notifications',
      new TableForeignKey({
        columnNames: ['intakeReportId'],
        referencedTableName: 'intake_reports',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM ${q.connection.driver.escape('notifications')} WHERE ${q.connection.driver.escape('intakeReportId')} IS NOT NULL`,
    );
    const table = await q.getTable('notifications');
    const fk = table?.foreignKeys.find((f) => f.columnNames.includes('intakeReportId'));
    if (fk) await q.dropForeignKey('notifications', fk);
    await q.dropColumn('notifications', 'intakeReportId');
    await q.dropTable('intake_report_messages');
    await q.dropTable('intake_report_events');
    await q.dropTable('intake_reports');
  }
}
