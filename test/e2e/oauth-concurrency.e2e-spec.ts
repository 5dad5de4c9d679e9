import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, createTestConsumer, createTestUser, obtainAccessToken, parseForm, send, signedAgent, type TestApp, testEngines } from '@app/testing';

import { RequestTokensService } from '../../apps/provider/src/oauth/request-tokens.service';

const CONCURRENCY = 50;

/**
 * Under concurrency a request token yields at most one access token (checklist H3) and a nonce is accepted once
 * (checklist N4). MariaDB is where real concurrency happens (SQLite serializes writers); both engines run it.
 */
describe.each(testEngines())('OAuth under concurrency on %s', (engine) => {
  let service: TestApp;

  beforeAll(async () => {
    service = await createTestApp(engine);
  });

  afterAll(async () => {
    await service?.close();
  });

  it(`${CONCURRENCY} concurrent exchanges of one authorized request token: exactly one access token`, async () => {
    const consumer = await createTestConsumer(service.app, { method: 'HMAC-SHA1' });
    const user = await createTestUser(service.app);
    const agent = signedAgent(service.baseUrl, consumer.credentials);
    const first = parseForm(await (await agent.post('/oauth/request-token', { placement: 'body', oauth: { oauth_callback: 'oob' } })).text());
    const { verifier } = await service.app.get(RequestTokensService).approve(first.oauth_token!, user.id);
    const withToken = agent.withToken({ token: first.oauth_token!, secret: first.oauth_token_secret! });
    const prepared = Array.from({ length: CONCURRENCY }, () => withToken.prepare({ method: 'POST', path: '/oauth/access-token', placement: 'body', oauth: { oauth_verifier: verifier } }));
    const responses = await Promise.all(prepared.map(send));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    const ok = responses.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    const problems = bodies.filter((_b, i) => responses[i]!.status !== 200).map((b) => parseForm(b).oauth_problem);
    expect(new Set(problems)).toEqual(new Set(['token_used']));
    expect(responses.every((r) => r.status === 200 || r.status === 401)).toBe(true);
  });

  it(`${CONCURRENCY} concurrent identical signed requests: exactly one is accepted, the rest are nonce_used`, async () => {
    const consumer = await createTestConsumer(service.app, { method: 'RSA-SHA1' });
    const user = await createTestUser(service.app);
    const agent = signedAgent(service.baseUrl, consumer.credentials);
    const token = await obtainAccessToken(service.app, agent, user.id);
    const prepared = agent.withToken(token).prepare({ path: '/api/me' });
    const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => send(prepared)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const problems = bodies.filter((_b, i) => responses[i]!.status !== 200).map((b) => parseForm(b).oauth_problem);
    expect(problems).toHaveLength(CONCURRENCY - 1);
    expect(new Set(problems)).toEqual(new Set(['nonce_used']));
  });
});
