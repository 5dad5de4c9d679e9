import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { sendApiError } from '../common/api-error';

import { AccountsException } from './accounts.exception';

/** Renders AccountsException as the admin API's JSON error (the ApiErrorDto shape), status from ACCOUNTS_ERROR_STATUS. */
@Catch(AccountsException)
export class AccountsExceptionFilter implements ExceptionFilter<AccountsException> {
  catch(exception: AccountsException, host: ArgumentsHost): void {
    sendApiError(host.switchToHttp().getResponse<FastifyReply>(), exception.status, { code: exception.code, message: exception.message });
  }
}
