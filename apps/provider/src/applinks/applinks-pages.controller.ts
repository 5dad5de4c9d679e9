import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { RouteAuth } from '@app/auth';

import { AdminSessionGuard } from '../accounts/admin-session.guard';
import { CsrfService } from '../accounts/csrf.service';
import { CurrentUser } from '../accounts/current-user.decorator';
import type { AuthenticatedSession } from '../accounts/sessions.service';
import { userActor } from '../audit/audit.types';
import { PageError } from '../web/page-error';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';

import { ApplinksException } from './applinks.exception';
import { LinkSetupService } from './link-setup.service';
import { ServiceIdentityService } from './service-identity.service';

/** The rotate-key button: only its CSRF token. */
export class RotateKeyFormDto {
  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

const ROTATE_CSRF = 'service-identity-rotate';

/** Admin pages: the link set-up and link check of one consumer, and this service's own consumer identity. */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(AdminSessionGuard)
@UseFilters(PageExceptionFilter)
@Controller('admin/applinks')
export class ApplinksPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly links: LinkSetupService,
    private readonly identity: ServiceIdentityService,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  async identityPage(@CurrentUser('session') session: AuthenticatedSession, @Query('rotated') rotated: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const identity = await this.identity.get();
    return this.pages.render(reply, 'applinks/views/identity', {
      title: 'This service as a consumer',
      identity,
      consumerInfoUrl: `${this.links.publicUrl}/plugins/servlet/oauth/consumer-info`,
      rotateAction: this.pages.url('/admin/applinks/rotate-key'),
      csrf: this.csrf.issue(session, 'admin', ROTATE_CSRF),
      alert: rotated === '1' ? { kind: 'success', message: 'New key pair generated. Paste the new public key into every remote application\'s incoming link.' } : null,
    });
  }

  @Post('rotate-key')
  async rotateKey(@Body() form: RotateKeyFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    if (!this.csrf.verify(session, 'admin', form.csrf, ROTATE_CSRF)) throw new PageError(403, 'This form has expired', 'Nothing was changed. Reload the page and try again.');
    await this.identity.rotateKey({ label: userActor(session.user.username), ipAddress: request.ip });
    return reply.redirect(this.pages.url('/admin/applinks?rotated=1'), 303);
  }

  @Get(':consumerKey')
  async setupPage(@Param('consumerKey') consumerKey: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      const [setup, check] = await Promise.all([this.links.setup(consumerKey), this.links.check(consumerKey)]);
      return this.pages.render(reply, 'applinks/views/link-setup', { title: `Link set-up: ${setup.consumerName}`, setup, check });
    } catch (error) {
      if (error instanceof ApplinksException) throw new PageError(404, 'Unknown consumer', error.message);
      throw error;
    }
  }
}
