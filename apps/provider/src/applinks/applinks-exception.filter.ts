import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { sendApiError } from '../common/api-error';

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

/** Renders ApplinksException as the admin API's JSON error (ApiErrorDto). */
@Catch(ApplinksException)
export class ApplinksExceptionFilter implements ExceptionFilter<ApplinksException> {
  catch(exception: ApplinksException, host: ArgumentsHost): void {
    const { code, message, field } = exception;
    sendApiError(host.switchToHttp().getResponse<FastifyReply>(), APPLINKS_ERROR_STATUS[code], { code, message, field });
  }
}
