import { createConnection } from 'mysql2/promise';

import type { DatabaseConfig } from '@app/config';

/** Collation for keys, tokens and nonces: byte-exact and NO PAD, so `ck`, `CK` and `ck ` stay distinct (checklist C1). */
export const MARIADB_BINARY_COLLATION = 'utf8mb4_nopad_bin';
export const MYSQL8_BINARY_COLLATION = 'utf8mb4_0900_bin';

/**
 * Creates the configured MySQL/MariaDB database when it does not exist yet, with utf8mb4 and a byte-exact
 * collation, so `DATABASE_URL=mysql://…/newdb npm start` works on an empty server. Tells
 * whether the server is MariaDB, whose catalogue TypeORM reads correctly only with its `mariadb` driver type.
 */
export async function ensureMysqlDatabase(config: DatabaseConfig): Promise<{ mariadb: boolean }> {
  if (config.type !== 'mysql' || !config.database) return { mariadb: false };
  const connection = await createConnection({
    host: config.host,
    port: config.port,
    user: config.username,
    password: config.password,
    connectTimeout: 5_000,
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as Array<{ version: string }>)[0]?.version ?? '');
    const mariadb = version.toLowerCase().includes('mariadb');
    const collation = mariadb ? MARIADB_BINARY_COLLATION : MYSQL8_BINARY_COLLATION;
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE ${collation}`,
    );
    return { mariadb };
  } finally {
    await connection.end();
  }
}
