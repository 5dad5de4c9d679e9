import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';

import type { AuthConfig, Configuration } from '@app/config';

import { AccountsErrorCode, AccountsException } from './accounts.exception';
import { TrustedProxies } from './client-address';
import type { UserEntity } from './user.entity';
import { UsersService } from './users.service';

export type TrustedHeaderOutcome =
  | { kind: 'absent' }
  | { kind: 'untrusted-source'; peer: string }
  | { kind: 'refused'; reason: 'unknown-user' | 'disabled' | 'invalid-username' }
  | { kind: 'user'; user: UserEntity };

/**
 * AUTH_MODE=trusted-header: a single-sign-on proxy in front of the service names the signed-in person in a
 * header (e.g. X-Remote-User). The header is believed only when the TCP peer is one of AUTH_TRUSTED_PROXIES:
 * anyone else could simply send it. Unknown names become accounts only with AUTH_AUTO_CREATE_USERS=true.
 */
@Injectable()
export class TrustedHeaderService {
  private readonly logger = new Logger('TrustedHeader');
  private readonly auth: AuthConfig;
  readonly proxies: TrustedProxies;

  constructor(
    config: ConfigService<Configuration, true>,
    private readonly users: UsersService,
  ) {
    this.auth = config.get('auth', { infer: true });
    this.proxies = new TrustedProxies(this.auth.trustedProxies);
  }

  get enabled(): boolean {
    return this.auth.mode === 'trusted-header';
  }

  async identify(request: FastifyRequest): Promise<TrustedHeaderOutcome> {
    const raw = request.headers[this.auth.trustedHeader];
    if (raw === undefined) return { kind: 'absent' };
    const peer = this.proxies.peer(request);
    if (!this.proxies.has(peer)) {
      this.logger.warn(`ignored ${this.auth.trustedHeader} from ${peer}, which is not in AUTH_TRUSTED_PROXIES`);
      return { kind: 'untrusted-source', peer };
    }
    const username = Array.isArray(raw) ? undefined : raw.trim();
    if (!username) return { kind: 'refused', reason: 'invalid-username' };
    let user = await this.users.findByUsername(username);
    if (!user && this.auth.autoCreateUsers) user = await this.createOnFirstSight(username);
    if (!user) return { kind: 'refused', reason: 'unknown-user' };
    if (!user.enabled) return { kind: 'refused', reason: 'disabled' };
    return { kind: 'user', user };
  }

  private async createOnFirstSight(username: string): Promise<UserEntity | null> {
    try {
      const user = await this.users.create({ username, displayName: username, role: 'user' });
      this.logger.log(`created account "${username}" on first sign-in through the proxy`);
      return user;
    } catch (error) {
      if (error instanceof AccountsException && error.code === AccountsErrorCode.USERNAME_TAKEN) return this.users.findByUsername(username);
      if (error instanceof AccountsException) return null;
      throw error;
    }
  }
}
