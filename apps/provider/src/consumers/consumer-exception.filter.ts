import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { sendApiError } from '../common/api-error';

import { ConsumerErrorCode, ConsumerException } from './consumer.exception';

/** The one, exhaustive mapping from consumer refusals to HTTP statuses (the service never picks a status). */
export const CONSUMER_ERROR_STATUS: Record<ConsumerErrorCode, HttpStatus> = {
  [ConsumerErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ConsumerErrorCode.KeyTaken]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.KeyRetired]: HttpStatus.CONFLICT,
  [ConsumerErrorCode.InvalidKey]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidName]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidPublicKey]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidCallbackUrl]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidSecret]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.InvalidSignatureMethods]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.CredentialsRequired]: HttpStatus.BAD_REQUEST,
  [ConsumerErrorCode.UnknownUser]: HttpStatus.BAD_REQUEST,
};

/** Renders ConsumerException as the admin API's JSON error (ApiErrorDto). */
@Catch(ConsumerException)
export class ConsumerExceptionFilter implements ExceptionFilter<ConsumerException> {
  catch(exception: ConsumerException, host: ArgumentsHost): void {
    const { code, message, field } = exception;
    sendApiError(host.switchToHttp().getResponse<FastifyReply>(), CONSUMER_ERROR_STATUS[code], { code, message, field });
  }
}
