import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { OAuthGuard } from './oauth.guard';
import { ROUTE_AUTH_KEY, type RouteAuthKind } from './route-auth.decorator';

/**
 * The global default-deny guard (APP_GUARD): a route without route-auth metadata needs a valid OAuth 1.0a request,
 * so a new module cannot forget protection. `public`, `session` and `admin-bearer` routes are deliberate exceptions
 * that their own guards check (and the route-auth snapshot test reviews).
 */
@Injectable()
export class RouteAuthGuard implements CanActivate {
  private readonly oauth = new OAuthGuard();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const kind = this.reflector.getAllAndOverride<RouteAuthKind | undefined>(ROUTE_AUTH_KEY, [context.getHandler(), context.getClass()]);
    if (kind === 'public' || kind === 'session' || kind === 'admin-bearer') return true;
    return this.oauth.canActivate(context);
  }
}
