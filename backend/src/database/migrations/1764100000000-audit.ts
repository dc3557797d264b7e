import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tamper-evident audit trail (issue #5): `audit_log`, append-only, hash-chained (docs/audit.md). `seq` is
 * UNIQUE so that two instances racing to append cannot both take the same place in the chain. No foreign keys:
 * the trail must outlive the users and cases it mentions.
 */
export class Audit1764100000000 implements MigrationInterface {
  name = 'Audit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorRole', type: 'varchar', length: '20', isNullable: true },
          { name: 'action', type: 'varchar', length: '40' },
          { name: 'schoolId', type: 'varchar', length: '36', isNullable: true },
          { name: 'caseId', type: 'varchar', length: '36', isNullable: true },
          { name: 'targetId', type: 'varchar', length: '80', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'details', type: 'text' },
          { name: 'prevHash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [
          new TableIndex({ name: 'UQ_audit_log_seq', columnNames: ['seq'], isUnique: true }),
          new TableIndex({ name: 'IDX_audit_log_school_seq', columnNames: ['schoolId', 'seq'] }),
          new TableIndex({ name: 'IDX_audit_log_case_seq', columnNames: ['caseId', 'seq'] }),
          new TableIndex({ name: 'IDX_audit_log_at', columnNames: ['at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log', true, true, true);
  }
}
