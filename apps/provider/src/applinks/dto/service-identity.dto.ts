import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import type { ServiceIdentity } from '../service-identity.types';

/** The service's own consumer identity (never the private key). */
export class ServiceIdentityDto {
  @ApiProperty({ description: 'The consumer key Bitbucket registers for this service (Incoming Authentication).', example: 'applink-provider:tools.example.com' })
  consumerKey: string;

  @ApiProperty({ example: 'AppLink Provider (tools.example.com)' })
  name: string;

  @ApiProperty({ nullable: true, type: String, example: 'AppLink Provider at https://tools.example.com' })
  description: string | null;

  @ApiProperty({ description: 'RSA public key as PEM (paste into "Public Key").', example: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…\n-----END PUBLIC KEY-----\n' })
  publicKeyPem: string;

  @ApiProperty({ description: 'The same key as bare base64 SPKI, as consumer-info publishes it.', example: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…' })
  publicKeySpki: string;

  @ApiProperty({ description: 'SHA-256 of the SPKI DER, hex.', example: '3f1c0e3b5a0e2d1f7c9b8a6e5d4c3b2a190817161514131211100f0e0d0c0b0a' })
  publicKeyFingerprint: string;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  keyCreatedAt: Date;

  @ApiProperty({ description: 'Where Atlassian can auto-configure the incoming link from.', example: 'https://tools.example.com/plugins/servlet/oauth/consumer-info' })
  consumerInfoUrl: string;

  static from(identity: ServiceIdentity, publicUrl: string): ServiceIdentityDto {
    return Object.assign(new ServiceIdentityDto(), {
      consumerKey: identity.consumerKey,
      name: identity.name,
      description: identity.description,
      publicKeyPem: identity.publicKeyPem,
      publicKeySpki: identity.publicKeySpki,
      publicKeyFingerprint: identity.publicKeyFingerprint,
      keyCreatedAt: identity.keyCreatedAt,
      consumerInfoUrl: `${publicUrl.replace(/\/+$/, '')}/plugins/servlet/oauth/consumer-info`,
    });
  }
}

/** Changes to the published identity; remotes must be updated to match. */
export class UpdateServiceIdentityDto {
  @ApiPropertyOptional({ description: '1–255 printable ASCII characters, no spaces.', example: 'applink-provider:tools.example.com' })
  @IsOptional() @IsString() @MaxLength(1024)
  consumerKey?: string;

  @ApiPropertyOptional({ example: 'Internal tools', maxLength: 255 })
  @IsOptional() @IsString() @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ example: 'Build and deployment tools of Example Corp', nullable: true, type: String, maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;
}
