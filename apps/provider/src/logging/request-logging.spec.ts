import { Writable } from 'node:stream';

import Fastify from 'fastify';
import { type Options, pinoHttp } from 'pino-http';
import { describe, expect, it } from 'vitest';

import type { AppConfig } from '@app/config';

import { buildLoggerOptions } from './logger.options';
import { registerRequestLogging } from './request-logging';

/** The root logger exactly as nestjs-pino builds it from our options (pino-http's), writing into an array. */
function capturingLogger(lines: Array<Record<string, unknown>>) {
  const options = buildLoggerOptions({ logLevel: 'info', logPretty: false } as AppConfig).pinoHttp as Options;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return pinoHttp(options, sink).logger;
}

describe('request logging (Fastify onResponse hook)', () => {
  it('writes one line per request with id, method, redacted URL and status, and never a header value', async () => {
    const app = Fastify();
    const lines: Array<Record<string, unknown>> = [];
    registerRequestLogging(app, capturingLogger(lines));
    app.get('/api/me', async () => ({ ok: true }));
    app.get('/boom', async (_request, reply) => reply.code(503).send({ down: true }));
    app.get('/health/live', async () => ({ status: 'ok' }));

    await app.inject({ method: 'GET', url: '/api/me?oauth_token=tok-secret&page=2', headers: { authorization: 'OAuth oauth_signature="sig-secret"', cookie: 'applink_session=cookie-secret', 'user-agent': 'Bitbucket' } });
    await app.inject({ method: 'GET', url: '/boom' });
    await app.inject({ method: 'GET', url: '/health/live' });
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines).toHaveLength(2);
    const [ok, failed] = lines;
    expect(ok).toMatchObject({ level: 30, msg: 'GET /api/me?oauth_token=[REDACTED]&page=2 200', res: { statusCode: 200 } });
    expect(ok!.req).toEqual({ id: expect.any(String), method: 'GET', url: '/api/me?oauth_token=[REDACTED]&page=2', remoteAddress: '127.0.0.1', userAgent: 'Bitbucket' });
    expect(typeof ok!.responseTime).toBe('number');
    const text = JSON.stringify(lines);
    for (const secret of ['tok-secret', 'sig-secret', 'cookie-secret']) expect(text).not.toContain(secret);
    // Server errors at error level; health probes not at all.
    expect(failed).toMatchObject({ level: 50, msg: 'GET /boom 503', res: { statusCode: 503 } });
    await app.close();
  });
});
