import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';

import type { DatabaseConfig } from '@app/config';

import { buildDataSourceOptions } from './data-source-options';
import { ensureMysqlDatabase } from './ensure-mysql-database';

/**
 * Opens the configured database once before the application starts, so an unreachable server, wrong credentials
 * or an unwritable SQLite file stop the service with one clear line rather than a framework stack trace.
 */
export async function preflightDatabase(config: DatabaseConfig): Promise<void> {
  if (config.type === 'better-sqlite3') {
    buildDataSourceOptions(config, []); // creates the data folder
    const db = new Database(config.sqlitePath ?? ':memory:');
    try {
      db.prepare('SELECT 1').get();
    } finally {
      db.close();
    }
    return;
  }
  await ensureMysqlDatabase(config);
  const connection = await createConnection({
    host: config.host,
    port: config.port,
    user: config.username,
    password: config.password,
    database: config.database,
    connectTimeout: 5_000,
  });
  await connection.end();
}
