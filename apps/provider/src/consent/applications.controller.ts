import { Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { RouteAuth } from '@app/auth';

import { AdminSessionGuard } from '../accounts/admin-session.guard';
import { CsrfService } from '../accounts/csrf.service';
import { CurrentUser } from '../accounts/current-user.decorator';
import { SessionGuard } from '../accounts/session.guard';
import type { AuthenticatedSession } from '../accounts/sessions.service';
import type { UserEntity } from '../accounts/user.entity';
import { UsersService } from '../accounts/users.service';
import { userActor } from '../audit/audit.types';
import { AccessTokensService } from '../oauth/access-tokens.service';
import { PageError } from '../web/page-error';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';
import { RevokeFormDto } from './dto/consent-decision.dto';

/**
 * "Authorized applications": the applications holding an access token for a person, each revocable with one
 * click (RFC 5849 §2.3: token credentials SHOULD be revocable by the resource owner). Admins see anyone's.
 */
@ApiExcludeController()
@RouteAuth('session')
@UseFilters(PageExceptionFilter)
@Controller()
export class ApplicationsController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly accessTokens: AccessTokensService,
    private readonly users: UsersService,
    private readonly csrf: CsrfService,
  ) {}

  @Get('account/applications')
  @UseGuards(SessionGuard)
  own(@CurrentUser('session') session: AuthenticatedSession, @Query('revoked') revoked: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.show(reply, session, session.user, '/account/applications', revoked === '1');
  }

  @Post('account/applications/:id/revoke')
  @UseGuards(SessionGuard)
  async revokeOwn(
    @Param('id', ParseIntPipe) id: number,
    @Body() form: RevokeFormDto,
    @CurrentUser('session') session: AuthenticatedSession,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.revoke(session, id, form, request);
    return reply.redirect(this.pages.url('/account/applications?revoked=1'), 303);
  }

  @Get('admin/users/:id/applications')
  @UseGuards(AdminSessionGuard)
  async ofUser(
    @Param('id', ParseIntPipe) userId: number,
    @CurrentUser('session') session: AuthenticatedSession,
    @Query('revoked') revoked: unknown,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.show(reply, session, await this.requireUser(userId), `/admin/users/${userId}/applications`, revoked === '1');
  }

  @Post('admin/users/:id/applications/:tokenId/revoke')
  @UseGuards(AdminSessionGuard)
  async revokeOfUser(
    @Param('id', ParseIntPipe) userId: number,
    @Param('tokenId', ParseIntPipe) id: number,
    @Body() form: RevokeFormDto,
    @CurrentUser('session') session: AuthenticatedSession,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.requireUser(userId);
    await this.revoke(session, id, form, request);
    return reply.redirect(this.pages.url(`/admin/users/${userId}/applications?revoked=1`), 303);
  }

  private async show(reply: FastifyReply, session: AuthenticatedSession, owner: UserEntity, basePath: string, revoked: boolean): Promise<FastifyReply> {
    const applications = (await this.accessTokens.listForUser(owner.id)).map((app) => ({
      ...app,
      revokeAction: this.pages.url(`${basePath}/${app.id}/revoke`),
      csrf: this.csrf.issue(session, 'revoke', String(app.id)),
    }));
    const own = owner.id === session.user.id;
    return this.pages.render(reply, 'consent/views/applications', {
      title: own ? 'Authorized applications' : `Applications of ${owner.displayName}`,
      own,
      owner,
      applications,
      alert: revoked ? { message: 'Access revoked. The application can no longer act for you.', kind: 'success' } : null,
    });
  }

  private async revoke(session: AuthenticatedSession, id: number, form: RevokeFormDto, request: FastifyRequest): Promise<void> {
    if (!this.csrf.verify(session, 'revoke', form.csrf, String(id))) {
      throw new PageError(403, 'This form has expired', 'Nothing was revoked. Reload the page and try again.');
    }
    const { user } = session;
    try {
      await this.accessTokens.revoke(id, { userId: user.id, admin: user.role === 'admin', label: userActor(user.username), ipAddress: request.raw.socket.remoteAddress ?? null });
    } catch (error) {
      if (error instanceof NotFoundException) throw new PageError(404, 'Unknown application grant', 'It may have been revoked already. Reload the page.');
      throw error;
    }
  }

  private async requireUser(id: number): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new PageError(404, 'Unknown user', 'There is no user with this id.');
    return user;
  }
}
