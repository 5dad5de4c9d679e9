import { createHmac, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { repoRoot, type SignatureVector, vectors } from '../test-support/fixtures';
import { InMemoryOAuthStore } from './in-memory-oauth-store';
import { OAuthError } from './oauth-error';
import { type Param } from './params';
import { parseFormEncoded } from './parse-form-encoded';
import { percentDecode, percentEncode } from './percent-encoding';
import { parsePublicKey } from './public-key/parse-public-key';
import { PublicKeyError } from './public-key/public-key-error';
import { baseStringUri, normalizeParameters, signatureBaseString } from './signature-base-string';
import { hmacSha1Signature, verifyHmacSha1 } from './verify-hmac-sha1';
import { plaintextSignature, verifyPlaintext } from './verify-plaintext';
import { verifyRequest } from './verify-request';
import { verifyRsaSha1 } from './verify-rsa-sha1';

const allVectors: SignatureVector[] = [...vectors.spec_vectors, ...vectors.edge_vectors];
const withBaseString = allVectors.filter((v) => v.params && v.base_string_uri && v.base_string);

describe('RFC 5849 §3.6 percent-encoding (fixture percent_encoding)', () => {
  it.each(vectors.percent_encoding)('encodes %j as %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
    expect(percentDecode(expected, { plusAsSpace: false })).toBe(input);
  });
});

describe('RFC 5849 §3.4.1.3.2 normalization (fixture normalization, oauth.net wiki table)', () => {
  it.each(vectors.normalization)('normalizes %s to %s', (wire, expected) => {
    expect(normalizeParameters(parseFormEncoded(wire, { maxParams: 200 }))).toBe(expected);
  });
});

describe('RFC 5849 §3.4.1.2 base-string URI (fixture base_string_uri)', () => {
  it.each(vectors.base_string_uri)('%s → %s (%s)', (input, expected) => {
    expect(baseStringUri(input)).toBe(expected);
  });
});

describe('signature base strings and HMAC-SHA1 (fixture spec_vectors + edge_vectors)', () => {
  it.each(withBaseString.map((v) => [v.id, v] as const))('%s: normalized parameters and base string', (_id, v) => {
    const params = v.params as Param[];
    if (v.normalized) expect(normalizeParameters(params)).toBe(v.normalized);
    expect(signatureBaseString(v.method!, v.base_string_uri!, normalizeParameters(params))).toBe(v.base_string);
  });

  it.each(allVectors.filter((v) => v.hmac_sha1).map((v) => [v.id, v] as const))('%s: HMAC-SHA1 verifies', (_id, v) => {
    expect(hmacSha1Signature(v.base_string!, v.consumer_secret!, v.token_secret!)).toBe(v.hmac_sha1);
    expect(verifyHmacSha1(v.base_string!, v.hmac_sha1!, v.consumer_secret!, v.token_secret!)).toBe(true);
  });

  it.each(vectors.edge_vectors.map((v) => [v.id, v] as const))('%s: PLAINTEXT value', (_id, v) => {
    expect(plaintextSignature(v.consumer_secret!, v.token_secret!)).toBe(v.plaintext);
  });

  it('RFC5849-3.4.1: the RFC §3.1 printed signature bYT5… does NOT verify (erratum); r6/TJ… does', () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'RFC5849-3.4.1')!;
    expect(verifyHmacSha1(v.base_string!, 'bYT5CMsGcbgUdFHObYMEfcx6bsw=', v.consumer_secret!, v.token_secret!)).toBe(false);
    expect(verifyHmacSha1(v.base_string!, 'r6/TJjbCOr97/+UU0NsvSne7s5g=', v.consumer_secret!, v.token_secret!)).toBe(true);
  });

  it('RFC5849-1.2-photos: verifies only with http://; https:// gives 91yh92rtXzicpezVYjTDNzieVps=', () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'RFC5849-1.2-photos')!;
    const https = signatureBaseString('GET', 'https://photos.example.net/photos', normalizeParameters(v.params as Param[]));
    expect(hmacSha1Signature(https, v.consumer_secret!, v.token_secret!)).toBe('91yh92rtXzicpezVYjTDNzieVps=');
    expect(verifyHmacSha1(https, v.hmac_sha1!, v.consumer_secret!, v.token_secret!)).toBe(false);
  });

  it('oauthlib-hmac: HMAC-SHA256 over the same base string (recomputed independently)', () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'oauthlib-hmac')!;
    const key = `${percentEncode(v.consumer_secret!)}&${percentEncode(v.token_secret!)}`;
    expect(createHmac('sha256', key).update(v.base_string!).digest('base64')).toBe(v.hmac_sha256);
  });

  it('RFC5849-2.1-plaintext: §2.1 and §2.3 PLAINTEXT header values', () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'RFC5849-2.1-plaintext')!;
    const decoded = percentDecode(v.header_value!, { plusAsSpace: false });
    expect(decoded).toBe(v.decoded);
    expect(verifyPlaintext(decoded, v.consumer_secret!, v.token_secret!)).toBe(true);
    const tokenStep = percentDecode(v.token_request!.header_value, { plusAsSpace: false });
    expect(verifyPlaintext(tokenStep, v.consumer_secret!, v.token_request!.token_secret)).toBe(true);
    expect(verifyPlaintext(tokenStep, v.consumer_secret!, '')).toBe(false);
  });

  it('wiki-rsa-sha1: the 1024-bit "Test Principal" vector verifies; the default key policy rejects that key', () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'wiki-rsa-sha1')!;
    const pem = readFileSync(resolve(repoRoot, 'test/fixtures/keys/wiki-test-principal-1024.pub.pem'), 'utf8');
    const legacy = parsePublicKey(pem, { allowLegacy1024: true });
    expect(legacy.modulusBits).toBe(1024);
    expect(legacy.legacy).toBe(true);
    expect(verifyRsaSha1(v.base_string!, v.rsa_sha1!, legacy.keyObject)).toBe(true);
    expect(() => parsePublicKey(pem)).toThrow(expect.objectContaining({ reason: 'too_small' }));
  });
});

