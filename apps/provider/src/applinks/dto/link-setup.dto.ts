import { ApiProperty } from '@nestjs/swagger';

import { ConsumerSetupDto } from '../../consumers/dto/consumer-setup.dto';

class SetupFieldDto {
  @ApiProperty({ description: "The field's label on Bitbucket's screen.", example: 'Consumer key' })
  label: string;

  @ApiProperty({ example: 'bitbucket-prod' })
  value: string;
}

class SetupStepDto {
  @ApiProperty({ example: 'Click through "No response was received"' })
  title: string;

  @ApiProperty({ example: 'Bitbucket warns "No response was received from the URL you entered…". This is expected: click Continue.' })
  text: string;

  @ApiProperty({ type: [SetupFieldDto] })
  fields: SetupFieldDto[];
}

class ServiceConsumerSummaryDto {
  @ApiProperty({ example: 'applink-provider:tools.example.com' })
  consumerKey: string;

  @ApiProperty({ example: 'AppLink Provider (tools.example.com)' })
  name: string;

  @ApiProperty({ example: 'https://tools.example.com/plugins/servlet/oauth/consumer-info' })
  consumerInfoUrl: string;

  @ApiProperty({ example: '3f1c0e3b5a0e2d1f7c9b8a6e5d4c3b2a190817161514131211100f0e0d0c0b0a' })
  publicKeyFingerprint: string;
}

/** The link set-up values for one consumer, with Bitbucket's screens step by step. */
export class LinkSetupDto extends ConsumerSetupDto {
  @ApiProperty({ description: 'The link type to choose in Bitbucket 7.21+.', example: 'Atlassian product' })
  applicationType: string;

  @ApiProperty({ example: 'Choose "Atlassian product", not "External application" (OAuth 2.0), in Bitbucket 7.21+, Jira 9+ and Confluence 8+.' })
  applicationTypeNote: string;

  @ApiProperty({ type: [String], example: ['The public URL is not HTTPS: tokens, verifiers and pages travel in clear text.'] })
  warnings: string[];

  @ApiProperty({ type: [SetupStepDto] })
  steps: SetupStepDto[];

  @ApiProperty({ type: ServiceConsumerSummaryDto, description: "This service's own consumer identity (for the incoming side)." })
  serviceConsumer: ServiceConsumerSummaryDto;
}
