import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQueryDto } from '../../common/page-query.dto';

/** Filters of `GET /api/admin/audit`; every filter is an exact match. */
export class ListAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'user:alice' })
  @IsOptional() @IsString() @MaxLength(255)
  actor?: string;

  @ApiPropertyOptional({ example: 'consumer.created' })
  @IsOptional() @IsString() @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ example: 'consumer' })
  @IsOptional() @IsString() @MaxLength(32)
  targetType?: string;

  @ApiPropertyOptional({ example: 'bitbucket-prod' })
  @IsOptional() @IsString() @MaxLength(255)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this instant (ISO 8601).', example: '2026-01-01T00:00:00Z' })
  @IsOptional() @Type(() => Date) @IsDate()
  since?: Date;

  @ApiPropertyOptional({ description: 'Events at or before this instant (ISO 8601).', example: '2026-12-31T23:59:59Z' })
  @IsOptional() @Type(() => Date) @IsDate()
  until?: Date;
}
