import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../../accounts/user.entity';

import { ProjectEntity } from './project.entity';

export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A build of a project, triggered through the API (for example by Bitbucket on a push, acting as the user). */
@Entity('builds')
@Index('UQ_builds_project_number', ['projectId', 'number'], { unique: true })
export class BuildEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'project_id', type: 'int' })
  projectId: number;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: ProjectEntity;

  /** 1, 2, 3… within the project. */
  @Column({ type: 'int' })
  number: number;

  /** Branch, tag or commit to build. */
  @Column({ type: 'varchar', length: 255 })
  ref: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: BuildStatus;

  @Column({ name: 'triggered_by_id', type: 'int' })
  triggeredById: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'triggered_by_id' })
  triggeredBy?: UserEntity;

  /** The consumer key of the application that triggered it (the "via Bitbucket" of an audit trail). */
  @Column({ name: 'triggered_via', type: 'varchar', length: 255 })
  triggeredVia: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
