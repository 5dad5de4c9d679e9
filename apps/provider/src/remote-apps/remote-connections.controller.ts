import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { RouteAuth } from '@app/auth';

import { CsrfService } from '../accounts/csrf.service';
import { CurrentUser } from '../accounts/current-user.decorator';
import { SessionGuard } from '../accounts/session.guard';
import type { AuthenticatedSession } from '../accounts/sessions.service';
import { PageError } from '../web/page-error';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';

import { DanceError, RemoteAuthorizationService } from './remote-authorization.service';
import { RemoteConnectionsService } from './remote-connections.service';
import { ReauthorizationRequiredError, RemoteAppError, RemoteAppUnavailableError, RemoteOAuthError } from './remote-errors';
import { RemoteReconnectFilter } from './remote-reconnect.filter';

/** A connect or disconnect button: only the CSRF token (the application id is in the path). */
export class RemoteAppFormDto {
  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

const PAGE = '/account/remote-apps';

/**
 * "Connected applications": the remote applications this service may call for the signed-in user, with Connect
 * (the 3-legged dance as a consumer), Reconnect and Disconnect.
 */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(SessionGuard)
@UseFilters(PageExceptionFilter, RemoteReconnectFilter)
@Controller()
export class RemoteConnectionsController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly connections: RemoteConnectionsService,
    private readonly authorization: RemoteAuthorizationService,
    private readonly csrf: CsrfService,
  ) {}

  @Get('account/remote-apps')
  async list(@CurrentUser('session') session: AuthenticatedSession, @Query('connected') connected: unknown, @Query('disconnected') disconnected: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const connections = (await this.connections.listForUser(session.user.id)).map((c) => ({
      ...c,
      connectAction: this.pages.url(`/remote-apps/${c.remoteAppId}/connect`),
      disconnectAction: this.pages.url(`/remote-apps/${c.remoteAppId}/disconnect`),
      checkUrl: this.pages.url(`/account/remote-apps/${c.remoteAppId}/check`),
      csrf: this.csrf.issue(session, 'remote-app', String(c.remoteAppId)),
    }));
    const justConnected = connections.find((c) => String(c.remoteAppId) === connected && c.connected);
    const alert = justConnected
      ? { kind: 'success', message: `Connected to ${justConnected.name}.` }
      : disconnected === '1'
        ? { kind: 'success', message: 'Disconnected. This service no longer acts for you there.' }
        : null;
    return this.pages.render(reply, 'remote-apps/views/connections', { title: 'Connected applications', connections, alert });
  }

  /** Asks the remote who we are acting as: proves the connection works (or turns into a "Reconnect" prompt). */
  @Get('account/remote-apps/:id/check')
  async check(@Param('id', ParseIntPipe) id: number, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    let result: { remoteUser: string; appName: string };
    try {
      result = await this.connections.whoAmI(session.user.id, id);
    } catch (error) {
      throw this.pageError(error, 'The connection does not work');
    }
    return this.pages.render(reply, 'remote-apps/views/check', { title: `Connection to ${result.appName}`, ...result, backUrl: this.pages.url(PAGE) });
  }

  @Post('remote-apps/:id/connect')
  async connect(@Param('id', ParseIntPipe) id: number, @Body() form: RemoteAppFormDto, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, id, form);
    try {
      const { authorizeUrl } = await this.authorization.start(session.user.id, id);
      return reply.redirect(authorizeUrl, 303);
    } catch (error) {
      throw this.pageError(error, 'Could not start the connection');
    }
  }

  @Get('remote-apps/:id/callback')
  async callback(
    @Param('id', ParseIntPipe) id: number,
    @Query('oauth_token') oauthToken: unknown,
    @Query('oauth_verifier') verifier: unknown,
    @CurrentUser('session') session: AuthenticatedSession,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    try {
      await this.authorization.complete(session.user.id, id, typeof oauthToken === 'string' ? oauthToken : undefined, typeof verifier === 'string' ? verifier : undefined);
    } catch (error) {
      if (error instanceof DanceError) throw new PageError(error.reason === 'denied' ? 403 : 400, error.reason === 'denied' ? 'Not connected' : 'Connection expired', error.message);
      throw this.pageError(error, 'Could not finish the connection');
    }
    return reply.redirect(this.pages.url(`${PAGE}?connected=${id}`), 303);
  }

  @Post('remote-apps/:id/disconnect')
  async disconnect(@Param('id', ParseIntPipe) id: number, @Body() form: RemoteAppFormDto, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, id, form);
    await this.authorization.disconnect(session.user.id, id);
    return reply.redirect(this.pages.url(`${PAGE}?disconnected=1`), 303);
  }

  private checkCsrf(session: AuthenticatedSession, id: number, form: RemoteAppFormDto): void {
    if (!this.csrf.verify(session, 'remote-app', form.csrf, String(id))) {
      throw new PageError(403, 'This form has expired', 'Nothing was changed. Reload the page and try again.');
    }
  }

  private pageError(error: unknown, title: string): unknown {
    if (error instanceof RemoteOAuthError) return new PageError(502, title, `The remote application refused the request (OAuth problem ${error.problem}). An administrator should check the application link.`);
    if (error instanceof ReauthorizationRequiredError) return error;
    if (error instanceof RemoteAppUnavailableError) return new PageError(404, 'Unknown application', 'This application is not linked, or an administrator disabled it.');
    if (error instanceof RemoteAppError) return new PageError(502, title, error.message);
    return error;
  }
}
