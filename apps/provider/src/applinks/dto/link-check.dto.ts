import { ApiProperty } from '@nestjs/swagger';

class LinkCauseDto {
  @ApiProperty({
    enum: ['public-url-mismatch', 'clock-skew', 'wrong-secret', 'wrong-public-key', 'token-invalid', 'unknown-consumer', 'consumer-disabled', 'method-not-allowed', 'permission-denied', 'replay', 'malformed-request', 'other'],
    example: 'public-url-mismatch',
  })
  code: string;

  @ApiProperty({ example: 'The request arrived as http://10.0.0.5:3000, but signatures are checked against https://tools.example.com.' })
  message: string;
}

class LinkOutcomeDto {
  @ApiProperty({ example: '2026-12-04T17:45:12.000Z' })
  at: Date;

  @ApiProperty({ example: false })
  ok: boolean;

  @ApiProperty({ nullable: true, type: String, enum: ['request-token', 'access-token', 'resource'], example: 'resource' })
  endpoint: string | null;

  @ApiProperty({ nullable: true, type: String, example: '/rest/api/1.0/projects' })
  path: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'HMAC-SHA1' })
  signatureMethod: string | null;

  @ApiProperty({ nullable: true, type: String, example: '3-legged' })
  mode: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'signature_invalid' })
  problem: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  advice: string | null;

  @ApiProperty({ nullable: true, type: Number, example: -2 })
  timestampSkewSeconds: number | null;

  @ApiProperty({ type: [LinkCauseDto] })
  causes: LinkCauseDto[];
}

/** The recent OAuth outcomes of one consumer (this instance's memory), newest first. */
export class LinkCheckDto {
  @ApiProperty({ example: 'bitbucket-prod' })
  consumerKey: string;

  @ApiProperty({ enum: ['ok', 'failing', 'unknown'], example: 'failing' })
  status: string;

  @ApiProperty({ example: 12 })
  successes: number;

  @ApiProperty({ example: 1 })
  failures: number;

  @ApiProperty({ nullable: true, type: Date, example: '2026-12-04T17:40:00.000Z' })
  lastSuccessAt: Date | null;

  @ApiProperty({ nullable: true, type: Date, example: '2026-12-04T17:45:12.000Z' })
  lastFailureAt: Date | null;

  @ApiProperty({ type: [LinkOutcomeDto] })
  outcomes: LinkOutcomeDto[];
}
