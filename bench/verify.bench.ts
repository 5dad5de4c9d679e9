/**
 * Throughput of `verifyRequest` against bare node:crypto on the same base strings, and the derived per-request
 * core overhead (parsing, base string, checks; excluding the crypto). Run: `npx tsx bench/verify.bench.ts`.
 */
import { createHmac, generateKeyPairSync, sign, timingSafeEqual, verify } from 'node:crypto';

import {
  InMemoryOAuthStore,
  normalizeParameters,
  type OAuthRequestInput,
  type Param,
  percentEncode,
  signatureBaseString,
  type VerifyRequestOptions,
  verifyRequest,
} from '@app/oauth1';

const NOW = 1_700_000_000;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const store = new InMemoryOAuthStore(
  [
    { key: 'bitbucket', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: 'consumer-secret-0123456789', allowTwoLegged: false },
    { key: 'jira', enabled: true, signatureMethods: ['RSA-SHA1'], rsaPublicKey: publicKey, allowTwoLegged: false },
  ],
  [
    { token: 'hmac-token', consumerKey: 'bitbucket', secret: 'token-secret-abcdef', kind: 'access' },
    { token: 'rsa-token', consumerKey: 'jira', secret: '', kind: 'access' },
  ],
);
const options: VerifyRequestOptions = { endpoint: 'resource', publicUrls: ['https://tools.corp/applink'], timestampSkewSeconds: 300, now: () => NOW };
const target = '/rest/api/1.0/projects/ABC/repos?limit=25&start=0&filter=name%20~%20%22x%22';
const query: Param[] = [['limit', '25'], ['start', '0'], ['filter', 'name ~ "x"']];

function build(method: 'HMAC-SHA1' | 'RSA-SHA1', nonce: string): { input: OAuthRequestInput; base: string; signature: string } {
  const oauth: Param[] = [
    ['oauth_consumer_key', method === 'HMAC-SHA1' ? 'bitbucket' : 'jira'],
    ['oauth_token', method === 'HMAC-SHA1' ? 'hmac-token' : 'rsa-token'],
    ['oauth_signature_method', method],
    ['oauth_timestamp', String(NOW)],
    ['oauth_nonce', nonce],
    ['oauth_version', '1.0'],
  ];
  const base = signatureBaseString('GET', 'https://tools.corp/applink/rest/api/1.0/projects/ABC/repos', normalizeParameters([...query, ...oauth]));
  const signature =
    method === 'HMAC-SHA1'
      ? createHmac('sha1', 'consumer-secret-0123456789&token-secret-abcdef').update(base).digest('base64')
      : sign('RSA-SHA1', Buffer.from(base), privateKey).toString('base64');
  const header = `OAuth ${[...oauth, ['oauth_signature', signature] as const].map(([n, v]) => `${n}="${percentEncode(v)}"`).join(', ')}`;
  return { input: { method: 'GET', target, headers: { host: 'tools.corp', authorization: header, accept: 'application/json' } }, base, signature };
}

async function measure(label: string, n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(n, 2000); i++) await fn(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const ns = Number(process.hrtime.bigint() - start);
  const perOp = ns / n / 1000;
  console.log(`${label.padEnd(44)} ${Math.round(1e6 / perOp).toLocaleString('en-US').padStart(10)} /s   ${perOp.toFixed(2).padStart(8)} µs/op`);
  return perOp;
}

async function main(): Promise<void> {
  for (const method of ['HMAC-SHA1', 'RSA-SHA1'] as const) {
    const n = method === 'HMAC-SHA1' ? 100_000 : 20_000;
    // Pre-build requests with fresh nonces so signing is not measured; each nonce is used once.
    const requests = Array.from({ length: n + 2000 }, (_, i) => build(method, `${method}-${i}`));
    let next = 0;
    const full = await measure(`verifyRequest ${method}`, n, () => verifyRequest(requests[next++]!.input, options, store));
    const { base, signature } = requests[0]!;
    const sigBytes = Buffer.from(signature, 'base64');
    const bare =
      method === 'HMAC-SHA1'
        ? await measure(`bare createHmac + timingSafeEqual`, n, () =>
            timingSafeEqual(Buffer.from(createHmac('sha1', 'consumer-secret-0123456789&token-secret-abcdef').update(base).digest('base64')), Buffer.from(signature)),
          )
        : await measure(`bare crypto.verify (cached KeyObject)`, n, () => verify('RSA-SHA1', Buffer.from(base), publicKey, sigBytes));
    console.log(`${'  => core overhead per request'.padEnd(44)} ${(full - bare).toFixed(2).padStart(19)} µs\n`);
  }
}

void main();
