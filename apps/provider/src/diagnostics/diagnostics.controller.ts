import { Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { OAuthPrincipal, OAuthProtected, VerifiedOAuthRequest } from '@app/auth';
import type { VerifiedRequest } from '@app/oauth1';

import { EchoResponseDto } from './dto/echo-response.dto';

/**
 * Signature diagnostics for admins and the interop suite. Everything comes from the core's verification result
 * (VerifiedRequest), never from framework-parsed query or body objects.
 */
@ApiTags('diagnostics')
@OAuthProtected()
@Controller('api/diagnostics')
export class DiagnosticsController {
  @Get('echo')
  @ApiOperation({ summary: 'Echo the caller and the signed query parameters.' })
  @ApiOkResponse({ type: EchoResponseDto })
  echo(@OAuthPrincipal() principal: OAuthPrincipal, @VerifiedOAuthRequest() verified: VerifiedRequest, @Req() request: FastifyRequest): EchoResponseDto {
    return EchoResponseDto.from(request.method, principal, verified);
  }

  @Post('echo')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Echo the caller and the signed query and form parameters.' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOkResponse({ type: EchoResponseDto })
  echoPost(@OAuthPrincipal() principal: OAuthPrincipal, @VerifiedOAuthRequest() verified: VerifiedRequest, @Req() request: FastifyRequest): EchoResponseDto {
    return EchoResponseDto.from(request.method, principal, verified);
  }
}
