import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import type { UserEntity } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit.types';
import { hashToken, randomToken } from '../crypto/token-hash';

import { AdminApiTokenEntity } from './admin-api-token.entity';
import { AdminAuthErrorCode, AdminAuthException } from './admin-auth.exception';

/** Token values start with this, so secret scanners and people recognize them. */
export const ADMIN_TOKEN_PREFIX = 'alp_';
const DISPLAY_PREFIX_LENGTH = 12;
/** lastUsedAt is written at most this often per token, so a busy script does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface AdminPrincipal {
  userId: number;
  username: string;
  tokenId: number;
}

export interface CreatedAdminApiToken {
  token: AdminApiTokenEntity;
  /** The token value: shown once, never stored. */
  value: string;
}

export class AdminApiTokenNotFoundError extends Error {
  constructor(id: number) {
    super(`No admin API token with id ${id}.`);
  }
}

/** Personal admin API tokens: created with the value shown once, stored as a SHA-256 hash, revocable. */
@Injectable()
export class AdminApiTokensService {
  private readonly logger = new Logger(AdminApiTokensService.name);

  constructor(
    @InjectRepository(AdminApiTokenEntity) private readonly tokens: Repository<AdminApiTokenEntity>,
    private readonly audit: AuditService,
  ) {}

  async create(owner: Pick<UserEntity, 'id' | 'username'>, name: string, actor: AuditActor, expiresAt: Date | null = null): Promise<CreatedAdminApiToken> {
    const value = `${ADMIN_TOKEN_PREFIX}${randomToken(32)}`;
    const token = await this.tokens.save(
      this.tokens.create({
        userId: owner.id,
        name: name.trim().slice(0, 100) || 'admin token',
        tokenHash: hashToken(value),
        prefix: value.slice(0, DISPLAY_PREFIX_LENGTH),
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    await this.audit.record({
      actor: actor.label,
      ipAddress: actor.ipAddress,
      action: 'admin-token.created',
      targetType: 'admin-token',
      targetId: String(token.id),
      details: { owner: owner.username, name: token.name, prefix: token.prefix, expiresAt },
    });
    return { token, value };
  }

  /** Tokens, newest first, with their owner; revoked ones included (marked) so the history stays visible. */
  list(userId?: number): Promise<AdminApiTokenEntity[]> {
    return this.tokens.find({ where: userId === undefined ? {} : { userId }, relations: { user: true }, order: { id: 'DESC' } });
  }

  async revoke(id: number, actor: AuditActor, ownerId?: number): Promise<AdminApiTokenEntity> {
    const token = await this.tokens.findOne({ where: ownerId === undefined ? { id } : { id, userId: ownerId }, relations: { user: true } });
    if (!token) throw new AdminApiTokenNotFoundError(id);
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: token.revokedAt });
      await this.audit.record({
        actor: actor.label,
        ipAddress: actor.ipAddress,
        action: 'admin-token.revoked',
        targetType: 'admin-token',
        targetId: String(id),
        details: { owner: token.user?.username, prefix: token.prefix },
      });
    }
    return token;
  }

  /**
   * Resolves a presented bearer value to its enabled admin owner. Unknown, revoked and expired tokens and disabled
   * owners all get the same "invalid token" answer; a valid token of a non-admin gets "not an admin" (403).
   */
  async authenticate(value: string): Promise<AdminPrincipal> {
    const token = value.startsWith(ADMIN_TOKEN_PREFIX) && value.length <= 200
      ? await this.tokens.findOne({ where: { tokenHash: hashToken(value) }, relations: { user: true } })
      : null;
    const now = Date.now();
    if (!token || !token.user || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= now) || !token.user.enabled) {
      throw new AdminAuthException(AdminAuthErrorCode.InvalidToken, 'The bearer token is unknown, revoked or expired, or its owner is disabled.');
    }
    if (token.user.role !== 'admin') {
      throw new AdminAuthException(AdminAuthErrorCode.NotAdmin, 'The token belongs to an account without the admin role.');
    }
    if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: token.id }, { lastUsedAt: new Date(now) }).catch((error: unknown) => {
        this.logger.warn(`could not record lastUsedAt of admin token ${token.id}: ${String(error)}`);
      });
    }
    return { userId: token.user.id, username: token.user.username, tokenId: token.id };
  }
}
