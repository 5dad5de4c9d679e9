import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../accounts/user.entity';
import { ConsumerEntity } from '../consumers/consumer.entity';

/** Token credentials (RFC 5849 §2.3): bound to one consumer and one user, revocable, optionally renewable. */
@Entity('access_tokens')
export class AccessTokenEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Index('IDX_access_tokens_consumer_id')
  @Column({ name: 'consumer_id', type: 'int' })
  consumerId: number;

  @ManyToOne(() => ConsumerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consumer_id' })
  consumer?: ConsumerEntity;

  @Index('IDX_access_tokens_user_id')
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  /** SHA-256 (hex) of the `oauth_session_handle`, when the consumer uses renewal. */
  @Column({ name: 'session_handle_hash', type: 'varchar', length: 64, nullable: true })
  sessionHandleHash: string | null;

  @Column({ name: 'session_started_at', type: 'datetime' })
  sessionStartedAt: Date;

  @Column({ name: 'session_expires_at', type: 'datetime' })
  sessionExpiresAt: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'last_used_at', type: 'datetime', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;

  /** `user`, `admin`, `renewed`, `consumer-disabled`, `consumer-deleted`. */
  @Column({ name: 'revoked_reason', type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;
}
