import { ApiProperty } from '@nestjs/swagger';

import { PageMetaDto } from '../../common/page';

/** An access token as admins see it: who, which consumer, when; never the token value or its secret. */
export class AccessTokenResponseDto {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: 3 })
  consumerId: number;

  @ApiProperty({ example: 'bitbucket-prod' })
  consumerKey: string;

  @ApiProperty({ example: 'Bitbucket' })
  consumerName: string;

  @ApiProperty({ example: 12 })
  userId: number;

  @ApiProperty({ example: 'alice' })
  username: string;

  @ApiProperty({ example: '2026-12-04T17:20:00.000Z' })
  createdAt: Date;

  @ApiProperty({ example: '2026-12-04T18:02:00.000Z', nullable: true, type: Date, description: 'Recorded at most once a minute.' })
  lastUsedAt: Date | null;

  @ApiProperty({ example: '2031-12-03T17:20:00.000Z' })
  expiresAt: Date;

  @ApiProperty({ example: '2032-01-02T17:20:00.000Z', description: 'End of the renewal session.' })
  sessionExpiresAt: Date;

  @ApiProperty({ example: null, nullable: true, type: Date })
  revokedAt: Date | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'user, admin, renewed, consumer-disabled, consumer-deleted, secret-rotated, key-replaced' })
  revokedReason: string | null;
}

export class AccessTokenPageDto extends PageMetaDto {
  @ApiProperty({ type: [AccessTokenResponseDto] })
  items: AccessTokenResponseDto[];
}
