import type { DataSource } from 'typeorm';

const STRICT_SQL_MODE = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

interface PoolLike {
  on(event: 'connection', listener: (connection: { query(sql: string): unknown }) => void): void;
}

/**
 * Puts every MySQL/MariaDB session into strict mode, so an over-long or invalid value fails loudly instead of
 * being truncated (checklist §4.10). New pool connections get it through the pool's `connection` event.
 */
export function enforceMysqlStrictMode(dataSource: DataSource): void {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') return;
  const pool = (dataSource.driver as unknown as { pool?: PoolLike }).pool;
  pool?.on('connection', (connection) => {
    connection.query(`SET SESSION sql_mode = '${STRICT_SQL_MODE}'`);
  });
}
