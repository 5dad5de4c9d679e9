import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';

import { UserEntity } from '../accounts/user.entity';

import { AccessTokenEntity } from './access-token.entity';
import { NonceEntity } from './nonce.entity';

/**
 * The two queries every protected call makes, as SQL built once from the entity metadata and run with bound
 * parameters (`?` on both engines), hydrated with the driver's own value conversions. TypeORM's query builder
 * spends more CPU building and transforming these than the database spends answering them; the metadata keeps
 * them in step with the entities.
 */
export class HotPathQueries {
  private readonly selectAccessToken: string;
  private readonly insertNonce: string;
  private readonly tokenMeta: EntityMetadata;
  private readonly userMeta: EntityMetadata;
  private readonly nonceMeta: EntityMetadata;

  constructor(private readonly dataSource: DataSource) {
    const q = (name: string) => dataSource.driver.escape(name);
    this.tokenMeta = dataSource.getMetadata(AccessTokenEntity);
    this.userMeta = dataSource.getMetadata(UserEntity);
    this.nonceMeta = dataSource.getMetadata(NonceEntity);
    const columns = (meta: EntityMetadata, alias: string) => meta.columns.map((c) => `${q(alias)}.${q(c.databaseName)} AS ${q(`${alias}_${c.databaseName}`)}`);
    const userId = this.tokenMeta.findColumnWithPropertyName('userId')!.databaseName;
    const tokenHash = this.tokenMeta.findColumnWithPropertyName('tokenHash')!.databaseName;
    this.selectAccessToken =
      `SELECT ${[...columns(this.tokenMeta, 't'), ...columns(this.userMeta, 'u')].join(', ')} ` +
      `FROM ${q(this.tokenMeta.tableName)} ${q('t')} INNER JOIN ${q(this.userMeta.tableName)} ${q('u')} ON ${q('u')}.${q('id')} = ${q('t')}.${q(userId)} ` +
      `WHERE ${q('t')}.${q(tokenHash)} = ?`;
    const nonceColumns = ['consumerId', 'tokenHash', 'timestamp', 'nonce', 'expiresAt'].map((p) => q(this.nonceMeta.findColumnWithPropertyName(p)!.databaseName));
    this.insertNonce = `INSERT INTO ${q(this.nonceMeta.tableName)} (${nonceColumns.join(', ')}) VALUES (?, ?, ?, ?, ?)`;
  }

  /** The access token with this hash and its user, or null. */
  async findAccessToken(tokenHash: string): Promise<(AccessTokenEntity & { user: UserEntity }) | null> {
    const rows = (await this.dataSource.query(this.selectAccessToken, [tokenHash])) as Record<string, unknown>[];
    const row = rows[0];
    if (!row) return null;
    const token = this.hydrate(this.tokenMeta, row, 't') as AccessTokenEntity;
    token.user = this.hydrate(this.userMeta, row, 'u') as UserEntity;
    return token as AccessTokenEntity & { user: UserEntity };
  }

  /** A plain INSERT of a nonce row; a duplicate key rejects (the caller treats it as a replay). */
  async insertNonceRow(row: Pick<NonceEntity, 'consumerId' | 'tokenHash' | 'timestamp' | 'nonce' | 'expiresAt'>): Promise<void> {
    const value = (property: keyof typeof row) => this.dataSource.driver.preparePersistentValue(row[property], this.nonceMeta.findColumnWithPropertyName(property)!);
    await this.dataSource.query(this.insertNonce, [value('consumerId'), value('tokenHash'), value('timestamp'), value('nonce'), value('expiresAt')]);
  }

  private hydrate(meta: EntityMetadata, row: Record<string, unknown>, alias: string): ObjectLiteral {
    const entity = meta.create() as ObjectLiteral;
    for (const column of meta.columns) {
      entity[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[`${alias}_${column.databaseName}`], column);
    }
    return entity;
  }
}
