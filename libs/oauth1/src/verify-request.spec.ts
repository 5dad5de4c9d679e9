import { createHash, createPrivateKey } from 'node:crypto';

import { describe, expect, it, vi } from 'vitest';

import { vectors } from '../test-support/fixtures';
import { type SignSpec, signedRequest } from '../test-support/sign';
import { InMemoryOAuthStore } from './in-memory-oauth-store';
import { OAuthError, type OAuthProblem, type OAuthProblemExtras } from './oauth-error';
import { type OAuthRequestInput } from './read-request';
import { parsePublicKey } from './public-key/parse-public-key';
import { renderProblem } from './render-problem';
import { type VerifyRequestOptions, verifyRequest } from './verify-request';

const NOW = 1_700_000_000;
const rsaKey = parsePublicKey(vectors.rsa.public_key_spki_pem).keyObject;
const rsaPrivate = createPrivateKey(vectors.rsa.private_key_pkcs8_pem);

function makeStore() {
  return new InMemoryOAuthStore(
    [
      { key: 'ck', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: 'cs', allowTwoLegged: false },
      { key: 'rsa', enabled: true, signatureMethods: ['RSA-SHA1'], rsaPublicKey: rsaKey, allowTwoLegged: false },
      { key: 'plain', enabled: true, signatureMethods: ['PLAINTEXT', 'HMAC-SHA1'], secret: 'ps', allowTwoLegged: false },
      { key: 'nosecret', enabled: true, signatureMethods: ['HMAC-SHA1', 'PLAINTEXT'], secret: '', allowTwoLegged: true },
      { key: 'disabled', enabled: false, signatureMethods: ['HMAC-SHA1'], secret: 'ds', allowTwoLegged: false },
      { key: 'twolo', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: 'ws', allowTwoLegged: true, allowImpersonation: true },
    ],
    [
      { token: 'tk', consumerKey: 'ck', secret: 'ts', kind: 'access' },
      { token: 'rt', consumerKey: 'ck', secret: 'rts', kind: 'request' },
      { token: 'rsa-tk', consumerKey: 'rsa', secret: '', kind: 'access' },
      { token: 'expired', consumerKey: 'ck', secret: 'es', kind: 'access', expiresAt: new Date((NOW - 1) * 1000) },
      { token: 'revoked', consumerKey: 'ck', secret: 'vs', kind: 'access', revoked: true },
    ],
  );
}

let nonceCounter = 0;
function oauth(extra: Record<string, string> = {}): Record<string, string> {
  return { oauth_consumer_key: 'ck', oauth_token: 'tk', oauth_timestamp: String(NOW), oauth_nonce: `n${++nonceCounter}`, oauth_version: '1.0', ...extra };
}
function spec(s: Partial<SignSpec> = {}): SignSpec {
  return { consumerSecret: 'cs', tokenSecret: 'ts', publicUrl: 'https://api.example.com', ...s, oauth: s.oauth ?? oauth() };
}
const baseOptions: VerifyRequestOptions = { endpoint: 'resource', publicUrls: ['https://api.example.com'], timestampSkewSeconds: 300, now: () => NOW };

function run(input: OAuthRequestInput, options: Partial<VerifyRequestOptions> = {}, store = makeStore()) {
  return verifyRequest(input, { ...baseOptions, ...options }, store);
}
async function expectProblem(p: Promise<unknown>, status: number, problem: OAuthProblem, extras?: OAuthProblemExtras): Promise<OAuthError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  const e = error as OAuthError;
  expect({ status: e.status, problem: e.problem }).toEqual({ status, problem });
  if (extras) expect(e.extras).toMatchObject(extras);
  return e;
}
function withHeader(input: OAuthRequestInput, mutate: (h: string) => string): OAuthRequestInput {
  return { ...input, headers: { ...input.headers, authorization: mutate(input.headers['authorization'] as string) } };
}

