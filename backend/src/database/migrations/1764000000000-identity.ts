import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const id = (name = 'id'): TableColumnOptions => str(name, 36);
const instant = (name: string, nullable = false): TableColumnOptions => str(name, 30, nullable);
const userFk = () =>
  new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' });

/** Identity: two-factor authentication, session timeouts, persistent sign-in throttling, password links (issue #5). */
export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('sessions', [
      new TableColumn(instant('lastSeenAt', true)),
      new TableColumn({ ...str('stage', 10), default: "'full'" }),
    ]);
    await q.query(`UPDATE sessions SET "lastSeenAt" = "createdAt"`);
    await q.createTable(
      new Table({
        name: 'user_mfa',
        columns: [
          { ...id('userId'), isPrimary: true },
          str('secret', 200, true),
          str('pendingSecret', 200, true),
          instant('enabledAt', true),
          { name: 'lastStep', type: 'integer', isNullable: true },
        ],
        foreignKeys: [userFk()],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mfa_recovery_codes',
        columns: [{ ...id(), isPrimary: true }, id('userId'), str('codeHash', 64), instant('createdAt'), instant('usedAt', true)],
        foreignKeys: [userFk()],
        indices: [new TableIndex({ name: 'IDX_mfa_recovery_codes_user', columnNames: ['userId', 'codeHash'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_failures',
        columns: [{ ...id(), isPrimary: true }, str('keyHash', 64), instant('at')],
        indices: [new TableIndex({ name: 'IDX_login_failures_key_at', columnNames: ['keyHash', 'at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'password_tokens',
        columns: [
          { ...id(), isPrimary: true },
          id('userId'),
          { ...str('tokenHash', 64), isUnique: true },
          str('purpose', 20),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
        ],
        foreignKeys: [userFk()],
        indices: [new TableIndex({ name: 'IDX_password_tokens_user', columnNames: ['userId'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['password_tokens', 'login_failures', 'mfa_recovery_codes', 'user_mfa']) await q.dropTable(table);
    await q.dropColumn('sessions', 'stage');
    await q.dropColumn('sessions', 'lastSeenAt');
  }
}
