import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { sendApiError } from '../common/api-error';

import { AdminAuthErrorCode, AdminAuthException } from './admin-auth.exception';

/** The one mapping from admin-auth refusals to HTTP (RFC 6750 §3: 401 + challenge, 403 for a valid non-admin token). */
const STATUS: Record<AdminAuthErrorCode, HttpStatus> = {
  [AdminAuthErrorCode.MissingToken]: HttpStatus.UNAUTHORIZED,
  [AdminAuthErrorCode.InvalidToken]: HttpStatus.UNAUTHORIZED,
  [AdminAuthErrorCode.NotAdmin]: HttpStatus.FORBIDDEN,
};

export const ADMIN_BEARER_REALM = 'applink-provider admin API';

/** Renders AdminAuthException as the admin API's JSON error with the Bearer challenge. */
@Catch(AdminAuthException)
export class AdminApiExceptionFilter implements ExceptionFilter<AdminAuthException> {
  catch(exception: AdminAuthException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = STATUS[exception.code];
    // RFC 6750 §3.1: no error attribute when the request carried no token at all.
    const challenge =
      exception.code === AdminAuthErrorCode.MissingToken
        ? `Bearer realm="${ADMIN_BEARER_REALM}"`
        : `Bearer realm="${ADMIN_BEARER_REALM}", error="${exception.code}"`;
    reply.header('WWW-Authenticate', challenge).header('Cache-Control', 'no-store');
    sendApiError(reply, status, { code: exception.code, message: exception.message });
  }
}
