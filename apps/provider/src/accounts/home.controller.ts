import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { Public, RouteAuth } from '@app/auth';

import { PageExceptionFilter } from '../web/page-exception.filter';
import { PageRenderer } from '../web/page-renderer';
import { BrowserAuthService } from './browser-auth.service';
import { CurrentUser } from './current-user.decorator';
import { SessionGuard } from './session.guard';
import type { AuthenticatedSession } from './sessions.service';

/** GET / (what this is, where to go) and GET /account (who you are signed in as). */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class HomeController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: BrowserAuthService,
  ) {}

  @Get()
  @Public()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    await this.auth.authenticate(request, reply);
    return this.pages.render(reply, 'accounts/views/home', { title: 'Welcome' });
  }

  @Get('account')
  @RouteAuth('session')
  @UseGuards(SessionGuard)
  account(@CurrentUser('session') session: AuthenticatedSession, @Res() reply: FastifyReply): FastifyReply {
    return this.pages.render(reply, 'accounts/views/account', { title: 'Your account', user: session.user, session });
  }
}
