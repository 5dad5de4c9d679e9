import type { SwaggerCustomOptions } from '@nestjs/swagger';

import { installOAuth1Signer, type SignableRequest, type SignerWindow } from './browser-signer';

/** The browser script: the self-contained installer, called on the page's window. */
export const OAUTH1_SIGNER_SCRIPT = `'use strict';\n(${installOAuth1Signer.toString()})(window);\n`;

/** Where the script is served, below the public URL's path (the page may sit behind a path-prefix proxy). */
export function signerScriptPath(publicUrl: string): string {
  return `${new URL(publicUrl).pathname.replace(/\/+$/, '')}/docs-assets/oauth1-signer.js`;
}

/**
 * Swagger UI options that let an admin sign "Try it out" calls with a consumer and access token (HMAC-SHA1):
 * the signer script, and a request interceptor (serialized into swagger-ui-init.js by @nestjs/swagger) that hands
 * each request to it. Requests are sent to and signed for the document's server URL, which is the public URL.
 */
export function swaggerSigningOptions(publicUrl: string): Pick<SwaggerCustomOptions, 'customJs' | 'customCss' | 'swaggerOptions'> {
  return {
    customJs: signerScriptPath(publicUrl),
    customCss:
      '#oauth1-signer{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;max-width:1460px;margin:1rem auto;padding:.75rem 20px;' +
      'font-family:sans-serif;font-size:14px;border:1px solid #d0d7de;border-radius:4px;background:#fff}' +
      '#oauth1-signer strong{flex-basis:100%}#oauth1-signer input{margin-left:.25rem;padding:.25rem}',
    swaggerOptions: {
      requestInterceptor: (request: SignableRequest) => {
        const signer = (globalThis as unknown as SignerWindow).applinkOAuth1;
        return signer ? signer.sign(request) : request;
      },
    },
  };
}