describe('RFC 5849 §3.1 request end to end (fixture spec_vectors RFC5849-3.4.1)', () => {
  const store = () =>
    new InMemoryOAuthStore(
      [{ key: '9djdj82h48djs9d2', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: 'j49sk3j29djd', allowTwoLegged: false }],
      [{ token: 'kkk9d7dh3k39sjv7', consumerKey: '9djdj82h48djs9d2', secret: 'dh893hdasih9', kind: 'access' }],
    );
  const request = (signature: string) => ({
    method: 'POST',
    target: '/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
    headers: {
      host: 'example.com',
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="${percentEncode(signature)}"`,
    },
    body: Buffer.from('c2&a3=2+q'),
  });
  const options = { endpoint: 'resource' as const, publicUrls: ['http://example.com'], timestampSkewSeconds: 300, now: () => 137131201 };

  it('verifies with the corrected signature r6/TJjbCOr97/+UU0NsvSne7s5g=', async () => {
    const result = await verifyRequest(request('r6/TJjbCOr97/+UU0NsvSne7s5g='), options, store());
    expect(result.consumer.key).toBe('9djdj82h48djs9d2');
    expect(result.formParams).toEqual([['c2', ''], ['a3', '2 q']]);
  });

  it('rejects the RFC-printed bYT5CMsGcbgUdFHObYMEfcx6bsw= and reports the base string to the hook', async () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'RFC5849-3.4.1')!;
    const seen: string[][] = [];
    await expect(verifyRequest(request('bYT5CMsGcbgUdFHObYMEfcx6bsw='), { ...options, onSignatureMismatch: (d) => seen.push([...d.baseStrings]) }, store())).rejects.toMatchObject({
      problem: 'signature_invalid',
      status: 401,
    });
    expect(seen).toEqual([[v.base_string]]);
  });
});

describe('edge vectors end to end through verifyRequest (fixture edge_vectors)', () => {
  it.each(vectors.edge_vectors.map((v) => [v.id, v] as const))('%s verifies', async (_id, v) => {
    const params = v.params as Param[];
    const url = new URL(v.base_string_uri!);
    const rawPath = v.base_string_uri!.slice(url.origin.length);
    const query = params.filter(([n]) => !n.startsWith('oauth_'));
    const oauth = params.filter(([n]) => n.startsWith('oauth_'));
    const target = query.length ? `${rawPath}?${query.map(([n, val]) => `${percentEncode(n)}=${percentEncode(val)}`).join('&')}` : rawPath;
    const header = `OAuth ${[...oauth, ['oauth_signature', v.hmac_sha1!] as const].map(([n, val]) => `${n}="${percentEncode(val)}"`).join(', ')}`;
    const token = oauth.find(([n]) => n === 'oauth_token')![1];
    const store = new InMemoryOAuthStore(
      [{ key: 'ck', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: v.consumer_secret!, allowTwoLegged: false }],
      token ? [{ token, consumerKey: 'ck', secret: v.token_secret!, kind: 'access' }] : [],
    );
    const endpoint = v.id.startsWith('E02') ? 'request-token' : 'resource';
    const result = await verifyRequest(
      { method: v.method!, target, headers: { authorization: header } },
      { endpoint, publicUrls: [url.origin], timestampSkewSeconds: 300, now: () => 1700000000 },
      store,
    );
    expect(result.publicUrl).toBe(url.origin);
  });

  it.each([
    ['E08-plus-space', 'q=a+b'],
    ['E09-literal-plus', 'q=a%2Bb'],
    ['E13-no-value', 'flag'],
  ])('%s: wire query %s decodes to the vector parameters', (id, wire) => {
    const v = vectors.edge_vectors.find((x) => x.id === id)!;
    const extra = (v.params as Param[]).filter(([n]) => !n.startsWith('oauth_'));
    expect(parseFormEncoded(wire, { maxParams: 200 })).toEqual(extra);
  });
});

describe('RSA-SHA1 (fixture rsa)', () => {
  const rsa = vectors.rsa;
  const formats: [string, string][] = [
    ['SPKI PEM', rsa.public_key_spki_pem],
    ['PKCS#1 RSA PUBLIC KEY PEM', rsa.public_key_pkcs1_pem],
    ['bare base64 SPKI DER', rsa.public_key_spki_der_base64],
    ['X.509 certificate PEM', rsa.x509_certificate_pem],
    ['SPKI PEM without line breaks', rsa.public_key_spki_pem.replace(/\n(?!-----END)/g, '').replace('-----END', '\n-----END')],
    ['base64 SPKI with line breaks', rsa.public_key_spki_der_base64.replace(/(.{64})/g, '$1\n')],
    ['SPKI PEM body without header lines', rsa.public_key_spki_pem.replace(/-----[A-Z ]+-----/g, '')],
  ];
  const reference = parsePublicKey(rsa.public_key_spki_pem);

  it.each(formats)('%s yields the same SHA-256 fingerprint', (_name, input) => {
    const parsed = parsePublicKey(input);
    expect(parsed.fingerprintSha256).toBe(reference.fingerprintSha256);
    expect(parsed.modulusBits).toBe(rsa.modulus_bits);
    expect(parsed.spkiBase64).toBe(rsa.public_key_spki_der_base64);
  });

  it('the Jira-style signed GET verifies (base string and signature, %2520 and %25C3%25A9)', () => {
    const params = rsa.request.params as Param[];
    const url = new URL(rsa.request.url);
    expect(signatureBaseString('GET', baseStringUri(rsa.request.url), normalizeParameters(params))).toBe(rsa.request.base_string);
    expect(verifyRsaSha1(rsa.request.base_string, rsa.request.rsa_sha1, reference.keyObject)).toBe(true);
    expect(url.pathname).toBe('/rest/api/2/search');
  });

  it('the Jira-style signed GET verifies end to end through verifyRequest', async () => {
    const url = new URL(rsa.request.url);
    const oauth = (rsa.request.params as Param[]).filter(([n]) => n.startsWith('oauth_'));
    const header = `OAuth ${[...oauth, ['oauth_signature', rsa.request.rsa_sha1] as const].map(([n, v]) => `${n}="${percentEncode(v)}"`).join(', ')}`;
    const store = new InMemoryOAuthStore(
      [{ key: 'jira-applink', enabled: true, signatureMethods: ['RSA-SHA1'], rsaPublicKey: reference.keyObject, allowTwoLegged: false }],
      [{ token: 'nnch734d00sl2jdk', consumerKey: 'jira-applink', secret: '', kind: 'access' }],
    );
    const result = await verifyRequest(
      { method: 'GET', target: url.pathname + url.search, headers: { authorization: header } },
      { endpoint: 'resource', publicUrls: ['https://provider.example.com'], timestampSkewSeconds: 300, now: () => 1700000000 },
      store,
    );
    expect(result.signatureMethod).toBe('RSA-SHA1');
    expect(result.queryParams).toContainEqual(['jql', 'project = "ABC" AND text ~ "é+&"']);
  });

  it('rfc_3_4_1_1_base_string_rsa_sha1: RSA-SHA1 over the RFC §3.4.1.1 base string', () => {
    const v = vectors.spec_vectors.find((x) => x.id === 'RFC5849-3.4.1')!;
    expect(verifyRsaSha1(v.base_string!, rsa.rfc_3_4_1_1_base_string_rsa_sha1, reference.keyObject)).toBe(true);
  });

  it('the private key matches the public key (fixture sanity)', () => {
    const pub = createPublicKey(createPrivateKey(rsa.private_key_pkcs8_pem)).export({ format: 'der', type: 'spki' });
    expect(pub.toString('base64')).toBe(rsa.public_key_spki_der_base64);
  });
});

describe('negative keys (fixture negative_keys) are refused with a clear reason', () => {
  const expected: Record<string, string> = {
    rsa512_spki_pem: 'too_small',
    rsa1024_spki_pem: 'too_small',
    rsa2048_e3_spki_pem: 'bad_exponent',
    ec_p256_spki_pem: 'not_rsa',
    ed25519_spki_pem: 'not_rsa',
    private_key_pkcs8_pem: 'private_key',
    encrypted_private_key_pem: 'encrypted',
    two_pem_blocks: 'multiple_pem_blocks',
    trailing_garbage: 'trailing_data',
    truncated_der: 'malformed',
    wrong_label: 'wrong_label',
  };
  it('covers every fixture entry', () => {
    expect(Object.keys(vectors.negative_keys).sort()).toEqual(Object.keys(expected).sort());
  });
  it.each(Object.entries(vectors.negative_keys))('%s (%s)', (name, entry) => {
    const pem = entry.pem.startsWith('<use rsa.') ? vectors.rsa.private_key_pkcs8_pem : entry.pem;
    let error: unknown;
    try {
      parsePublicKey(pem);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PublicKeyError);
    expect((error as PublicKeyError).reason).toBe(expected[name]);
    expect((error as PublicKeyError).message).toMatch(/^[A-Z].*\.$/);
  });
  it('rsa1024_spki_pem is accepted with allowLegacy1024; rsa512 never is', () => {
    expect(parsePublicKey(vectors.negative_keys['rsa1024_spki_pem']!.pem, { allowLegacy1024: true }).modulusBits).toBe(1024);
    expect(() => parsePublicKey(vectors.negative_keys['rsa512_spki_pem']!.pem, { allowLegacy1024: true })).toThrow(PublicKeyError);
  });
  it('rsa512_spki_pem: Node verifies its signature, verifyRsaSha1 refuses the key', () => {
    const entry = vectors.negative_keys['rsa512_spki_pem']!;
    const base = vectors.rsa.request.base_string;
    const key = createPublicKey(entry.pem);
    expect(verify('RSA-SHA1', Buffer.from(base), key, Buffer.from(entry.rsa_sha1_of_base_string!, 'base64'))).toBe(true);
    expect(verifyRsaSha1(base, entry.rsa_sha1_of_base_string!, key)).toBe(false);
  });
  it('oversized input (> 16 KiB) is refused', () => {
    expect(() => parsePublicKey('A'.repeat(16 * 1024 + 1))).toThrow(expect.objectContaining({ reason: 'too_large' }));
  });
});

it('OAuthError is what percent-decoding failures throw', () => {
  expect(() => percentDecode('%ZZ', { plusAsSpace: true })).toThrow(OAuthError);
});
