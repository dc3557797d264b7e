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

  async up(q: QueryRunner): Promise<void> {
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

  async down(q: QueryRunner): Promise<void> {
    await q.addColumns('users', [
      new TableColumn({ name: 'role', type: 'varchar', length: '20', default: "'team_member'" }),
      new TableColumn({ name: 'schoolId', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'regionId', type: 'varchar', length: '36', isNullable: true }),
    ]);
    // back to one role per person: the oldest membership
    const rows = (await q.query(
      `SELECT "userId", "role", "schoolId", "regionId", "createdAt" FROM "memberships" ORDER BY "createdAt" DESC, "id" DESC`,
    )) as { userId: string; role: string; schoolId: string | null; regionId: string | null }[];
    const pg = q.connection.options.type === 'postgres';
    for (const r of rows) {
      await q.query(
        pg
          ? `UPDATE "users" SET "role" = $1, "schoolId" = $2, "regionId" = $3 WHERE "id" = $4`
          : `UPDATE "users" SET "role" = ?, "schoolId" = ?, "regionId" = ? WHERE "id" = ?`,
        [r.role, r.schoolId, r.regionId, r.userId],
      );
    }
    await q.createForeignKeys('users', [fk('schoolId', 'schools'), fk('regionId', 'regions')]);
    await q.createIndex('users', new TableIndex({ columnNames: ['schoolId'] }));
    const sessions = await q.getTable('sessions');
    const key = sessions?.foreignKeys.find((k) => k.columnNames.includes('membershipId'));
    if (key) await q.dropForeignKey('sessions', key);
    await q.dropColumn('sessions', 'membershipId');
    await q.dropTable('memberships', true, true, true);
  }
}
