import { randomUUID } from 'node:crypto';
import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const fk = (column: string, table: string, onDelete?: 'CASCADE') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

interface OldUser {
  id: string;
  role: string;
  schoolId: string | null;
  regionId: string | null;
  createdAt: string;
}

/**
 * Memberships (issue #5): a person may hold roles in several units. Each user's single role of `users` (role,
 * schoolId, regionId) becomes their first membership, and those columns go. A session now acts in one
 * membership (`sessions.membershipId`; null = the user's first one).
 */
export class Memberships1764300000000 implements MigrationInterface {
  name = 'Memberships1764300000000';
  /**
   * SQLite cannot drop a column in place: TypeORM rebuilds `users` (copy, drop, rename), and dropping a table
   * with foreign keys on deletes every row pointing to it (two-factor secrets, restriction members, the
   * memberships just made…). Foreign keys can only be switched off outside a transaction, so this migration
   * opens its own transaction (see `guarded`) and checks every key before switching them on again. `down` adds
   * the columns back in place instead.
   */
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await guarded(q, () => this.upInTransaction(q));
  }

  /** Adds columns back without rebuilding `users` (so nothing pointing to it is touched); no guard needed. */
  async down(q: QueryRunner): Promise<void> {
    await this.downInTransaction(q);
  }

  private async upInTransaction(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'memberships',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'schoolId', type: 'varchar', length: '36', isNullable: true },
          { name: 'provinceId', type: 'varchar', length: '36', isNullable: true },
          { name: 'regionId', type: 'varchar', length: '36', isNullable: true },
          { name: 'unitKey', type: 'varchar', length: '50' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        foreignKeys: [
          fk('userId', 'users', 'CASCADE'),
          fk('schoolId', 'schools'),
          fk('provinceId', 'provinces'),
          fk('regionId', 'regions'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_memberships_user_role_unit', columnNames: ['userId', 'role', 'unitKey'], isUnique: true }),
          new TableIndex({ name: 'UQ_memberships_principal', columnNames: ['unitKey'], isUnique: true, where: `"role" = 'principal'` }),
          new TableIndex({ name: 'IDX_memberships_school', columnNames: ['schoolId'] }),
          new TableIndex({ name: 'IDX_memberships_unit', columnNames: ['unitKey', 'role'] }),
        ],
      }),
    );
    const users = (await q.query(`SELECT "id", "role", "schoolId", "regionId", "createdAt" FROM "users"`)) as OldUser[];
    const values = q.connection.options.type === 'postgres' ? '$1, $2, $3, $4, NULL, $5, $6, $7' : '?, ?, ?, ?, NULL, ?, ?, ?';
    for (const u of users) {
      const unitKey = u.schoolId ? `school:${u.schoolId}` : u.regionId ? `region:${u.regionId}` : 'national';
      await q.query(
        `INSERT INTO "memberships" ("id", "userId", "role", "schoolId", "provinceId", "regionId", "unitKey", "createdAt") VALUES (${values})`,
        [randomUUID(), u.id, u.role, u.schoolId, u.schoolId ? null : u.regionId, unitKey, u.createdAt],
      );
    }
    await q.addColumn('sessions', new TableColumn({ name: 'membershipId', type: 'varchar', length: '36', isNullable: true }));
    await q.createForeignKey(
      'sessions',
      new TableForeignKey({
        columnNames: ['membershipId'],
        referencedTableName: 'memberships',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
    const table = await q.getTable('users');
    for (const key of table?.foreignKeys.filter((k) => k.columnNames.some((c) => c === 'schoolId' || c === 'regionId')) ?? []) {
      await q.dropForeignKey('users', key);
    }
    for (const index of table?.indices.filter((i) => i.columnNames.includes('schoolId')) ?? []) await q.dropIndex('users', index);
    await q.dropColumns('users', ['role', 'schoolId', 'regionId']);
  }

  private async downInTransaction(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    if (pg) {
      await q.addColumns('users', [
        new TableColumn({ name: 'role', type: 'varchar', length: '20', default: "'team_member'" }),
        new TableColumn({ name: 'schoolId', type: 'varchar', length: '36', isNullable: true }),
        new TableColumn({ name: 'regionId', type: 'varchar', length: '36', isNullable: true }),
      ]);
    } else {
      // SQLite adds a column in place (TypeORM's addColumns would rebuild the table)
      await q.query(`ALTER TABLE "users" ADD COLUMN "role" varchar(20) NOT NULL DEFAULT 'team_member'`);
      await q.query(`ALTER TABLE "users" ADD COLUMN "schoolId" varchar(36) REFERENCES "schools" ("id")`);
      await q.query(`ALTER TABLE "users" ADD COLUMN "regionId" varchar(36) REFERENCES "regions" ("id")`);
    }
    // back to one role per person: the oldest membership
    const rows = (await q.query(
      `SELECT "userId", "role", "schoolId", "regionId", "createdAt" FROM "memberships" ORDER BY "createdAt" DESC, "id" DESC`,
    )) as { userId: string; role: string; schoolId: string | null; regionId: string | null }[];
    for (const r of rows) {
      await q.query(
        pg
          ? `UPDATE "users" SET "role" = $1, "schoolId" = $2, "regionId" = $3 WHERE "id" = $4`
          : `UPDATE "users" SET "role" = ?, "schoolId" = ?, "regionId" = ? WHERE "id" = ?`,
        [r.role, r.schoolId, r.regionId, r.userId],
      );
    }
    if (pg) await q.createForeignKeys('users', [fk('schoolId', 'schools'), fk('regionId', 'regions')]);
    await q.createIndex('users', new TableIndex({ columnNames: ['schoolId'] }));
    const sessions = await q.getTable('sessions');
    const key = sessions?.foreignKeys.find((k) => k.columnNames.includes('membershipId'));
    if (key) await q.dropForeignKey('sessions', key);
    await q.dropColumn('sessions', 'membershipId');
    await q.dropTable('memberships', true, true, true);
  }
}

/** Runs `work` in a transaction, with SQLite's foreign keys off during it and checked after it. */
async function guarded(q: QueryRunner, work: () => Promise<void>): Promise<void> {
  const sqlite = q.connection.options.type !== 'postgres';
  // inside someone else's transaction the pragma would do nothing and rows would be lost: refuse
  if (sqlite && q.isTransactionActive)
    throw new Error('the memberships migration must run outside a transaction (migrate with transaction "each")');
  if (sqlite) await q.query('PRAGMA foreign_keys = OFF');
  try {
    await q.startTransaction();
    try {
      await work();
      if (sqlite) {
        const broken = (await q.query('PRAGMA foreign_key_check')) as unknown[];
        if (broken.length) throw new Error(`memberships migration: ${broken.length} broken foreign keys, nothing changed`);
      }
      await q.commitTransaction();
    } catch (error) {
      await q.rollbackTransaction();
      throw error;
    }
  } finally {
    if (sqlite) await q.query('PRAGMA foreign_keys = ON');
  }
}
