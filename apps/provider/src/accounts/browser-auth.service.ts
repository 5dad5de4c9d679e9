import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { setPageContext } from '../web/page-context';
import { CsrfService } from './csrf.service';
import { attachSession, attachedSession } from './request-session';
import { type AuthenticatedSession, SessionsService } from './sessions.service';
import { type TrustedHeaderOutcome, TrustedHeaderService } from './trusted-header.service';

/**
 * Who is behind a browser request: the session cookie, or in trusted-header mode the proxy's header (which
 * wins when present from a trusted proxy, so a different person behind the same browser gets their own session).
 * The result is cached on the request and handed to the layout.
 */
@Injectable()
export class BrowserAuthService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly trustedHeader: TrustedHeaderService,
    private readonly csrf: CsrfService,
  ) {}

  async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedSession | null> {
    const cached = attachedSession(request);
    if (cached !== undefined) return cached;
    let session = await this.sessions.resolve(request);
    if (this.trustedHeader.enabled) {
      const outcome = await this.trustedHeader.identify(request);
      if (outcome.kind === 'user' && session?.user.id !== outcome.user.id) session = await this.sessions.create(request, reply, outcome.user);
      if (outcome.kind === 'refused' && session) session = null;
    }
    this.attach(request, session);
    return session;
  }

  /** Runs the proxy check alone (the login page explains a refusal). */
  identifyByHeader(request: FastifyRequest): Promise<TrustedHeaderOutcome> {
    return this.trustedHeader.identify(request);
  }

  /** Records a session that was just created by a sign-in, so the page rendered next shows it. */
  attach(request: FastifyRequest, session: AuthenticatedSession | null): void {
    attachSession(request, session);
    if (session) {
      const { id, username, displayName, role } = session.user;
      setPageContext(request, { user: { id, username, displayName, role }, sessionId: session.id, logoutCsrf: this.csrf.issue(session, 'logout') });
    }
  }
}