describe('baseline', () => {
  it('a correctly signed 3-legged HMAC-SHA1 request verifies', async () => {
    const r = await run(signedRequest(spec({ target: '/r?a=1' })));
    expect(r.twoLegged).toBe(false);
    expect(r.token?.token).toBe('tk');
    expect(r.queryParams).toEqual([['a', '1']]);
    expect(r.protocolParams.some(([n]) => n === 'oauth_signature')).toBe(false);
  });
  it('RSA-SHA1 request verifies with the cached KeyObject', async () => {
    const r = await run(signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'rsa', oauth_token: 'rsa-tk', oauth_signature_method: 'RSA-SHA1' }), privateKey: rsaPrivate })));
    expect(r.signatureMethod).toBe('RSA-SHA1');
  });
  it('Bitbucket-style token request: every oauth_* parameter in a form body, no header', async () => {
    const input = signedRequest(spec({ method: 'POST', target: '/oauth/request-token', location: 'body', oauth: oauth({ oauth_token: '', oauth_callback: 'https://bb.example/cb?x=1' }), tokenSecret: '' }));
    const r = await run(input, { endpoint: 'request-token' });
    expect(r.location).toBe('body');
    expect(r.callback).toBe('https://bb.example/cb?x=1');
    expect(r.token).toBeNull();
  });
});

