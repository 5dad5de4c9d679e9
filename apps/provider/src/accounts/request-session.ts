import type { FastifyRequest } from 'fastify';

import type { AuthenticatedSession } from './sessions.service';

const SESSION = Symbol('applink.session');

type WithSession = FastifyRequest & { [SESSION]?: AuthenticatedSession | null };

export function attachSession(request: FastifyRequest, session: AuthenticatedSession | null): void {
  (request as WithSession)[SESSION] = session;
}

/** undefined: not looked up yet; null: looked up, nobody signed in. */
export function attachedSession(request: FastifyRequest): AuthenticatedSession | null | undefined {
  return (request as WithSession)[SESSION];
}
