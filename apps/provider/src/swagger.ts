import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import type { AppConfig } from '@app/config';

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
    .addServer(config.publicUrl);
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: `${SERVICE_TITLE} API`,
  });
}
