import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

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

const REASON: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.NOT_FOUND]: 'Not Found',
  [HttpStatus.CONFLICT]: 'Conflict',
};

/** Renders ConsumerException as the admin API's JSON error (ApiErrorDto). */
@Catch(ConsumerException)
export class ConsumerExceptionFilter implements ExceptionFilter<ConsumerException> {
  catch(exception: ConsumerException, host: ArgumentsHost): void {
    const status = CONSUMER_ERROR_STATUS[exception.code];
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(status)
      .send({ statusCode: status, error: REASON[status] ?? 'Error', code: exception.code, message: exception.message, field: exception.field });
  }
}
