import { webcrypto } from 'node:crypto';
import { Script } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { InMemoryOAuthStore, verifyRequest } from '@app/oauth1';

import { installOAuth1Signer, type SignableRequest, type SignerWindow } from './browser-signer';
import { OAUTH1_SIGNER_SCRIPT, signerScriptPath, swaggerSigningOptions } from './swagger-signing.options';

/** A window with Node's Web Crypto and no DOM (the panel is skipped when #swagger-ui is absent). */
function fakeWindow(credentials: Record<string, string> | null): SignerWindow {
  const storage = new Map<string, string>(credentials ? [['applink.oauth1.credentials', JSON.stringify(credentials)]] : []);
  return {
    document: { createElement: () => { throw new Error('no DOM'); }, getElementById: () => null, body: null as never },
    sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v), removeItem: (k) => void storage.delete(k) },
    crypto: webcrypto as unknown as SignerWindow['crypto'],
    btoa,
    TextEncoder,
    URL,
    URLSearchParams,
  };
}

const CONSUMER = { key: 'swagger', enabled: true, signatureMethods: ['HMAC-SHA1'] as const, secret: 'c&s %ecret', allowTwoLegged: true };
const TOKEN = { token: 'tok', consumerKey: 'swagger', secret: 't s&', kind: 'access' as const };

async function signAndVerify(request: SignableRequest, credentials: Record<string, string>) {
  const win = fakeWindow(credentials);
  installOAuth1Signer(win);
  const signed = await win.applinkOAuth1!.sign(request);
  const url = new URL(signed.url);
  return verifyRequest(
    { method: signed.method, target: `${url.pathname}${url.search}`, headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])), ...(typeof signed.body === 'string' && { body: Buffer.from(signed.body) }) },
    { endpoint: 'resource', publicUrls: ['https://tools.example.com'], timestampSkewSeconds: 300 },
    new InMemoryOAuthStore([{ ...CONSUMER, signatureMethods: [...CONSUMER.signatureMethods] }], [TOKEN]),
  );
}

describe('browser signer (Swagger UI "Try it out")', () => {
  const credentials = { consumerKey: 'swagger', consumerSecret: 'c&s %ecret', token: 'tok', tokenSecret: 't s&' };

  it('signs query and form parameters so that the core verifies them (RFC 5849 §3.4.1)', async () => {
    const verified = await signAndVerify(
      {
        method: 'POST',
        url: "https://TOOLS.example.com:443/api/diagnostics/echo?q=a+b&q=%C3%A9&empty=&z=%2B&bang=!*'()",
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'c=100%25%20%26%20done&c=&%C3%BC=%F0%9F%98%80',
      },
      credentials,
    );
    expect(verified.queryParams).toEqual([['q', 'a b'], ['q', 'é'], ['empty', ''], ['z', '+'], ['bang', "!*'()"]]);
    expect(verified.formParams).toEqual([['c', '100% & done'], ['c', ''], ['ü', '😀']]);
    expect(verified.signatureMethod).toBe('HMAC-SHA1');
  });

  it('makes 2-legged calls when no token is entered', async () => {
    const verified = await signAndVerify({ method: 'GET', url: 'https://tools.example.com/api/me', headers: {} }, { ...credentials, token: '', tokenSecret: '' });
    expect(verified.twoLegged).toBe(true);
  });

  it('leaves requests alone without credentials, and never signs the spec download', async () => {
    const win = fakeWindow(null);
    installOAuth1Signer(win);
    const request = { method: 'GET', url: 'https://tools.example.com/api/me', headers: {} };
    expect((await win.applinkOAuth1!.sign(request)).headers).toEqual({});
    const withCredentials = fakeWindow(credentials);
    installOAuth1Signer(withCredentials);
    expect((await withCredentials.applinkOAuth1!.sign({ ...request, loadSpec: true })).headers).toEqual({});
  });

  it('is served as one self-contained script, below the public URL path', () => {
    expect(() => new Script(OAUTH1_SIGNER_SCRIPT)).not.toThrow();
    expect(signerScriptPath('https://tools.example.com')).toBe('/docs-assets/oauth1-signer.js');
    expect(signerScriptPath('https://tools.example.com/applink/')).toBe('/applink/docs-assets/oauth1-signer.js');
    expect(swaggerSigningOptions('https://tools.example.com').customJs).toBe('/docs-assets/oauth1-signer.js');
  });
});
