import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

import { UserEntity } from '../accounts/user.entity';

import { AccessTokenEntity } from './access-token.entity';
import { isDuplicateKeyError, isLockConflictError } from './duplicate-key';
import { GroupInsert } from './group-insert';
import { NonceEntity } from './nonce.entity';
import type { RawSqlRunner, Statement, StatementOutcome } from './raw-sql-runner';

/** A nonce to store (RFC 5849 §3.3), unique per consumer, token, timestamp and nonce. */
export interface NonceWrite {
  consumerId: number;
  /** SHA-256 of the token, or `''` for a request without one. */
  tokenHash: string;
  timestamp: number;
  nonce: string;
  expiresAt: Date;
  /**
   * Store it only while the access token with `tokenHash` is live (not revoked, its user enabled), checked by the
   * same statement: the request's last look at the token's state is then atomic with consuming its nonce.
   */
  requireLiveAccessToken: boolean;
}

/** `replayed`: the nonce was stored before. `token-gone`: the access token was revoked, disabled or deleted. */
export type NonceOutcome = 'stored' | 'replayed' | 'token-gone';

const NONCE_PROPERTIES = ['consumerId', 'tokenHash', 'timestamp', 'nonce', 'expiresAt'] as const;

/**
 * Writes nonces by group commit (see GroupInsert): on SQLite one transaction per batch; on MariaDB one
 * `INSERT … SELECT … FROM (rows) LEFT JOIN tokens … RETURNING` statement (one round trip), redone statement by
 * statement when it hits a duplicate (a replay) or a lock conflict; elsewhere statement by statement.
 */
export class NonceWrites {
  private readonly batches: GroupInsert<NonceWrite, NonceOutcome>;
  private readonly insertInto: string;
  private readonly constantRow: string;
  private readonly liveTokenRow: string;
  private readonly returning: string | null;
  /** MariaDB: the batch statement's head and tail around its rows (see writeInOneStatement). */
  private readonly batchHead: string;
  private readonly batchTail: string;
  private readonly firstDerivedRow: string;
  private readonly nextDerivedRow: string;
  private readonly returnedKey: [string, string, string, string];
  private readonly boundColumns: ColumnMetadata[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSqlRunner,
  ) {
    const q = (name: string) => dataSource.driver.escape(name);
    const nonces = dataSource.getMetadata(NonceEntity);
    const tokens = dataSource.getMetadata(AccessTokenEntity);
    const users = dataSource.getMetadata(UserEntity);
    const column = (meta: typeof nonces, property: string) => q(meta.findColumnWithPropertyName(property)!.databaseName);
    this.boundColumns = NONCE_PROPERTIES.map((property) => nonces.findColumnWithPropertyName(property)!);
    const nonceColumns = this.boundColumns.map((c) => q(c.databaseName));
    const mysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
    this.insertInto = `INSERT INTO ${q(nonces.tableName)} (${nonceColumns.join(', ')})`;
    this.constantRow = `SELECT ?, ?, ?, ?, ?${mysql ? ' FROM DUAL' : ''}`;
    // What "live" means for an access token, in one place for both statement shapes: not revoked, its user enabled
    // (bound as the statement's last parameter).
    const tokensWithUsers = `${q(tokens.tableName)} ${q('t')} INNER JOIN ${q(users.tableName)} ${q('u')} ON ${q('u')}.${column(users, 'id')} = ${q('t')}.${column(tokens, 'userId')}`;
    const liveToken = (hash: string) => `${q('t')}.${column(tokens, 'tokenHash')} = ${hash} AND ${q('t')}.${column(tokens, 'revokedAt')} IS NULL AND ${q('u')}.${column(users, 'enabled')} = ?`;
    this.liveTokenRow = `SELECT ?, ?, ?, ?, ? FROM ${tokensWithUsers} WHERE ${liveToken('?')}`;
    // RETURNING after INSERT … SELECT: MariaDB 10.5+ (TypeORM knows); MySQL has none, SQLite needs none.
    this.returning = mysql && dataSource.driver.isReturningSqlSupported('insert') ? ` RETURNING ${nonceColumns.slice(0, 4).join(', ')}` : null;
    this.returnedKey = this.boundColumns.slice(0, 4).map((c) => c.databaseName) as [string, string, string, string];
    // The rows as a derived table `v` with a `live` flag, joined once with the token and its user: each row that
    // needs a live access token finds it through the unique token_hash index. (Per row, `INSERT … SELECT … FROM
    // tokens … UNION ALL …` made MariaDB plan one join per row: about 9 µs more server CPU per nonce, measured.)
    const derivedColumns = ['c', 'h', 'ts', 'n', 'e', 'live'];
    const v = (name: string) => `${q('v')}.${q(name)}`;
    this.batchHead = `${this.insertInto} SELECT ${derivedColumns.slice(0, 5).map(v).join(', ')} FROM (`;
    this.batchTail =
      `) ${q('v')} LEFT JOIN (${tokensWithUsers}) ON ${v('live')} = 1 AND ${liveToken(v('h'))} ` +
      `WHERE ${v('live')} = 0 OR ${q('u')}.${column(users, 'id')} IS NOT NULL`;
    this.firstDerivedRow = `SELECT ${derivedColumns.map((c) => `? AS ${q(c)}`).join(', ')} FROM DUAL`;
    this.nextDerivedRow = `SELECT ${derivedColumns.map(() => '?').join(', ')} FROM DUAL`;
    this.batches = new GroupInsert((rows) => this.writeBatch(rows));
  }

