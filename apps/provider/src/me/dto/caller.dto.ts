import { ApiProperty } from '@nestjs/swagger';

import type { OAuthMode, OAuthPrincipal } from '@app/auth';
import type { VerifiedRequest } from '@app/oauth1';

export class CallerUserDto {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'alice' })
  username: string;

  @ApiProperty({ example: 'Alice Example' })
  displayName: string;
}

export class CallerConsumerDto {
  @ApiProperty({ example: 'bitbucket-prod' })
  key: string;

  @ApiProperty({ example: 'Bitbucket (production)' })
  name: string;
}

/** The caller of a protected request as the service sees it: who, through which application, which way. */
export class CallerDto {
  @ApiProperty({
    enum: ['3-legged', '2-legged', '2-legged-impersonation'],
    description: '`3-legged`: an access token the user granted; `2-legged`: the consumer alone (as its "execute as" user, or anonymous); `2-legged-impersonation`: the consumer acting as `xoauth_requestor_id`.',
    example: '3-legged',
  })
  mode: OAuthMode;

  @ApiProperty({ type: CallerUserDto, nullable: true, description: 'null for an anonymous 2-legged call.' })
  user: CallerUserDto | null;

  @ApiProperty({ type: CallerConsumerDto })
  consumer: CallerConsumerDto;

  @ApiProperty({ enum: ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'], example: 'RSA-SHA1' })
  signatureMethod: string;

  @ApiProperty({ description: 'Where the oauth_* parameters were sent (RFC 5849 §3.5).', enum: ['header', 'query', 'body'], example: 'header' })
  parametersIn: string;

  static from(principal: OAuthPrincipal, verified: VerifiedRequest): CallerDto {
    const { user, consumer } = principal;
    return Object.assign(new CallerDto(), {
      mode: principal.mode,
      user: user ? { id: user.id, username: user.username, displayName: user.displayName } : null,
      consumer: { key: consumer.consumerKey, name: consumer.name },
      signatureMethod: verified.signatureMethod,
      parametersIn: verified.location,
    });
  }
}
