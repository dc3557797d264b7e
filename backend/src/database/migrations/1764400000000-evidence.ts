import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: true });
const fk = (column: string, table: string, onDelete?: 'CASCADE') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/** Evidence vault (issue #7): items, their encrypted contents and their chain of custody. New tables only. */
export class Evidence1764400000000 implements MigrationInterface {
  name = 'Evidence1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'evidence_items',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('caseId', 36),
          str('schoolId', 36),
          str('kind', 12),
          str('title', 200),
          text('note'),
          str('stepId', 80, true),
          str('capturedAt', 30, true),
          str('capturedOn', 200, true),
          str('createdById', 36),
          str('createdAt', 30),
          str('mediaType', 40, true),
          str('fileName', 200, true),
          int('sizeBytes'),
          int('storedSizeBytes'),
          str('originalSha256', 64, true),
          str('storedSha256', 64, true),
          { name: 'metadataStripped', type: 'boolean', isNullable: true },
          str('url', 2000, true),
          str('platform', 40, true),
          str('accountHandle', 200, true),
          str('accountName', 200, true),
          str('seenBy', 200, true),
          text('description'),
          str('deletedAt', 30, true),
          str('deletedById', 36, true),
          text('deletionReason'),
        ],
        foreignKeys: [fk('caseId', 'cases'), fk('schoolId', 'schools'), fk('createdById', 'users'), fk('deletedById', 'users')],
        indices: [new TableIndex({ name: 'IDX_evidence_items_case', columnNames: ['caseId', 'createdAt'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'evidence_contents',
        columns: [
          { ...str('itemId', 36), isPrimary: true },
          str('keyId', 16),
          str('wrappedKey', 120),
          str('iv', 24),
          str('tag', 32),
          { name: 'ciphertext', type: q.connection.options.type === 'postgres' ? 'bytea' : 'blob' },
        ],
        foreignKeys: [fk('itemId', 'evidence_items', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_evidence_contents_key', columnNames: ['keyId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'evidence_custody',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('itemId', 36),
          { name: 'seq', type: 'integer' },
          str('at', 30),
          str('actorId', 36, true),
          str('actorRole', 20, true),
          str('action', 30),
          { name: 'details', type: 'text' },
        ],
        foreignKeys: [fk('itemId', 'evidence_items', 'CASCADE')],
        indices: [new TableIndex({ name: 'UQ_evidence_custody_item_seq', columnNames: ['itemId', 'seq'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('evidence_custody', true, true, true);
    await q.dropTable('evidence_contents', true, true, true);
    await q.dropTable('evidence_items', true, true, true);
  }
}
