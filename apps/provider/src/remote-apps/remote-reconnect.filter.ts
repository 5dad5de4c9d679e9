import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { PageRenderer } from '../web/page-renderer';

import { RemoteAppsService } from './remote-apps.service';
import { ReauthorizationRequiredError } from './remote-errors';

/**
 * For pages that call a remote application for the signed-in user: turns {@link ReauthorizationRequiredError} into
 * a "Reconnect" prompt, as Bitbucket turns token_expired/token_rejected/token_revoked into "Authenticate".
 * Use with `@UseFilters(PageExceptionFilter, RemoteReconnectFilter)` (the more specific filter last wins).
 */
@Injectable()
@Catch(ReauthorizationRequiredError)
export class RemoteReconnectFilter implements ExceptionFilter<ReauthorizationRequiredError> {
  constructor(
    private readonly pages: PageRenderer,
    private readonly apps: RemoteAppsService,
  ) {}

  async catch(error: ReauthorizationRequiredError, host: ArgumentsHost): Promise<void> {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const app = await this.apps.get(error.remoteAppId).catch(() => null);
    this.pages.render(
      reply,
      'remote-apps/views/reconnect',
      {
        title: `Reconnect ${app?.name ?? 'the application'}`,
        appName: app?.name ?? 'the linked application',
        expired: error.reason !== 'not_connected',
        connectionsUrl: this.pages.url(`/account/remote-apps#remote-app-${error.remoteAppId}`),
      },
      { status: 403 },
    );
  }
}
