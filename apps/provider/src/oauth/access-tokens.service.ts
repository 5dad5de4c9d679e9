import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import type { Page } from '../common/page';
import type { ConsumerRevocationReason } from '../consumers/consumer-revocation';
import { ConsumersService } from '../consumers/consumers.service';

import { AccessTokenEntity } from './access-token.entity';
import { NonceEntity } from './nonce.entity';
import { RequestTokensService } from './request-tokens.service';

/** A user's authorized application, as the "Authorized applications" page lists it. */
export interface UserAccessTokenView {
  id: number;
  consumerKey: string;
  consumerName: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
}

/** An access token as the admin API lists it (never the value or the secret). */
export interface AccessTokenView extends UserAccessTokenView {
  consumerId: number;
  userId: number;
  username: string;
  sessionExpiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface AccessTokenListQuery {
  consumerId?: number;
  userId?: number;
  page: number;
  pageSize: number;
}

/** Who revokes: a user may revoke only their own tokens, an admin any. */
export interface RevokeActor {
  userId: number;
  admin: boolean;
  label: string;
  ipAddress?: string | null;
}

/** Access tokens (token credentials) after issuance: listing and revocation (RFC 5849 §2.3 SHOULD be revocable). */
@Injectable()
export class AccessTokensService implements OnModuleInit {
  private readonly logger = new Logger(AccessTokensService.name);

  constructor(
    @InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>,
    @InjectRepository(NonceEntity) private readonly nonces: Repository<NonceEntity>,
    private readonly requestTokens: RequestTokensService,
    private readonly consumers: ConsumersService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Disabling or deleting a consumer (or replacing its credentials) must stop its tokens at once (checklist M3).
    this.consumers.onConsumerCredentialsRevoked(async (consumerId, reason) => {
      await this.revokeAllForConsumer(consumerId, reason);
    });
  }

  /** The user's live tokens, newest first. */
  async listForUser(userId: number): Promise<UserAccessTokenView[]> {
    const rows = await this.tokens.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      relations: { consumer: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return rows.map((row) => ({
      id: row.id,
      consumerKey: row.consumer!.consumerKey,
      consumerName: row.consumer!.name,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
    }));
  }

  /** Every token (revoked ones too, until purged), optionally for one consumer or user, newest first. */
  async list(query: AccessTokenListQuery): Promise<Page<AccessTokenView>> {
    const where: { consumerId?: number; userId?: number } = {};
    if (query.consumerId !== undefined) where.consumerId = query.consumerId;
    if (query.userId !== undefined) where.userId = query.userId;
    const [rows, total] = await this.tokens.findAndCount({
      where,
      relations: { consumer: true, user: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const items = rows.map((row) => ({
      id: row.id,
      consumerId: row.consumerId,
      consumerKey: row.consumer!.consumerKey,
      consumerName: row.consumer!.name,
      userId: row.userId,
      username: row.user!.username,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      sessionExpiresAt: row.sessionExpiresAt,
      revokedAt: row.revokedAt,
      revokedReason: row.revokedReason,
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Revokes one token. A non-admin may revoke only their own: anyone else's (or an unknown id) is NotFound, so ids of
   * other users' tokens are not disclosed. Revoking an already revoked token changes nothing.
   */
  async revoke(id: number, actor: RevokeActor): Promise<void> {
    const row = Number.isSafeInteger(id) && id > 0 ? await this.tokens.findOne({ where: { id }, relations: { consumer: true } }) : null;
    if (!row || (!actor.admin && row.userId !== actor.userId)) throw new NotFoundException(`No access token ${id}.`);
    if (row.revokedAt) return;
    const reason = actor.admin && row.userId !== actor.userId ? 'admin' : 'user';
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
    if (!result.affected) return;
    await this.audit.record({
      actor: actor.label,
      action: 'oauth.access-token.revoked',
      targetType: 'access-token',
      targetId: String(id),
      details: { consumerKey: row.consumer?.consumerKey, userId: row.userId, reason },
      ipAddress: actor.ipAddress ?? null,
    });
  }

  /** Revokes every live token of a consumer, burns its pending request tokens (and drops a deleted consumer's nonces). */
  async revokeAllForConsumer(consumerId: number, reason: ConsumerRevocationReason): Promise<number> {
    const result = await this.tokens.update({ consumerId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
    const burned = await this.requestTokens.burnAllForConsumer(consumerId);
    // Nonces go only with a deleted consumer: a re-enabled one must still refuse replays inside the window.
    if (reason === 'consumer-deleted') await this.nonces.delete({ consumerId });
    const revoked = result.affected ?? 0;
    this.logger.log(`revoked ${revoked} access token(s) and burned ${burned} request token(s) of consumer ${consumerId} (${reason})`);
    await this.audit.record({
      actor: 'system',
      action: 'oauth.access-token.revoked-all',
      targetType: 'consumer',
      targetId: String(consumerId),
      details: { reason, revoked, burned },
    });
    return revoked;
  }
}
