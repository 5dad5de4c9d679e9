import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';

import { createTestApp, TEST_PUBLIC_URL, type TestApp, testEngines } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { ServiceIdentityService } from '../../apps/provider/src/applinks/service-identity.service';
import { RemoteClient } from '../../apps/provider/src/remote-apps/remote-client';
import { ReauthorizationRequiredError, RemoteCallNotAllowedError, RemoteRequestError } from '../../apps/provider/src/remote-apps/remote-errors';
import { createUser, formFields, TestBrowser } from '../support/consent-flow';

import { ADMIN_PASSWORD, adminApi, createAdminWithToken, dumpAllTables } from './support/consumer-fixtures';
import { FakeAtlassian } from './support/fake-atlassian';

/** Connects `browser`'s user to the remote: Connect button → remote authorize page → our callback. */
async function connect(browser: TestBrowser, remoteAppId: number): Promise<Response> {
  const page = await (await browser.get('/account/remote-apps')).text();
  const form = formFields(page, `/remote-apps/${remoteAppId}/connect`);
  const started = await browser.post(form.action!, { csrf: form.csrf! });
  expect(started.status).toBe(303);
  const authorize = await fetch(started.headers.get('location')!, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const back = authorize.headers.get('location')!;
  expect(back.startsWith(`${TEST_PUBLIC_URL}/remote-apps/${remoteAppId}/callback?`)).toBe(true);
  return browser.get(back.slice(TEST_PUBLIC_URL.length));
}

describe.each(testEngines())('signed client and per-user authorization against a remote provider on %s', (engine) => {
  let service: TestApp;
  let fake: FakeAtlassian;
  let api: ReturnType<typeof adminApi>;
  let remote: RemoteClient;
  let alice: UserEntity;
  let browser: TestBrowser;
  let appId: number;
  let consumerKey: string;

  beforeAll(async () => {
    service = await createTestApp(engine);
    fake = await new FakeAtlassian().start();
    api = adminApi(service.baseUrl, (await createAdminWithToken(service)).token);
    const identity = await service.app.get(ServiceIdentityService).get();
    consumerKey = identity.consumerKey;
    // Bitbucket's incoming link, configured from our consumer-info (the bare base64 SPKI).
    fake.registerConsumer(consumerKey, identity.publicKeySpki);
    const created = await api('POST', '/api/admin/remote-apps', { name: 'Bitbucket', baseUrl: `${fake.baseUrl}/` });
    expect(created.status).toBe(201);
    appId = created.body.id;
    remote = service.app.get(RemoteClient);
    alice = await createUser(service, 'alice');
    browser = new TestBrowser(service.baseUrl);
    expect((await browser.login('alice')).status).toBe(303);
  });

  afterAll(async () => {
    await service?.close();
    await fake?.stop();
  });

  it('registers a remote with Atlassian\'s paths pre-filled and the values for its incoming link', async () => {
    const read = await api('GET', `/api/admin/remote-apps/${appId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      baseUrl: fake.baseUrl,
      requestTokenPath: '/plugins/servlet/oauth/request-token',
      authorizePath: '/plugins/servlet/oauth/authorize',
      accessTokenPath: '/plugins/servlet/oauth/access-token',
      urls: { authorize: `${fake.baseUrl}/plugins/servlet/oauth/authorize` },
      consumerKey,
      callbackUrl: `${TEST_PUBLIC_URL}/remote-apps/${appId}/callback`,
      incomingLink: { consumerKey, allowTwoLegged: false, allowImpersonation: false },
    });
    expect(read.body.incomingLink.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const bad = await api('POST', '/api/admin/remote-apps', { name: 'x', baseUrl: 'https://bb.example.com', authorizePath: '/authorize?x=1' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_path');
    expect((await api('POST', '/api/admin/remote-apps', { name: 'Bitbucket', baseUrl: 'https://bb.example.com' })).status).toBe(409);
    expect((await api('POST', '/api/admin/remote-apps', { name: 'y', baseUrl: 'ftp://bb.example.com' })).status).toBe(400);
  });

  it('shows admins what to enter in the remote\'s incoming link', async () => {
    const admin = new TestBrowser(service.baseUrl);
    expect((await admin.login('admin', ADMIN_PASSWORD)).status).toBe(303);
    const page = await admin.get('/admin/remote-apps');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Consumer Key <code>${consumerKey}</code>`);
    expect(html).toContain(`${TEST_PUBLIC_URL}/remote-apps/${appId}/callback`);
    expect((await browser.get('/admin/remote-apps')).status).toBe(403);
  });

  it('refuses a call for a user who never connected', async () => {
    await expect(remote.forUser(alice).get('/rest/api/1.0/projects')).rejects.toMatchObject({ name: 'ReauthorizationRequiredError', reason: 'not_connected' });
  });

  it('runs the 3-legged dance the way Atlassian does and stores the token sealed', async () => {
    fake.seen.length = 0;
    const done = await connect(browser, appId);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/account/remote-apps?connected=${appId}`);
    const [requestToken, , accessToken] = fake.seen;
    // Token requests: POST, every oauth_* parameter in a form body, no Authorization header (atlassian-wire.md §3).
    for (const call of [requestToken!, accessToken!]) {
      expect(call.method).toBe('POST');
      expect(call.authorization).toBeUndefined();
      expect(call.contentType).toBe('application/x-www-form-urlencoded');
      expect(call.verified?.location).toBe('body');
      expect(call.verified?.signatureMethod).toBe('RSA-SHA1');
    }
    expect(requestToken!.verified?.callback).toBe(`${TEST_PUBLIC_URL}/remote-apps/${appId}/callback`);
    expect(accessToken!.verified?.verifier).toMatch(/^[0-9a-f]{6}$/);
    const issued = fake.accessTokens();
    expect(issued).toHaveLength(1);
    const dump = await dumpAllTables(service);
    expect(dump).not.toContain(issued[0]!.token);
    expect(dump).not.toContain(issued[0]!.secret);
    const page = await (await browser.get(`/account/remote-apps?connected=${appId}`)).text();
    expect(page).toContain('Connected to Bitbucket.');
    expect(page).toContain('Disconnect');
    const check = await browser.get(`/account/remote-apps/${appId}/check`);
    expect(check.status).toBe(200);
    expect(await check.text()).toMatch(/knows you there as <strong class="mono">bb-user<\/strong>/);
  });

  it('signs 3-legged calls with the user\'s token in an Authorization header without realm', async () => {
    fake.seen.length = 0;
    const response = await remote.forUser(alice).get('/rest/api/1.0/projects?limit=25&name=a b');
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ user: 'bb-user', twoLegged: false, location: 'header' });
    const header = fake.seen[0]!.authorization!;
    expect(header).toMatch(/^OAuth oauth_consumer_key="/);
    expect(header).not.toContain('realm');
    expect(header).toContain('oauth_version="1.0"');
    expect(header).toContain('oauth_signature_method="RSA-SHA1"');
    expect(fake.seen[0]!.query).toBe('limit=25&name=a%20b');
    const form = await remote.to(appId).forUser(alice).post('/rest/api/1.0/items', { form: { title: 'x y!' } });
    expect(form.status).toBe(200);
  });

  it('makes 2-legged calls only where allowed on both sides, with oauth_token="" signed and in the header', async () => {
    await expect(remote.asConsumer().get('/rest/api/1.0/projects')).rejects.toBeInstanceOf(RemoteCallNotAllowedError);
    expect((await api('PATCH', `/api/admin/remote-apps/${appId}`, { twoLeggedEnabled: true })).status).toBe(200);
    await expect(remote.asConsumer().get('/rest/api/1.0/projects')).rejects.toMatchObject({ name: 'RemoteOAuthError', problem: 'permission_denied', status: 401 });
    fake.setConsumerFlags(consumerKey, { allowTwoLegged: true });
    fake.seen.length = 0;
    const response = await remote.asConsumer().get('/rest/api/1.0/projects');
    expect(response.json()).toMatchObject({ twoLegged: true, requestorId: null, user: null });
    expect(fake.seen[0]!.authorization).toContain('oauth_token=""');
  });

  it('impersonates with xoauth_requestor_id in the signed query and not in the header', async () => {
    await expect(remote.impersonating('alice').get('/rest/api/1.0/projects')).rejects.toBeInstanceOf(RemoteCallNotAllowedError);
    await api('PATCH', `/api/admin/remote-apps/${appId}`, { impersonationEnabled: true });
    await expect(remote.impersonating('alice').get('/rest/api/1.0/projects')).rejects.toMatchObject({ problem: 'permission_denied' });
    fake.setConsumerFlags(consumerKey, { allowImpersonation: true });
    fake.seen.length = 0;
    const response = await remote.impersonating('alice.o\'neil').get('/rest/api/1.0/projects?start=0');
    expect(response.json()).toMatchObject({ twoLegged: true, requestorId: "alice.o'neil", user: "alice.o'neil" });
    expect(fake.seen[0]!.query).toBe('start=0&xoauth_requestor_id=alice.o%27neil');
    expect(fake.seen[0]!.authorization).toContain('oauth_token=""');
    expect(fake.seen[0]!.authorization).not.toContain('xoauth_requestor_id');
  });

  it('returns redirects instead of following them, and times out slow remotes', async () => {
    expect((await remote.forUser(alice).get('/redirect')).status).toBe(302);
    await expect(remote.forUser(alice).get('/slow', { timeoutMs: 200 })).rejects.toBeInstanceOf(RemoteRequestError);
  });

  it('keeps the token on other OAuth problems', async () => {
    const [token] = fake.accessTokens();
    const consumer = fake.store.consumers.get(consumerKey)!;
    fake.store.consumers.set(consumerKey, { ...consumer, enabled: false });
    await expect(remote.forUser(alice).get('/rest/api/1.0/projects')).rejects.toMatchObject({ name: 'RemoteOAuthError', problem: 'consumer_key_rejected' });
    fake.store.consumers.set(consumerKey, consumer);
    expect((await remote.forUser(alice).get('/rest/api/1.0/projects')).status).toBe(200);
    expect(fake.accessTokens()[0]!.token).toBe(token!.token);
  });

  it.each([
    ['token_revoked', { revoked: true }],
    ['token_expired', { expiresAt: Date.now() - 1000 }],
    ['token_rejected', null],
  ] as const)('deletes the stored token and asks to reconnect on %s', async (problem, change) => {
    if (fake.accessTokens().length === 0) expect((await connect(browser, appId)).status).toBe(303);
    const [token] = fake.accessTokens();
    fake.updateToken(token!.token, change);
    if (problem === 'token_revoked') {
      // Through a page: the error becomes a "Reconnect" prompt.
      const prompt = await browser.get(`/account/remote-apps/${appId}/check`);
      expect(prompt.status).toBe(403);
      expect(await prompt.text()).toContain('Reconnect your Bitbucket account');
    } else {
      const error = await remote.forUser(alice).get('/rest/api/1.0/projects').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReauthorizationRequiredError);
      expect(error).toMatchObject({ reason: problem, remoteAppId: appId, userId: alice.id });
    }
    const rows = await service.app.get(DataSource).query('SELECT COUNT(*) AS n FROM remote_tokens WHERE user_id = ?', [alice.id]);
    expect(Number(rows[0].n)).toBe(0);
    await expect(remote.forUser(alice).get('/rest/api/1.0/projects')).rejects.toMatchObject({ reason: 'not_connected' });
    fake.updateToken(token!.token, null);
    const page = await (await browser.get('/account/remote-apps')).text();
    expect(page).toContain('Connect your Bitbucket account');
    const prompt = await browser.get(`/account/remote-apps/${appId}/check`);
    expect(prompt.status).toBe(403);
    expect(await prompt.text()).toContain('Connect your Bitbucket account');
  });

  it('stores nothing when the user denies, and refuses a callback with a foreign token', async () => {
    fake.denyNext = true;
    const denied = await connect(browser, appId);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('denied');
    const forged = await browser.get(`/remote-apps/${appId}/callback?oauth_token=someone-elses&oauth_verifier=abcdef`);
    expect(forged.status).toBe(400);
    expect((await browser.post(`/remote-apps/${appId}/connect`, { csrf: 'forged' })).status).toBe(403);
    const page = await (await browser.get('/account/remote-apps')).text();
    const { csrf } = formFields(page, `/remote-apps/${appId}/connect`);
    // A valid token for this app is no use for another (the token is bound to the app id).
    expect((await browser.post('/remote-apps/999/connect', { csrf: csrf! })).status).toBe(403);
    expect((await browser.get('/account/remote-apps/999/check')).status).toBe(404);
    await expect(remote.forUser(alice).get('/rest/api/1.0/projects')).rejects.toBeInstanceOf(ReauthorizationRequiredError);
  });

  it('disconnects with a CSRF-protected button', async () => {
    expect((await connect(browser, appId)).status).toBe(303);
    const page = await (await browser.get('/account/remote-apps')).text();
    expect((await browser.post(`/remote-apps/${appId}/disconnect`, { csrf: 'forged' })).status).toBe(403);
    const { csrf } = formFields(page, `/remote-apps/${appId}/disconnect`);
    const done = await browser.post(`/remote-apps/${appId}/disconnect`, { csrf: csrf! });
    expect(done.status).toBe(303);
    await expect(remote.forUser(alice).get('/rest/api/1.0/projects')).rejects.toMatchObject({ reason: 'not_connected' });
  });
});
