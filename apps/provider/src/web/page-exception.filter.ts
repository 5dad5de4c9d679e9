import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { PageError } from './page-error';
import { PageRedirect } from './page-redirect';
import { PageRenderer } from './page-renderer';

const TITLES: Record<number, [string, string]> = {
  400: ['The request could not be understood', 'Something in the address or the form was missing or malformed. Go back and try again.'],
  403: ['Not allowed', 'You do not have permission to do this, or the form expired. Reload the page and try again.'],
  404: ['Page not found', 'There is nothing at this address.'],
  405: ['Not allowed', 'This page cannot be used that way.'],
  429: ['Too many attempts', 'Please wait a little and try again.'],
};

/**
 * Renders errors on the browser pages as HTML with the shared layout instead of JSON. 5xx show no detail
 * (node-oidc-provider's `expose` rule); the cause goes to the log only.
 */
@Injectable()
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof PageRedirect) {
      reply.header('cache-control', 'no-store');
      void reply.redirect(exception.location, 303);
      return;
    }
    let status = 500;
    let title = 'Something went wrong';
    let detail = 'The service could not complete this request. Please try again later.';
    let headers: Record<string, string> = {};
    if (exception instanceof PageError) {
      ({ title, detail, headers } = exception);
      status = exception.getStatus();
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      [title, detail] = TITLES[status] ?? ['The request could not be completed', 'Go back and try again.'];
    } else {
      this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    }
    this.pages.render(reply, 'web/views/error', { title, detail, status }, { status, headers });
  }
}
