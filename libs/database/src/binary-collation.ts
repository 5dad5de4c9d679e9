import type { QueryRunner } from 'typeorm';

import { MARIADB_BINARY_COLLATION, MYSQL8_BINARY_COLLATION } from './ensure-mysql-database';

/**
 * For migrations: on MySQL/MariaDB, converts a freshly created table to utf8mb4 with a byte-exact, NO PAD
 * collation, whatever the database default is (checklist C1). SQLite compares TEXT with BINARY already.
 */
export async function useBinaryCollation(queryRunner: QueryRunner, table: string): Promise<void> {
  if (queryRunner.connection.options.type !== 'mysql' && queryRunner.connection.options.type !== 'mariadb') return;
  const [{ version }] = (await queryRunner.query('SELECT VERSION() AS version')) as Array<{ version: string }>;
  const collation = version.toLowerCase().includes('mariadb') ? MARIADB_BINARY_COLLATION : MYSQL8_BINARY_COLLATION;
  await queryRunner.query(`ALTER TABLE \`${table}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE ${collation}`);
}