describe('1.1 transport and intake', () => {
  it('T2: the base-string URI comes from the public URL, not Host', async () => {
    await run(signedRequest(spec({ headers: { host: 'evil.example' } })));
  });
  it('T2: public URL with a path prefix (proxy strips /applink)', async () => {
    const input = signedRequest(spec({ publicUrl: 'https://tools.corp/applink', target: '/rest/x' }));
    const r = await run(input, { publicUrls: ['https://tools.corp/applink/'] });
    expect(r.publicUrl).toBe('https://tools.corp/applink/');
  });
  it('T2: several public URLs: a signature for any one verifies and the match is reported', async () => {
    const r = await run(signedRequest(spec({ publicUrl: 'http://rpc.internal:8080' })), { publicUrls: ['https://api.example.com', 'http://rpc.internal:8080'] });
    expect(r.publicUrl).toBe('http://rpc.internal:8080');
  });
  it('T2: wrong public URL → 401 signature_invalid, hook gets every base string', async () => {
    const hook = vi.fn();
    await expectProblem(run(signedRequest(spec({ publicUrl: 'https://other.example' })), { publicUrls: ['https://api.example.com', 'https://b.example'], onSignatureMismatch: hook }), 401, 'signature_invalid');
    expect(hook).toHaveBeenCalledOnce();
    expect(hook.mock.calls[0]![0]).toMatchObject({ consumerKey: 'ck', method: 'HMAC-SHA1', publicUrls: ['https://api.example.com', 'https://b.example'] });
    expect(hook.mock.calls[0]![0].baseStrings).toHaveLength(2);
  });
  it.each(['authorization', 'host', 'content-type', 'content-length'])('T3: duplicated %s header → 400', async (name) => {
    const input = signedRequest(spec());
    const value = (input.headers[name] as string | undefined) ?? 'x';
    await expectProblem(run({ ...input, headers: { ...input.headers, [name]: [value, value] } }), 400, 'parameter_rejected');
  });
  it('T4: absolute-form target → 400', async () => {
    await expectProblem(run({ ...signedRequest(spec()), target: 'https://api.example.com/r' }), 400, 'parameter_rejected');
  });
  it('T4: the raw path is signed as sent (//, /./, %2F are not normalized)', async () => {
    const raw = signedRequest(spec({ target: '//a/./b%2Fc' }));
    await run(raw);
    const normalizedSigned = signedRequest(spec({ target: '/a/b/c' }));
    await expectProblem(run({ ...normalizedSigned, target: '//a/./b%2Fc' }), 401, 'signature_invalid');
  });
  it('T5: token endpoint with a JSON body → 415', async () => {
    const input = signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_token: '', oauth_callback: 'oob' }), tokenSecret: '' }));
    const e = await expectProblem(run({ ...input, body: Buffer.from('{"oauth_x":1}'), headers: { ...input.headers, 'content-type': 'application/json' } }, { endpoint: 'request-token' }), 415, 'parameter_rejected');
    expect(e.status).toBe(415);
  });
  it('T5: oauth_* inside a JSON body at a resource is ignored (not a parameter source)', async () => {
    const input = { method: 'POST', target: '/r', headers: { 'content-type': 'application/json' }, body: Buffer.from('oauth_consumer_key=ck') };
    const e = await expectProblem(run(input), 401, 'parameter_absent');
    expect(e.challengeOnly).toBe(true);
  });
  it('T5: form body parameters are signed for any method (PUT)', async () => {
    const input = signedRequest(spec({ method: 'PUT', form: [['b', '2'], ['b', '1']] }));
    const r = await run(input);
    expect(r.formParams).toEqual([['b', '2'], ['b', '1']]);
    const tampered = { ...input, body: Buffer.from('b=2&b=3') };
    await expectProblem(run(tampered), 401, 'signature_invalid');
  });
  it('T6: form charset other than UTF-8 → 415', async () => {
    const input = signedRequest(spec({ method: 'POST', form: [['a', '1']], headers: { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' } }));
    await expectProblem(run(input), 415, 'parameter_rejected');
  });
  it('T6: Content-Type case-insensitive with charset=UTF-8 is a form', async () => {
    const input = signedRequest(spec({ method: 'POST', form: [['a', '1']], headers: { 'content-type': 'Application/X-WWW-Form-URLEncoded; Charset="UTF-8"' } }));
    expect((await run(input)).formParams).toEqual([['a', '1']]);
  });
  it('T6: Content-Encoding on a form body → 415', async () => {
    const input = signedRequest(spec({ method: 'POST', form: [['a', '1']], headers: { 'content-encoding': 'gzip' } }));
    await expectProblem(run(input), 415, 'parameter_rejected');
  });
  it.each([
    ['bad %-escape', '/r?a=%ZZ'],
    ['truncated %-escape', '/r?a=%4'],
    ['invalid UTF-8', '/r?a=%C3%28'],
    ['overlong UTF-8', '/r?a=%C0%AF'],
    ['UTF-8 surrogate', '/r?a=%ED%A0%80'],
    ['raw non-ASCII', '/r?a=é'],
    ['raw space', '/r?a=b c'],
    ['empty name (P10)', '/r?=v'],
    ['empty segment (P10)', '/r?a=1&&b=2'],
  ])('T7: %s in the query → 400 parameter_rejected', async (_name, target) => {
    await expectProblem(run({ ...signedRequest(spec()), target }), 400, 'parameter_rejected');
  });
  it('T7: lower-case hex is accepted and decodes like upper-case', async () => {
    const r = await run(signedRequest(spec({ target: '/r?q=%c3%a9' })));
    expect(r.queryParams).toEqual([['q', 'é']]);
  });
  it('T8: Authorization header over 8 KiB → 431', async () => {
    await expectProblem(run(withHeader(signedRequest(spec()), (h) => `${h}, oauth_callback="${'x'.repeat(9000)}"`)), 431, 'parameter_rejected');
  });
  it('T8: token-endpoint body over 16 KiB → 413', async () => {
    const input = signedRequest(spec({ method: 'POST', location: 'body', oauth: oauth({ oauth_token: '', oauth_callback: 'oob' }), form: [['pad', 'x'.repeat(17000)]] }));
    await expectProblem(run(input, { endpoint: 'request-token' }), 413, 'parameter_rejected');
  });
  it('T8: more than 200 parameters → 400', async () => {
    const target = `/r?${Array.from({ length: 201 }, (_, i) => `p${i}=1`).join('&')}`;
    await expectProblem(run(signedRequest(spec({ target }))), 400, 'parameter_rejected');
  });
  it('T9: X-HTTP-Method-Override → 400', async () => {
    await expectProblem(run(signedRequest(spec({ headers: { 'x-http-method-override': 'DELETE' } }))), 400, 'parameter_rejected');
  });
  it('T9: the wire method is signed (GET signature does not verify as DELETE)', async () => {
    await expectProblem(run({ ...signedRequest(spec()), method: 'DELETE' }), 401, 'signature_invalid');
  });
  it('T10: token endpoints are POST only → 405 with Allow: POST', async () => {
    const e = await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: '', oauth_callback: 'oob' }) })), { endpoint: 'request-token' }), 405, 'parameter_rejected');
    expect(renderProblem(e, 'https://api.example.com').headers['Allow']).toBe('POST');
  });
});

