import { ApiProperty } from '@nestjs/swagger';

import type { OAuthPrincipal } from '@app/auth';
import type { VerifiedRequest } from '@app/oauth1';

import { CallerDto } from '../../me/dto/caller.dto';

const PAIRS_SCHEMA = { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 } } as const;

/**
 * What the application received, as the signature covered it. The interop suite compares `query` and `form` with
 * what each client sent: equal pairs prove the app reads exactly what was verified.
 */
export class EchoResponseDto {
  @ApiProperty({ example: 'GET' })
  method: string;

  @ApiProperty({ type: CallerDto })
  caller: CallerDto;

  @ApiProperty({ ...PAIRS_SCHEMA, description: 'Decoded non-`oauth_*` query parameters as `[name, value]`, in wire order.', example: [['q', 'a b'], ['q', 'é']] })
  query: Array<[string, string]>;

  @ApiProperty({ ...PAIRS_SCHEMA, description: 'Decoded non-`oauth_*` form-body parameters as `[name, value]`, in wire order (empty for other bodies).', example: [['comment', '100% done & dusted']] })
  form: Array<[string, string]>;

  static from(method: string, principal: OAuthPrincipal, verified: VerifiedRequest): EchoResponseDto {
    return Object.assign(new EchoResponseDto(), {
      method,
      caller: CallerDto.from(principal, verified),
      query: verified.queryParams.map(([name, value]) => [name, value]),
      form: verified.formParams.map(([name, value]) => [name, value]),
    });
  }
}