  /** Stores the nonce together with the others of this event-loop turn; resolves once it is durable. */
  write(row: NonceWrite): Promise<NonceOutcome> {
    return this.batches.insert(row);
  }

  private async writeBatch(rows: readonly NonceWrite[]): Promise<NonceOutcome[]> {
    if (this.returning !== null && rows.length > 1) {
      try {
        return await this.writeInOneStatement(rows);
      } catch (error) {
        // The statement was rolled back as a whole: nothing of it is stored, so each row can be tried on its own.
        if (!isDuplicateKeyError(error) && !isLockConflictError(error)) throw error;
      }
    }
    return (await this.sql.runEach(rows.map((row) => this.statement(row)))).map(outcomeOf);
  }

  private async writeInOneStatement(rows: readonly NonceWrite[]): Promise<NonceOutcome[]> {
    // Sorted by the unique key, so that concurrent batches take their index locks in one order and cannot deadlock
    // each other (a replayed pair of nonces arriving in two batches in opposite orders would otherwise).
    const sorted = [...rows].sort(compareKeys);
    const values = sorted.flatMap((row) => [...this.values(row), row.requireLiveAccessToken ? 1 : 0]);
    const derived = [this.firstDerivedRow, ...sorted.slice(1).map(() => this.nextDerivedRow)].join(' UNION ALL ');
    const returned = await this.sql.all(`${this.batchHead}${derived}${this.batchTail}${this.returning}`, [...values, true]);
    const [consumerId, tokenHash, timestamp, nonce] = this.returnedKey;
    const stored = new Set(returned.map((r) => keyOf(r[consumerId], r[tokenHash], r[timestamp], r[nonce])));
    // A row that was not returned was not inserted: it needed a live access token and the join found none (a
    // duplicate would have failed the whole statement).
    return rows.map((row) => (stored.has(keyOf(row.consumerId, row.tokenHash, row.timestamp, row.nonce)) ? 'stored' : 'token-gone'));
  }

  private statement(row: NonceWrite): Statement {
    const select = this.select(row);
    return { sql: `${this.insertInto} ${select.sql}`, values: select.values };
  }

  /** The row's column values, as the driver stores them. */
  private values(row: NonceWrite): unknown[] {
    const driver = this.dataSource.driver;
    return NONCE_PROPERTIES.map((property, i) => driver.preparePersistentValue(row[property], this.boundColumns[i]!));
  }

  private select(row: NonceWrite): Statement {
    const values = this.values(row);
    return row.requireLiveAccessToken ? { sql: this.liveTokenRow, values: [...values, row.tokenHash, true] } : { sql: this.constantRow, values };
  }
}

function outcomeOf(outcome: StatementOutcome): NonceOutcome {
  return outcome === 'changed' ? 'stored' : outcome === 'duplicate' ? 'replayed' : 'token-gone';
}

/** The unique key as one string; values compared as text (MariaDB returns BIGINT as a string). */
function keyOf(consumerId: unknown, tokenHash: unknown, timestamp: unknown, nonce: unknown): string {
  return `${String(consumerId)}\u0000${String(tokenHash)}\u0000${String(timestamp)}\u0000${String(nonce)}`;
}

function compareKeys(a: NonceWrite, b: NonceWrite): number {
  return a.consumerId - b.consumerId || compare(a.tokenHash, b.tokenHash) || a.timestamp - b.timestamp || compare(a.nonce, b.nonce);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
