import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../accounts/user.entity';

import { RemoteAppEntity } from './remote-app.entity';

/** `request`: a dance in progress (one per user and remote); `access`: the user's connection. */
export type RemoteTokenKind = 'request' | 'access';

/**
 * A token the remote application issued to us for one of our users. Token value and secret are sealed (purpose
 * bound to the row's app, user and kind), so a database dump yields nothing usable.
 */
@Entity('remote_tokens')
@Index('UQ_remote_tokens_app_user_kind', ['remoteAppId', 'userId', 'kind'], { unique: true })
export class RemoteTokenEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'remote_app_id', type: 'int' })
  remoteAppId: number;

  @ManyToOne(() => RemoteAppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'remote_app_id' })
  remoteApp?: RemoteAppEntity;

  @Index('IDX_remote_tokens_user_id')
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: RemoteTokenKind;

  @Column({ name: 'token_sealed', type: 'text' })
  tokenSealed: string;

  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  /** ScalableOAuth `oauth_session_handle`, when the remote sent one. */
  @Column({ name: 'session_handle_sealed', type: 'text', nullable: true })
  sessionHandleSealed: string | null;

  /** Request tokens: when the dance must be finished; access tokens: `oauth_expires_in`, if the remote said. */
  @Column({ name: 'expires_at', type: 'datetime', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'datetime', nullable: true })
  lastUsedAt: Date | null;
}
