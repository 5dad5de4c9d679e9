import { ApiProperty } from '@nestjs/swagger';

import { PageMetaDto } from '../../../common/page';
import type { BuildEntity, BuildStatus } from '../build.entity';

/** A build as the readers of its project see it. */
export class BuildResponseDto {
  @ApiProperty({ description: 'Build number within the project.', example: 3 })
  number: number;

  @ApiProperty({ example: 7 })
  projectId: number;

  @ApiProperty({ example: 'refs/heads/main' })
  ref: string;

  @ApiProperty({ example: 'Pushed by alice from Bitbucket', nullable: true, type: String })
  reason: string | null;

  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'], example: 'queued' })
  status: BuildStatus;

  @ApiProperty({ description: 'Username of the user the triggering application acted for.', example: 'alice' })
  triggeredBy: string;

  @ApiProperty({ description: 'Consumer key of the application that triggered it.', example: 'bitbucket-prod' })
  triggeredVia: string;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  createdAt: Date;

  static from(build: BuildEntity, triggeredBy: string): BuildResponseDto {
    return Object.assign(new BuildResponseDto(), {
      number: build.number,
      projectId: build.projectId,
      ref: build.ref,
      reason: build.reason,
      status: build.status,
      triggeredBy,
      triggeredVia: build.triggeredVia,
      createdAt: build.createdAt,
    });
  }
}

export class BuildPageDto extends PageMetaDto {
  @ApiProperty({ type: [BuildResponseDto] })
  items: BuildResponseDto[];
}
