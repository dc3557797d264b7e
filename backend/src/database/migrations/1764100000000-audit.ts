import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tamper-evident audit trail (issue #5). */
export class Audit1764100000000 implements MigrationInterface {
  name = 'Audit1764100000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
