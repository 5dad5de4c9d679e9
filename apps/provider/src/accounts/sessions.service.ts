import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LessThan, type Repository } from 'typeorm';

import type { AuthConfig, Configuration } from '@app/config';

import { hashToken, randomToken } from '../crypto/token-hash';
import { SessionCookie } from './session-cookie';
import { SessionEntity } from './session.entity';
import type { UserEntity } from './user.entity';

/** A signed-in browser: the session row's id (SHA-256 of the cookie value) and its enabled user. */
export interface AuthenticatedSession {
  id: string;
  user: UserEntity;
  createdAt: Date;
  expiresAt: Date;
}

const TOUCH_INTERVAL_MS = 60_000;
const PURGE_INTERVAL_MS = 15 * 60_000;

/**
 * Server-side sessions in the `sessions` table, so several instances share them. The cookie holds 256 random
 * bits; the table holds only their SHA-256, so a database leak yields no usable cookie. A session ends after
 * AUTH_SESSION_IDLE_SECONDS without a request or AUTH_SESSION_MAX_SECONDS after sign-in, whichever is first.
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private readonly auth: AuthConfig;
  readonly cookie: SessionCookie;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    config: ConfigService<Configuration, true>,
  ) {
    this.auth = config.get('auth', { infer: true });
    this.cookie = new SessionCookie('applink_session', config.get('app', { infer: true }).publicUrl.startsWith('https:'));
  }

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch((e: Error) => this.logger.warn(`purge failed: ${e.message}`)), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /** Signs `user` in: drops the browser's previous session (rotation defeats session fixation) and sets a new cookie. */
  async create(request: FastifyRequest, reply: FastifyReply, user: UserEntity): Promise<AuthenticatedSession> {
    const previous = this.cookie.read(request);
    if (previous) await this.sessions.delete({ id: hashToken(previous) });
    const value = randomToken(32);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.auth.sessionMaxSeconds * 1000);
    const row = await this.sessions.save(this.sessions.create({ id: hashToken(value), userId: user.id, expiresAt, lastSeenAt: now }));
    this.cookie.write(reply, value);
    void this.purgeExpired().catch((e: Error) => this.logger.warn(`purge failed: ${e.message}`));
    return { id: row.id, user, createdAt: row.createdAt ?? now, expiresAt };
  }

  /** The live session named by the request's cookie, or null (unknown, expired, idle too long, or user disabled). */
  async resolve(request: FastifyRequest): Promise<AuthenticatedSession | null> {
    const value = this.cookie.read(request);
    if (!value) return null;
    const row = await this.sessions.findOne({ where: { id: hashToken(value) }, relations: { user: true } });
    if (!row?.user) return null;
    const now = Date.now();
    const idleLimit = row.lastSeenAt.getTime() + this.auth.sessionIdleSeconds * 1000;
    if (row.expiresAt.getTime() <= now || idleLimit <= now || !row.user.enabled) {
      await this.sessions.delete({ id: row.id });
      return null;
    }
    if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await this.sessions.update({ id: row.id }, { lastSeenAt: new Date(now) });
    return { id: row.id, user: row.user, createdAt: row.createdAt, expiresAt: row.expiresAt };
  }

  /** Signs out: deletes the row and clears the cookie. */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const value = this.cookie.read(request);
    if (value) await this.sessions.delete({ id: hashToken(value) });
    this.cookie.clear(reply);
  }

  async endAllForUser(userId: number): Promise<void> {
    await this.sessions.delete({ userId });
  }

  /** Deletes sessions past their absolute expiry or idle limit. */
  async purgeExpired(now = new Date()): Promise<number> {
    const idleCutoff = new Date(now.getTime() - this.auth.sessionIdleSeconds * 1000);
    const expired = await this.sessions.delete({ expiresAt: LessThan(now) });
    const idle = await this.sessions.delete({ lastSeenAt: LessThan(idleCutoff) });
    return (expired.affected ?? 0) + (idle.affected ?? 0);
  }
}
