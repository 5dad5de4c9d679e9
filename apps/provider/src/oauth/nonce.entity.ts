import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { ConsumerEntity } from '../consumers/consumer.entity';

/**
 * A used nonce (RFC 5849 §3.3). The unique key makes replay protection an insert-or-fail that holds across
 * several instances on one database (checklist N4); rows older than twice the timestamp window are purged.
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

  @Index('IDX_nonces_expires_at')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;
}
