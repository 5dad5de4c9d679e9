import type { FastifyRequest } from 'fastify';

/** Who is looking at a page, as the layout shows it (name, admin link, sign-out form). */
export interface PageContext {
  user: { id: number; username: string; displayName: string; role: 'user' | 'admin' };
  /** SHA-256 id of the session row (never the cookie value). */
  sessionId: string;
  /** CSRF token for the layout's sign-out form. */
  logoutCsrf: string;
}

const PAGE_CONTEXT = Symbol('applink.pageContext');

type WithContext = FastifyRequest & { [PAGE_CONTEXT]?: PageContext };

/** Attached by the accounts module once it has resolved the session of a request. */
export function setPageContext(request: FastifyRequest, context: PageContext): void {
  (request as WithContext)[PAGE_CONTEXT] = context;
}

export function getPageContext(request: FastifyRequest): PageContext | undefined {
  return (request as WithContext)[PAGE_CONTEXT];
}

export function clearPageContext(request: FastifyRequest): void {
  delete (request as WithContext)[PAGE_CONTEXT];
}
