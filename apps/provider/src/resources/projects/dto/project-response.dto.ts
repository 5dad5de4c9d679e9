import { ApiProperty } from '@nestjs/swagger';

import { PageMetaDto } from '../../../common/page';
import { PROJECT_VISIBILITIES, type ProjectEntity, type ProjectVisibility } from '../project.entity';

/** A project as its readers see it. */
export class ProjectResponseDto {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'BILLING' })
  key: string;

  @ApiProperty({ example: 'Billing service' })
  name: string;

  @ApiProperty({ example: 'Invoices and payment runs.', nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: PROJECT_VISIBILITIES, example: 'internal' })
  visibility: ProjectVisibility;

  @ApiProperty({ description: 'Username of the owner.', example: 'alice' })
  owner: string;

  @ApiProperty({ description: 'Whether the caller owns it (and so may trigger builds).', example: true })
  ownedByYou: boolean;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  createdAt: Date;

  static from(project: ProjectEntity, ownerUsername: string, callerId: number | null): ProjectResponseDto {
    return Object.assign(new ProjectResponseDto(), {
      id: project.id,
      key: project.key,
      name: project.name,
      description: project.description,
      visibility: project.visibility,
      owner: ownerUsername,
      ownedByYou: callerId !== null && project.ownerId === callerId,
      createdAt: project.createdAt,
    });
  }
}

export class ProjectPageDto extends PageMetaDto {
  @ApiProperty({ type: [ProjectResponseDto] })
  items: ProjectResponseDto[];
}
