import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { SIGNATURE_METHODS, type SignatureMethodName } from '@app/config';

import { EXAMPLE_PUBLIC_KEY } from './examples';

/** Settings an admin may change after creation (the key is immutable; credentials have their own endpoints). */
export class ConsumerSettingsDto {
  @ApiPropertyOptional({ example: 'Bitbucket (production)', maxLength: 255 })
  @IsOptional() @IsString() @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ example: 'Bitbucket Data Center at bitbucket.example.com', nullable: true, type: String, maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    description: 'Allowed signature methods. Default: RSA-SHA1 when a public key is given, HMAC-SHA1 otherwise (both if both credentials are given). PLAINTEXT is opt-in and needs https.',
    enum: SIGNATURE_METHODS,
    isArray: true,
    example: ['RSA-SHA1'],
  })
  @IsOptional() @IsArray() @ArrayMaxSize(3) @IsIn(SIGNATURE_METHODS, { each: true })
  signatureMethods?: SignatureMethodName[];

  @ApiPropertyOptional({ description: 'Accept a 1024-bit RSA key (never less); only for old Atlassian hosts.', default: false })
  @IsOptional() @IsBoolean()
  allowLegacyKey?: boolean;

  @ApiPropertyOptional({
    description: 'Base URL every oauth_callback must match (scheme, host, port; path on a segment boundary). Absent: only "oob".',
    example: 'https://bitbucket.example.com',
    nullable: true,
    type: String,
  })
  @IsOptional() @IsString() @MaxLength(2048)
  callbackUrl?: string | null;

  @ApiPropertyOptional({ description: 'Allow the 3-legged (user consent) flow.', default: true })
  @IsOptional() @IsBoolean()
  allowThreeLegged?: boolean;

  @ApiPropertyOptional({ description: 'Allow 2-legged calls (no access token).', default: false })
  @IsOptional() @IsBoolean()
  allowTwoLegged?: boolean;

  @ApiPropertyOptional({ description: 'Existing username 2-legged calls run as; null runs them anonymously.', example: 'bitbucket-bot', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(255)
  twoLeggedExecuteAs?: string | null;

  @ApiPropertyOptional({ description: 'Allow 2-legged calls on behalf of a user named in xoauth_requestor_id.', default: false })
  @IsOptional() @IsBoolean()
  allowImpersonation?: boolean;

  @ApiPropertyOptional({ description: 'Offer oauth_session_handle token renewal.', default: false })
  @IsOptional() @IsBoolean()
  allowTokenRenewal?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class CreateConsumerDto extends OmitType(ConsumerSettingsDto, ['name'] as const) {
  @ApiProperty({ description: 'Unique, immutable, 1–255 printable ASCII characters; never reused after deletion.', example: 'bitbucket-prod' })
  @IsString() @MaxLength(1024)
  consumerKey: string;

  @ApiProperty({ example: 'Bitbucket (production)', maxLength: 255 })
  @IsString() @MaxLength(255)
  name: string;

  @ApiPropertyOptional({
    description: 'Shared secret for HMAC-SHA1 typed by the admin (≥ 16 characters, not guessable). Leave it out to have a 192-bit secret generated. Shown once in the response.',
    example: 'Vq3f8ZpK2wLx9TmRbN4s',
    writeOnly: true,
  })
  @IsOptional() @IsString() @MaxLength(1024)
  sharedSecret?: string;

  @ApiPropertyOptional({
    description: 'RSA public key for RSA-SHA1: SPKI PEM (with or without header lines), bare base64 SPKI DER, an X.509 certificate PEM, or PKCS#1 "RSA PUBLIC KEY".',
    example: EXAMPLE_PUBLIC_KEY,
  })
  @IsOptional() @IsString() @MaxLength(20_000)
  publicKey?: string;
}

export class UpdateConsumerDto extends ConsumerSettingsDto {}

export class RotateSecretDto {
  @ApiPropertyOptional({ description: 'The new secret typed by the admin; leave it out to have one generated.', example: 'Vq3f8ZpK2wLx9TmRbN4s', writeOnly: true })
  @IsOptional() @IsString() @MaxLength(1024)
  sharedSecret?: string;
}

export class ReplacePublicKeyDto {
  @ApiProperty({ description: 'The new RSA public key, in any accepted format.', example: EXAMPLE_PUBLIC_KEY })
  @IsString() @MaxLength(20_000)
  publicKey: string;

  @ApiPropertyOptional({ description: 'Accept a 1024-bit key (never less).', default: false })
  @IsOptional() @IsBoolean()
  allowLegacyKey?: boolean;
}
