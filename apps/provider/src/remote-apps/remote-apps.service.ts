import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';

import { ApplinksErrorCode, ApplinksException } from '../applinks/applinks.exception';
import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit.types';

import { ATLASSIAN_OAUTH_PATHS, RemoteAppEntity, type RemoteAppType } from './remote-app.entity';
import { normalizeBaseUrl, normalizeEndpointPath } from './remote-app-urls';

/** The settings of a remote application (create: name and baseUrl required). */
export interface RemoteAppInput {
  name?: string;
  type?: RemoteAppType;
  baseUrl?: string;
  rpcUrl?: string | null;
  requestTokenPath?: string;
  authorizePath?: string;
  accessTokenPath?: string;
  twoLeggedEnabled?: boolean;
  impersonationEnabled?: boolean;
  enabled?: boolean;
}

/** The registry of remote applications this service calls as a consumer. */
@Injectable()
export class RemoteAppsService {
  constructor(
    @InjectRepository(RemoteAppEntity) private readonly apps: Repository<RemoteAppEntity>,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<RemoteAppEntity[]> {
    return this.apps.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<RemoteAppEntity> {
    const app = await this.apps.findOneBy({ id });
    if (!app) throw new ApplinksException(ApplinksErrorCode.RemoteAppNotFound, `There is no remote application with id ${id}.`, 'id');
    return app;
  }

  async create(actor: AuditActor, input: RemoteAppInput & { name: string; baseUrl: string }): Promise<RemoteAppEntity> {
    const app = this.apps.create({
      type: 'bitbucket',
      requestTokenPath: ATLASSIAN_OAUTH_PATHS.requestToken,
      authorizePath: ATLASSIAN_OAUTH_PATHS.authorize,
      accessTokenPath: ATLASSIAN_OAUTH_PATHS.accessToken,
      rpcUrl: null,
      twoLeggedEnabled: false,
      impersonationEnabled: false,
      enabled: true,
    });
    await this.apply(app, input);
    const saved = await this.apps.save(app);
    await this.record(actor, 'remote-app.created', saved);
    return saved;
  }

  async update(actor: AuditActor, id: number, input: RemoteAppInput): Promise<RemoteAppEntity> {
    const app = await this.get(id);
    await this.apply(app, input);
    const saved = await this.apps.save(app);
    await this.record(actor, 'remote-app.updated', saved);
    return saved;
  }

  /** Deletes the application and, by cascade, every user's token for it. */
  async delete(actor: AuditActor, id: number): Promise<void> {
    const app = await this.get(id);
    await this.apps.delete({ id });
    await this.record(actor, 'remote-app.deleted', app);
  }

  private async apply(app: RemoteAppEntity, input: RemoteAppInput): Promise<void> {
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (!name) throw new ApplinksException(ApplinksErrorCode.InvalidName, 'The name must not be blank.', 'name');
      const taken = await this.apps.findOneBy(app.id ? { name, id: Not(app.id) } : { name });
      if (taken) throw new ApplinksException(ApplinksErrorCode.RemoteAppNameTaken, `A remote application named "${name}" exists already.`, 'name');
      app.name = name;
    }
    if (input.type !== undefined) app.type = input.type;
    if (input.baseUrl !== undefined) app.baseUrl = normalizeBaseUrl(input.baseUrl, 'baseUrl');
    if (input.rpcUrl !== undefined) app.rpcUrl = input.rpcUrl === null || input.rpcUrl.trim() === '' ? null : normalizeBaseUrl(input.rpcUrl, 'rpcUrl');
    if (input.requestTokenPath !== undefined) app.requestTokenPath = normalizeEndpointPath(input.requestTokenPath, 'requestTokenPath', true);
    if (input.authorizePath !== undefined) app.authorizePath = normalizeEndpointPath(input.authorizePath, 'authorizePath', false);
    if (input.accessTokenPath !== undefined) app.accessTokenPath = normalizeEndpointPath(input.accessTokenPath, 'accessTokenPath', true);
    if (input.twoLeggedEnabled !== undefined) app.twoLeggedEnabled = input.twoLeggedEnabled;
    if (input.impersonationEnabled !== undefined) app.impersonationEnabled = input.impersonationEnabled;
    if (input.enabled !== undefined) app.enabled = input.enabled;
  }

  private async record(actor: AuditActor, action: string, app: RemoteAppEntity): Promise<void> {
    await this.audit.record({
      actor: actor.label,
      action,
      targetType: 'remote-app',
      targetId: String(app.id),
      details: { name: app.name, baseUrl: app.baseUrl, twoLegged: app.twoLeggedEnabled, impersonation: app.impersonationEnabled, enabled: app.enabled },
      ipAddress: actor.ipAddress ?? null,
    });
  }
}
