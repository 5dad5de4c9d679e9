import { describe, expect, it, vi } from 'vitest';

import { InMemoryOAuthStore, type OAuthConsumer, OAuthError, type OAuthStore, type VerifiedRequest } from '@app/oauth1';
import { type PreparedRequest, SignedAgent } from '@app/testing/signed-agent';

import { OAuthPassportStrategy, type OAuthPassportStrategyOptions } from './passport-oauth.strategy';

const PUBLIC_URL = 'https://tools.example.com';
const consumer: OAuthConsumer = { key: 'ck', enabled: true, signatureMethods: ['HMAC-SHA1'], secret: 'consumer-secret-1234', allowTwoLegged: false };
const agent = new SignedAgent('', { key: 'ck', method: 'HMAC-SHA1', secret: 'consumer-secret-1234' }, null, PUBLIC_URL);

/** The Fastify-shaped request a guard hands to passport: raw target, distinct headers, raw body bytes. */
function toRequest(prepared: PreparedRequest) {
  const headersDistinct = Object.fromEntries(Object.entries(prepared.init.headers).map(([k, v]) => [k.toLowerCase(), [v]]));
  return { raw: { method: prepared.init.method, url: prepared.url, headersDistinct }, ...(prepared.init.body !== undefined && { rawBody: Buffer.from(prepared.init.body) }) };
}

type Outcome = { kind: 'success'; user: unknown } | { kind: 'fail'; challenge: unknown; status?: number } | { kind: 'error'; err: unknown };

/** Runs the strategy as passport does (success/fail/error are attached per request) and resolves its outcome. */
function run(strategy: OAuthPassportStrategy, request: unknown, options?: { endpoint?: 'request-token' | 'access-token' | 'resource' }): Promise<Outcome> {
  return new Promise((resolve) => {
    const s = Object.create(strategy) as OAuthPassportStrategy;
    s.success = (user: unknown) => resolve({ kind: 'success', user });
    s.fail = ((challenge: unknown, status?: number) => resolve({ kind: 'fail', challenge, status })) as OAuthPassportStrategy['fail'];
    s.error = (err: unknown) => resolve({ kind: 'error', err });
    s.authenticate(request as never, options);
  });
}

function strategyWith(store: OAuthStore, extra: Partial<OAuthPassportStrategyOptions> = {}, verify = (v: VerifiedRequest, done: (e: unknown, u?: unknown) => void) => done(null, { consumer: v.consumer.key })) {
  return new OAuthPassportStrategy(
    {
      endpoint: 'resource',
      verifyOptions: (endpoint) => ({ endpoint, publicUrls: [PUBLIC_URL], timestampSkewSeconds: 300 }),
      store: () => store,
      ...extra,
    },
    verify,
  );
}

describe('OAuthPassportStrategy', () => {
  it('verifies with the core and hands the verified request to the verify callback (done(err, user, info))', async () => {
    const store = new InMemoryOAuthStore([{ ...consumer, allowTwoLegged: true }]);
    const outcome = await run(strategyWith(store), toRequest(agent.withToken({ token: '', secret: '' }).prepare({ path: '/api/x?a=1' })));
    expect(outcome).toEqual({ kind: 'success', user: { consumer: 'ck' } });
  });

  it('fails with the OAuthError and its status, so the guard renders the exact problem', async () => {
    const store = new InMemoryOAuthStore([consumer]);
    const outcome = await run(strategyWith(store), toRequest(agent.withToken({ token: 'unknown', secret: 'x' }).prepare({ path: '/api/x' })));
    expect(outcome.kind).toBe('fail');
    expect((outcome as { challenge: OAuthError }).challenge).toBeInstanceOf(OAuthError);
    expect((outcome as { challenge: OAuthError }).challenge.problem).toBe('token_rejected');
    expect((outcome as { status: number }).status).toBe(401);
  });

  it('turns an OAuthError from the verify callback into a failure, and other errors into error()', async () => {
    const store = new InMemoryOAuthStore([{ ...consumer, allowTwoLegged: true }]);
    const refused = await run(
      strategyWith(store, {}, (_v, done) => done(new OAuthError('permission_denied'))),
      toRequest(agent.withToken({ token: '', secret: '' }).prepare({ path: '/api/x' })),
    );
    expect(refused).toMatchObject({ kind: 'fail', status: 401 });
    const broken = new InMemoryOAuthStore([consumer]);
    broken.findConsumer = () => Promise.reject(new Error('database down'));
    const failed = await run(strategyWith(broken), toRequest(agent.prepare({ path: '/api/x' })));
    expect(failed).toMatchObject({ kind: 'error', err: { message: 'database down' } });
  });

  it('reports a failed access-token request with the token it named, even when the core refused before the lookup', async () => {
    const store = new InMemoryOAuthStore([consumer]);
    const onTokenEndpointFailure = vi.fn(async () => undefined);
    const strategy = strategyWith(store, { endpoint: 'request-token', onTokenEndpointFailure });
    // No oauth_verifier: parameter_absent before any store lookup; the token is read from the body.
    const noVerifier = agent.withToken({ token: 'rt-value', secret: 's' }).prepare({ method: 'POST', path: '/oauth/access-token', placement: 'body' });
    const outcome = await run(strategy, toRequest(noVerifier), { endpoint: 'access-token' });
    expect(outcome).toMatchObject({ kind: 'fail', status: 400 });
    expect(onTokenEndpointFailure).toHaveBeenCalledWith('access-token', expect.objectContaining({ problem: 'parameter_absent' }), 'rt-value', expect.anything());
    // Looked up but unknown: the looked-up value is reported.
    const unknown = agent.withToken({ token: 'rt-2', secret: 's' }).prepare({ method: 'POST', path: '/oauth/access-token', placement: 'header', oauth: { oauth_verifier: 'v' } });
    await run(strategy, toRequest(unknown), { endpoint: 'access-token' });
    expect(onTokenEndpointFailure).toHaveBeenLastCalledWith('access-token', expect.objectContaining({ problem: 'token_rejected' }), 'rt-2', expect.anything());
  });
});
