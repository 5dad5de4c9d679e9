import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { ATLASSIAN_OAUTH_PATHS, REMOTE_APP_TYPES, type RemoteAppType } from '../remote-app.entity';

/** A linked Bitbucket/Jira/Confluence this service calls as a consumer. */
export class CreateRemoteAppDto {
  @ApiProperty({ example: 'Bitbucket', maxLength: 255 })
  @IsString() @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ enum: REMOTE_APP_TYPES, default: 'bitbucket' })
  @IsOptional() @IsIn(REMOTE_APP_TYPES)
  type?: RemoteAppType;

  @ApiProperty({ description: 'Display URL: where users\' browsers go (the authorize page).', example: 'https://bitbucket.example.com' })
  @IsString() @MaxLength(2048)
  baseUrl: string;

  @ApiPropertyOptional({ description: 'RPC URL for token and REST calls, when the service reaches the remote differently.', example: 'http://bitbucket.internal:7990', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(2048)
  rpcUrl?: string | null;

  @ApiPropertyOptional({ description: 'Relative to the RPC URL, or absolute.', default: ATLASSIAN_OAUTH_PATHS.requestToken })
  @IsOptional() @IsString() @MaxLength(1024)
  requestTokenPath?: string;

  @ApiPropertyOptional({ description: 'Relative to the display URL, or absolute; no query (`?oauth_token=…` is appended).', default: ATLASSIAN_OAUTH_PATHS.authorize })
  @IsOptional() @IsString() @MaxLength(1024)
  authorizePath?: string;

  @ApiPropertyOptional({ description: 'Relative to the RPC URL, or absolute.', default: ATLASSIAN_OAUTH_PATHS.accessToken })
  @IsOptional() @IsString() @MaxLength(1024)
  accessTokenPath?: string;

  @ApiPropertyOptional({ description: 'Use 2-legged calls (the remote must "Allow 2-Legged OAuth" for our consumer).', default: false })
  @IsOptional() @IsBoolean()
  twoLeggedEnabled?: boolean;

  @ApiPropertyOptional({ description: 'Use impersonation calls (the remote must "Allow user impersonation").', default: false })
  @IsOptional() @IsBoolean()
  impersonationEnabled?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class UpdateRemoteAppDto extends PartialType(CreateRemoteAppDto) {}
