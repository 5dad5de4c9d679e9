import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { InMemoryOAuthStore, type OAuthRequestInput, verifyRequest } from '@app/oauth1';

import { encodeParams, parseQuery, signRsaSha1 } from './oauth-signer';
import { buildUrl } from './remote-client';

interface RsaVector {
  private_key_pkcs8_pem: string;
  request: { method: string; url: string; base_string: string; rsa_sha1: string; params: Array<[string, string]> };
}

const rsa = (JSON.parse(readFileSync(resolve(__dirname, '../../../../../shared/fixtures/oauth1-signature-vectors.json'), 'utf8')) as { rsa: RsaVector }).rsa;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const BASE = 'https://bitbucket.example.com';

function store(flags: { allowTwoLegged?: boolean; allowImpersonation?: boolean } = {}): InMemoryOAuthStore {
  return new InMemoryOAuthStore(
    [{ key: 'applink-provider:tools', enabled: true, signatureMethods: ['RSA-SHA1'], rsaPublicKey: publicKey, allowTwoLegged: flags.allowTwoLegged ?? false, allowImpersonation: flags.allowImpersonation ?? false }],
    [{ token: 'access-1', consumerKey: 'applink-provider:tools', secret: 's', kind: 'access' }],
  );
}

/** What a provider at BASE receives for a request we sent to `url` with `headers` and `body`. */
function received(method: string, url: string, headers: Record<string, string>, body?: string): OAuthRequestInput {
  const parsed = new URL(url);
  return { method, target: parsed.pathname + parsed.search, headers: { host: parsed.host, ...headers }, ...(body !== undefined && { body: Buffer.from(body) }) };
}

describe('signRsaSha1', () => {
  it('reproduces the shared Jira-style RSA-SHA1 vector exactly (base string and signature)', () => {
    const signed = signRsaSha1({
      method: rsa.request.method,
      url: rsa.request.url,
      consumerKey: 'jira-applink',
      privateKey: createPrivateKey(rsa.private_key_pkcs8_pem),
      token: 'nnch734d00sl2jdk',
      timestamp: 1700000000,
      nonce: '4572616e48616d6d65724c61686176',
    });
    expect(signed.baseString).toBe(rsa.request.base_string);
    expect(signed.oauthParams.at(-1)).toEqual(['oauth_signature', rsa.request.rsa_sha1]);
  });

  it('signs a 3-legged GET the core verifies, header without realm', async () => {
    const url = buildUrl(BASE, '/rest/api/1.0/projects?limit=25&q=a b!');
    const signed = signRsaSha1({ method: 'GET', url, consumerKey: 'applink-provider:tools', privateKey, token: 'access-1' });
    expect(signed.authorization).toMatch(/^OAuth oauth_consumer_key="applink-provider%3Atools", oauth_token="access-1", /);
    expect(signed.authorization).not.toContain('realm');
    const verified = await verifyRequest(received('GET', url, { authorization: signed.authorization }), { endpoint: 'resource', publicUrls: [BASE], timestampSkewSeconds: 300 }, store());
    expect(verified.token?.token).toBe('access-1');
    expect(verified.queryParams).toEqual([['limit', '25'], ['q', 'a b!']]);
  });

  it('signs 2-legged calls with oauth_token="" present in the signed set and the header', async () => {
    const url = buildUrl(BASE, '/rest/api/1.0/projects');
    const signed = signRsaSha1({ method: 'GET', url, consumerKey: 'applink-provider:tools', privateKey, token: '' });
    expect(signed.authorization).toContain('oauth_token=""');
    expect(signed.baseString).toContain('oauth_token%3D%26');
    const options = { endpoint: 'resource' as const, publicUrls: [BASE], timestampSkewSeconds: 300 };
    await expect(verifyRequest(received('GET', url, { authorization: signed.authorization }), options, store())).rejects.toMatchObject({ problem: 'permission_denied' });
    const verified = await verifyRequest(received('GET', url, { authorization: signed.authorization }), options, store({ allowTwoLegged: true }));
    expect(verified.twoLegged).toBe(true);
  });

  it('signs impersonation with xoauth_requestor_id in the query only', async () => {
    const url = buildUrl(BASE, '/rest/api/1.0/projects?start=0', [['xoauth_requestor_id', 'jane.doe@corp']]);
    expect(url).toBe(`${BASE}/rest/api/1.0/projects?start=0&xoauth_requestor_id=jane.doe%40corp`);
    const signed = signRsaSha1({ method: 'GET', url, consumerKey: 'applink-provider:tools', privateKey, token: '' });
    expect(signed.authorization).not.toContain('xoauth_requestor_id');
    const verified = await verifyRequest(received('GET', url, { authorization: signed.authorization }), { endpoint: 'resource', publicUrls: [BASE], timestampSkewSeconds: 300 }, store({ allowImpersonation: true }));
    expect(verified.requestorId).toBe('jane.doe@corp');
  });

  it('signs token requests sent as a form body without a header, and form parameters of resource calls', async () => {
    const url = `${BASE}/plugins/servlet/oauth/request-token`;
    const signed = signRsaSha1({ method: 'POST', url, consumerKey: 'applink-provider:tools', privateKey, oauth: { oauth_callback: 'https://tools/remote-apps/1/callback' } });
    const body = encodeParams(signed.oauthParams);
    const verified = await verifyRequest(received('POST', url, { 'content-type': 'application/x-www-form-urlencoded' }, body), { endpoint: 'request-token', publicUrls: [BASE], timestampSkewSeconds: 300 }, store());
    expect(verified).toMatchObject({ location: 'body', callback: 'https://tools/remote-apps/1/callback' });

    const itemUrl = buildUrl(BASE, '/rest/api/1.0/items');
    const form: Array<[string, string]> = [['title', "it's 100% ~ done+"]];
    const resource = signRsaSha1({ method: 'POST', url: itemUrl, consumerKey: 'applink-provider:tools', privateKey, token: 'access-1', form });
    const ok = await verifyRequest(
      received('POST', itemUrl, { authorization: resource.authorization, 'content-type': 'application/x-www-form-urlencoded' }, encodeParams(form)),
      { endpoint: 'resource', publicUrls: [BASE], timestampSkewSeconds: 300 },
      store(),
    );
    expect(ok.formParams).toEqual(form);
  });

  it('round-trips parameters through encodeParams and parseQuery', () => {
    const params: Array<[string, string]> = [['a b', 'c&d=e'], ['é', '😀'], ['empty', ''], ['plus', '+']];
    expect(parseQuery(encodeParams(params))).toEqual(params);
    expect(parseQuery('')).toEqual([]);
  });
});

describe('buildUrl', () => {
  it('joins base and path, keeps the path and re-encodes the query with the RFC 5849 encoder', () => {
    expect(buildUrl('http://bb:7990/context', "/rest/x?a=1&b=it's")).toBe("http://bb:7990/context/rest/x?a=1&b=it%27s");
    expect(buildUrl('https://bb.example.com', '/rest/x', [['q', 'a b']])).toBe('https://bb.example.com/rest/x?q=a%20b');
  });

  it('refuses paths that would leave the remote', () => {
    expect(() => buildUrl(BASE, '//evil.example.com/x')).toThrow(TypeError);
    expect(() => buildUrl(BASE, 'rest/x')).toThrow(TypeError);
  });
});
