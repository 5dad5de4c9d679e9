import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQueryDto } from '../../common/page-query.dto';

export class ListConsumersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the consumer key or name.', example: 'bitbucket' })
  @IsOptional() @IsString() @MaxLength(255)
  search?: string;
}
