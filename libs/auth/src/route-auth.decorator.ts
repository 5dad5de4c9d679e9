import { SetMetadata } from '@nestjs/common';

/**
 * How a route is protected. The global guard denies by default: a route without this metadata needs a valid
 * OAuth 1.0a access token. Every other kind is a deliberate, reviewable exception (see the route-auth snapshot).
 * - `public`: no credentials (token endpoints, login, health, docs). Pages with their own session check say `session`.
 * - `session`: a browser session (login pages, consent, account and admin pages); the route's own guard checks it.
 * - `admin-bearer`: a personal admin API token (`Authorization: Bearer …`); the route's own guard checks it.
 * - `oauth`: an OAuth 1.0a signed request (the default; `@OAuthProtected()` states it explicitly).
 */
export type RouteAuthKind = 'public' | 'session' | 'admin-bearer' | 'oauth';

export const ROUTE_AUTH_KEY = 'applink:route-auth';

/** Marks a route or controller with how it is protected. Prefer the named decorators below. */
export const RouteAuth = (kind: RouteAuthKind) => SetMetadata(ROUTE_AUTH_KEY, kind);

/** No credentials needed: the route is deliberately public. */
export const Public = () => RouteAuth('public');
