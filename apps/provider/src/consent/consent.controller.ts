import { Body, Controller, Get, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { Configuration } from '@app/config';
import { RouteAuth } from '@app/auth';

import { CsrfService } from '../accounts/csrf.service';
import { CurrentUser } from '../accounts/current-user.decorator';
import { SessionGuard } from '../accounts/session.guard';
import type { AuthenticatedSession } from '../accounts/sessions.service';
import { ConsentError, type ConsentRequest } from '../oauth/consent-error';
import { RequestTokensService } from '../oauth/request-tokens.service';
import { PageError } from '../web/page-error';
import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';
import { consentHeaders } from './consent-headers';
import { consentPageError } from './consent-problem';
import { describeDuration } from './describe-duration';
import { ConsentDecisionDto } from './dto/consent-decision.dto';

const PATHS = ['oauth/authorize', 'plugins/servlet/oauth/authorize'];

/**
 * The consent page (RFC 5849 §2.2): the signed-in resource owner allows or denies a consumer's request token.
 * Bitbucket appends `oauth_token` and its own `oauth_callback` to the authorize URL; that callback is ignored,
 * because the only trustworthy one was bound, signed, at request-token time (checklist R3).
 */
@ApiExcludeController()
@RouteAuth('session')
@UseGuards(SessionGuard)
@UseFilters(PageExceptionFilter)
@Controller()
export class ConsentController {
  private readonly grantLifetime: string;

  constructor(
    private readonly pages: PageRenderer,
    private readonly requestTokens: RequestTokensService,
    private readonly csrf: CsrfService,
    config: ConfigService<Configuration, true>,
  ) {
    this.grantLifetime = describeDuration(config.get('oauth', { infer: true }).accessTokenTtlSeconds);
  }

  @Get(PATHS)
  async show(@Query('oauth_token') token: unknown, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    if (typeof token !== 'string' || token === '') {
      throw new PageError(400, 'Missing authorization request', 'This address needs an oauth_token. Go back to the application and start again.', consentHeaders());
    }
    const request = await this.find(token);
    return this.pages.render(
      reply,
      'consent/views/consent',
      {
        title: `Allow ${request.consumer.name}?`,
        consumer: request.consumer,
        initial: initialOf(request.consumer.name),
        callbackHost: request.callbackHost,
        oob: request.callback === 'oob',
        expiresAt: request.expiresAt,
        user: session.user,
        grantLifetime: this.grantLifetime,
        token,
        csrf: this.csrf.issue(session, 'consent', token),
        action: this.pages.url('/oauth/authorize'),
      },
      { headers: consentHeaders(request.callback) },
    );
  }

  @Post(PATHS)
  async decide(@Body() form: ConsentDecisionDto, @CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): Promise<FastifyReply> {
    // Bound to this session and this request token: a token from another page or browser decides nothing (checklist A3).
    if (!this.csrf.verify(session, 'consent', form.csrf, form.oauth_token)) {
      throw new PageError(403, 'This form has expired', 'Nothing was allowed. Go back to the application and start again.', consentHeaders());
    }
    const request = await this.find(form.oauth_token);
    const headers = consentHeaders(request.callback);
    const name = request.consumer.name;
    try {
      if (form.decision === 'allow') {
        const approval = await this.requestTokens.approve(form.oauth_token, session.user.id);
        if (approval.redirectUrl) return this.redirect(reply, approval.redirectUrl, headers);
        return this.pages.render(reply, 'consent/views/verifier', { title: 'Access allowed', name, verifier: approval.verifier }, { headers });
      }
      const denial = await this.requestTokens.deny(form.oauth_token, session.user.id);
      if (denial.redirectUrl) return this.redirect(reply, denial.redirectUrl, headers);
      return this.pages.render(reply, 'consent/views/denied', { title: 'Access denied', name }, { headers });
    } catch (error) {
      if (error instanceof ConsentError) throw consentPageError(error.problem, headers);
      throw error;
    }
  }

  private async find(token: string): Promise<ConsentRequest> {
    try {
      return await this.requestTokens.findForConsent(token);
    } catch (error) {
      if (error instanceof ConsentError) throw consentPageError(error.problem, consentHeaders());
      throw error;
    }
  }

  /** 303 so the browser follows with a GET (RFC 5849 §2.2; RFC 9110 §15.4.4). */
  private redirect(reply: FastifyReply, url: string, headers: Record<string, string>): FastifyReply {
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    return reply.redirect(url, 303);
  }
}

function initialOf(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? '?';
}
