import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { ApplinksErrorCode, ApplinksException } from './applinks.exception';

/** The one, exhaustive mapping from applinks/remote-apps refusals to HTTP statuses. */
export const APPLINKS_ERROR_STATUS: Record<ApplinksErrorCode, HttpStatus> = {
  [ApplinksErrorCode.ConsumerNotFound]: HttpStatus.NOT_FOUND,
  [ApplinksErrorCode.InvalidConsumerKey]: HttpStatus.BAD_REQUEST,
  [ApplinksErrorCode.InvalidName]: HttpStatus.BAD_REQUEST,
  [ApplinksErrorCode.RemoteAppNotFound]: HttpStatus.NOT_FOUND,
  [ApplinksErrorCode.RemoteAppNameTaken]: HttpStatus.CONFLICT,
  [ApplinksErrorCode.InvalidUrl]: HttpStatus.BAD_REQUEST,
  [ApplinksErrorCode.InvalidPath]: HttpStatus.BAD_REQUEST,
};

const REASON: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.NOT_FOUND]: 'Not Found',
  [HttpStatus.CONFLICT]: 'Conflict',
};

/** Renders ApplinksException as the admin API's JSON error (ApiErrorDto). */
@Catch(ApplinksException)
export class ApplinksExceptionFilter implements ExceptionFilter<ApplinksException> {
  catch(exception: ApplinksException, host: ArgumentsHost): void {
    const status = APPLINKS_ERROR_STATUS[exception.code];
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(status)
      .send({ statusCode: status, error: REASON[status] ?? 'Error', code: exception.code, message: exception.message, field: exception.field });
  }
}
