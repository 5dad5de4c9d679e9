import { createHmac, createPrivateKey, sign } from 'node:crypto';
import { createRequire } from 'node:module';

import fc from 'fast-check';
import OAuth from 'oauth-1.0a';
import { describe, expect, it, vi } from 'vitest';

import { vectors } from '../test-support/fixtures';
import { InMemoryOAuthStore } from './in-memory-oauth-store';
import { OAuthError } from './oauth-error';
import { type Param } from './params';
import { percentEncode } from './percent-encoding';
import { parsePublicKey } from './public-key/parse-public-key';
import { type OAuthEndpoint, type OAuthRequestInput } from './read-request';
import { hmacSha1Signature } from './verify-hmac-sha1';
import { verifyRequest } from './verify-request';

// 10,000 runs per property take seconds on a quiet machine; CI and loaded machines get room, never a retry.
vi.setConfig({ testTimeout: 240_000 });

/** passport-http-oauth 0.1.3's own helpers (CommonJS, untyped): the differential oracle. */
interface PassportUtils {
  normalizeURI(url: string): string;
  normalizeParams(...sources: Record<string, string>[]): string;
  constructBaseString(method: string, uri: string, params: string): string;
  hmacsha1(key: string, text: string): string;
  encode(s: string): string;
}
const passportUtils = createRequire(__filename)('passport-http-oauth/lib/passport-http-oauth/strategies/utils') as PassportUtils;

const RUNS = 10_000;
const rsaPrivate = createPrivateKey(vectors.rsa.private_key_pkcs8_pem);
const rsaPublic = parsePublicKey(vectors.rsa.public_key_spki_pem).keyObject;

function makeStore(cs: string, ts: string) {
  return new InMemoryOAuthStore(
    [
      { key: 'ck', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: cs, allowTwoLegged: true },
      { key: 'rk', enabled: true, signatureMethods: ['RSA-SHA1'], rsaPublicKey: rsaPublic, allowTwoLegged: true },
    ],
    [
      { token: 'tk', consumerKey: 'ck', secret: ts, kind: 'access' },
      { token: 'rtk', consumerKey: 'rk', secret: '', kind: 'access' },
    ],
  );
}

const unreservedChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~');
const unreserved = (min: number, max: number) => fc.string({ unit: unreservedChar, minLength: min, maxLength: max });
const anyText = fc.string({ unit: 'grapheme', maxLength: 12 });
const secret = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const path = fc.array(unreserved(1, 8), { minLength: 1, maxLength: 4 }).map((segs) => `/${segs.join('/')}`);
/** Non-oauth parameters with unique names (both oracles keep parameters in objects). */
const uniqueParams = (max: number) =>
  fc.uniqueArray(fc.tuple(unreserved(1, 8).filter((n) => !n.startsWith('oauth_') && !(n in Object.prototype)), anyText), { maxLength: max, selector: ([n]) => n });

