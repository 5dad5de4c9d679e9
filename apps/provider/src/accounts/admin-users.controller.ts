import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Configuration } from '@app/config';
import { RouteAuth } from '@app/auth';

import { AuditService } from '../audit/audit.service';
import { PageError } from '../web/page-error';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';
import { AccountsException } from './accounts.exception';
import { AdminSessionGuard } from './admin-session.guard';
import { CsrfService } from './csrf.service';
import { CurrentUser } from './current-user.decorator';
import { CreateUserFormDto } from './dto/admin-user-form.dto';
import { CsrfFormDto } from './dto/login.dto';
import type { AuthenticatedSession } from './sessions.service';
import { UsersService } from './users.service';

const NOTICES: Record<string, string> = { created: 'User added.', enabled: 'User enabled.', disabled: 'User disabled: their sessions ended and their applications stop working.' };

/** /admin/users: list the accounts, add one, enable or disable one (administrators only). */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(AdminSessionGuard)
@UseFilters(PageExceptionFilter)
@Controller('admin/users')
export class AdminUsersController {
  private readonly trustedHeader: boolean;

  constructor(
    private readonly pages: PageRenderer,
    private readonly users: UsersService,
    private readonly csrf: CsrfService,
    config: ConfigService<Configuration, true>,
    private readonly audit: AuditService,
  ) {
    this.trustedHeader = config.get('auth', { infer: true }).mode === 'trusted-header';
  }

  @Get()
  async list(@CurrentUser('session') session: AuthenticatedSession, @Query('page') page: unknown, @Query('done') done: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.render(reply, session, Number(page) || 1, { notice: typeof done === 'string' ? NOTICES[done] : undefined });
  }

  @Post()
  async create(@Body() form: CreateUserFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, 'create');
    try {
      const user = await this.users.create({
        username: form.username,
        displayName: form.displayName,
        email: form.email || null,
        role: form.role === 'admin' ? 'admin' : 'user',
        password: form.password ? form.password : this.trustedHeader ? null : form.password,
      });
      await this.audit.record({ actor: `user:${session.user.username}`, action: 'user.created', targetType: 'user', targetId: String(user.id), details: { username: user.username, role: user.role }, ipAddress: request.raw.socket.remoteAddress ?? null });
    } catch (error) {
      if (!(error instanceof AccountsException)) throw error;
      const values = { username: form.username, displayName: form.displayName, email: form.email ?? '', admin: form.role === 'admin' };
      return this.render(reply, session, 1, { error: error.message, values }, error.status);
    }
    return reply.redirect(this.pages.url('/admin/users?done=created'), 303);
  }

  @Post(':id/enable')
  enable(@Param('id', ParseIntPipe) id: number, @Body() form: CsrfFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.setEnabled(id, true, form, session, request, reply);
  }

  @Post(':id/disable')
  disable(@Param('id', ParseIntPipe) id: number, @Body() form: CsrfFormDto, @CurrentUser('session') session: AuthenticatedSession, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.setEnabled(id, false, form, session, request, reply);
  }

  private async setEnabled(id: number, enabled: boolean, form: CsrfFormDto, session: AuthenticatedSession, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    this.checkCsrf(session, form.csrf, `user:${id}`);
    if (!enabled && id === session.user.id) throw new PageError(400, 'You cannot disable yourself', 'Ask another administrator, so the service always keeps one who can sign in.');
    try {
      await this.users.setEnabled(id, enabled);
    } catch (error) {
      if (error instanceof AccountsException) throw new PageError(error.status, 'Unknown user', error.message);
      throw error;
    }
    await this.audit.record({ actor: `user:${session.user.username}`, action: enabled ? 'user.enabled' : 'user.disabled', targetType: 'user', targetId: String(id), ipAddress: request.raw.socket.remoteAddress ?? null });
    return reply.redirect(this.pages.url(`/admin/users?done=${enabled ? 'enabled' : 'disabled'}`), 303);
  }

  private checkCsrf(session: AuthenticatedSession, token: unknown, bound: string): void {
    if (!this.csrf.verify(session, 'admin', token, bound)) throw new PageError(403, 'This form has expired', 'Nothing was changed. Reload the page and try again.');
  }

  private async render(
    reply: FastifyReply,
    session: AuthenticatedSession,
    page: number,
    extra: { notice?: string; error?: string; values?: Record<string, unknown> },
    status = 200,
  ): Promise<FastifyReply> {
    const result = await this.users.list(page, 50);
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    return this.pages.render(
      reply,
      'accounts/views/admin-users',
      {
        title: 'Users',
        users: result.items.map((user) => ({ ...user, self: user.id === session.user.id, csrf: this.csrf.issue(session, 'admin', `user:${user.id}`) })),
        createCsrf: this.csrf.issue(session, 'admin', 'create'),
        passwordRequired: !this.trustedHeader,
        total: result.total,
        previous: result.page > 1 ? result.page - 1 : null,
        next: result.page < pages ? result.page + 1 : null,
        notice: extra.notice ? { message: extra.notice, kind: 'success' } : extra.error ? { message: extra.error, kind: 'error' } : null,
        values: extra.values ?? {},
      },
      { status },
    );
  }
}
