/**
 * The bare limit: a node:http server doing the same verification as the service and nothing else. Same core
 * (`verifyRequest` from the built libs/oauth1: same parser, base string, HMAC/RSA code, constant-time paths), same
 * consumers and tokens with the RSA key parsed once (cached KeyObject), replay protection in an in-memory Set
 * (no database, no framework, no logging), and a small JSON answer like /api/me.
 */
import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';

import type { BenchCredentials } from './oauth-client';

type OAuth1 = typeof import('../libs/oauth1/src');
const { installServerProbe } = require('./server-probe.cjs') as { installServerProbe: () => () => unknown };
const { InMemoryOAuthStore, OAuthError, verifyRequest } = require(join(__dirname, '..', 'dist', 'libs', 'oauth1', 'src', 'index.js')) as OAuth1;

export interface BareServerSetup {
  publicUrl: string;
  credentials: BenchCredentials[];
  rsaPublicKeyPem: string;
}

process.once('message', (setup: BareServerSetup) => {
  // The service's V8 settings (apps/provider/src/v8-tuning.ts), so that both sides run on the same runtime.
  (require(join(__dirname, '..', 'dist', 'apps', 'provider', 'src', 'v8-tuning.js')) as typeof import('../apps/provider/src/v8-tuning')).tuneV8ForServing();
  const rsaPublicKey = createPublicKey(setup.rsaPublicKeyPem);
  const store = new InMemoryOAuthStore(
    setup.credentials.map((c) => ({
      key: c.consumerKey,
      enabled: true,
      signatureMethods: [c.method],
      ...(c.method === 'HMAC-SHA1' ? { secret: c.consumerSecret! } : { rsaPublicKey }),
      allowTwoLegged: false,
    })),
    setup.credentials.map((c) => ({ token: c.token, consumerKey: c.consumerKey, secret: c.tokenSecret, kind: 'access' as const })),
  );
  const options = { endpoint: 'resource' as const, publicUrls: [setup.publicUrl], timestampSkewSeconds: 300 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      verifyRequest({ method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headersDistinct, ...(chunks.length && { body: Buffer.concat(chunks) }) }, options, store).then(
        (verified) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ mode: '3-legged', consumer: { key: verified.consumer.key }, signatureMethod: verified.signatureMethod }));
        },
        (error: unknown) => {
          res.writeHead(error instanceof OAuthError ? 401 : 500, { 'www-authenticate': `OAuth oauth_problem="${error instanceof OAuthError ? error.problem : 'internal'}"` });
          res.end();
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  const stats = installServerProbe();
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send!({ baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  });
  process.on('message', (message) => {
    if (message === 'stop') server.close(() => process.exit(0));
    else if (message === 'stats') process.send!({ stats: stats() });
  });
});
