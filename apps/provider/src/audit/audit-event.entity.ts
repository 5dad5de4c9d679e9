import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One audited change or security event: who did what to which object, and when. Never holds secret values. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_audit_events_occurred_at')
  @CreateDateColumn({ name: 'occurred_at' })
  occurredAt: Date;

  /** e.g. `user:alice`, `cli`, `consumer:bitbucket-prod`. */
  @Column({ type: 'varchar', length: 255 })
  actor: string;

  /** e.g. `consumer.created`, `token.revoked`, `oauth.impersonation`. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType: string;

  @Column({ name: 'target_id', type: 'varchar', length: 255, nullable: true })
  targetId: string | null;

  /** JSON with non-secret details. */
  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;
}
