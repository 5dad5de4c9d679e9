import { createHmac, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { Configuration } from '@app/config';

/** What a CSRF token is for; a token for one purpose never passes for another. */
export type CsrfPurpose = 'login' | 'logout' | 'consent' | 'revoke' | 'admin' | (string & {});

/**
 * Stateless CSRF tokens: HMAC-SHA256(key, session id, purpose, bound id). Bound to the session so a token
 * lifted from one browser is useless in another, and (for consent) to the request token, so a page for one
 * consumer cannot approve another (checklist A3, RFC 5849 §4.13). Verified in constant time.
 */
@Injectable()
export class CsrfService {
  private readonly key: Buffer;

  constructor(config: ConfigService<Configuration, true>) {
    // A key of its own, derived from SESSION_SECRET, so the raw secret is used for nothing else.
    this.key = createHmac('sha256', config.get('security', { infer: true }).sessionSecret).update('applink csrf v1').digest();
  }

  issue(session: { id: string }, purpose: CsrfPurpose, boundTo = ''): string {
    return this.mac(session.id, purpose, boundTo).toString('base64url');
  }

  verify(session: { id: string }, purpose: CsrfPurpose, token: unknown, boundTo = ''): boolean {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
    return timingSafeEqual(Buffer.from(token, 'base64url'), this.mac(session.id, purpose, boundTo));
  }

  private mac(sessionId: string, purpose: string, boundTo: string): Buffer {
    // Length-prefixed fields: ("ab","c") and ("a","bc") must not collide.
    const fields = [sessionId, purpose, boundTo].map((f) => `${Buffer.byteLength(f)}:${f}`).join('|');
    return createHmac('sha256', this.key).update(fields).digest();
  }
}
