import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, LessThanOrEqual, MoreThanOrEqual, type FindOptionsWhere, Repository } from 'typeorm';

import { AuditEventEntity } from './audit-event.entity';
import type { Page } from '../common/page';

import type { AuditFilter, AuditRecordInput, PageRequest } from './audit.types';

/** Keys whose values are credentials: never written to the audit log, whatever a caller passes. */
const SECRET_KEY = /secret|passw|verifier|private|^token$|token_?value|^value$|^(oauth_)?signature$/i;

/** Drops secret-looking entries from audit details, recursively, so a careless caller cannot log a credential. */
export function scrubDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? scrubDetails(value as Record<string, unknown>) : value;
  }
  return out;
}

/** The audit log: who changed what, when (never secret values). */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async record(input: AuditRecordInput): Promise<AuditEventEntity> {
    const details = input.details ? JSON.stringify(scrubDetails(input.details)) : null;
    const event = await this.events.save(
      this.events.create({
        actor: input.actor.slice(0, 255),
        action: input.action.slice(0, 64),
        targetType: input.targetType.slice(0, 32),
        targetId: input.targetId?.slice(0, 255) ?? null,
        details,
        ipAddress: input.ipAddress?.slice(0, 64) ?? null,
      }),
    );
    this.logger.log(`audit ${event.action} ${event.targetType}${event.targetId ? `:${event.targetId}` : ''} by ${event.actor}`);
    return event;
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEventEntity>> {
    const where: FindOptionsWhere<AuditEventEntity> = {};
    if (filter.actor) where.actor = filter.actor;
    if (filter.action) where.action = filter.action;
    if (filter.targetType) where.targetType = filter.targetType;
    if (filter.targetId) where.targetId = filter.targetId;
    if (filter.since && filter.until) where.occurredAt = Between(filter.since, filter.until);
    else if (filter.since) where.occurredAt = MoreThanOrEqual(filter.since);
    else if (filter.until) where.occurredAt = LessThanOrEqual(filter.until);
    const [items, total] = await this.events.findAndCount({
      where,
      order: { occurredAt: 'DESC', id: 'DESC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items, total, page: page.page, pageSize: page.pageSize };
  }
}
