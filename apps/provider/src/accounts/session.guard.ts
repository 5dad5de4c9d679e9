import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Configuration } from '@app/config';

import { publicBasePath } from '../web/base-path';
import { PageRedirect } from '../web/page-redirect';
import { BrowserAuthService } from './browser-auth.service';
import { loginRedirect } from './safe-next';
import type { AuthenticatedSession } from './sessions.service';

/**
 * Browser pages (`@RouteAuth('session')`): lets a signed-in person through; anyone else is sent to
 * /login?next=<this page> with a 303 (RFC 5849 §2.2: the server MUST authenticate the resource owner first).
 * Use with the PageExceptionFilter, which performs the redirect.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  private readonly basePath: string;

  constructor(
    protected readonly auth: BrowserAuthService,
    config: ConfigService<Configuration, true>,
  ) {
    this.basePath = publicBasePath(config.get('app', { infer: true }).publicUrl);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const session = await this.auth.authenticate(request, http.getResponse<FastifyReply>());
    if (!session) throw new PageRedirect(loginRedirect(this.basePath, request.method, request.url));
    return this.allow(session);
  }

  protected allow(_session: AuthenticatedSession): boolean {
    return true;
  }
}
