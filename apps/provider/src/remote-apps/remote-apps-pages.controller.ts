import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { RouteAuth } from '@app/auth';

import { AdminSessionGuard } from '../accounts/admin-session.guard';
import { ServiceIdentityService } from '../applinks/service-identity.service';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';

import { accessTokenUrl, authorizeUrl, requestTokenUrl } from './remote-app-urls';
import { RemoteAppsService } from './remote-apps.service';
import { RemoteAuthorizationService } from './remote-authorization.service';

/** Admin page: the remote applications and, for each, what its admin enters in the link's Incoming Authentication. */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(AdminSessionGuard)
@UseFilters(PageExceptionFilter)
@Controller('admin/remote-apps')
export class RemoteAppsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly apps: RemoteAppsService,
    private readonly identity: ServiceIdentityService,
    private readonly authorization: RemoteAuthorizationService,
  ) {}

  @Get()
  async list(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const identity = await this.identity.get();
    const apps = (await this.apps.list()).map((app) => ({
      ...app,
      urls: { requestToken: requestTokenUrl(app), authorize: authorizeUrl(app), accessToken: accessTokenUrl(app) },
      callbackUrl: this.authorization.callbackUrl(app),
    }));
    return this.pages.render(reply, 'remote-apps/views/admin-list', { title: 'Remote applications', apps, identity });
  }
}
