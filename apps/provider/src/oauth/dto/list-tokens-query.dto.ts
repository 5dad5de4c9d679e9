import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

import { PageQueryDto } from '../../common/page-query.dto';

/** `GET /api/admin/tokens?consumerId=&userId=&page=&pageSize=` */
export class ListTokensQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only tokens of this consumer (id).', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  consumerId?: number;

  @ApiPropertyOptional({ description: 'Only tokens of this user (id).', example: 12 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;
}
