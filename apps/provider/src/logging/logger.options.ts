import type { IncomingMessage, ServerResponse } from 'node:http';

import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

import type { AppConfig } from '@app/config';

import { redactUrl } from './redact-url';

/** Paths pino removes from every log line: credentials in headers, bodies and our own log objects. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.sharedSecret',
  '*.consumerSecret',
  '*.tokenSecret',
  '*.oauth_signature',
  '*.oauth_token',
  '*.oauth_verifier',
  '*.oauth_session_handle',
  '*.verifier',
  '*.token',
];

/** nestjs-pino options: JSON lines, request ids, credential redaction, quiet health checks. */
export function buildLoggerOptions(app: AppConfig): Params {
  return {
    // nestjs-pino's default route pattern does not reach Nest 12's Fastify middleware; '/*path' (every path) does.
    forRoutes: [{ path: '/*path', method: RequestMethod.ALL }],
    pinoHttp: {
      level: app.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      transport: app.logPretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') },
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.remoteAddress,
          userAgent: req.headers?.['user-agent'],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${redactUrl(req.url)} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${redactUrl(req.url)} ${res.statusCode}`,
    },
  };
}
