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

/**
 * nestjs-pino options: JSON lines and credential redaction for the application's logger. Its per-request middleware
 * is mounted on no route: requests are logged from a Fastify hook instead (see registerRequestLogging).
 */
export function buildLoggerOptions(app: AppConfig): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level: app.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      transport: app.logPretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
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
    },
  };
}
