import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Configuration } from '@app/config';

import { hashToken, randomToken } from '../crypto/token-hash';
import { CsrfService } from './csrf.service';
import { SessionCookie } from './session-cookie';

/**
 * CSRF for the sign-in form itself (login CSRF: signing a victim into the attacker's account). There is no
 * session yet, so the token is bound to a random pre-login cookie instead (kept after sign-in: it grants nothing).
 */
@Injectable()
export class LoginFormService {
  private readonly cookie: SessionCookie;

  constructor(
    config: ConfigService<Configuration, true>,
    private readonly csrf: CsrfService,
  ) {
    this.cookie = new SessionCookie('applink_login', config.get('app', { infer: true }).publicUrl.startsWith('https:'));
  }

  /** The token for the form; sets the pre-login cookie when the browser has none. */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    let nonce = this.cookie.read(request);
    if (!nonce) {
      nonce = randomToken(16);
      this.cookie.write(reply, nonce);
    }
    return this.csrf.issue({ id: `login:${hashToken(nonce)}` }, 'login');
  }

  verify(request: FastifyRequest, token: unknown): boolean {
    const nonce = this.cookie.read(request);
    return nonce !== undefined && this.csrf.verify({ id: `login:${hashToken(nonce)}` }, 'login', token);
  }
}
