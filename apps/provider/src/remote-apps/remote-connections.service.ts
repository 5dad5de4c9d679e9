import { Injectable } from '@nestjs/common';

import type { RemoteAppType } from './remote-app.entity';
import { RemoteAppsService } from './remote-apps.service';
import { RemoteClient } from './remote-client';
import { RemoteRequestError } from './remote-errors';
import { RemoteTokensService } from './remote-tokens.service';

/**
 * Where a remote says who the caller is: Atlassian applications answer Applinks' WhoAmIServlet with the
 * username as plain text; this service (a generic peer) answers /api/me.
 */
const WHOAMI_PATH: Record<RemoteAppType, string> = {
  bitbucket: '/plugins/servlet/applinks/whoami',
  jira: '/plugins/servlet/applinks/whoami',
  confluence: '/plugins/servlet/applinks/whoami',
  generic: '/api/me',
};

/** One enabled remote application as a user sees it: connected or not. */
export interface RemoteConnection {
  remoteAppId: number;
  name: string;
  type: string;
  baseUrl: string;
  connected: boolean;
  connectedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

/** The user's connections to remote applications (for the account pages). */
@Injectable()
export class RemoteConnectionsService {
  constructor(
    private readonly apps: RemoteAppsService,
    private readonly tokens: RemoteTokensService,
    private readonly client: RemoteClient,
  ) {}

  /** Calls the remote as the user and returns the remote username it reports. */
  async whoAmI(userId: number, remoteAppId: number): Promise<{ remoteUser: string; appName: string }> {
    const app = await this.client.resolveApp(remoteAppId);
    const response = await this.client.to(app.id).forUser(userId).get(WHOAMI_PATH[app.type]);
    if (!response.ok) throw new RemoteRequestError(`${app.name} answered ${response.status}`, response.status);
    const remoteUser = app.type === 'generic' ? response.json<{ user?: { username?: string } | null }>().user?.username : response.body.trim();
    if (!remoteUser) throw new RemoteRequestError(`${app.name} did not say who you are there`, response.status);
    return { remoteUser: remoteUser.slice(0, 255), appName: app.name };
  }

  async listForUser(userId: number): Promise<RemoteConnection[]> {
    const [apps, tokens] = await Promise.all([this.apps.list(), this.tokens.listAccessForUser(userId)]);
    const byApp = new Map(tokens.map((t) => [t.remoteAppId, t]));
    return apps
      .filter((app) => app.enabled)
      .map((app) => {
        const token = byApp.get(app.id);
        return {
          remoteAppId: app.id,
          name: app.name,
          type: app.type,
          baseUrl: app.baseUrl,
          connected: token !== undefined,
          connectedAt: token?.createdAt ?? null,
          lastUsedAt: token?.lastUsedAt ?? null,
          expiresAt: token?.expiresAt ?? null,
        };
      });
  }
}