describe('1.2 protocol-parameter extraction', () => {
  it.each([
    ['unquoted value', (h: string) => h.replace('oauth_version="1.0"', 'oauth_version=1.0')],
    ['unterminated quote', (h: string) => `${h}, oauth_callback="abc`],
    ['backslash escape', (h: string) => h.replace('oauth_version="1.0"', 'oauth_version="1\\.0"')],
    ['missing =', (h: string) => `${h}, oauth_callback`],
    ['stray token', (h: string) => `${h} junk`],
    ['trailing comma', (h: string) => `${h},`],
    ['empty item', (h: string) => h.replace(', ', ', , ')],
  ])('P1: %s in the header → 400 parameter_rejected', async (_n, mutate) => {
    await expectProblem(run(withHeader(signedRequest(spec()), mutate)), 400, 'parameter_rejected');
  });
  it('P1: the scheme is case-insensitive', async () => {
    await run(withHeader(signedRequest(spec()), (h) => h.replace(/^OAuth /, 'oAUTH ')));
  });
  it('P1/F1: a duplicate inside the header → 400 with oauth_parameters_rejected', async () => {
    const e = await expectProblem(run(withHeader(signedRequest(spec()), (h) => `${h}, oauth_token="other"`)), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_token'] });
    expect(renderProblem(e, 'r').body).toContain('oauth_parameters_rejected=oauth_token');
  });
  it('P2: a duplicate oauth_* in the query → 400', async () => {
    const input = signedRequest(spec({ location: 'query' }));
    await expectProblem(run({ ...input, target: `${input.target}&oauth_nonce=x` }), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_nonce'] });
  });
  it('P2: a duplicate oauth_* in the body → 400', async () => {
    const input = signedRequest(spec({ method: 'POST', location: 'body' }));
    await expectProblem(run({ ...input, body: Buffer.concat([input.body!, Buffer.from('&oauth_version=1.0')]) }), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_version'] });
  });
  it('P2: non-oauth parameters may repeat', async () => {
    expect((await run(signedRequest(spec({ target: '/r?a=1&a=1' })))).queryParams).toEqual([['a', '1'], ['a', '1']]);
  });
  it('P3: oauth_* in two locations (header and query) → 400', async () => {
    await expectProblem(run({ ...signedRequest(spec()), target: '/r?oauth_callback=oob' }), 400, 'parameter_rejected');
  });
  it('P4: missing nonce → 400 parameter_absent with oauth_parameters_absent', async () => {
    const o = oauth();
    delete o['oauth_nonce'];
    await expectProblem(run(signedRequest(spec({ oauth: o }))), 400, 'parameter_absent', { oauth_parameters_absent: ['oauth_nonce'] });
  });
  it('P4/R1: request-token without oauth_callback → parameter_absent', async () => {
    const input = signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_token: '' }), tokenSecret: '' }));
    await expectProblem(run(input, { endpoint: 'request-token' }), 400, 'parameter_absent', { oauth_parameters_absent: ['oauth_callback'] });
  });
  it('P4/A9: access-token without oauth_verifier → parameter_absent', async () => {
    const input = signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_token: 'rt' }), tokenSecret: 'rts' }));
    await expectProblem(run(input, { endpoint: 'access-token' }), 400, 'parameter_absent', { oauth_parameters_absent: ['oauth_verifier'] });
  });
  it('P4: no OAuth parameters at all → 401 with a bare realm challenge', async () => {
    const e = await expectProblem(run({ method: 'GET', target: '/r', headers: {} }), 401, 'parameter_absent');
    expect(renderProblem(e, 'https://api.example.com')).toEqual({ status: 401, headers: { 'WWW-Authenticate': 'OAuth realm="https://api.example.com"' }, body: '' });
  });
  it.each(['1.0a', '1', '2.0', ''])('P5: oauth_version=%j → 400 version_rejected', async (version) => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_version: version }) }))), 400, 'version_rejected', { oauth_acceptable_versions: '1.0-1.0' });
  });
  it('P5: oauth_version may be absent', async () => {
    const o = oauth();
    delete o['oauth_version'];
    await run(signedRequest(spec({ oauth: o })));
  });
  it('P6: unknown oauth_* name → 400 parameter_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_foo: 'x' }) }))), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_foo'] });
  });
  it('P6: non-oauth name in the header → 400', async () => {
    await expectProblem(run(withHeader(signedRequest(spec()), (h) => `${h}, foo="bar"`)), 400, 'parameter_rejected');
  });
  it('P7/F2: a query realm is signed; changing it breaks the signature', async () => {
    const input = signedRequest(spec({ target: '/r?realm=q' }));
    await run(input);
    await expectProblem(run({ ...signedRequest(spec({ target: '/r?realm=q' })), target: '/r?realm=x' }), 401, 'signature_invalid');
  });
  it('P7: the header realm is ignored (any value, not signed)', async () => {
    const input = signedRequest(spec({ realm: 'Example' }));
    await run(input);
    await run(withHeader(signedRequest(spec({ realm: 'Example' })), (h) => h.replace('realm="Example"', 'realm="Other"')));
  });
  it('P8: empty oauth_token marks a 2-legged request (signed as oauth_token=)', async () => {
    const input = signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'twolo', oauth_token: '' }), consumerSecret: 'ws', tokenSecret: '' }));
    const r = await run(input);
    expect(r.twoLegged).toBe(true);
    expect(r.token).toBeNull();
  });
  it('P8/X4: 2-legged request from a consumer without 2LO → 401 permission_denied', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: '' }), tokenSecret: '' }))), 401, 'permission_denied');
  });
  it('X4: 2LO impersonation reports xoauth_requestor_id from the query', async () => {
    const input = signedRequest(spec({ target: '/r?xoauth_requestor_id=alice', oauth: oauth({ oauth_consumer_key: 'twolo', oauth_token: '' }), consumerSecret: 'ws', tokenSecret: '' }));
    expect((await run(input)).requestorId).toBe('alice');
  });
  it('P9: OAuth_Token is an ordinary (signed) parameter', async () => {
    const r = await run(signedRequest(spec({ target: '/r?OAuth_Token=x' })));
    expect(r.queryParams).toEqual([['OAuth_Token', 'x']]);
  });
  it('P10: control character in an oauth_* value → 400', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_callback: 'a\u0000b' }) }))), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_callback'] });
  });
  it('P10: __proto__ is an ordinary parameter name', async () => {
    expect((await run(signedRequest(spec({ target: '/r?__proto__=x' })))).queryParams).toEqual([['__proto__', 'x']]);
  });
  it('request-token with a non-empty oauth_token → 400', async () => {
    const input = signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_callback: 'oob' }) }));
    await expectProblem(run(input, { endpoint: 'request-token' }), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_token'] });
  });
});

