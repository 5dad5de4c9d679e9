import { ApiProperty } from '@nestjs/swagger';

import type { ConsumerSetupValues } from '../consumer-setup';

class RelativeOAuthUrlsDto {
  @ApiProperty({ example: '/plugins/servlet/oauth/request-token' })
  requestTokenUrl: string;

  @ApiProperty({ example: '/plugins/servlet/oauth/access-token' })
  accessTokenUrl: string;

  @ApiProperty({ example: '/plugins/servlet/oauth/authorize' })
  authorizeUrl: string;
}

/** What to paste into Bitbucket/Jira for this consumer. */
export class ConsumerSetupDto implements ConsumerSetupValues {
  @ApiProperty({ example: 'bitbucket-prod' })
  consumerKey: string;

  @ApiProperty({ example: 'Bitbucket (production)' })
  consumerName: string;

  @ApiProperty({ description: 'The Application URL of the link: this service\'s public URL.', example: 'https://tools.example.com' })
  applicationUrl: string;

  @ApiProperty({ example: ['HMAC-SHA1'] })
  signatureMethods: string[];

  @ApiProperty({ nullable: true, type: String, example: 'The shared secret was shown once, when it was created or last rotated; rotate it to get a new one.' })
  sharedSecretNote: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  publicKeyFingerprint: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'https://bitbucket.example.com' })
  callbackUrl: string | null;

  @ApiProperty({ example: 'https://tools.example.com/plugins/servlet/oauth/request-token' })
  requestTokenUrl: string;

  @ApiProperty({ example: 'https://tools.example.com/plugins/servlet/oauth/access-token' })
  accessTokenUrl: string;

  @ApiProperty({ description: 'No query string: Atlassian appends ?oauth_token=…', example: 'https://tools.example.com/plugins/servlet/oauth/authorize' })
  authorizeUrl: string;

  @ApiProperty({ type: RelativeOAuthUrlsDto, description: 'The same URLs relative to the Application URL (Atlassian accepts either).' })
  relative: RelativeOAuthUrlsDto;
}
