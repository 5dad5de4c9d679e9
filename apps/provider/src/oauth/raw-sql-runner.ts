import type { DataSource } from 'typeorm';

type Row = Record<string, unknown>;

/** Runs fixed SQL with bound `?` parameters on the driver's own connection, without a TypeORM query runner. */
export interface RawSqlRunner {
  /** The first row, or undefined. */
  first(sql: string, parameters: readonly unknown[]): Promise<Row | undefined>;
  /** A statement without rows; rejects with the driver's own error (e.g. a duplicate key). */
  run(sql: string, parameters: readonly unknown[]): Promise<void>;
}

interface SqliteStatement {
  get(...parameters: unknown[]): Row | undefined;
  run(...parameters: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}
interface MysqlPool {
  query(sql: string, values: readonly unknown[], callback: (error: Error | null, rows: unknown) => void): void;
}

/**
 * For the two statements every signed request runs. `DataSource.query` goes through a query runner (logger,
 * broadcaster, connection checkout, result wrapping, and on SQLite a shared 100-entry statement cache that other
 * queries evict), which costs more CPU than the database spends answering. Here better-sqlite3 statements are
 * prepared once per connection and the MySQL/MariaDB pool is called directly (its text protocol formats dates with
 * the configured `timezone`, as TypeORM's own queries do). Driver errors come through unwrapped: both
 * `isDuplicateKeyError` forms are recognised. Other setups (e.g. replication) fall back to `DataSource.query`.
 */
export function createRawSqlRunner(dataSource: DataSource): RawSqlRunner {
  const driver = dataSource.driver as unknown as { databaseConnection?: SqliteDatabase; pool?: MysqlPool };
  if (dataSource.options.type === 'better-sqlite3') return new SqliteRunner(() => driver.databaseConnection!);
  if ((dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb') && driver.pool) return new MysqlRunner(driver.pool);
  return {
    first: async (sql, parameters) => ((await dataSource.query(sql, [...parameters])) as Row[])[0],
    run: async (sql, parameters) => {
      await dataSource.query(sql, [...parameters]);
    },
  };
}

class SqliteRunner implements RawSqlRunner {
  private connection: SqliteDatabase | null = null;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly currentConnection: () => SqliteDatabase) {}

  async first(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    return this.statement(sql).get(...bindable(parameters));
  }

  async run(sql: string, parameters: readonly unknown[]): Promise<void> {
    this.statement(sql).run(...bindable(parameters));
  }

  private statement(sql: string): SqliteStatement {
    const connection = this.currentConnection();
    if (connection !== this.connection) {
      // A reconnected data source has a new handle; statements belong to the handle that prepared them.
      this.statements.clear();
      this.connection = connection;
    }
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** better-sqlite3 cannot bind booleans: 1/0, as TypeORM's own runner does. */
const bindable = (parameters: readonly unknown[]): unknown[] => parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

class MysqlRunner implements RawSqlRunner {
  constructor(private readonly pool: MysqlPool) {}

  async first(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    return ((await this.query(sql, parameters)) as Row[])[0];
  }

  async run(sql: string, parameters: readonly unknown[]): Promise<void> {
    await this.query(sql, parameters);
  }

  private query(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => this.pool.query(sql, parameters, (error, rows) => (error ? reject(error) : resolve(rows))));
  }
}
