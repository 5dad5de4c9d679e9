/** The database engines integration and e2e tests run against. */
export type TestEngine = 'sqlite' | 'mysql';

/**
 * Both engines by default: SQLite is the embedded default and MariaDB/MySQL the production option, and both are
 * supported products. TEST_ENGINES=sqlite (or mysql) narrows a local run; TEST_MYSQL_URL points at the server.
 */
export function testEngines(): TestEngine[] {
  const raw = process.env.TEST_ENGINES?.trim();
  if (!raw) return ['sqlite', 'mysql'];
  const engines = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const engine of engines) {
    if (engine !== 'sqlite' && engine !== 'mysql') throw new Error(`TEST_ENGINES: unknown engine "${engine}" (sqlite, mysql)`);
  }
  return engines as TestEngine[];
}

export function testMysqlServerUrl(): string {
  return (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
}
