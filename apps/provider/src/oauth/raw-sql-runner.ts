import type { DataSource } from 'typeorm';

import { isDuplicateKeyError } from './duplicate-key';

type Row = Record<string, unknown>;
type Values = readonly unknown[];

/** One statement with its bound `?` parameters. */
export interface Statement {
  sql: string;
  values: Values;
}

/** What a statement did: changed rows, changed none (e.g. an INSERT … SELECT that selected nothing), or hit a unique key. */
export type StatementOutcome = 'changed' | 'unchanged' | 'duplicate';

/** Runs fixed SQL with bound `?` parameters on the driver's own connection, without a TypeORM query runner. */
export interface RawSqlRunner {
  /** The first row, or undefined. */
  first(sql: string, parameters: readonly unknown[]): Promise<Row | undefined>;
  /** All rows (e.g. of an INSERT … RETURNING). */
  all(sql: string, parameters: readonly unknown[]): Promise<Row[]>;
  /** A statement without rows: how many rows it changed; rejects with the driver's own error (e.g. a duplicate key). */
  run(sql: string, parameters: readonly unknown[]): Promise<number>;
  /**
   * Runs the statements in order, on SQLite in one transaction (a commit costs more than the statements it covers),
   * and says what each did. A unique-key violation fails only its own statement; any other error rejects.
   */
  runEach(statements: readonly Statement[]): Promise<StatementOutcome[]>;
}

interface SqliteStatement {
  get(...parameters: unknown[]): Row | undefined;
  all(...parameters: unknown[]): Row[];
  run(...parameters: unknown[]): { changes: number };
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  readonly inTransaction: boolean;
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
  const run = async (sql: string, parameters: Values): Promise<number> => {
    const runner = dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, [...parameters], true)).affected ?? 0;
    } finally {
      await runner.release();
    }
  };
  return {
    first: async (sql, parameters) => ((await dataSource.query(sql, [...parameters])) as Row[])[0],
    all: async (sql, parameters) => (await dataSource.query(sql, [...parameters])) as Row[],
    run,
    runEach: (statements) => runOneByOne(run, statements),
  };
}

/** Statement by statement, each on its own (autocommit). */
async function runOneByOne(run: (sql: string, parameters: Values) => Promise<number>, statements: readonly Statement[]): Promise<StatementOutcome[]> {
  const outcomes: StatementOutcome[] = [];
  for (const { sql, values } of statements) {
    try {
      outcomes.push((await run(sql, values)) > 0 ? 'changed' : 'unchanged');
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      outcomes.push('duplicate');
    }
  }
  return outcomes;
}

class SqliteRunner implements RawSqlRunner {
  private connection: SqliteDatabase | null = null;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly currentConnection: () => SqliteDatabase) {}

  async first(sql: string, parameters: readonly unknown[]): Promise<Row | undefined> {
    return this.statement(sql).get(...bindable(parameters));
  }

  async all(sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    return this.statement(sql).all(...bindable(parameters));
  }

  async run(sql: string, parameters: readonly unknown[]): Promise<number> {
    return this.statement(sql).run(...bindable(parameters)).changes;
  }

  async runEach(statements: readonly Statement[]): Promise<StatementOutcome[]> {
    // TypeORM shares this one connection and may hold a transaction open across awaits; rows written now would
    // commit or roll back with it. Nonces must not vanish in someone else's rollback (a replay would then pass).
    while (this.currentConnection().inTransaction) await new Promise((resolve) => setImmediate(resolve));
    const prepared = statements.map(({ sql, values }) => [this.statement(sql), bindable(values)] as const);
    // A duplicate fails only its own statement: SQLite's default ON CONFLICT ABORT undoes that statement, not the
    // transaction.
    return this.connection!.transaction(() =>
      prepared.map(([statement, values]): StatementOutcome => {
        try {
          return statement.run(...values).changes > 0 ? 'changed' : 'unchanged';
        } catch (error) {
          if (isDuplicateKeyError(error)) return 'duplicate';
          throw error;
        }
      }),
    )();
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

  async all(sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    return (await this.query(sql, parameters)) as Row[];
  }

  async run(sql: string, parameters: readonly unknown[]): Promise<number> {
    return ((await this.query(sql, parameters)) as { affectedRows?: number }).affectedRows ?? 0;
  }

  runEach(statements: readonly Statement[]): Promise<StatementOutcome[]> {
    return runOneByOne((sql, parameters) => this.run(sql, parameters), statements);
  }

  private query(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => this.pool.query(sql, parameters, (error, rows) => (error ? reject(error) : resolve(rows))));
  }
}
