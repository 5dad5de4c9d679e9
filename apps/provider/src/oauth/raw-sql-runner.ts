import type { DataSource } from 'typeorm';

import { isDuplicateKeyError } from './duplicate-key';

type Row = Record<string, unknown>;
type Values = readonly unknown[];

/** An INSERT of one or more rows: `${into} ${tuple}, ${tuple}, …` (the tuple is the `(?, ?, …)` of one row). */
export interface RowsInsert {
  into: string;
  tuple: string;
}

/** Runs fixed SQL with bound `?` parameters on the driver's own connection, without a TypeORM query runner. */
export interface RawSqlRunner {
  /** The first row, or undefined. */
  first(sql: string, parameters: readonly unknown[]): Promise<Row | undefined>;
  /** A statement without rows; rejects with the driver's own error (e.g. a duplicate key). */
  run(sql: string, parameters: readonly unknown[]): Promise<void>;
  /**
   * Inserts the rows in one transaction (SQLite) or one statement (MySQL/MariaDB) and says for each whether it was
   * inserted (false: a unique key already held it, including an earlier row of the same call). Other errors reject.
   */
  insertRows(insert: RowsInsert, rows: readonly Values[]): Promise<boolean[]>;
}

interface SqliteStatement {
  get(...parameters: unknown[]): Row | undefined;
  run(...parameters: unknown[]): unknown;
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
  const run = async (sql: string, parameters: Values) => {
    await dataSource.query(sql, [...parameters]);
  };
  return {
    first: async (sql, parameters) => ((await dataSource.query(sql, [...parameters])) as Row[])[0],
    run,
    insertRows: (insert, rows) => insertOneByOne(run, insert, rows),
  };
}

/** Row by row, each its own statement: the general case, and how a multi-row INSERT that hit a duplicate is redone. */
async function insertOneByOne(run: (sql: string, parameters: Values) => Promise<void>, insert: RowsInsert, rows: readonly Values[]): Promise<boolean[]> {
  const sql = `${insert.into} ${insert.tuple}`;
  const inserted: boolean[] = [];
  for (const row of rows) {
    try {
      await run(sql, row);
      inserted.push(true);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      inserted.push(false);
    }
  }
  return inserted;
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

  async insertRows(insert: RowsInsert, rows: readonly Values[]): Promise<boolean[]> {
    // TypeORM shares this one connection and may hold a transaction open across awaits; rows written now would
    // commit or roll back with it. Nonces must not vanish in someone else's rollback (a replay would then pass).
    while (this.currentConnection().inTransaction) await new Promise((resolve) => setImmediate(resolve));
    const statement = this.statement(`${insert.into} ${insert.tuple}`);
    // One transaction: a commit (a WAL append) costs more than the inserts it covers. A duplicate fails only its own
    // statement (SQLite's default ON CONFLICT ABORT undoes that statement, not the transaction).
    return this.connection!.transaction(() =>
      rows.map((row) => {
        try {
          statement.run(...bindable(row));
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
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

  async run(sql: string, parameters: readonly unknown[]): Promise<void> {
    await this.query(sql, parameters);
  }

  async insertRows(insert: RowsInsert, rows: readonly Values[]): Promise<boolean[]> {
    if (rows.length === 1) return insertOneByOne((sql, parameters) => this.run(sql, parameters), insert, rows);
    try {
      // One round trip for all of them. A duplicate fails the whole statement (nothing is inserted): then row by row,
      // which finds the duplicate(s). Replays are rare, so the fast path is the common one.
      await this.query(`${insert.into} ${rows.map(() => insert.tuple).join(', ')}`, rows.flat());
      return rows.map(() => true);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return insertOneByOne((sql, parameters) => this.run(sql, parameters), insert, rows);
    }
  }

  private query(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => this.pool.query(sql, parameters, (error, rows) => (error ? reject(error) : resolve(rows))));
  }
}
