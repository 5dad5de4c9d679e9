import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createTestApp,
  createTestConsumer,
  createTestUser,
  parseForm,
  type ParamPlacement,
  signedAgent,
  type TestApp,
  type TestConsumer,
  testEngines,
} from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { RequestTokensService } from '../../apps/provider/src/oauth/request-tokens.service';
import { formFields, TestBrowser } from '../support/consent-flow';

/** A refusal as Atlassian's consumer reads it: status, the WWW-Authenticate parameters and the form body. */
async function problem(response: Response) {
  const body = parseForm(await response.text());
  return { status: response.status, body, wwwAuthenticate: response.headers.get('www-authenticate') ?? '' };
}

function expectTokenHeaders(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
}

const BASE64URL_192 = /^[A-Za-z0-9_-]{32}$/;

describe.each(testEngines())('token issuance on %s', (engine) => {
  let service: TestApp;
  let user: UserEntity;
  let hmac: TestConsumer;
  let rsa: TestConsumer;
  let requestTokens: RequestTokensService;

  beforeAll(async () => {
    service = await createTestApp(engine);
    requestTokens = service.app.get(RequestTokensService);
    user = await createTestUser(service.app);
    hmac = await createTestConsumer(service.app, { method: 'HMAC-SHA1' });
    rsa = await createTestConsumer(service.app, { method: 'RSA-SHA1' });
  });

  afterAll(async () => {
    await service?.close();
  });

  const agentFor = (consumer: TestConsumer) => signedAgent(service.baseUrl, consumer.credentials);

  describe.each<[string, () => TestConsumer, ParamPlacement, string]>([
    ['HMAC-SHA1, form body (Bitbucket)', () => hmac, 'body', '/oauth'],
    ['HMAC-SHA1, header', () => hmac, 'header', '/plugins/servlet/oauth'],
    ['HMAC-SHA1, query', () => hmac, 'query', '/oauth'],
    ['RSA-SHA1, form body (Bitbucket)', () => rsa, 'body', '/plugins/servlet/oauth'],
    ['RSA-SHA1, header', () => rsa, 'header', '/oauth'],
    ['RSA-SHA1, query', () => rsa, 'query', '/plugins/servlet/oauth'],
  ])('the 3-legged dance with %s', (_name, consumerOf, placement, prefix) => {
    it('issues a request token, redirects with the verifier on a callback that has a query, and exchanges it once', async () => {
      const agent = agentFor(consumerOf());
      const callback = 'https://consumer.test/callback/done?applicationLinkID=7f0c&x=a%20b';
      const first = await agent.post(`${prefix}/request-token`, { placement, oauth: { oauth_callback: callback } });
      expect(first.status).toBe(200);
      expectTokenHeaders(first);
      const text = await first.text();
      const requestToken = parseForm(text);
      expect(Object.keys(requestToken)).toEqual(['oauth_token', 'oauth_token_secret', 'oauth_callback_confirmed']);
      expect(requestToken.oauth_callback_confirmed).toBe('true');
      expect(requestToken.oauth_token).toMatch(BASE64URL_192);
      expect(requestToken.oauth_token_secret).toMatch(BASE64URL_192);

      const approval = await requestTokens.approve(requestToken.oauth_token!, user.id);
      expect(approval.callback).toBe(callback);
      expect(approval.verifier).toMatch(BASE64URL_192);
      expect(approval.redirectUrl).toBe(`${callback}&oauth_token=${requestToken.oauth_token}&oauth_verifier=${approval.verifier}`);

      const withRequestToken = agent.withToken({ token: requestToken.oauth_token!, secret: requestToken.oauth_token_secret! });
      const second = await withRequestToken.post(`${prefix}/access-token`, { placement, oauth: { oauth_verifier: approval.verifier } });
      expect(second.status).toBe(200);
      expectTokenHeaders(second);
      const accessToken = parseForm(await second.text());
      expect(Object.keys(accessToken)).toEqual(['oauth_token', 'oauth_token_secret']);
      expect(accessToken.oauth_token).toMatch(BASE64URL_192);

      const me = await agent.withToken({ token: accessToken.oauth_token!, secret: accessToken.oauth_token_secret! }).get('/api/me', { placement: placement === 'body' ? 'header' : placement });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ mode: '3-legged', user: { id: user.id, username: user.username }, consumer: { key: consumerOf().credentials.key } });

      // Single use: the same request token again (a fresh nonce) is token_used.
      const again = await problem(await withRequestToken.post(`${prefix}/access-token`, { placement, oauth: { oauth_verifier: approval.verifier } }));
      expect(again.status).toBe(401);
      expect(again.body).toEqual({ oauth_problem: 'token_used' });
      expect(again.wwwAuthenticate).toBe('OAuth realm="http://provider.test", oauth_problem="token_used"');
    });
  });

  it("drives Bitbucket's whole dance through the real consent page (login, Allow with CSRF, redirect)", async () => {
    const password = 'correct horse battery staple';
    const owner = await createTestUser(service.app, { password });
    const agent = agentFor(rsa);
    const callback = 'https://consumer.test/callback/plugins/servlet/applinks/oauth/login-dance/access?applicationLinkID=42';
    const first = parseForm(await (await agent.post('/plugins/servlet/oauth/request-token', { placement: 'body', oauth: { oauth_callback: callback } })).text());
    const browser = new TestBrowser(service.baseUrl);
    expect((await browser.login(owner.username, password)).status).toBe(303);
    const page = await browser.get(`/plugins/servlet/oauth/authorize?oauth_token=${encodeURIComponent(first.oauth_token!)}`);
    expect(page.status).toBe(200);
    const fields = formFields(await page.text(), /\/oauth\/authorize$/);
    const decision = await browser.post(fields.action!, { oauth_token: fields.oauth_token!, csrf: fields.csrf!, decision: 'allow' });
    expect(decision.status).toBe(303);
    const location = new URL(decision.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://consumer.test/callback/plugins/servlet/applinks/oauth/login-dance/access');
    expect(location.searchParams.get('applicationLinkID')).toBe('42');
    expect(location.searchParams.get('oauth_token')).toBe(first.oauth_token);
    const verifier = location.searchParams.get('oauth_verifier')!;
    const second = await agent.withToken({ token: first.oauth_token!, secret: first.oauth_token_secret! }).post('/plugins/servlet/oauth/access-token', { placement: 'body', oauth: { oauth_verifier: verifier } });
    expect(second.status).toBe(200);
    const access = parseForm(await second.text());
    const me = await agent.withToken({ token: access.oauth_token!, secret: access.oauth_token_secret! }).get('/api/me');
    expect(await me.json()).toMatchObject({ mode: '3-legged', user: { username: owner.username } });
  });

  it('supports oob: no redirect, the verifier is shown to the user', async () => {
    const agent = agentFor(rsa);
    const first = parseForm(await (await agent.post('/oauth/request-token', { placement: 'header', oauth: { oauth_callback: 'oob' } })).text());
    const consent = await requestTokens.findForConsent(first.oauth_token!);
    expect(consent).toMatchObject({ callback: 'oob', callbackHost: null, consumer: { consumerKey: rsa.credentials.key, name: rsa.entity.name } });
    // Request tokens live 10 minutes by default (OAUTH_REQUEST_TOKEN_TTL_SECONDS).
    expect(consent.expiresAt.getTime() - Date.now()).toBeGreaterThan(590_000);
    expect(consent.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(601_000);
    const approval = await requestTokens.approve(first.oauth_token!, user.id);
    expect(approval).toMatchObject({ callback: 'oob', redirectUrl: null });
    const second = await agent.withToken({ token: first.oauth_token!, secret: first.oauth_token_secret! }).post('/oauth/access-token', { oauth: { oauth_verifier: approval.verifier } });
    expect(second.status).toBe(200);
  });

  it('reads form bodies whatever the media-type case and a UTF-8 charset (as Java clients send them)', async () => {
    const prepared = agentFor(hmac).prepare({ method: 'POST', path: '/oauth/request-token', placement: 'body', oauth: { oauth_callback: 'oob' } });
    prepared.init.headers['Content-Type'] = 'Application/X-WWW-Form-URLEncoded; charset=UTF-8';
    const response = await fetch(prepared.url, prepared.init);
    expect(response.status).toBe(200);
    const latin1 = agentFor(hmac).prepare({ method: 'POST', path: '/oauth/request-token', placement: 'body', oauth: { oauth_callback: 'oob' } });
    latin1.init.headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=ISO-8859-1';
    expect((await fetch(latin1.url, latin1.init)).status).toBe(415);
    // requests-oauthlib and Authlib: parameters in the header, an empty form body.
    const empty = await agentFor(hmac).post('/oauth/request-token', { placement: 'header', oauth: { oauth_callback: 'oob' }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(empty.status).toBe(200);
  });

  it('documents the token endpoints and the admin token API in OpenAPI (not the 405 handlers)', async () => {
    const document = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as { paths: Record<string, Record<string, { requestBody?: { content: object }; security?: object[] }>> };
    for (const path of ['/oauth/request-token', '/plugins/servlet/oauth/request-token', '/oauth/access-token', '/plugins/servlet/oauth/access-token']) {
      expect(Object.keys(document.paths[path]!)).toEqual(['post']);
      expect(Object.keys(document.paths[path]!.post!.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
    }
    expect(Object.keys(document.paths['/api/admin/tokens']!)).toEqual(['get']);
    expect(document.paths['/api/admin/tokens']!.get!.security).toEqual([{ 'admin-token': [] }]);
    expect(Object.keys(document.paths['/api/admin/tokens/{id}']!)).toEqual(['delete']);
    expect(document.paths['/api/me']!.get!.security).toEqual([{ oauth1: [] }]);
  });

  describe('request-token refusals', () => {
    it('requires oauth_callback: 400 parameter_absent', async () => {
      const answer = await problem(await agentFor(hmac).post('/oauth/request-token', { placement: 'body' }));
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ oauth_problem: 'parameter_absent', oauth_parameters_absent: 'oauth_callback' });
      expect(answer.wwwAuthenticate).toBe('OAuth realm="http://provider.test", oauth_problem="parameter_absent", oauth_parameters_absent="oauth_callback"');
    });

    it.each([
      'https://evil.test/callback',
      'https://consumer.test/callback-evil',
      'https://consumer.test/callback/%2e%2e/admin',
      'https://user@consumer.test/callback',
      'http://consumer.test/callback',
      'OOB',
    ])('rejects the callback %s: 400 parameter_rejected naming oauth_callback', async (callback) => {
      const answer = await problem(await agentFor(hmac).post('/oauth/request-token', { placement: 'body', oauth: { oauth_callback: callback } }));
      expect(answer.status).toBe(400);
      expect(answer.body.oauth_problem).toBe('parameter_rejected');
      expect(answer.body.oauth_parameters_rejected).toBe('oauth_callback');
      expect(answer.wwwAuthenticate).toContain('oauth_problem="parameter_rejected", oauth_parameters_rejected="oauth_callback"');
    });

    it('refuses a consumer without 3-legged access: 401 permission_denied', async () => {
      const twoLeggedOnly = await createTestConsumer(service.app, { allowThreeLegged: false, allowTwoLegged: true });
      const answer = await problem(await agentFor(twoLeggedOnly).post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } }));
      expect(answer.status).toBe(401);
      expect(answer.body.oauth_problem).toBe('permission_denied');
    });

    it('allows only oob to a consumer without a registered callback', async () => {
      const noCallback = await createTestConsumer(service.app, { callbackUrl: null });
      const refused = await problem(await agentFor(noCallback).post('/oauth/request-token', { oauth: { oauth_callback: 'https://consumer.test/callback' } }));
      expect(refused.status).toBe(400);
      expect(refused.body.oauth_parameters_rejected).toBe('oauth_callback');
      expect((await agentFor(noCallback).post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } })).status).toBe(200);
    });

    it('answers unknown consumers and bad signatures with 401', async () => {
      const unknown = signedAgent(service.baseUrl, { key: 'no-such-consumer', method: 'HMAC-SHA1', secret: 'x'.repeat(32) });
      expect((await problem(await unknown.post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } }))).body).toEqual({ oauth_problem: 'consumer_key_unknown' });
      const forged = signedAgent(service.baseUrl, { ...hmac.credentials, secret: 'wrong-secret-wrong-secret' });
      const answer = await problem(await forged.post('/oauth/request-token', { placement: 'body', oauth: { oauth_callback: 'oob' } }));
      expect(answer).toMatchObject({ status: 401, body: { oauth_problem: 'signature_invalid' } });
    });

    it('refuses HMAC-SHA1 from an RSA consumer: 400 signature_method_rejected', async () => {
      const confused = signedAgent(service.baseUrl, { key: rsa.credentials.key, method: 'HMAC-SHA1', secret: '' });
      const answer = await problem(await confused.post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } }));
      expect(answer.status).toBe(400);
      expect(answer.body.oauth_problem).toBe('signature_method_rejected');
    });

    it('accepts POST only (405 with Allow: POST) and form bodies only (415)', async () => {
      for (const path of ['/oauth/request-token', '/oauth/access-token', '/plugins/servlet/oauth/request-token', '/plugins/servlet/oauth/access-token']) {
        for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
          const response = await fetch(`${service.baseUrl}${path}`, { method });
          expect(response.status, `${method} ${path}`).toBe(405);
          expect(response.headers.get('allow')).toBe('POST');
        }
      }
      const json = await agentFor(hmac).post('/oauth/request-token', { placement: 'header', oauth: { oauth_callback: 'oob' }, body: { contentType: 'application/json', text: '{"a":1}' } });
      expect(json.status).toBe(415);
    });

    it('answers a request without OAuth parameters with a bare 401 challenge', async () => {
      const response = await fetch(`${service.baseUrl}/oauth/request-token`, { method: 'POST' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('OAuth realm="http://provider.test"');
    });
  });

  describe('access-token refusals (each burns the request token)', () => {
    async function requestToken(consumer: TestConsumer = hmac) {
      const answer = parseForm(await (await agentFor(consumer).post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } })).text());
      return { token: answer.oauth_token!, secret: answer.oauth_token_secret! };
    }

    async function exchange(token: { token: string; secret: string }, verifier: string | undefined, consumer: TestConsumer = hmac) {
      return problem(await agentFor(consumer).withToken(token).post('/oauth/access-token', { placement: 'body', oauth: verifier === undefined ? {} : { oauth_verifier: verifier } }));
    }

    it('permission_unknown before the user decided, then token_used', async () => {
      const token = await requestToken();
      expect(await exchange(token, 'guess')).toMatchObject({ status: 401, body: { oauth_problem: 'permission_unknown' } });
      await expect(requestTokens.approve(token.token, user.id)).rejects.toMatchObject({ problem: 'token_used' });
      expect((await exchange(token, 'guess')).body.oauth_problem).toBe('token_used');
    });

    it('permission_denied after the user denied (the redirect carries oauth_verifier=denied)', async () => {
      const agent = agentFor(hmac);
      const answer = parseForm(await (await agent.post('/oauth/request-token', { oauth: { oauth_callback: 'https://consumer.test/callback?a=1' } })).text());
      const denial = await requestTokens.deny(answer.oauth_token!, user.id);
      expect(denial.redirectUrl).toBe(`https://consumer.test/callback?a=1&oauth_token=${answer.oauth_token}&oauth_verifier=denied`);
      const result = await exchange({ token: answer.oauth_token!, secret: answer.oauth_token_secret! }, 'denied');
      expect(result).toMatchObject({ status: 401, body: { oauth_problem: 'permission_denied' } });
    });

    it('token_rejected for a wrong verifier, after which even the right one is token_used', async () => {
      const token = await requestToken();
      const approval = await requestTokens.approve(token.token, user.id);
      expect(await exchange(token, `${approval.verifier}x`)).toMatchObject({ status: 401, body: { oauth_problem: 'token_rejected' } });
      expect((await exchange(token, approval.verifier)).body.oauth_problem).toBe('token_used');
    });

    it('parameter_absent without a verifier, which burns the token too', async () => {
      const token = await requestToken();
      const approval = await requestTokens.approve(token.token, user.id);
      expect(await exchange(token, undefined)).toMatchObject({ status: 400, body: { oauth_problem: 'parameter_absent', oauth_parameters_absent: 'oauth_verifier' } });
      expect((await exchange(token, approval.verifier)).body.oauth_problem).toBe('token_used');
    });

    it('token_expired for an expired request token', async () => {
      const token = await requestToken();
      const approval = await requestTokens.approve(token.token, user.id);
      await service.app.get(RequestTokensService)['tokens'].update({ state: 'authorized', userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
      expect(await exchange(token, approval.verifier)).toMatchObject({ status: 401, body: { oauth_problem: 'token_expired' } });
      await expect(requestTokens.findForConsent(token.token)).rejects.toMatchObject({ problem: 'token_used' });
    });

    it("token_rejected for another consumer's request token (and it is burned)", async () => {
      const token = await requestToken(hmac);
      const approval = await requestTokens.approve(token.token, user.id);
      const other = await createTestConsumer(service.app);
      expect(await exchange(token, approval.verifier, other)).toMatchObject({ status: 401, body: { oauth_problem: 'token_rejected' } });
      expect((await exchange(token, approval.verifier)).body.oauth_problem).toBe('token_used');
    });

    it('token_rejected for a request token used at a protected resource', async () => {
      const token = await requestToken();
      await requestTokens.approve(token.token, user.id);
      const answer = await problem(await agentFor(hmac).withToken(token).get('/api/me'));
      expect(answer).toMatchObject({ status: 401, body: { oauth_problem: 'token_rejected' } });
    });

    it('token_rejected for an unknown token', async () => {
      expect(await exchange({ token: 'x'.repeat(32), secret: 'y'.repeat(32) }, 'v')).toMatchObject({ status: 401, body: { oauth_problem: 'token_rejected' } });
    });

    it('consent refuses unknown, decided and expired tokens without redirecting', async () => {
      await expect(requestTokens.findForConsent('nope')).rejects.toMatchObject({ problem: 'token_rejected' });
      const token = await requestToken();
      await requestTokens.approve(token.token, user.id);
      await expect(requestTokens.findForConsent(token.token)).rejects.toMatchObject({ problem: 'token_used' });
      await expect(requestTokens.deny(token.token, user.id)).rejects.toMatchObject({ problem: 'token_used' });
    });
  });
});
