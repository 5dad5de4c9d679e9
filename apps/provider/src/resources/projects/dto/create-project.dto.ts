import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

import { PROJECT_VISIBILITIES, type ProjectVisibility } from '../project.entity';

/** Body of `POST /api/projects`, as JSON or as a (signed) form. */
export class CreateProjectDto {
  @ApiProperty({ description: 'Short code, unique among your projects: an upper-case letter, then 1–31 of A–Z, 0–9, _.', example: 'BILLING' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'key must be an upper-case letter followed by 1-31 of A-Z, 0-9 or _' })
  key: string;

  @ApiProperty({ example: 'Billing service', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Invoices and payment runs.', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    description: '`private`: only you see it (others get 404). `internal`: every signed-in user may read it; only you may change it or trigger builds (others get 403).',
    enum: PROJECT_VISIBILITIES,
    default: 'private',
    example: 'internal',
  })
  @IsOptional()
  @IsIn(PROJECT_VISIBILITIES)
  visibility?: ProjectVisibility;
}
