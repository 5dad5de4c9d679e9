import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, QueryFailedError, Repository } from 'typeorm';

import type { OAuthPrincipal } from '@app/auth';

import { UserEntity } from '../../accounts/user.entity';
import type { Page } from '../../common/page';
import type { PageQueryDto } from '../../common/page-query.dto';

import { BuildEntity } from './build.entity';
import type { CreateProjectDto } from './dto/create-project.dto';
import type { TriggerBuildDto } from './dto/trigger-build.dto';
import { ProjectEntity } from './project.entity';
import { ProjectsErrorCode, ProjectsException } from './projects.exception';

/** A project with its owner's username, as readers see it. */
export interface ProjectView {
  project: ProjectEntity;
  ownerUsername: string;
}

/** A build with the username it was triggered for. */
export interface BuildView {
  build: BuildEntity;
  triggeredBy: string;
}

/**
 * Projects and builds, with the ownership rules of the example module:
 * - a project belongs to the user who created it (the user the consumer acts for, never the consumer itself);
 * - read: the owner, and every authenticated caller for `internal` projects; anyone else gets the same 404 as for a
 *   project that does not exist, so private projects never leak (not even their existence or key);
 * - write (trigger a build): the owner only; a caller who can read the project but does not own it gets 403
 *   (saying so leaks nothing they cannot already read);
 * - anonymous 2-legged calls (a consumer without an "execute as" user) may read internal projects and never write.
 */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectRepository(ProjectEntity) private readonly projects: Repository<ProjectEntity>,
    @InjectRepository(BuildEntity) private readonly builds: Repository<BuildEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: OAuthPrincipal, query: PageQueryDto): Promise<Page<ProjectView>> {
    const userId = principal.user?.id ?? null;
    const qb = this.projects
      .createQueryBuilder('p')
      .innerJoin(UserEntity, 'u', 'u.id = p.ownerId')
      .addSelect('u.username', 'owner_username')
      .where(
        new Brackets((w) => {
          w.where('p.visibility = :internal', { internal: 'internal' });
          if (userId !== null) w.orWhere('p.ownerId = :userId', { userId });
        }),
      )
      .orderBy('p.id', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    const [{ entities, raw }, total] = await Promise.all([qb.getRawAndEntities<{ owner_username: string }>(), qb.getCount()]);
    const items = entities.map((project, i) => ({ project, ownerUsername: raw[i]!.owner_username }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(principal: OAuthPrincipal, projectId: number): Promise<ProjectView> {
    return this.findReadable(principal, projectId);
  }

  async create(principal: OAuthPrincipal, dto: CreateProjectDto): Promise<ProjectView> {
    const user = this.requireUser(principal, 'create projects');
    const project = this.projects.create({
      key: dto.key,
      name: dto.name,
      description: dto.description ?? null,
      visibility: dto.visibility ?? 'private',
      ownerId: user.id,
    });
    try {
      await this.projects.insert(project);
    } catch (error) {
      // The unique key is (owner, key): a conflict can only be with the caller's own project.
      if (isUniqueViolation(error)) throw new ProjectsException(ProjectsErrorCode.KeyTaken, `You already have a project with key ${dto.key}.`);
      throw error;
    }
    return { project: await this.projects.findOneByOrFail({ id: project.id }), ownerUsername: user.username };
  }

  async listBuilds(principal: OAuthPrincipal, projectId: number, query: PageQueryDto): Promise<Page<BuildView>> {
    const { project } = await this.findReadable(principal, projectId);
    const qb = this.builds
      .createQueryBuilder('b')
      .innerJoin(UserEntity, 'u', 'u.id = b.triggeredById')
      .addSelect('u.username', 'triggered_by')
      .where('b.projectId = :projectId', { projectId: project.id })
      .orderBy('b.number', 'DESC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    const [{ entities, raw }, total] = await Promise.all([qb.getRawAndEntities<{ triggered_by: string }>(), qb.getCount()]);
    return { items: entities.map((build, i) => ({ build, triggeredBy: raw[i]!.triggered_by })), total, page: query.page, pageSize: query.pageSize };
  }

  async getBuild(principal: OAuthPrincipal, projectId: number, buildNumber: number): Promise<BuildView> {
    const { project } = await this.findReadable(principal, projectId);
    const build = await this.builds.findOne({ where: { projectId: project.id, number: buildNumber }, relations: { triggeredBy: true } });
    if (!build) throw new ProjectsException(ProjectsErrorCode.BuildNotFound, `Project ${project.id} has no build ${buildNumber}.`);
    return { build, triggeredBy: build.triggeredBy!.username };
  }

  async triggerBuild(principal: OAuthPrincipal, projectId: number, dto: TriggerBuildDto): Promise<BuildView> {
    const user = this.requireUser(principal, 'trigger builds');
    const { project } = await this.findReadable(principal, projectId);
    if (project.ownerId !== user.id) {
      throw new ProjectsException(ProjectsErrorCode.NotOwner, `Only the owner of project ${project.id} may trigger its builds.`);
    }
    const build = await this.dataSource.transaction(async (manager) => {
      // An atomic increment takes the row lock first, so concurrent triggers get distinct numbers on both engines.
      await manager.increment(ProjectEntity, { id: project.id }, 'nextBuildNumber', 1);
      const { nextBuildNumber } = await manager.findOneByOrFail(ProjectEntity, { id: project.id });
      const entity = manager.create(BuildEntity, {
        projectId: project.id,
        number: nextBuildNumber - 1,
        ref: dto.ref,
        reason: dto.reason ?? null,
        status: 'queued',
        triggeredById: user.id,
        triggeredVia: principal.consumer.consumerKey,
      });
      await manager.insert(BuildEntity, entity);
      return manager.findOneByOrFail(BuildEntity, { id: entity.id });
    });
    return { build, triggeredBy: user.username };
  }

  /** The project if the caller may read it; otherwise the same 404 whether it exists or not. */
  private async findReadable(principal: OAuthPrincipal, projectId: number): Promise<ProjectView> {
    const project = await this.projects.findOne({ where: { id: projectId }, relations: { owner: true } });
    const userId = principal.user?.id ?? null;
    if (!project || (project.visibility !== 'internal' && project.ownerId !== userId)) {
      throw new ProjectsException(ProjectsErrorCode.ProjectNotFound, `No project ${projectId} is visible to you.`);
    }
    return { project, ownerUsername: project.owner!.username };
  }

  private requireUser(principal: OAuthPrincipal, action: string): NonNullable<OAuthPrincipal['user']> {
    if (!principal.user) {
      throw new ProjectsException(ProjectsErrorCode.UserRequired, `This consumer calls anonymously (2-legged without a user) and may not ${action}.`);
    }
    return principal.user;
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; errno?: number };
  return driver.code === 'ER_DUP_ENTRY' || driver.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver.errno === 1062;
}
