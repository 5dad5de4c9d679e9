import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import { redactUrl } from './redact-url';

/** Health probes are polled every few seconds by orchestrators; a line each would drown the log. */
const isHealthProbe = (url: string): boolean => url.startsWith('/health/');

/**
 * One JSON line per answered request, written from Fastify's `onResponse` hook through the application's root pino
 * logger (so its redaction and serializers apply: the `req` serializer keeps id, method, redacted URL, address and
 * user agent, never a header value). Server errors log at `error`, everything else at `info`, as pino-http does.
 *
 * Why not nestjs-pino's pino-http middleware: on Nest 12 + Fastify it runs through @fastify/middie and wraps the
 * rest of the request in an AsyncLocalStorage context, which together cost about 40 µs per request even with
 * logging silenced, a quarter of a signed call's budget. The price: log lines written by services during a request
 * do not carry the request id.
 */
export function registerRequestLogging(fastify: FastifyInstance, root: Logger): void {
  // The root logger's redaction paths (headers, bodies, secrets) cannot match a request line: the req/res serializers
  // (logger.options.ts) keep none of them and the URL goes through redactUrl. Checking each line cost ~8 µs a request.
  const logger = root.child({}, { redact: [] });
  fastify.addHook('onResponse', (request, reply, done) => {
    const url = request.originalUrl;
    if (!isHealthProbe(url)) {
      const statusCode = reply.statusCode;
      const line = { req: request, res: reply.raw, responseTime: Math.round(reply.elapsedTime) };
      const message = `${request.method} ${redactUrl(url)} ${statusCode}`;
      if (statusCode >= 500) logger.error(line, message);
      else logger.info(line, message);
    }
    done();
  });
}
