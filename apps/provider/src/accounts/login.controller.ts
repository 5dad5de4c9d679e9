import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { Public } from '@app/auth';

import { AuditService } from '../audit/audit.service';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';
import { BrowserAuthService } from './browser-auth.service';
import { CsrfService } from './csrf.service';
import { CsrfFormDto, LoginDto } from './dto/login.dto';
import { LoginFormService } from './login-form.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { safeNext } from './safe-next';
import { SessionsService } from './sessions.service';
import { TrustedHeaderService } from './trusted-header.service';
import { UsersService } from './users.service';

const SSO_MESSAGES: Record<string, string> = {
  'unknown-user': 'Your single sign-on account has no access to this service yet. Ask an administrator to add you.',
  disabled: 'Your account on this service is disabled. Ask an administrator if you need access.',
  'invalid-username': 'Your single sign-on proxy sent no usable user name.',
};

/** GET/POST /login and POST /logout. Local accounts by default; AUTH_MODE=trusted-header signs in from the proxy's header. */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller()
export class LoginController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: BrowserAuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly loginForm: LoginFormService,
    private readonly limiter: LoginRateLimiter,
    private readonly csrf: CsrfService,
    private readonly trustedHeader: TrustedHeaderService,
    private readonly audit: AuditService,
  ) {}

  @Get('login')
  async show(@Query('next') next: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const target = safeNext(next);
    if (await this.auth.authenticate(request, reply)) return reply.redirect(this.pages.url(target), 303);
    if (this.trustedHeader.enabled) {
      const outcome = await this.auth.identifyByHeader(request);
      const message = outcome.kind === 'refused' ? SSO_MESSAGES[outcome.reason] : 'Sign-in to this service goes through your company’s single sign-on. Open it through its usual address.';
      return this.pages.render(reply, 'accounts/views/sso-required', { title: 'Sign in', message }, { status: 403 });
    }
    return this.form(request, reply, target);
  }

  @Post('login')
  async login(@Body() form: LoginDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const target = safeNext(form.next);
    if (this.trustedHeader.enabled) return this.show(form.next, request, reply);
    if (!this.loginForm.verify(request, form.csrf)) {
      return this.form(request, reply, target, { status: 403, message: 'The sign-in form expired. Please try again.', username: form.username });
    }
    const address = this.trustedHeader.proxies.client(request);
    const gate = this.limiter.check(form.username, address);
    if (!gate.allowed) {
      const minutes = Math.ceil(gate.retryAfterSeconds / 60);
      return this.form(request, reply, target, {
        status: 429,
        headers: { 'retry-after': String(gate.retryAfterSeconds) },
        message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        username: form.username,
      });
    }
    const user = await this.users.verifyPassword(form.username, form.password);
    if (!user) {
      this.limiter.recordFailure(form.username, address);
      // Name the account only if it exists: people sometimes type their password into the username field.
      const known = await this.users.findByUsername(form.username);
      await this.audit.record({ actor: 'anonymous', action: 'user.login-failed', targetType: 'user', targetId: known ? String(known.id) : null, ipAddress: address });
      // One message for unknown user, wrong password and disabled account: no account enumeration.
      return this.form(request, reply, target, { status: 401, message: 'Incorrect username or password.', username: form.username });
    }
    this.limiter.recordSuccess(form.username);
    await this.sessions.create(request, reply, user);
    await this.audit.record({ actor: `user:${user.username}`, action: 'user.login', targetType: 'user', targetId: String(user.id), ipAddress: address });
    return reply.redirect(this.pages.url(target), 303);
  }

  @Post('logout')
  async logout(@Body() form: CsrfFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const session = await this.sessions.resolve(request);
    // A cross-site page must not be able to sign people out either; without a session there is nothing to end.
    if (session && this.csrf.verify(session, 'logout', form.csrf)) await this.sessions.end(request, reply);
    else if (session) return this.pages.render(reply, 'web/views/error', { title: 'Not signed out', detail: 'The sign-out form expired. Reload the page and try again.', status: 403 }, { status: 403 });
    return reply.redirect(this.pages.url('/login?signed_out=1'), 303);
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    extra: { status?: number; message?: string; username?: string; headers?: Record<string, string> } = {},
  ): FastifyReply {
    const signedOut = (request.query as Record<string, unknown> | undefined)?.signed_out === '1';
    return this.pages.render(
      reply,
      'accounts/views/login',
      {
        title: 'Sign in',
        csrf: this.loginForm.issue(request, reply),
        next,
        username: extra.username ?? '',
        alert: extra.message ? { message: extra.message, kind: 'error' } : signedOut ? { message: 'You are signed out.', kind: 'success' } : null,
      },
      { status: extra.status ?? 200, headers: extra.headers },
    );
  }
}