describe('1.3 signature verification', () => {
  it('S1: RSA-only consumer signing HMAC-SHA1 with key "&" → 400 signature_method_rejected', async () => {
    const input = signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'rsa', oauth_token: 'rsa-tk' }), consumerSecret: '', tokenSecret: '' }));
    await expectProblem(run(input), 400, 'signature_method_rejected');
  });
  it('S1: method names are case-sensitive', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_signature_method: 'hmac-sha1' }) }))), 400, 'signature_method_rejected');
  });
  it('S2: an empty consumer secret never verifies (HMAC-SHA1) → signature_method_rejected', async () => {
    const input = signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'nosecret', oauth_token: '' }), consumerSecret: '', tokenSecret: '' }));
    await expectProblem(run(input), 400, 'signature_method_rejected');
  });
  it('S2: an empty consumer secret never verifies (PLAINTEXT "&")', async () => {
    const input = signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'nosecret', oauth_token: '', oauth_signature_method: 'PLAINTEXT' }), consumerSecret: '', tokenSecret: '' }));
    await expectProblem(run(input), 400, 'signature_method_rejected');
  });
  it('S3: PLAINTEXT verifies over https for an opted-in consumer', async () => {
    const input = signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'plain', oauth_token: '', oauth_signature_method: 'PLAINTEXT' }), consumerSecret: 'ps', tokenSecret: '' }));
    await expectProblem(run(input), 401, 'permission_denied'); // verified, then 2LO policy applies
  });
  it('S3: PLAINTEXT over an http public URL → signature_method_rejected unless developmentMode', async () => {
    const make = () => signedRequest(spec({ publicUrl: 'http://api.example.com', oauth: oauth({ oauth_signature_method: 'PLAINTEXT', oauth_consumer_key: 'plain', oauth_token: '' }), consumerSecret: 'ps', tokenSecret: '' }));
    await expectProblem(run(make(), { publicUrls: ['http://api.example.com'] }), 400, 'signature_method_rejected');
    await expectProblem(run(make(), { publicUrls: ['http://api.example.com'], developmentMode: true }), 401, 'permission_denied');
  });
  it('S3: PLAINTEXT for a consumer that did not opt in → signature_method_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_signature_method: 'PLAINTEXT' }) }))), 400, 'signature_method_rejected');
  });
  const sigVariants: [string, (s: string) => string][] = [
    ['junk character', (s) => `${s.slice(0, 10)}!${s.slice(10)}`],
    ['base64url', (s) => s.replaceAll('+', '-').replaceAll('/', '_')],
    ['unpadded', (s) => s.replace(/=+$/, '')],
    ['extra padding', (s) => `${s}=`],
    ['whitespace', (s) => ` ${s}`],
  ];
  it.each(sigVariants)('S4/S5: HMAC signature with %s → 401 signature_invalid', async (_n, mutate) => {
    const input = signedRequest(spec({ oauth: oauth() }));
    const h = input.headers['authorization'] as string;
    const sig = decodeURIComponent(/oauth_signature="([^"]*)"/.exec(h)![1]!);
    const variant = mutate(sig.includes('+') || sig.includes('/') ? sig : sig);
    if (variant === sig) return;
    await expectProblem(run(withHeader(input, (x) => x.replace(/oauth_signature="[^"]*"/, `oauth_signature="${encodeURIComponent(variant)}"`))), 401, 'signature_invalid');
  });
  it.each(sigVariants)('S5/S6: RSA signature with %s → 401 signature_invalid', async (_n, mutate) => {
    const input = signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'rsa', oauth_token: 'rsa-tk', oauth_signature_method: 'RSA-SHA1' }), privateKey: rsaPrivate }));
    const h = input.headers['authorization'] as string;
    const sig = decodeURIComponent(/oauth_signature="([^"]*)"/.exec(h)![1]!);
    const variant = mutate(sig);
    if (variant === sig) return;
    await expectProblem(run(withHeader(input, (x) => x.replace(/oauth_signature="[^"]*"/, `oauth_signature="${encodeURIComponent(variant)}"`))), 401, 'signature_invalid');
  });
  it('S5: a non-canonical HMAC base64 (non-zero trailing bits) → signature_invalid', async () => {
    const input = signedRequest(spec());
    const h = input.headers['authorization'] as string;
    const sig = decodeURIComponent(/oauth_signature="([^"]*)"/.exec(h)![1]!);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(sig[26]!);
    const variant = `${sig.slice(0, 26)}${alphabet[last ^ 1]}=`;
    expect(Buffer.from(variant, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
    await expectProblem(run(withHeader(input, (x) => x.replace(/oauth_signature="[^"]*"/, `oauth_signature="${encodeURIComponent(variant)}"`))), 401, 'signature_invalid');
  });
  it('S9: at the access-token endpoint the request-token secret is used', async () => {
    const good = signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_token: 'rt', oauth_verifier: 'v' }), tokenSecret: 'rts' }));
    const r = await run(good, { endpoint: 'access-token' });
    expect(r.verifier).toBe('v');
    expect(r.token?.kind).toBe('request');
  });
  it('S9/X1: request token used at a resource → 401 token_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: 'rt' }), tokenSecret: 'rts' }))), 401, 'token_rejected');
  });
  it('S9: access token at the access-token endpoint with a verifier → token_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_verifier: 'v' }) })), { endpoint: 'access-token' }), 401, 'token_rejected');
  });
  it('ScalableOAuth renewal: access token plus oauth_session_handle at the access-token endpoint', async () => {
    const r = await run(signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_session_handle: 'sh' }) })), { endpoint: 'access-token' });
    expect(r.sessionHandle).toBe('sh');
    expect(r.token?.kind).toBe('access');
  });
  it('S10: oauth_body_hash over a JSON body verifies; a swapped body fails', async () => {
    const body = Buffer.from('{"a":1}');
    const hash = createHash('sha1').update(body).digest('base64');
    const input = { ...signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_body_hash: hash }), headers: { 'content-type': 'application/json' } })), body };
    await run(input);
    await expectProblem(run({ ...signedRequest(spec({ method: 'POST', oauth: oauth({ oauth_body_hash: hash }), headers: { 'content-type': 'application/json' } })), body: Buffer.from('{"a":2}') }), 401, 'signature_invalid');
  });
  it('S10: oauth_body_hash on a form body → 400', async () => {
    await expectProblem(run(signedRequest(spec({ method: 'POST', form: [['a', '1']], oauth: oauth({ oauth_body_hash: '2jmj7l5rSw0yVb/vlWAYkK/YBwk=' }) }))), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_body_hash'] });
  });
});

