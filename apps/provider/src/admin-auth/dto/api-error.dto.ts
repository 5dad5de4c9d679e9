import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The JSON error body of every admin API refusal (ours and the ValidationPipe's share this shape). */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({
    description: 'One readable sentence, or the list of field problems from request validation.',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'The key has 1024 bits; at least 2048 are required (1024 only with the legacy flag).',
  })
  message: string | string[];

  @ApiPropertyOptional({ description: 'Machine-readable reason.', example: 'invalid_public_key' })
  code?: string;

  @ApiPropertyOptional({ description: 'The request field the problem is about.', example: 'publicKey' })
  field?: string;
}
