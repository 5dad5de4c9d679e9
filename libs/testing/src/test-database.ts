import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createConnection } from 'mysql2/promise';

import { type TestEngine, testMysqlServerUrl } from './test-engines';

/** A database of its own for one test file: a temporary SQLite file, or a fresh MariaDB database; dropped after. */
export interface TestDatabase {
  engine: TestEngine;
  /** Value for DATABASE_URL. */
  url: string;
  /** A temporary data folder (DATA_DIR) that goes with it. */
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'applink-test-'));
  if (engine === 'sqlite') {
    return {
      engine,
      url: `sqlite:${join(dataDir, 'test.sqlite')}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const server = testMysqlServerUrl();
  const name = `ap_test_${randomBytes(6).toString('hex')}`;
  // The app creates the database itself (utf8mb4, binary collation); dropping it is ours.
  return {
    engine,
    url: `${server}/${name}`,
    dataDir,
    drop: async () => {
      const { hostname, port, username, password } = new URL(server);
      const connection = await createConnection({
        host: hostname,
        port: port ? Number(port) : 3306,
        user: decodeURIComponent(username || 'root'),
        password: password ? decodeURIComponent(password) : undefined,
      });
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
