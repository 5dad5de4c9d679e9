import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type UserRole = 'user' | 'admin';

/** A resource owner (and, with the admin role, an administrator) of the tool. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Login name; what Atlassian sends as `xoauth_requestor_id` for impersonation. Compared byte-exactly. */
  @Column({ type: 'varchar', length: 255, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: UserRole;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** argon2id hash; null for accounts that only log in through the trusted single-sign-on header. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