describe('property: the parser/verifier only ever throws OAuthError (checklist L2)', () => {
  const fragments = fc.constantFrom('oauth_consumer_key="ck"', 'oauth_token=""', 'oauth_nonce="', '%', '%ZZ', '%C3%28', 'realm="x"', ',', ', ', ' ', '"', '\\', '=', 'oauth_signature="abc="', 'oauth_version="1.0"', 'oauth_timestamp="1700000000"', 'oauth_signature_method="HMAC-SHA1"', 'é', '\u0000', '\r\n', 'oauth_foo="1"');
  const fragmentString = fc.array(fc.oneof(fragments, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((xs) => xs.join(''));
  const headerValue = fc.oneof(fragmentString.map((s) => `OAuth ${s}`), fragmentString, fc.string({ unit: 'binary', maxLength: 40 }));
  const maybeArray = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { maxLength: 3 }));
  const input = fc.record({
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'put', 'PROPFIND'), fc.string({ maxLength: 8 })),
    target: fc.oneof(fragmentString.map((s) => `/r?${s}`), fc.string({ unit: 'binary', maxLength: 30 }), fragmentString.map((s) => `/${s}`)),
    authorization: fc.option(maybeArray(headerValue), { nil: undefined }),
    contentType: fc.option(maybeArray(fc.oneof(fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=latin1', 'APPLICATION/X-WWW-FORM-URLENCODED;charset="utf-8"', 'application/json'), fc.string({ maxLength: 20 }))), { nil: undefined }),
    body: fc.option(fc.oneof(fragmentString.map((s) => Buffer.from(s, 'latin1')), fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u))), { nil: undefined }),
    endpoint: fc.constantFrom<OAuthEndpoint>('request-token', 'access-token', 'resource'),
  });
  it(`never throws anything else (${RUNS} runs)`, async () => {
    const store = makeStore('cs', 'ts');
    await fc.assert(
      fc.asyncProperty(input, async (r) => {
        const headers: Record<string, string | string[] | undefined> = { host: 'api.example.com', authorization: r.authorization, 'content-type': r.contentType };
        const req: OAuthRequestInput = r.body === undefined ? { method: r.method, target: r.target, headers } : { method: r.method, target: r.target, headers, body: r.body };
        try {
          await verifyRequest(req, { endpoint: r.endpoint, publicUrls: ['https://api.example.com'], timestampSkewSeconds: 300, now: () => 1_700_000_000 }, store);
        } catch (e) {
          if (!(e instanceof OAuthError)) throw e;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Builds the request an `oauth-1.0a` client would send. */
function oauth1aRequest(client: OAuth, method: string, pathname: string, query: [string, string][], form: [string, string][], token: OAuth.Token): OAuthRequestInput {
  const qs = query.map(([n, v]) => `${n}=${percentEncode(v)}`).join('&');
  const url = `https://api.example.com${pathname}${qs ? `?${qs}` : ''}`;
  const data: Record<string, string> = Object.fromEntries(form);
  const auth = client.toHeader(client.authorize({ url, method, data }, token));
  const headers: Record<string, string> = { authorization: auth.Authorization };
  const target = `${pathname}${qs ? `?${qs}` : ''}`;
  if (form.length === 0) return { method, target, headers };
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { method, target, headers, body: Buffer.from(form.map(([n, v]) => `${n}=${percentEncode(v)}`).join('&')) };
}

describe('property: requests signed by the independent oauth-1.0a client verify', () => {
  const options = { endpoint: 'resource' as const, publicUrls: ['https://api.example.com'], timestampSkewSeconds: 300 };
  const shape = fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), path, params: uniqueParams(6), split: fc.nat(6) });

  it(`HMAC-SHA1 (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(shape, secret, secret, async (s, cs, ts) => {
        const client = new OAuth({ consumer: { key: 'ck', secret: cs }, signature_method: 'HMAC-SHA1', hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64') });
        const form = s.method === 'GET' ? [] : s.params.slice(0, s.split);
        const query = s.params.slice(form.length);
        const r = await verifyRequest(oauth1aRequest(client, s.method, s.path, query, form, { key: 'tk', secret: ts }), options, makeStore(cs, ts));
        expect(r.consumer.key).toBe('ck');
      }),
      { numRuns: RUNS },
    );
  });

  it(`RSA-SHA1 via hash_function and node:crypto sign (${RUNS} runs)`, async () => {
    const client = new OAuth({ consumer: { key: 'rk', secret: '' }, signature_method: 'RSA-SHA1', hash_function: (base) => sign('RSA-SHA1', Buffer.from(base), rsaPrivate).toString('base64') });
    const store = makeStore('cs', 'ts');
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const form = s.method === 'GET' ? [] : s.params.slice(0, s.split);
        const query = s.params.slice(form.length);
        const r = await verifyRequest(oauth1aRequest(client, s.method, s.path, query, form, { key: 'rtk', secret: '' }), options, store);
        expect(r.signatureMethod).toBe('RSA-SHA1');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('property: passport-http-oauth 0.1.3 HMAC-SHA1 as a differential oracle', () => {
  // Restricted to what passport-http-oauth gets right: unique parameter names (it merges objects), lower-case hosts
  // with non-default ports (it keeps default ports), header-borne oauth_* parameters, decoded string values.
  // Hosts starting with the IDNA prefix `xn--` are left out: WHATWG URL (used by both sides) rejects invalid punycode.
  const origin = fc.record({ scheme: fc.constantFrom('http', 'https'), host: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?$/).filter((h) => !h.startsWith('xn--')), port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }) });
  it(`its signature verifies and base strings agree (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(origin, path, fc.constantFrom('GET', 'POST', 'PATCH'), uniqueParams(6), fc.nat(6), secret, secret, unreserved(1, 20), async (o, pathname, method, params, split, cs, ts, nonce) => {
        const base = `${o.scheme}://${o.host}${o.port === undefined ? '' : `:${o.port}`}`;
        const form = method === 'GET' ? [] : params.slice(0, split);
        const query = params.slice(form.length);
        const now = 1_700_000_000;
        const header: Record<string, string> = { oauth_consumer_key: 'ck', oauth_token: 'tk', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: String(now), oauth_nonce: nonce, oauth_version: '1.0' };
        const qs = query.map(([n, v]) => `${n}=${percentEncode(v)}`).join('&');
        const target = `${pathname}${qs ? `?${qs}` : ''}`;
        const passportBase = passportUtils.constructBaseString(method, passportUtils.normalizeURI(base + target), passportUtils.normalizeParams(header, Object.fromEntries(query), Object.fromEntries(form)));
        const passportSig = passportUtils.hmacsha1(`${passportUtils.encode(cs)}&${passportUtils.encode(ts)}`, passportBase);
        expect(hmacSha1Signature(passportBase, cs, ts)).toBe(passportSig);
        const auth = `OAuth ${Object.entries({ ...header, oauth_signature: passportSig }).map(([n, v]) => `${n}="${percentEncode(v)}"`).join(', ')}`;
        const input: OAuthRequestInput = form.length
          ? { method, target, headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form.map(([n, v]) => `${n}=${percentEncode(v)}`).join('&')) }
          : { method, target, headers: { authorization: auth } };
        const seen: string[] = [];
        try {
          await verifyRequest(input, { endpoint: 'resource', publicUrls: [base], timestampSkewSeconds: 300, now: () => now, onSignatureMismatch: (d) => seen.push(...d.baseStrings) }, makeStore(cs, ts));
        } catch (e) {
          expect(seen).toEqual([passportBase]);
          throw e;
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('property: any one-byte change to a signed part never verifies', () => {
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';
  const mutateChar = (s: string, index: number, pick: number): string => {
    const i = index % s.length;
    const candidates = ALPHABET.replace(s[i]!, '');
    return s.slice(0, i) + candidates[pick % candidates.length]! + s.slice(i + 1);
  };
  const part = fc.constantFrom('method', 'path', 'queryName', 'queryValue', 'formValue', 'consumerKey', 'token', 'nonce', 'timestamp', 'signatureMethod');
  it(`tampering is detected (${RUNS} runs)`, async () => {
    const store = makeStore('cs', 'ts');
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(path, fc.uniqueArray(fc.tuple(unreserved(1, 6).filter((n) => !n.startsWith('oauth_')), unreserved(1, 6)), { minLength: 1, maxLength: 4, selector: ([n]) => n }), part, fc.nat(), fc.nat(), async (pathname, params, which, index, pick) => {
        const now = 1_700_000_000;
        let method = 'POST';
        let p = pathname;
        let query: Param[] = params.slice(0, 2);
        let form: Param[] = params.slice(2);
        if (form.length === 0) form = [['f', 'v']];
        const oauth: Record<string, string> = { oauth_consumer_key: 'ck', oauth_token: 'tk', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: String(now), oauth_nonce: `n${++counter}`, oauth_version: '1.0' };
        const sign = () => {
          const all: Param[] = [...query, ...form, ...Object.entries(oauth)];
          const encoded = all.map(([n, v]) => [percentEncode(n), percentEncode(v)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
          const base = `${method}&${percentEncode(`https://api.example.com${p}`)}&${percentEncode(encoded.map(([n, v]) => `${n}=${v}`).join('&'))}`;
          return hmacSha1Signature(base, 'cs', 'ts');
        };
        const signature = sign();
        switch (which) {
          case 'method': method = mutateChar(method, index, pick).toUpperCase() === method ? 'PUT' : mutateChar(method, index, pick); break;
          case 'path': p = mutateChar(p.slice(1), index, pick); p = `/${p}`; break;
          case 'queryName': query = query.length ? [[mutateChar(query[0]![0], index, pick), query[0]![1]], ...query.slice(1)] : [['x', 'y']]; break;
          case 'queryValue': query = query.length ? [[query[0]![0], mutateChar(query[0]![1], index, pick)], ...query.slice(1)] : [['x', 'y']]; break;
          case 'formValue': form = [[form[0]![0], mutateChar(form[0]![1], index, pick)], ...form.slice(1)]; break;
          case 'consumerKey': oauth['oauth_consumer_key'] = mutateChar('ck', index, pick); break;
          case 'token': oauth['oauth_token'] = mutateChar('tk', index, pick); break;
          case 'nonce': oauth['oauth_nonce'] = mutateChar(oauth['oauth_nonce']!, index, pick); break;
          case 'timestamp': oauth['oauth_timestamp'] = String(now - 1 - (index % 9)); break;
          case 'signatureMethod': oauth['oauth_signature_method'] = mutateChar('HMAC-SHA1', index, pick); break;
        }
        if (method.toUpperCase() === 'POST' && which === 'method') method = 'PUT';
        const target = `${p}${query.length ? `?${query.map(([n, v]) => `${n}=${v}`).join('&')}` : ''}`;
        const auth = `OAuth ${Object.entries({ ...oauth, oauth_signature: signature }).map(([n, v]) => `${n}="${percentEncode(v)}"`).join(', ')}`;
        const input: OAuthRequestInput = { method, target, headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form.map(([n, v]) => `${n}=${v}`).join('&')) };
        const outcome = await verifyRequest(input, { endpoint: 'resource', publicUrls: ['https://api.example.com'], timestampSkewSeconds: 300, now: () => now }, store).then(
          () => 'verified',
          (e: unknown) => (e instanceof OAuthError ? 'rejected' : e),
        );
        expect(outcome).toBe('rejected');
      }),
      { numRuns: RUNS },
    );
  });
});
