import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { type AdminPrincipal, AdminApiTokensService } from './admin-api-tokens.service';
import { AdminAuthErrorCode, AdminAuthException } from './admin-auth.exception';

export type AdminRequest = FastifyRequest & { adminPrincipal?: AdminPrincipal };

/** `Authorization: Bearer <token>` (RFC 6750 §2.1): exactly one header, the scheme case-insensitive. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/** Admits requests carrying a personal admin API token of an enabled admin; see AdminApiExceptionFilter for the answers. */
@Injectable()
export class AdminBearerGuard implements CanActivate {
  constructor(private readonly tokens: AdminApiTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new AdminAuthException(AdminAuthErrorCode.MissingToken, 'This endpoint needs an admin API token: Authorization: Bearer <token>.');
    }
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    if (!match) throw new AdminAuthException(AdminAuthErrorCode.InvalidToken, 'The Authorization header is not a Bearer token.');
    request.adminPrincipal = await this.tokens.authenticate(match[1]);
    return true;
  }
}