describe('1.4 timestamp and nonce', () => {
  it.each(['+1700000000', '01700000000', '1700000000.5', ' 1700000000', '0x65', '1e9', '1234567890123'])('N1: oauth_timestamp %j → 400 parameter_rejected', async (ts) => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_timestamp: ts }) }))), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_timestamp'] });
  });
  it.each([301, -301])('N2: timestamp %i s off → 400 timestamp_refused with acceptable timestamps', async (delta) => {
    const e = await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_timestamp: String(NOW + delta) }) }))), 400, 'timestamp_refused', { oauth_acceptable_timestamps: `${NOW - 300}-${NOW + 300}` });
    expect(renderProblem(e, 'r').headers['WWW-Authenticate']).toContain(`oauth_acceptable_timestamps="${NOW - 300}-${NOW + 300}"`);
  });
  it.each([300, -300])('N2: timestamp %i s off is accepted', async (delta) => {
    await run(signedRequest(spec({ oauth: oauth({ oauth_timestamp: String(NOW + delta) }) })));
  });
  it.each([['too long', 'x'.repeat(129)], ['space', 'a b'], ['non-ASCII', 'é']])('N3: nonce %s → 400', async (_n, nonce) => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_nonce: nonce }) }))), 400, 'parameter_rejected', { oauth_parameters_rejected: ['oauth_nonce'] });
  });
  it('N3: RFC and UUID nonces pass', async () => {
    await run(signedRequest(spec({ oauth: oauth({ oauth_nonce: 'wIjqoS' }) })));
    await run(signedRequest(spec({ oauth: oauth({ oauth_nonce: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }) })));
  });
  it('N4: a replayed nonce → 401 nonce_used', async () => {
    const store = makeStore();
    const input = signedRequest(spec());
    await run(input, {}, store);
    await expectProblem(run(input, {}, store), 401, 'nonce_used');
  });
  it('N4/F6: a bad-signature request does not burn the nonce', async () => {
    const store = makeStore();
    const spy = vi.spyOn(store, 'rememberNonce');
    const o = oauth();
    await expectProblem(run(signedRequest(spec({ oauth: o, consumerSecret: 'wrong' })), {}, store), 401, 'signature_invalid');
    expect(spy).not.toHaveBeenCalled();
    await run(signedRequest(spec({ oauth: o })), {}, store);
  });
  it('N4: the nonce key uses the decoded nonce (%61bc = abc)', async () => {
    const store = makeStore();
    const o = oauth({ oauth_nonce: 'abc' });
    const input = signedRequest(spec({ oauth: o }));
    await run(input, {}, store);
    await expectProblem(run(withHeader(input, (h) => h.replace('oauth_nonce="abc"', 'oauth_nonce="%61bc"')), {}, store), 401, 'nonce_used');
  });
});

