import { ApiProperty } from '@nestjs/swagger';

/** The JSON error of the projects API (403/404/409). */
export class ProjectsErrorDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'Not Found' })
  error: string;

  @ApiProperty({ enum: ['project_not_found', 'build_not_found', 'not_owner', 'user_required', 'key_taken'], example: 'project_not_found' })
  code: string;

  @ApiProperty({ example: 'No project 7 is visible to you.' })
  message: string;
}
