import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { SIGNATURE_METHODS } from '@app/config';

import { type Page, PageMetaDto } from '../../common/page';
import { parseStoredMethods } from '../consumer-input';
import type { ConsumerEntity } from '../consumer.entity';
import type { ConsumerWithSecret } from '../consumer.types';

import { EXAMPLE_FINGERPRINT } from './examples';

export class PublicKeyInfoDto {
  @ApiProperty({ description: 'SHA-256 of the normalized SubjectPublicKeyInfo DER, hex.', example: EXAMPLE_FINGERPRINT })
  fingerprintSha256: string;

  @ApiProperty({ example: 2048 })
  bits: number;

  @ApiProperty({ description: 'The normalized key as base64 SPKI DER (what Atlassian\'s consumer-info publishes).', example: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…' })
  spkiBase64: string;
}

/** A consumer as the admin API shows it: never the shared secret (only whether one is set). */
export class ConsumerResponseDto {
  @ApiProperty({ example: 'bitbucket-prod' })
  consumerKey: string;

  @ApiProperty({ example: 'Bitbucket (production)' })
  name: string;

  @ApiProperty({ example: 'Bitbucket Data Center at bitbucket.example.com', nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: SIGNATURE_METHODS, isArray: true, example: ['RSA-SHA1'] })
  signatureMethods: string[];

  @ApiProperty({ description: 'Whether a shared secret is stored (its value is never shown again).', example: false })
  hasSharedSecret: boolean;

  @ApiProperty({ type: PublicKeyInfoDto, nullable: true })
  publicKey: PublicKeyInfoDto | null;

  @ApiProperty({ example: false })
  allowLegacyKey: boolean;

  @ApiProperty({ example: 'https://bitbucket.example.com', nullable: true, type: String })
  callbackUrl: string | null;

  @ApiProperty({ example: true })
  allowThreeLegged: boolean;

  @ApiProperty({ example: false })
  allowTwoLegged: boolean;

  @ApiProperty({ example: null, nullable: true, type: String })
  twoLeggedExecuteAs: string | null;

  @ApiProperty({ example: false })
  allowImpersonation: boolean;

  @ApiProperty({ example: false })
  allowTokenRenewal: boolean;

  @ApiProperty({ example: true })
  enabled: boolean;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({ example: '2026-12-04T17:30:00.000Z' })
  updatedAt: Date;

  static from(c: ConsumerEntity): ConsumerResponseDto {
    return Object.assign(new ConsumerResponseDto(), {
      consumerKey: c.consumerKey,
      name: c.name,
      description: c.description,
      signatureMethods: parseStoredMethods(c.signatureMethods),
      hasSharedSecret: Boolean(c.sharedSecretSealed),
      publicKey:
        c.publicKeySpki && c.publicKeyFingerprint
          ? { fingerprintSha256: c.publicKeyFingerprint, bits: c.publicKeyBits ?? 0, spkiBase64: c.publicKeySpki }
          : null,
      allowLegacyKey: c.allowLegacyKey,
      callbackUrl: c.callbackUrl,
      allowThreeLegged: c.allowThreeLegged,
      allowTwoLegged: c.allowTwoLegged,
      twoLeggedExecuteAs: c.twoLeggedExecuteAs,
      allowImpersonation: c.allowImpersonation,
      allowTokenRenewal: c.allowTokenRenewal,
      enabled: c.enabled,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    });
  }
}

/** Creation and secret rotation: the consumer plus the shared secret, shown this once. */
export class ConsumerWithSecretResponseDto extends ConsumerResponseDto {
  @ApiPropertyOptional({
    description: 'The shared secret, shown only in this response: store it in the other application now. Null for RSA-only consumers.',
    example: 'c2hvd24tb25jZS1uZXZlci1yZWFkLWJhY2s',
    nullable: true,
    type: String,
  })
  sharedSecret: string | null;

  static fromResult(result: ConsumerWithSecret): ConsumerWithSecretResponseDto {
    return Object.assign(new ConsumerWithSecretResponseDto(), ConsumerResponseDto.from(result.consumer), { sharedSecret: result.sharedSecret });
  }
}

export class ConsumerPageDto extends PageMetaDto {
  @ApiProperty({ type: [ConsumerResponseDto] })
  items: ConsumerResponseDto[];

  static from(page: Page<ConsumerEntity>): ConsumerPageDto {
    return Object.assign(new ConsumerPageDto(), { ...page, items: page.items.map((c) => ConsumerResponseDto.from(c)) });
  }
}