describe('consumers and tokens', () => {
  it('unknown consumer → 401 consumer_key_unknown (the token lookup and crypto still run)', async () => {
    const store = makeStore();
    const spy = vi.spyOn(store, 'findToken');
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'nobody' }) })), {}, store), 401, 'consumer_key_unknown');
    expect(spy).toHaveBeenCalledOnce();
  });
  it('disabled consumer → 401 consumer_key_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_consumer_key: 'disabled' }), consumerSecret: 'ds' }))), 401, 'consumer_key_rejected');
  });
  it('unknown token → 401 token_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: 'nope' }) }))), 401, 'token_rejected');
  });
  it('X1: token of another consumer → 401 token_rejected', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: 'rsa-tk' }), tokenSecret: '' }))), 401, 'token_rejected');
  });
  it('X2: expired token → 401 token_expired', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: 'expired' }), tokenSecret: 'es' }))), 401, 'token_expired');
  });
  it('X2: revoked token → 401 token_revoked', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: 'revoked' }), tokenSecret: 'vs' }))), 401, 'token_revoked');
  });
  it('token state is not revealed without a valid signature', async () => {
    await expectProblem(run(signedRequest(spec({ oauth: oauth({ oauth_token: 'revoked' }), tokenSecret: 'guess' }))), 401, 'signature_invalid');
  });
});

