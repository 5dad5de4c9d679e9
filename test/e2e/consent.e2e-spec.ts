import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { hashToken } from '../../apps/provider/src/crypto/token-hash';
import { RequestTokenEntity } from '../../apps/provider/src/oauth/request-token.entity';
import {
  callResource,
  createConsumer,
  createUser,
  exchange,
  formFields,
  requestToken,
  TestBrowser,
  type TestConsumer,
} from '../support/consent-flow';

const consentCsrf = (html: string) => formFields(html, '/oauth/authorize').csrf;
const CALLBACK = 'http://127.0.0.1:9/callback/bitbucket?applicationLinkID=42';

describe.each(testEngines())('consent page on %s', (engine) => {
  let service: TestApp;
  let consumer: TestConsumer;
  let oob: TestConsumer;
  let alice: TestBrowser;

  beforeAll(async () => {
    service = await createTestApp(engine);
    await createUser(service, 'alice', 'user', 'Alice Liddell');
    await createUser(service, 'bob');
    await createUser(service, 'root', 'admin');
    consumer = await createConsumer(service, 'bitbucket', {
      name: 'Bitbucket <script>alert(1)</script>',
      description: 'Our "code" & <i>reviews</i>',
      callbackUrl: 'http://127.0.0.1:9/callback',
    });
    oob = await createConsumer(service, 'script', { name: 'Release script', callbackUrl: null });
    alice = new TestBrowser(service.baseUrl);
    expect((await alice.login('alice')).status).toBe(303);
  });

  afterAll(async () => {
    await service?.close();
  });

  async function consentPage(browser: TestBrowser, token: string, path = '/oauth/authorize'): Promise<{ response: Response; html: string }> {
    const response = await browser.get(`${path}?oauth_token=${encodeURIComponent(token)}`);
    return { response, html: await response.text() };
  }

  it('sends a visitor to log in first and back to the same consent page', async () => {
    const pair = await requestToken(service, consumer, CALLBACK);
    const browser = new TestBrowser(service.baseUrl);
    const authorize = `/plugins/servlet/oauth/authorize?oauth_token=${pair.token}&oauth_callback=${encodeURIComponent('https://evil.example/')}`;
    const first = await browser.get(authorize);
    expect(first.status).toBe(303);
    const loginUrl = first.headers.get('location')!;
    expect(loginUrl).toBe(`/login?next=${encodeURIComponent(authorize)}`);
    const login = await browser.login('alice', undefined, new URL(loginUrl, 'http://x').searchParams.get('next')!);
    expect(login.headers.get('location')).toBe(authorize);
    const page = await browser.get(authorize);
    expect(page.status).toBe(200);
  });

  it('shows the consumer, the callback host and the user, escaped, behind anti-framing and no-store headers', async () => {
    const pair = await requestToken(service, consumer, CALLBACK);
    const { response, html } = await consentPage(alice, pair.token);
    expect(response.status).toBe(200);
    expect(html).toContain('Bitbucket &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Our &quot;code&quot; &amp; &lt;i&gt;reviews&lt;/i&gt;');
    expect(html).toContain('127.0.0.1:9');
    expect(html).toContain('Alice Liddell');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:9");
    expect(csp).toContain("default-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('Allow: 303 to the bound callback with oauth_token and oauth_verifier added to its query, then the exchange works', async () => {
    const pair = await requestToken(service, consumer, CALLBACK);
    // Bitbucket's own oauth_callback on the authorize URL is ignored (checklist R3).
    const page = await alice.get(`/oauth/authorize?oauth_token=${pair.token}&oauth_callback=${encodeURIComponent('https://evil.example/steal')}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const decision = await alice.post('/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'allow' });
    expect(decision.status).toBe(303);
    const location = new URL(decision.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:9/callback/bitbucket');
    expect(location.searchParams.get('applicationLinkID')).toBe('42');
    expect(location.searchParams.get('oauth_token')).toBe(pair.token);
    const verifier = location.searchParams.get('oauth_verifier')!;
    expect(verifier.length).toBeGreaterThanOrEqual(22);
    expect(decision.headers.get('cache-control')).toBe('no-store');

    const access = await exchange(service, consumer, pair, verifier);
    expect(access.status).toBe(200);
    expect(access.answer.get('oauth_token')).toBeTruthy();
  });

  it('Deny: 303 to the callback with oauth_verifier=denied, and the exchange answers permission_denied', async () => {
    const pair = await requestToken(service, consumer, CALLBACK);
    const { html } = await consentPage(alice, pair.token);
    const decision = await alice.post('/plugins/servlet/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'deny' });
    expect(decision.status).toBe(303);
    const location = new URL(decision.headers.get('location')!);
    expect(location.searchParams.get('oauth_verifier')).toBe('denied');
    expect(location.searchParams.get('oauth_token')).toBe(pair.token);
    const access = await exchange(service, consumer, pair, 'denied');
    expect(access.status).toBe(401);
    expect(access.answer.get('oauth_problem')).toBe('permission_denied');
  });

  it('oob: shows the verifier to copy instead of redirecting', async () => {
    const pair = await requestToken(service, oob, 'oob');
    const { html } = await consentPage(alice, pair.token);
    expect(html).toContain('No website');
    const decision = await alice.post('/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'allow' });
    expect(decision.status).toBe(200);
    expect(decision.headers.get('location')).toBeNull();
    const verifier = /<p class="verifier" id="verifier"[^>]*>([^<]+)<\/p>/.exec(await decision.text())![1];
    expect((await exchange(service, oob, pair, verifier)).status).toBe(200);
  });

  it('oob Deny: a page, no redirect', async () => {
    const pair = await requestToken(service, oob, 'oob');
    const { html } = await consentPage(alice, pair.token);
    const decision = await alice.post('/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'deny' });
    expect(decision.status).toBe(200);
    expect(await decision.text()).toContain('was not given access');
  });

  describe('CSRF', () => {
    it('refuses a decision without the token (403) and authorizes nothing', async () => {
      const pair = await requestToken(service, consumer, CALLBACK);
      const response = await alice.post('/oauth/authorize', { oauth_token: pair.token, decision: 'allow' });
      expect(response.status).toBe(403);
      expect(response.headers.get('location')).toBeNull();
      expect((await exchange(service, consumer, pair, 'guess')).status).toBe(401);
    });

    it('refuses a token issued for another request token (swapped)', async () => {
      const mine = await requestToken(service, consumer, CALLBACK);
      const other = await requestToken(service, consumer, CALLBACK);
      const { html } = await consentPage(alice, other.token);
      const response = await alice.post('/oauth/authorize', { oauth_token: mine.token, csrf: consentCsrf(html), decision: 'allow' });
      expect(response.status).toBe(403);
      // The request token is still undecided: the real page can still allow it.
      const real = await consentPage(alice, mine.token);
      expect(real.response.status).toBe(200);
    });

    it('refuses a token from another user’s session', async () => {
      const pair = await requestToken(service, consumer, CALLBACK);
      const bob = new TestBrowser(service.baseUrl);
      await bob.login('bob');
      const { html } = await consentPage(bob, pair.token);
      const response = await alice.post('/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'allow' });
      expect(response.status).toBe(403);
    });

    it('never approves on GET', async () => {
      const pair = await requestToken(service, consumer, CALLBACK);
      const response = await alice.get(`/oauth/authorize?oauth_token=${pair.token}&decision=allow`);
      expect(response.status).toBe(200);
      const row = await service.app.get(DataSource).getRepository(RequestTokenEntity).findOneBy({ tokenHash: hashToken(pair.token) });
      expect(row!.state).toBe('issued');
    });
  });

  describe('error pages, never redirects', () => {
    it('unknown token: 404 page', async () => {
      const { response, html } = await consentPage(alice, 'no-such-token');
      expect(response.status).toBe(404);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(html).toContain('Unknown authorization request');
    });

    it('missing token: 400 page', async () => {
      const response = await alice.get('/oauth/authorize');
      expect(response.status).toBe(400);
    });

    it('expired token: 410 page, and the POST does not redirect either', async () => {
      const pair = await requestToken(service, consumer, CALLBACK);
      const { html } = await consentPage(alice, pair.token);
      await service.app.get(DataSource).getRepository(RequestTokenEntity).update({ tokenHash: hashToken(pair.token) }, { expiresAt: new Date(Date.now() - 1000) });
      expect((await consentPage(alice, pair.token)).response.status).toBe(410);
      const post = await alice.post('/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'allow' });
      expect(post.status).toBe(410);
      expect(post.headers.get('location')).toBeNull();
    });

    it('already decided token: 409 page on GET and on a second POST', async () => {
      const pair = await requestToken(service, consumer, CALLBACK);
      const { html } = await consentPage(alice, pair.token);
      const form = { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'allow' };
      expect((await alice.post('/oauth/authorize', form)).status).toBe(303);
      const again = await alice.post('/oauth/authorize', { ...form, decision: 'deny' });
      expect(again.status).toBe(409);
      expect(again.headers.get('location')).toBeNull();
      expect((await consentPage(alice, pair.token)).response.status).toBe(409);
    });
  });

  describe('authorized applications', () => {
    async function authorize(browser: TestBrowser, who: TestConsumer) {
      const pair = await requestToken(service, who, CALLBACK);
      const { html } = await consentPage(browser, pair.token);
      const decision = await browser.post('/oauth/authorize', { oauth_token: pair.token, csrf: consentCsrf(html), decision: 'allow' });
      const verifier = new URL(decision.headers.get('location')!).searchParams.get('oauth_verifier')!;
      const access = await exchange(service, who, pair, verifier);
      return { token: access.answer.get('oauth_token')!, secret: access.answer.get('oauth_token_secret')! };
    }

    it('lists the applications and revokes one with POST + CSRF; the token stops working at once', async () => {
      const carol = new TestBrowser(service.baseUrl);
      await createUser(service, 'carol');
      await carol.login('carol');
      const access = await authorize(carol, consumer);
      expect(await callResource(service, consumer, access)).toBe(200);

      const page = await carol.get('/account/applications');
      const html = await page.text();
      expect(html).toContain('Bitbucket &lt;script&gt;');
      const { action, csrf } = formFields(html, /^\/account\/applications\/\d+\/revoke$/);

      expect((await carol.post(action, {})).status).toBe(403);
      expect(await callResource(service, consumer, access)).toBe(200);

      const revoke = await carol.post(action, { csrf });
      expect(revoke.status).toBe(303);
      expect(revoke.headers.get('location')).toBe('/account/applications?revoked=1');
      expect(await callResource(service, consumer, access)).toBe(401);
      const after = await (await carol.get('/account/applications?revoked=1')).text();
      expect(after).toContain('Access revoked');
      expect(after).toContain('No application has access in your name.');
    });

    it('does not let one user revoke another’s grant, but lets an admin see and revoke it', async () => {
      const dave = new TestBrowser(service.baseUrl);
      const daveUser = await createUser(service, 'dave');
      await dave.login('dave');
      const access = await authorize(dave, consumer);
      const html = await (await dave.get('/account/applications')).text();
      const id = /\/account\/applications\/(\d+)\/revoke/.exec(html)![1];

      // bob's own CSRF token for that id, on bob's own page path: still not bob's grant.
      const bob = new TestBrowser(service.baseUrl);
      await bob.login('bob');
      const bobsPage = await (await bob.get('/account/applications')).text();
      expect(bobsPage).not.toContain(`/account/applications/${id}/revoke`);
      expect((await bob.get(`/admin/users/${daveUser.id}/applications`)).status).toBe(403);

      const admin = new TestBrowser(service.baseUrl);
      await admin.login('root');
      const adminPage = await (await admin.get(`/admin/users/${daveUser.id}/applications`)).text();
      expect(adminPage).toContain('dave Example');
      const action = `/admin/users/${daveUser.id}/applications/${id}/revoke`;
      expect(adminPage).toContain(action);
      const revoke = await admin.post(action, { csrf: formFields(adminPage, action).csrf });
      expect(revoke.status).toBe(303);
      expect(await callResource(service, consumer, access)).toBe(401);
    });
  });
});
