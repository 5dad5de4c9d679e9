import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { AccessTokensService } from '../../apps/provider/src/oauth/access-tokens.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { callResource, exchange, formFields, requestToken, type TestConsumer, TestBrowser } from '../support/consent-flow';

import { ADMIN_PASSWORD, adminApi, createAdminWithToken } from './support/consumer-fixtures';

const CALLBACK = 'http://127.0.0.1:9/callback';

/**
 * The registry and the token store together: a consumer registered through the admin API gets a real access token
 * through the 3-legged flow, and disabling, rotating or deleting it through the API makes that token stop working
 * at once (ConsumersService's revocation observer, which the oauth module subscribes to).
 */
describe.each(testEngines())('admin actions revoke a consumer\'s tokens on %s', (engine) => {
  let service: TestApp;
  let api: ReturnType<typeof adminApi>;
  let browser: TestBrowser;

  const registerAndAuthorize = async (key: string): Promise<{ consumer: TestConsumer; access: { token: string; secret: string } }> => {
    const created = await api('POST', '/api/admin/consumers', { consumerKey: key, name: `App ${key}`, callbackUrl: 'http://127.0.0.1:9' });
    expect(created.status).toBe(201);
    const consumer = { key, secret: created.body.sharedSecret as string, id: 0 };
    const pair = await requestToken(service, consumer, CALLBACK);
    const page = await (await browser.get(`/oauth/authorize?oauth_token=${pair.token}`)).text();
    const decision = await browser.post('/oauth/authorize', { oauth_token: pair.token, csrf: formFields(page, '/oauth/authorize').csrf, decision: 'allow' });
    expect(decision.status).toBe(303);
    const verifier = new URL(decision.headers.get('location')!).searchParams.get('oauth_verifier')!;
    const answer = await exchange(service, consumer, pair, verifier);
    expect(answer.status).toBe(200);
    const access = { token: answer.answer.get('oauth_token')!, secret: answer.answer.get('oauth_token_secret')! };
    expect(await callResource(service, consumer, access)).toBe(200);
    return { consumer, access };
  };

  /** The revocation reason the token store recorded for the consumer's tokens. */
  const revokedReasons = async (key: string): Promise<Array<string | null>> => {
    const consumerId = (await service.app.get(ConsumersService).get(key)).id;
    const page = await service.app.get(AccessTokensService).list({ consumerId, page: 1, pageSize: 10 });
    return page.items.map((t) => t.revokedReason);
  };

  beforeAll(async () => {
    service = await createTestApp(engine);
    api = adminApi(service.baseUrl, (await createAdminWithToken(service, 'owner')).token);
    browser = new TestBrowser(service.baseUrl);
    expect((await browser.login('owner', ADMIN_PASSWORD)).status).toBe(303);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('disabling refuses the consumer at once and its tokens stay revoked after enabling again', async () => {
    const { consumer, access } = await registerAndAuthorize('revoke-disable');
    expect((await api('POST', '/api/admin/consumers/revoke-disable/disable')).status).toBe(200);
    expect(await callResource(service, consumer, access)).toBe(401);
    expect(await revokedReasons('revoke-disable')).toEqual(['consumer-disabled']);
    expect((await api('POST', '/api/admin/consumers/revoke-disable/enable')).status).toBe(200);
    expect(await callResource(service, consumer, access)).toBe(401);
  });

  it('rotating the secret ends the old tokens', async () => {
    const { consumer, access } = await registerAndAuthorize('revoke-rotate');
    const rotated = await api('POST', '/api/admin/consumers/revoke-rotate/rotate-secret', {});
    expect(await revokedReasons('revoke-rotate')).toEqual(['secret-rotated']);
    expect(await callResource(service, { ...consumer, secret: rotated.body.sharedSecret }, access)).toBe(401);
  });

  it('deleting ends the tokens and the consumer is unknown from then on', async () => {
    const { consumer, access } = await registerAndAuthorize('revoke-delete');
    expect((await api('DELETE', '/api/admin/consumers/revoke-delete')).status).toBe(204);
    expect(await callResource(service, consumer, access)).toBe(401);
    await expect(requestToken(service, consumer, CALLBACK)).rejects.toThrow(/401/);
  });
});