describe('1.10 problem reporting', () => {
  it('L1: renderProblem header and body carry the problem and encoded extras', () => {
    const r = renderProblem(new OAuthError('parameter_absent', { oauth_parameters_absent: ['oauth_nonce', 'oauth_timestamp'], oauth_problem_advice: 'add them!' }), 'https://api.example.com');
    expect(r.status).toBe(400);
    expect(r.headers).toEqual({
      'WWW-Authenticate': 'OAuth realm="https://api.example.com", oauth_problem="parameter_absent", oauth_parameters_absent="oauth_nonce%26oauth_timestamp", oauth_problem_advice="add%20them%21"',
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(r.body).toBe('oauth_problem=parameter_absent&oauth_parameters_absent=oauth_nonce%26oauth_timestamp&oauth_problem_advice=add%20them%21');
  });
  it.each([
    ['version_rejected', 400],
    ['signature_method_rejected', 400],
    ['nonce_used', 401],
    ['token_rejected', 401],
    ['permission_denied', 401],
    ['consumer_key_refused', 503],
    ['user_refused', 503],
  ] as const)('§1.13: %s → %i', (problem, status) => {
    expect(new OAuthError(problem).status).toBe(status);
  });
  it('§1.13: explicit status override and Retry-After', () => {
    const r = renderProblem(new OAuthError('consumer_key_refused', {}, { status: 429, retryAfterSeconds: 30 }), 'x');
    expect(r.status).toBe(429);
    expect(r.headers['Retry-After']).toBe('30');
  });
});
