import { Controller, Delete, Get, Header, HttpCode, Ip, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';

import { OAuthTokenEndpoint, OAuthTokenGuard, Public, VerifiedOAuthRequest } from '@app/auth';
import { OAuthError, type VerifiedRequest } from '@app/oauth1';

import { AccessTokenExchangeService } from './access-token-exchange.service';
import type { ProviderConsumer } from './oauth.types';
import { RequestTokensService } from './request-tokens.service';
import { formEncode } from './token-answer';

/** Our paths and Atlassian's defaults, so an admin can paste relative paths into Bitbucket. */
const REQUEST_TOKEN_PATHS = ['oauth/request-token', 'plugins/servlet/oauth/request-token'];
const ACCESS_TOKEN_PATHS = ['oauth/access-token', 'plugins/servlet/oauth/access-token'];
const TOKEN_PATHS = [...REQUEST_TOKEN_PATHS, ...ACCESS_TOKEN_PATHS];
const FORM = 'application/x-www-form-urlencoded';

const SIGNED_FORM_BODY = {
  description:
    'OAuth protocol parameters in a form body (how Bitbucket sends them); the Authorization header or the query string work as well. The signature is over the public URL of this endpoint.',
  schema: {
    type: 'object',
    properties: {
      oauth_consumer_key: { type: 'string', example: 'bitbucket-prod' },
      oauth_signature_method: { type: 'string', enum: ['RSA-SHA1', 'HMAC-SHA1', 'PLAINTEXT'], example: 'RSA-SHA1' },
      oauth_timestamp: { type: 'string', example: '1764850000' },
      oauth_nonce: { type: 'string', example: '5fd3b1d1a3c2' },
      oauth_version: { type: 'string', example: '1.0' },
      oauth_signature: { type: 'string', example: 'dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==' },
    },
    required: ['oauth_consumer_key', 'oauth_signature_method', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature'],
  },
};

function formAnswer(description: string, example: string) {
  return { description, content: { [FORM]: { schema: { type: 'string', example } } } };
}

const PROBLEM = formAnswer('OAuth problem (also in WWW-Authenticate).', 'oauth_problem=signature_invalid');

/** RFC 5849 §2.1 and §2.3: the temporary-credential and token-credential endpoints (POST only, checklist T10). */
@ApiTags('oauth')
@Public()
@Controller()
export class OAuthTokensController {
  constructor(
    private readonly requestTokens: RequestTokensService,
    private readonly exchange: AccessTokenExchangeService,
  ) {}

  @Post(REQUEST_TOKEN_PATHS)
  @HttpCode(200)
  @OAuthTokenEndpoint('request-token')
  @UseGuards(OAuthTokenGuard)
  @Header('Content-Type', FORM)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Obtain a request token (temporary credentials). Requires oauth_callback: "oob" or a URL under the consumer\'s registered callback.' })
  @ApiConsumes(FORM)
  @ApiProduces(FORM)
  @ApiBody({ ...SIGNED_FORM_BODY, schema: { ...SIGNED_FORM_BODY.schema, properties: { ...SIGNED_FORM_BODY.schema.properties, oauth_callback: { type: 'string', example: 'https://bitbucket.example.com/plugins/servlet/applinks/oauth/login-dance/access?applicationLinkID=1' } } } })
  @ApiOkResponse(formAnswer('The request token.', 'oauth_token=Qm9vb29vb29vb29vb29vb29vb29vb29v&oauth_token_secret=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0&oauth_callback_confirmed=true'))
  @ApiResponse({ status: 400, ...PROBLEM })
  @ApiResponse({ status: 401, ...PROBLEM })
  async requestToken(@VerifiedOAuthRequest() verified: VerifiedRequest, @Ip() ip: string): Promise<string> {
    return formEncode(await this.requestTokens.issue(verified as VerifiedRequest<ProviderConsumer>, ip));
  }

  @Post(ACCESS_TOKEN_PATHS)
  @HttpCode(200)
  @OAuthTokenEndpoint('access-token')
  @UseGuards(OAuthTokenGuard)
  @Header('Content-Type', FORM)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary:
      'Exchange an authorized request token and its oauth_verifier for an access token, or renew an access token with oauth_session_handle (consumers with renewal on).',
  })
  @ApiConsumes(FORM)
  @ApiProduces(FORM)
  @ApiBody({ ...SIGNED_FORM_BODY, schema: { ...SIGNED_FORM_BODY.schema, properties: { ...SIGNED_FORM_BODY.schema.properties, oauth_token: { type: 'string' }, oauth_verifier: { type: 'string' }, oauth_session_handle: { type: 'string' } } } })
  @ApiOkResponse(
    formAnswer(
      'The access token; with renewal on, also oauth_expires_in, oauth_session_handle and oauth_authorization_expires_in.',
      'oauth_token=YWNjZXNzYWNjZXNzYWNjZXNzYWNjZXNz&oauth_token_secret=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
    ),
  )
  @ApiResponse({ status: 400, ...PROBLEM })
  @ApiResponse({ status: 401, ...formAnswer('token_rejected, token_expired, token_used, permission_unknown, permission_denied, signature_invalid, …', 'oauth_problem=permission_unknown') })
  async accessToken(@VerifiedOAuthRequest() verified: VerifiedRequest, @Ip() ip: string): Promise<string> {
    return formEncode(await this.exchange.handle(verified as VerifiedRequest<ProviderConsumer>, ip));
  }

  /** Token endpoints accept POST only: credentials must not land in logs and caches via GET (RFC 5849 §2.1). */
  @Get(TOKEN_PATHS)
  @ApiExcludeEndpoint()
  get(): never {
    throw methodNotAllowed();
  }

  @Put(TOKEN_PATHS)
  @ApiExcludeEndpoint()
  put(): never {
    throw methodNotAllowed();
  }

  @Patch(TOKEN_PATHS)
  @ApiExcludeEndpoint()
  patch(): never {
    throw methodNotAllowed();
  }

  @Delete(TOKEN_PATHS)
  @ApiExcludeEndpoint()
  delete(): never {
    throw methodNotAllowed();
  }
}

/** 405 with `Allow: POST` (added by renderProblem for 405s). */
function methodNotAllowed(): OAuthError {
  return new OAuthError('parameter_rejected', { oauth_problem_advice: 'token endpoints accept POST only' }, { status: 405 });
}
