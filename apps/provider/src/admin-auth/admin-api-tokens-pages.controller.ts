import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
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

import { AdminApiTokenNotFoundError, AdminApiTokensService } from './admin-api-tokens.service';

export class CreateAdminTokenFormDto {
  @IsOptional() @IsString() @MaxLength(100)
  name?: string;

  @IsOptional() @IsIn(['', '30', '90', '365'])
  expiresInDays?: string;

  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

export class RevokeAdminTokenFormDto {
  @IsOptional() @IsString() @MaxLength(128)
  csrf?: string;
}

/** /admin/api-tokens: personal admin API tokens (create: value shown once; revoke). */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(AdminSessionGuard)
@UseFilters(PageExceptionFilter)
@Controller('admin/api-tokens')
export class AdminApiTokensPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly tokens: AdminApiTokensService,
    private readonly csrf: CsrfService,
  ) {}

  @Get()
  list(@CurrentUser('session') session: AuthenticatedSession, @Query('done') done: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.render(reply, session, { notice: done === 'revoked' ? 'Token revoked: requests with it are refused from now on.' : undefined });
  }

  @Post()
  async create(@Body() form: CreateAdminTokenFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, 'admin-token-create');
    const days = form.expiresInDays ? Number(form.expiresInDays) : null;
    const { token, value } = await this.tokens.create(session.user, form.name ?? '', { label: userActor(session.user.username), ipAddress: request.ip }, days ? new Date(Date.now() + days * 86_400_000) : null);
    return this.render(reply, session, { created: { name: token.name, value } });
  }

  @Post(':id/revoke')
  async revoke(@Param('id', ParseIntPipe) id: number, @Body() form: RevokeAdminTokenFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, `admin-token:${id}`);
    try {
      await this.tokens.revoke(id, { label: userActor(session.user.username), ipAddress: request.ip });
    } catch (error) {
      if (error instanceof AdminApiTokenNotFoundError) throw new PageError(404, 'Token not found', error.message);
      throw error;
    }
    return reply.redirect(this.pages.url('/admin/api-tokens?done=revoked'), 303);
  }

  private async render(reply: FastifyReply, session: AuthenticatedSession, extra: { notice?: string; created?: { name: string; value: string } }): Promise<FastifyReply> {
    const now = Date.now();
    const tokens = (await this.tokens.list()).map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      owner: t.user?.username,
      mine: t.userId === session.user.id,
      createdAt: t.createdAt,
      lastUsedAt: t.lastUsedAt,
      expiresAt: t.expiresAt,
      state: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active',
      active: !t.revokedAt && !(t.expiresAt && t.expiresAt.getTime() <= now),
      action: this.pages.url(`/admin/api-tokens/${t.id}/revoke`),
      csrf: this.csrf.issue(session, 'admin', `admin-token:${t.id}`),
    }));
    return this.pages.render(reply, 'admin-auth/views/admin-api-tokens', {
      title: 'Admin API tokens',
      tokens,
      created: extra.created ?? null,
      notice: extra.notice ?? null,
      createCsrf: this.csrf.issue(session, 'admin', 'admin-token-create'),
    });
  }

  private checkCsrf(session: AuthenticatedSession, token: unknown, bound: string): void {
    if (!this.csrf.verify(session, 'admin', token, bound)) throw new PageError(403, 'This form has expired', 'Nothing was changed. Reload the page and try again.');
  }
}
