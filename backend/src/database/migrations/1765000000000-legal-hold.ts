import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS: [name: string, type: string][] = [
  // the legal hold placed by the principal (docs/retention.md): never purged while set
  ['legalHoldAt', 'varchar(30)'],
  ['legalHoldById', 'varchar(36)'],
  ['legalHoldReason', 'varchar(500)'],
  // the last release: it also lifts the automatic hold of a case reported to the authorities before it
  ['legalHoldReleasedAt', 'varchar(30)'],
  // when the retention purge anonymised the case (null: never)
  ['anonymisedAt', 'varchar(30)'],
];

/**
 * Retention (issue #10): the legal hold of a case and the mark of its anonymisation, as nullable columns of
 * `cases`. Added in place with plain ALTER TABLE on both databases (rebuilding `cases` on SQLite would delete the
 * rows that point to it).
 */
export class LegalHold1765000000000 implements MigrationInterface {
  name = 'LegalHold1765000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, type] of COLUMNS) await q.query(`ALTER TABLE "cases" ADD COLUMN "${name}" ${type}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...COLUMNS].reverse()) await q.query(`ALTER TABLE "cases" DROP COLUMN "${name}"`);
  }
}
