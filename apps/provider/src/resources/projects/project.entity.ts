import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import { UserEntity } from '../../accounts/user.entity';

/**
 * Who may see a project besides its owner: `private` projects exist only for their owner (everyone else gets 404),
 * `internal` projects are readable by every authenticated user but writable only by the owner (others get 403).
 */
export type ProjectVisibility = 'private' | 'internal';

export const PROJECT_VISIBILITIES: readonly ProjectVisibility[] = ['private', 'internal'];

/** An example protected resource: a project of the internal tool, owned by the user who created it. */
@Entity('projects')
@Index('UQ_projects_owner_key', ['ownerId', 'key'], { unique: true })
export class ProjectEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /**
   * Short code, unique per owner only: a global unique key would answer "409 exists" for another user's private
   * project and leak its existence.
   */
  @Column({ type: 'varchar', length: 32 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'private' })
  visibility: ProjectVisibility;

  @Index('IDX_projects_owner_id')
  @Column({ name: 'owner_id', type: 'int' })
  ownerId: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  /** The number the next build gets; bumped with an atomic UPDATE so concurrent triggers never share a number. */
  @Column({ name: 'next_build_number', type: 'int', default: 1 })
  nextBuildNumber: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
