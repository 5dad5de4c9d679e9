import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { AccountsException } from './accounts.exception';

const REASON: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' };

/** Renders AccountsException as the admin API's JSON error (the ApiErrorDto shape), status from ACCOUNTS_ERROR_STATUS. */
@Catch(AccountsException)
export class AccountsExceptionFilter implements ExceptionFilter<AccountsException> {
  catch(exception: AccountsException, host: ArgumentsHost): void {
    const status = exception.status;
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(status)
      .send({ statusCode: status, error: REASON[status] ?? 'Error', code: exception.code, message: exception.message });
  }
}
