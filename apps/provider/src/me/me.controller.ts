import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { OAuthPrincipal, OAuthProtected, VerifiedOAuthRequest } from '@app/auth';
import type { VerifiedRequest } from '@app/oauth1';

import { CallerDto } from './dto/caller.dto';

@ApiTags('me')
@OAuthProtected()
@Controller('api/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'Who the service thinks is calling: the first call to check a new Application Link.' })
  @ApiOkResponse({ type: CallerDto })
  me(@OAuthPrincipal() principal: OAuthPrincipal, @VerifiedOAuthRequest() verified: VerifiedRequest): CallerDto {
    return CallerDto.from(principal, verified);
  }
}
