import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { InMemoryOAuthStore, type OAuthRequestInput, verifyRequest } from '@app/oauth1';

import { signRsaSha1 } from '../remote-apps/oauth-signer';

import { candidateUrls, findSigningUrl } from './find-signing-url';
import { LinkDiagnosticsService } from './link-diagnostics.service';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const CONFIGURED = ['https://tools.example.com'];

function store() {
  const s = new InMemoryOAuthStore([{ key: 'bb', enabled: true, signatureMethods: ['RSA-SHA1'], rsaPublicKey: publicKey, allowTwoLegged: true }]);
  const nonces: unknown[] = [];
  const original = s.rememberNonce.bind(s);
  s.rememberNonce = async (n) => {
    nonces.push(n);
    return original(n);
  };
  return { store: s, nonces };
}

/** A 2-legged GET signed for `signedFor`, arriving with the given headers. */
function request(signedFor: string, headers: Record<string, string>, key = privateKey): OAuthRequestInput {
  const signed = signRsaSha1({ method: 'GET', url: `${signedFor}/api/me`, consumerKey: 'bb', privateKey: key, token: '' });
  return { method: 'GET', target: '/api/me', headers: { ...headers, authorization: signed.authorization } };
}

describe('findSigningUrl', () => {
  it('proves the URL the consumer signed when it is the one the request arrived under', async () => {
    const { store: s, nonces } = store();
    const input = request('http://10.0.0.5:3000', { host: '10.0.0.5:3000' });
    await expect(verifyRequest(input, { endpoint: 'resource', publicUrls: CONFIGURED, timestampSkewSeconds: 300 }, s)).rejects.toMatchObject({ problem: 'signature_invalid' });
    expect(await findSigningUrl(input, 'resource', CONFIGURED, s)).toBe('http://10.0.0.5:3000');
    expect(nonces).toEqual([]);
  });

  it('uses the forwarded origin of a proxy', async () => {
    const { store: s } = store();
    const input = request('https://bitbucket-facing.example.com', { host: 'internal:8080', 'x-forwarded-host': 'bitbucket-facing.example.com', 'x-forwarded-proto': 'https' });
    expect(await findSigningUrl(input, 'resource', CONFIGURED, s)).toBe('https://bitbucket-facing.example.com');
  });

  it('finds nothing when the key (or secret) is wrong', async () => {
    const { store: s } = store();
    expect(await findSigningUrl(request('http://10.0.0.5:3000', { host: '10.0.0.5:3000' }, other), 'resource', CONFIGURED, s)).toBeNull();
  });

  it('tries only a few well-formed candidates, never the configured URL itself', () => {
    expect(candidateUrls({ method: 'GET', target: '/', headers: { host: 'tools.example.com' } }, CONFIGURED)).toEqual(['http://tools.example.com']);
    expect(candidateUrls({ method: 'GET', target: '/', headers: { host: 'a b@evil' } }, CONFIGURED)).toEqual([]);
    expect(candidateUrls({ method: 'GET', target: '/', headers: { host: 'h:1' } }, ['https://t.example.com/applink'])).toEqual(['http://h:1', 'http://h:1/applink', 'https://h:1', 'https://h:1/applink']);
  });

  it('turns a proven mismatch into a precise cause in the link check', async () => {
    const { store: s } = store();
    const sut = new LinkDiagnosticsService();
    const input = request('http://10.0.0.5:3000', { host: '10.0.0.5:3000' });
    const error = await verifyRequest(input, { endpoint: 'resource', publicUrls: CONFIGURED, timestampSkewSeconds: 300 }, s).catch((e: unknown) => e);
    await sut.recordVerification({ endpoint: 'resource', input, publicUrls: CONFIGURED, error, store: s });
    const [outcome] = sut.check('bb').outcomes;
    expect(outcome!.causes).toEqual([{ code: 'public-url-mismatch', message: expect.stringContaining('The signature is valid for http://10.0.0.5:3000') }]);
    // A second failure right after is not probed again (no amplification), so the cause is only suspected.
    await sut.recordVerification({ endpoint: 'resource', input, publicUrls: CONFIGURED, error, store: s });
    expect(sut.check('bb').outcomes[0]!.causes[0]!.message).toContain('The request arrived as');
  });
});
