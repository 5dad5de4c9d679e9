import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { AccessTokenEntity } from './access-token.entity';

/** `lastUsedAt` is informational: written at most once a minute per token, off the request's critical path. */
const RESOLUTION_MS = 60_000;
const MAX_TRACKED = 10_000;

@Injectable()
export class LastUsedTracker {
  private readonly logger = new Logger(LastUsedTracker.name);
  private readonly written = new Map<number, number>();

  constructor(@InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>) {}

  /** Records a use of the token if the stored value (or this process's last write) is older than a minute. */
  touch(tokenId: number, storedLastUsedAt: Date | null, now = Date.now()): void {
    const last = Math.max(storedLastUsedAt?.getTime() ?? 0, this.written.get(tokenId) ?? 0);
    if (now - last < RESOLUTION_MS) return;
    if (this.written.size >= MAX_TRACKED) this.written.clear();
    this.written.set(tokenId, now);
    this.tokens.update({ id: tokenId }, { lastUsedAt: new Date(now) }).catch((error: unknown) => {
      this.logger.warn(`could not record the last use of access token ${tokenId}: ${(error as Error).message}`);
    });
  }
}
