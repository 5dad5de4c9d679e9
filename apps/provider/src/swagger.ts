import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { OAUTH1_SECURITY_SCHEME } from '@app/auth';
import type { AppConfig } from '@app/config';

import { swaggerSigningOptions } from './swagger-signing/swagger-signing.options';

export const SERVICE_TITLE = 'applink-provider';
export const SERVICE_DESCRIPTION =
  'OAuth 1.0a provider that makes an internal tool linkable from Bitbucket Data Center, Jira and Confluence ' +
  'through Application Links: consumer registry, request and access tokens, consent, and OAuth-protected APIs.';

/** Builds the OpenAPI document from the controllers' decorators and serves it at /docs (UI) and /docs-json. */
export function setupSwagger(app: INestApplication, config: AppConfig): void {
  const builder = new DocumentBuilder()
    .setTitle(SERVICE_TITLE)
    .setDescription(SERVICE_DESCRIPTION)
    .setVersion(config.version)
    .addServer(config.publicUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Personal admin API token (`cli admin-tokens create`)' }, 'admin-token')
    .addSecurity(OAUTH1_SECURITY_SCHEME, {
      type: 'http',
      scheme: 'OAuth',
      description:
        'OAuth 1.0a signed request (RFC 5849): `Authorization: OAuth oauth_consumer_key=…, oauth_token=…, oauth_signature=…`. ' +
        'To try the API here, enter a consumer key/secret and an access token/secret (HMAC-SHA1) in the signing panel above the operations.',
    });
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: `${SERVICE_TITLE} API`,
    ...swaggerSigningOptions(config.publicUrl),
  });
}
