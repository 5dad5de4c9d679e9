import { describe, expect, it } from 'vitest';

import { OAuthError, type VerifiedRequest } from '@app/oauth1';

import { LinkDiagnosticsService, MAX_CONSUMERS, OUTCOMES_PER_CONSUMER } from './link-diagnostics.service';

describe('LinkDiagnosticsService', () => {
  it('keeps a bounded ring buffer per consumer, newest first', () => {
    const sut = new LinkDiagnosticsService();
    for (let i = 0; i < OUTCOMES_PER_CONSUMER + 7; i++) sut.recordOutcome({ consumerKey: 'bb', ok: i % 2 === 0, problem: 'nonce_used', path: `/p/${i}` });
    const check = sut.check('bb', 100);
    expect(check.outcomes).toHaveLength(OUTCOMES_PER_CONSUMER);
    expect(check.outcomes[0]!.path).toBe(`/p/${OUTCOMES_PER_CONSUMER + 6}`);
    expect(check.successes + check.failures).toBe(OUTCOMES_PER_CONSUMER);
    expect(sut.check('bb', 3).outcomes).toHaveLength(3);
    expect(sut.check('nobody')).toMatchObject({ status: 'unknown', outcomes: [] });
  });

  it('forgets the least recently reported consumer beyond the cap (unknown keys are attacker-chosen)', () => {
    const sut = new LinkDiagnosticsService();
    sut.recordOutcome({ consumerKey: 'first', ok: true });
    for (let i = 0; i < MAX_CONSUMERS; i++) sut.recordOutcome({ consumerKey: `junk-${i}`, ok: false, problem: 'consumer_key_unknown' });
    expect(sut.check('first').status).toBe('unknown');
    expect(sut.check(`junk-${MAX_CONSUMERS - 1}`).status).toBe('failing');
  });

  it('never stores the query string of a path', () => {
    const sut = new LinkDiagnosticsService();
    sut.recordOutcome({ consumerKey: 'bb', ok: true, path: '/api/me?oauth_token=secret' });
    expect(sut.check('bb').outcomes[0]!.path).toBe('/api/me');
  });

  it('reads consumer key, method and skew from a request that failed verification (header, body or query)', async () => {
    const sut = new LinkDiagnosticsService();
    const now = 1_800_000_000_000;
    const header = 'OAuth oauth_consumer_key="bitbucket%3Aprod", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1800000400", oauth_nonce="n", oauth_signature="x"';
    await sut.recordVerification({
      endpoint: 'resource',
      input: { method: 'GET', target: '/api/me?x=1', headers: { authorization: header, host: '10.1.1.1:3000' } },
      publicUrls: ['https://tools.example.com'],
      error: new OAuthError('signature_invalid'),
      now,
    });
    const [outcome] = sut.check('bitbucket:prod').outcomes;
    expect(outcome).toMatchObject({ ok: false, problem: 'signature_invalid', signatureMethod: 'HMAC-SHA1', timestampSkewSeconds: 400, path: '/api/me', endpoint: 'resource' });
    expect(outcome!.causes.map((c) => c.code)).toEqual(['public-url-mismatch', 'clock-skew', 'wrong-secret']);

    await sut.recordVerification({
      endpoint: 'request-token',
      input: { method: 'POST', target: '/plugins/servlet/oauth/request-token', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'tools.example.com' }, body: Buffer.from('oauth_consumer_key=bb&oauth_timestamp=1800000000&oauth_signature_method=RSA-SHA1') },
      publicUrls: ['https://tools.example.com'],
      error: new OAuthError('consumer_key_unknown'),
      now,
    });
    expect(sut.check('bb').outcomes[0]).toMatchObject({ problem: 'consumer_key_unknown', timestampSkewSeconds: 0, causes: [{ code: 'unknown-consumer' }] });

    await sut.recordVerification({ endpoint: 'resource', input: { method: 'GET', target: '/x?oauth_consumer_key=q', headers: {} }, publicUrls: [], error: new OAuthError('parameter_absent') });
    expect(sut.check('q').failures).toBe(1);
  });

  it('records a verified request as a success with its mode', async () => {
    const sut = new LinkDiagnosticsService();
    const verified = { consumer: { key: 'bb' }, protocolParams: [['oauth_timestamp', '1800000000']], signatureMethod: 'RSA-SHA1', twoLegged: true, requestorId: 'alice' } as unknown as VerifiedRequest;
    await sut.recordVerification({ endpoint: 'resource', input: { method: 'GET', target: '/api/me', headers: {} }, publicUrls: ['https://t'], verified, now: 1_800_000_000_000 });
    expect(sut.check('bb')).toMatchObject({ status: 'ok', successes: 1, outcomes: [{ ok: true, mode: '2-legged-impersonation', signatureMethod: 'RSA-SHA1', path: '/api/me', timestampSkewSeconds: 0, causes: [] }] });
  });

  it('ignores requests without a consumer key and malformed ones', async () => {
    const sut = new LinkDiagnosticsService();
    await expect(sut.recordVerification({ endpoint: 'resource', input: { method: 'GET', target: '/x', headers: { authorization: 'OAuth %%%' } }, publicUrls: [] })).resolves.toBeUndefined();
    expect(() => sut.recordOutcome({ consumerKey: undefined as unknown as string, ok: true })).not.toThrow();
  });
});
