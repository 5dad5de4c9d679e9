import { QueryFailedError, type DataSource, type Repository } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';

import type { OAuthPrincipal } from '@app/auth';

import type { UserEntity } from '../../accounts/user.entity';
import type { ConsumerEntity } from '../../consumers/consumer.entity';

import type { BuildEntity } from './build.entity';
import type { ProjectEntity } from './project.entity';
import { ProjectsErrorCode, ProjectsException } from './projects.exception';
import { ProjectsService } from './projects.service';

const user = (id: number, username: string) => ({ id, username, displayName: username, enabled: true }) as UserEntity;
const consumer = { id: 1, consumerKey: 'bitbucket', name: 'Bitbucket' } as ConsumerEntity;
const as = (u: UserEntity | null): OAuthPrincipal => ({ user: u, consumer, token: null, mode: u ? '3-legged' : '2-legged' });
const alice = user(1, 'alice');
const bob = user(2, 'bob');

function project(overrides: Partial<ProjectEntity> = {}): ProjectEntity {
  return { id: 7, key: 'ABC', name: 'A', description: null, visibility: 'private', ownerId: alice.id, owner: alice, nextBuildNumber: 1, createdAt: new Date(), updatedAt: new Date(), ...overrides } as ProjectEntity;
}

function setup(found: ProjectEntity | null) {
  const projects = {
    findOne: vi.fn().mockResolvedValue(found),
    findOneByOrFail: vi.fn().mockResolvedValue(found),
    create: vi.fn((v: Partial<ProjectEntity>) => ({ ...v })),
    insert: vi.fn().mockResolvedValue({}),
  };
  const builds = { findOne: vi.fn().mockResolvedValue(null) };
  const transaction = vi.fn();
  const sut = new ProjectsService(projects as unknown as Repository<ProjectEntity>, builds as unknown as Repository<BuildEntity>, { transaction } as unknown as DataSource);
  return { sut, projects, builds, transaction };
}

async function refusal(promise: Promise<unknown>): Promise<ProjectsErrorCode> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProjectsException);
  return (error as ProjectsException).code;
}

describe('ProjectsService ownership rules', () => {
  it('the owner reads a private project; anyone else gets project_not_found, as for a missing one', async () => {
    expect((await setup(project()).sut.get(as(alice), 7)).ownerUsername).toBe('alice');
    expect(await refusal(setup(project()).sut.get(as(bob), 7))).toBe(ProjectsErrorCode.ProjectNotFound);
    expect(await refusal(setup(project()).sut.get(as(null), 7))).toBe(ProjectsErrorCode.ProjectNotFound);
    expect(await refusal(setup(null).sut.get(as(bob), 7))).toBe(ProjectsErrorCode.ProjectNotFound);
  });

  it('every caller, even an anonymous 2-legged one, reads an internal project', async () => {
    expect((await setup(project({ visibility: 'internal' })).sut.get(as(bob), 7)).project.id).toBe(7);
    expect((await setup(project({ visibility: 'internal' })).sut.get(as(null), 7)).project.id).toBe(7);
  });

  it('only the owner triggers builds: not_owner for readers, project_not_found for the rest', async () => {
    const internal = setup(project({ visibility: 'internal' }));
    expect(await refusal(internal.sut.triggerBuild(as(bob), 7, { ref: 'main' }))).toBe(ProjectsErrorCode.NotOwner);
    expect(internal.transaction).not.toHaveBeenCalled();
    expect(await refusal(setup(project()).sut.triggerBuild(as(bob), 7, { ref: 'main' }))).toBe(ProjectsErrorCode.ProjectNotFound);
    expect(await refusal(setup(project({ visibility: 'internal' })).sut.triggerBuild(as(null), 7, { ref: 'main' }))).toBe(ProjectsErrorCode.UserRequired);
  });

  it('creates projects for the calling user only, and maps a duplicate key to key_taken', async () => {
    const { sut, projects } = setup(project());
    await sut.create(as(alice), { key: 'ABC', name: 'A' });
    expect(projects.create).toHaveBeenCalledWith(expect.objectContaining({ ownerId: alice.id, visibility: 'private' }));
    expect(await refusal(sut.create(as(null), { key: 'X', name: 'x' }))).toBe(ProjectsErrorCode.UserRequired);
    const duplicate = new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    projects.insert.mockRejectedValueOnce(duplicate);
    expect(await refusal(sut.create(as(alice), { key: 'ABC', name: 'A' }))).toBe(ProjectsErrorCode.KeyTaken);
  });
});
