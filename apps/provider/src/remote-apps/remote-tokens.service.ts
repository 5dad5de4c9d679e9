import { timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';

import { SecretBox } from '../crypto/secret-box';

import { RemoteTokenEntity, type RemoteTokenKind } from './remote-token.entity';

/** A token as the client uses it. */
export interface RemoteToken {
  id: number;
  remoteAppId: number;
  userId: number;
  kind: RemoteTokenKind;
  token: string;
  secret: string;
  sessionHandle: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface StoreTokenInput {
  remoteAppId: number;
  userId: number;
  kind: RemoteTokenKind;
  token: string;
  secret: string;
  sessionHandle?: string | null;
  expiresAt?: Date | null;
}

/** Writing lastUsedAt on every call would turn each read into a write; once a minute is enough to show it. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The tokens remote applications issued to our users. Values are sealed with a purpose bound to the row's
 * application, user and kind, so a sealed value copied into another row does not open.
 */
@Injectable()
export class RemoteTokensService {
  constructor(
    @InjectRepository(RemoteTokenEntity) private readonly tokens: Repository<RemoteTokenEntity>,
    private readonly secretBox: SecretBox,
    private readonly dataSource: DataSource,
  ) {}

  /** Replaces the user's token of this kind (one pending dance and one connection per user and remote). */
  async store(input: StoreTokenInput): Promise<RemoteToken> {
    const purpose = purposeOf(input.remoteAppId, input.userId, input.kind);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RemoteTokenEntity);
      await repo.delete({ remoteAppId: input.remoteAppId, userId: input.userId, kind: input.kind });
      const saved = await repo.save(
        repo.create({
          remoteAppId: input.remoteAppId,
          userId: input.userId,
          kind: input.kind,
          tokenSealed: this.secretBox.seal(input.token, `${purpose}:token`),
          secretSealed: this.secretBox.seal(input.secret, `${purpose}:secret`),
          sessionHandleSealed: input.sessionHandle ? this.secretBox.seal(input.sessionHandle, `${purpose}:session`) : null,
          expiresAt: input.expiresAt ?? null,
          lastUsedAt: null,
        }),
      );
      return this.open(saved);
    });
  }

  async find(remoteAppId: number, userId: number, kind: RemoteTokenKind): Promise<RemoteToken | null> {
    const row = await this.tokens.findOneBy({ remoteAppId, userId, kind });
    return row ? this.open(row) : null;
  }

  /** The pending request token, if `tokenValue` is exactly it (compared in constant time) and still valid. */
  async findPendingRequest(remoteAppId: number, userId: number, tokenValue: string): Promise<RemoteToken | null> {
    const pending = await this.find(remoteAppId, userId, 'request');
    if (!pending) return null;
    const a = Buffer.from(pending.token, 'utf8');
    const b = Buffer.from(tokenValue, 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    if (pending.expiresAt && pending.expiresAt.getTime() <= Date.now()) return null;
    return pending;
  }

  /** The user's connections (access tokens), for the account page. */
  async listAccessForUser(userId: number): Promise<Array<Pick<RemoteToken, 'remoteAppId' | 'createdAt' | 'lastUsedAt' | 'expiresAt'>>> {
    const rows = await this.tokens.find({ where: { userId, kind: 'access' }, order: { remoteAppId: 'ASC' } });
    return rows.map((r) => ({ remoteAppId: r.remoteAppId, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, expiresAt: r.expiresAt }));
  }

  async delete(remoteAppId: number, userId: number, kind: RemoteTokenKind): Promise<boolean> {
    const result = await this.tokens.delete({ remoteAppId, userId, kind });
    return (result.affected ?? 0) > 0;
  }

  async touch(token: RemoteToken): Promise<void> {
    const now = Date.now();
    if (token.lastUsedAt && now - token.lastUsedAt.getTime() < LAST_USED_GRANULARITY_MS) return;
    await this.tokens.update({ id: token.id }, { lastUsedAt: new Date(Math.floor(now / 1000) * 1000) });
  }

  private open(row: RemoteTokenEntity): RemoteToken {
    const purpose = purposeOf(row.remoteAppId, row.userId, row.kind);
    return {
      id: row.id,
      remoteAppId: row.remoteAppId,
      userId: row.userId,
      kind: row.kind,
      token: this.secretBox.open(row.tokenSealed, `${purpose}:token`),
      secret: this.secretBox.open(row.secretSealed, `${purpose}:secret`),
      sessionHandle: row.sessionHandleSealed ? this.secretBox.open(row.sessionHandleSealed, `${purpose}:session`) : null,
      expiresAt: row.expiresAt,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
    };
  }
}

function purposeOf(remoteAppId: number, userId: number, kind: RemoteTokenKind): string {
  return `remote-token:${remoteAppId}:${userId}:${kind}`;
}
