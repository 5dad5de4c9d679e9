import { applyDecorators, createParamDecorator, type ExecutionContext, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { RouteAuth } from '@app/auth';

import type { AuditActor } from '../audit/audit.types';
import { userActor } from '../audit/audit.types';

import { AdminApiExceptionFilter } from './admin-api-exception.filter';
import type { AdminPrincipal } from './admin-api-tokens.service';
import { AdminBearerGuard, type AdminRequest } from './admin-bearer.guard';
import { ApiErrorDto } from './dto/api-error.dto';

/** The OpenAPI security scheme name registered in swagger.ts. */
export const ADMIN_TOKEN_SCHEME = 'admin-token';

/**
 * Marks a controller or route as admin REST API: route-auth kind `admin-bearer`, the bearer guard and its error
 * rendering, and the OpenAPI security scheme with the documented 401/403 answers.
 */
export const AdminApi = () =>
  applyDecorators(
    RouteAuth('admin-bearer'),
    UseGuards(AdminBearerGuard),
    UseFilters(AdminApiExceptionFilter),
    ApiBearerAuth(ADMIN_TOKEN_SCHEME),
    ApiUnauthorizedResponse({ description: 'No, unknown, revoked or expired admin API token (`WWW-Authenticate: Bearer`).', type: ApiErrorDto }),
    ApiForbiddenResponse({ description: 'The token belongs to an account without the admin role.', type: ApiErrorDto }),
  );

/** The authenticated admin of an `@AdminApi()` route. */
export const CurrentAdmin = createParamDecorator((_: unknown, context: ExecutionContext): AdminPrincipal => {
  const principal = context.switchToHttp().getRequest<AdminRequest>().adminPrincipal;
  if (!principal) throw new Error('CurrentAdmin used on a route without @AdminApi()');
  return principal;
});

/** The audit actor of an `@AdminApi()` route: `user:<name>` and the client address. */
export const AdminActor = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor => {
  const request = context.switchToHttp().getRequest<AdminRequest>();
  if (!request.adminPrincipal) throw new Error('AdminActor used on a route without @AdminApi()');
  return { label: userActor(request.adminPrincipal.username), ipAddress: request.ip };
});
