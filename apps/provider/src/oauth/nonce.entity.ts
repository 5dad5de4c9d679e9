import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { ConsumerEntity } from '../consumers/consumer.entity';

/**
 * A used nonce (RFC 5849 §3.3). The unique key makes replay protection an insert-or-fail that holds across
 * several instances on one database (checklist N4); rows older than twice the timestamp window are purged.
 * `expires_at` has no index on purpose: every signed call inserts a row, and each index costs that insert more
 * than the purge gains from it. Rows are written in nearly expiry order, so the purge walks the primary key instead.
 */
@Entity('nonces')
@Index('UQ_nonces_consumer_token_timestamp_nonce', ['consumerId', 'tokenHash', 'timestamp', 'nonce'], { unique: true })
export class NonceEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'consumer_id', type: 'int' })
  consumerId: number;

  @ManyToOne(() => ConsumerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consumer_id' })
  consumer?: ConsumerEntity;

  /** SHA-256 (hex) of the token, or '' for requests without one. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, default: '' })
  tokenHash: string;

  @Column({ type: 'bigint' })
  timestamp: number;

  @Column({ type: 'varchar', length: 128 })
  nonce: string;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;
}
