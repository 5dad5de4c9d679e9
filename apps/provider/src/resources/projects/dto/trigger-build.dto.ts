import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** Body of `POST /api/projects/{projectId}/builds`, as JSON or as a (signed) form. */
export class TriggerBuildDto {
  @ApiProperty({ description: 'Branch, tag or commit to build (printable characters, no spaces).', example: 'refs/heads/main' })
  @IsString()
  @Length(1, 255)
  @Matches(/^[\x21-\x7e]+$/, { message: 'ref must be printable ASCII without spaces' })
  ref: string;

  @ApiPropertyOptional({ example: 'Pushed by alice from Bitbucket', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
