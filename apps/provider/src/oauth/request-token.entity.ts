import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../accounts/user.entity';
import { ConsumerEntity } from '../consumers/consumer.entity';

export type RequestTokenState = 'issued' | 'authorized' | 'denied' | 'consumed' | 'burned';

/** Temporary credentials (RFC 5849 §2.1): issued → authorized | denied → consumed, or burned by a failed exchange. */
@Entity('request_tokens')
export class RequestTokenEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** SHA-256 (hex) of the token value; the value itself is never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'consumer_id', type: 'int' })
  consumerId: number;

  @ManyToOne(() => ConsumerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consumer_id' })
  consumer?: ConsumerEntity;

  /** Token secret sealed with AES-256-GCM. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  /** `oob` or the URL bound at request-token time (never taken from the authorize URL). */
  @Column({ type: 'varchar', length: 2048 })
  callback: string;

  @Column({ type: 'varchar', length: 16, default: 'issued' })
  state: RequestTokenState;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity | null;

  /** SHA-256 (hex) of the verifier. */
  @Column({ name: 'verifier_hash', type: 'varchar', length: 64, nullable: true })
  verifierHash: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Index('IDX_request_tokens_expires_at')
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt: Date | null;
}
