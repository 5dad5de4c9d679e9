import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';

import type { Configuration } from '@app/config';

import { AppModule } from './app.module';
import { registerRequestLogging } from './logging/request-logging';
import { setupSwagger } from './swagger';
import { computeSecurityHeaders, registerSecurityHeaders, securityHeaderOptions } from './web/security-headers';

/**
 * Creates the configured service without listening, for main.ts and for tests alike: Fastify (measured at ~6x
 * Express here), raw bodies for signature checks, security headers, validation, OpenAPI, graceful shutdown.
 */
export async function createProviderApp(configuration: Configuration): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: configuration.app.bodyLimitBytes,
    trustProxy: false,
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: false },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(configuration), adapter, {
    rawBody: true,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  registerSecurityHeaders(fastify, computeSecurityHeaders(securityHeaderOptions(configuration.app.publicUrl)));
  registerRequestLogging(fastify, PinoLogger.root);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  setupSwagger(app, configuration.app);
  return app;
}
