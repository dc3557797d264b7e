import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity: two-factor authentication, session timeouts, account lifecycle (issue #5). */
export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
