import { ApiProperty } from '@nestjs/swagger';

import { type Page, PageMetaDto } from '../../common/page';
import type { AuditEventEntity } from '../audit-event.entity';

export class AuditEventResponseDto {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  occurredAt: Date;

  @ApiProperty({ example: 'user:alice' })
  actor: string;

  @ApiProperty({ example: 'consumer.created' })
  action: string;

  @ApiProperty({ example: 'consumer' })
  targetType: string;

  @ApiProperty({ example: 'bitbucket-prod', nullable: true, type: String })
  targetId: string | null;

  @ApiProperty({ description: 'Non-secret facts about the change.', example: { signatureMethods: ['RSA-SHA1'] }, nullable: true, type: Object })
  details: Record<string, unknown> | null;

  @ApiProperty({ example: '10.0.0.7', nullable: true, type: String })
  ipAddress: string | null;

  static from(event: AuditEventEntity): AuditEventResponseDto {
    let details: Record<string, unknown> | null = null;
    try {
      details = event.details ? (JSON.parse(event.details) as Record<string, unknown>) : null;
    } catch {
      details = { unparsed: true };
    }
    return Object.assign(new AuditEventResponseDto(), {
      id: event.id,
      occurredAt: event.occurredAt,
      actor: event.actor,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      details,
      ipAddress: event.ipAddress,
    });
  }
}

export class AuditEventPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEventResponseDto] })
  items: AuditEventResponseDto[];

  static from(page: Page<AuditEventEntity>): AuditEventPageDto {
    return Object.assign(new AuditEventPageDto(), { ...page, items: page.items.map((e) => AuditEventResponseDto.from(e)) });
  }
}
