import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

import { UserEntity } from '../accounts/user.entity';

import { AccessTokenEntity } from './access-token.entity';
import { type NonceOutcome, type NonceWrite, NonceWrites } from './nonce-writes';
import { createRawSqlRunner, type RawSqlRunner } from './raw-sql-runner';

/**
 * The two queries every protected call makes, as SQL built once from the entity metadata and run with bound
 * parameters (`?` on both engines) straight on the driver (see RawSqlRunner), hydrated with the driver's own value
 * conversions. TypeORM's query builder and query runner spend more CPU building, running and transforming these
 * than the database spends answering them; the metadata keeps them in step with the entities.
 */
export class HotPathQueries {
  private readonly selectAccessToken: string;
  private readonly nonces: NonceWrites;
  private readonly tokenMeta: EntityMetadata;
  private readonly userMeta: EntityMetadata;
  private readonly tokenColumns: [string, ColumnMetadata][];
  private readonly userColumns: [string, ColumnMetadata][];
  private readonly sql: RawSqlRunner;

  constructor(private readonly dataSource: DataSource) {
    this.sql = createRawSqlRunner(dataSource);
    const q = (name: string) => dataSource.driver.escape(name);
    this.tokenMeta = dataSource.getMetadata(AccessTokenEntity);
    this.userMeta = dataSource.getMetadata(UserEntity);
    this.tokenColumns = this.tokenMeta.columns.map((c) => [`t_${c.databaseName}`, c]);
    this.userColumns = this.userMeta.columns.map((c) => [`u_${c.databaseName}`, c]);
    const columns = (meta: EntityMetadata, alias: string) => meta.columns.map((c) => `${q(alias)}.${q(c.databaseName)} AS ${q(`${alias}_${c.databaseName}`)}`);
    const userId = this.tokenMeta.findColumnWithPropertyName('userId')!.databaseName;
    const tokenHash = this.tokenMeta.findColumnWithPropertyName('tokenHash')!.databaseName;
    this.selectAccessToken =
      `SELECT ${[...columns(this.tokenMeta, 't'), ...columns(this.userMeta, 'u')].join(', ')} ` +
      `FROM ${q(this.tokenMeta.tableName)} ${q('t')} INNER JOIN ${q(this.userMeta.tableName)} ${q('u')} ON ${q('u')}.${q('id')} = ${q('t')}.${q(userId)} ` +
      `WHERE ${q('t')}.${q(tokenHash)} = ?`;
    this.nonces = new NonceWrites(dataSource, this.sql);
  }

  /** The access token with this hash and its user, or null. */
  async findAccessToken(tokenHash: string): Promise<(AccessTokenEntity & { user: UserEntity }) | null> {
    const row = await this.sql.first(this.selectAccessToken, [tokenHash]);
    if (!row) return null;
    const token = this.hydrate(this.tokenMeta, this.tokenColumns, row) as AccessTokenEntity;
    token.user = this.hydrate(this.userMeta, this.userColumns, row) as UserEntity;
    return token as AccessTokenEntity & { user: UserEntity };
  }

  /** Stores a nonce (see NonceWrites): together with the others of this event-loop turn. */
  writeNonce(row: NonceWrite): Promise<NonceOutcome> {
    return this.nonces.write(row);
  }

  private hydrate(meta: EntityMetadata, columns: [string, ColumnMetadata][], row: Record<string, unknown>): ObjectLiteral {
    const entity = meta.create() as ObjectLiteral;
    for (const [name, column] of columns) {
      entity[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[name], column);
    }
    return entity;
  }
}
