import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { Public } from '@app/auth';

import { OAUTH1_SIGNER_SCRIPT } from './swagger-signing.options';

/** Serves the Swagger UI signer as a same-origin script (CSP `script-src 'self'`; no CDN, no inline script). */
@ApiExcludeController()
@Public()
@Controller('docs-assets')
export class SwaggerSigningController {
  @Get('oauth1-signer.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return OAUTH1_SIGNER_SCRIPT;
  }
}
