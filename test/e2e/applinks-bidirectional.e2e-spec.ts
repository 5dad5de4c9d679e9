import { createServer } from 'node:net';

import passport from 'passport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OAUTH_RESOURCE_STRATEGY, OAUTH_TOKEN_STRATEGY, OAuthStrategy, OAuthTokenStrategy } from '@app/auth';
import { createTestApp, TcpProxy, type TestApp, testEngines } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { RemoteClient } from '../../apps/provider/src/remote-apps/remote-client';
import { RemoteCallNotAllowedError } from '../../apps/provider/src/remote-apps/remote-errors';
import { createUser, formFields, TestBrowser } from '../support/consent-flow';

import { parseConsumerInfo } from './support/applinks-fixtures';
import { adminApi, createAdminWithToken } from './support/consumer-fixtures';

/** One instance reachable at its own public URL (a TCP relay on a port fixed before boot, so PUBLIC_URL is real). */
interface Instance {
  name: string;
  service: TestApp;
  proxy: TcpProxy;
  publicUrl: string;
  api: ReturnType<typeof adminApi>;
  user: UserEntity;
  browser: TestBrowser;
  /** The consumer key the other instance is registered under here. */
  peerConsumerKey?: string;
  /** The id of the other instance in this one's remote-apps registry. */
  peerRemoteId?: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function startInstance(engine: 'sqlite' | 'mysql', name: string, username: string): Promise<Instance> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const service = await createTestApp(engine, { PUBLIC_URL: publicUrl });
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(service.baseUrl).port));
  await proxy.start(port);
  const api = adminApi(publicUrl, (await createAdminWithToken(service)).token);
  const user = await createUser(service, username);
  const browser = new TestBrowser(publicUrl);
  expect((await browser.login(username)).status).toBe(303);
  return { name, service, proxy, publicUrl, api, user, browser };
}

/**
 * Two Nest apps in one process share passport's global strategy registry, and the last app booted wins: without
 * this, instance B's strategies (B's store, B's database) would verify requests sent to A. Each instance runs in its
 * own process in production; here the provider about to be called takes the registry back before each exchange.
 */
function actAsProvider(instance: Instance): void {
  passport.use(OAUTH_RESOURCE_STRATEGY, instance.service.app.get(OAuthStrategy, { strict: false }));
  passport.use(OAUTH_TOKEN_STRATEGY, instance.service.app.get(OAuthTokenStrategy, { strict: false }));
}

/**
 * Links `consumer` → `provider` using only public documents and set-up values: the provider registers the consumer
 * from its consumer-info (RSA key), and the consumer registers the provider from the provider's link set-up values.
 */
async function link(consumer: Instance, provider: Instance): Promise<void> {
  const xml = await (await fetch(`${consumer.publicUrl}/plugins/servlet/oauth/consumer-info`)).text();
  const info = parseConsumerInfo(xml);
  const registered = await provider.api('POST', '/api/admin/consumers', {
    consumerKey: info.key,
    name: info.name,
    description: info.description,
    publicKey: info.publicKey,
    signatureMethods: ['RSA-SHA1'],
    callbackUrl: consumer.publicUrl,
  });
  expect(registered.status).toBe(201);
  provider.peerConsumerKey = info.key;
  const setup = (await provider.api('GET', `/api/admin/applinks/${encodeURIComponent(info.key)}/setup`)).body;
  expect(setup.applicationUrl).toBe(provider.publicUrl);
  const remote = await consumer.api('POST', '/api/admin/remote-apps', {
    name: provider.name,
    type: 'generic',
    baseUrl: setup.applicationUrl,
    requestTokenPath: setup.relative.requestTokenUrl,
    authorizePath: setup.relative.authorizeUrl,
    accessTokenPath: setup.relative.accessTokenUrl,
  });
  expect(remote.status).toBe(201);
  consumer.peerRemoteId = remote.body.id;
}

/** `from`'s user connects their account at `to`: Connect → `to`'s consent page (as `to`'s user) → Allow → back. */
async function connect(from: Instance, to: Instance): Promise<void> {
  actAsProvider(to);
  const page = await (await from.browser.get('/account/remote-apps')).text();
  const connectForm = formFields(page, `/remote-apps/${from.peerRemoteId}/connect`);
  const started = await from.browser.post(connectForm.action, { csrf: connectForm.csrf! });
  expect(started.status).toBe(303);
  const authorize = new URL(started.headers.get('location')!);
  expect(authorize.origin + authorize.pathname).toBe(`${to.publicUrl}/plugins/servlet/oauth/authorize`);
  const consent = await to.browser.get(authorize.pathname + authorize.search);
  expect(consent.status).toBe(200);
  const consentForm = formFields(await consent.text(), /\/authorize$/);
  const decision = await to.browser.post(consentForm.action, { oauth_token: consentForm.oauth_token!, csrf: consentForm.csrf!, decision: 'allow' });
  expect(decision.status).toBe(303);
  const callback = new URL(decision.headers.get('location')!);
  expect(callback.origin).toBe(from.publicUrl);
  const done = await from.browser.get(callback.pathname + callback.search);
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe(`/account/remote-apps?connected=${from.peerRemoteId}`);
}

describe.each(testEngines())('two instances linked both ways on %s', (engine) => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = await startInstance(engine, 'Instance A', 'ann');
    b = await startInstance(engine, 'Instance B', 'ben');
    await link(a, b);
    await link(b, a);
  });

  afterAll(async () => {
    for (const instance of [a, b]) {
      await instance?.proxy.cut();
      await instance?.service.close();
    }
  });

  it('lets a user on A connect to B, and A read B\'s /api/me as that user', async () => {
    await connect(a, b);
    const response = await a.service.app.get(RemoteClient).to(a.peerRemoteId!).forUser(a.user).get('/api/me');
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ mode: '3-legged', user: { username: 'ben' }, consumer: { key: b.peerConsumerKey }, signatureMethod: 'RSA-SHA1', parametersIn: 'header' });
    const check = await a.browser.get(`/account/remote-apps/${a.peerRemoteId}/check`);
    expect(await check.text()).toMatch(/knows you there as <strong class="mono">ben<\/strong>/);
  });

  it('and the reverse: a user on B connects to A, and B reads A\'s /api/me', async () => {
    await connect(b, a);
    const response = await b.service.app.get(RemoteClient).to(b.peerRemoteId!).forUser(b.user).get('/api/me');
    expect(response.json()).toMatchObject({ mode: '3-legged', user: { username: 'ann' }, consumer: { key: a.peerConsumerKey } });
  });

  it('shows the calls in the provider\'s link check', async () => {
    const check = await b.api('GET', `/api/admin/applinks/${encodeURIComponent(b.peerConsumerKey!)}/check`);
    expect(check.status).toBe(200);
    // The verifier path feeds the link check once LinkDiagnosticsService is wired into it (see applinks/README text).
    expect(check.body.status).not.toBe('unknown');
    expect(check.body.successes).toBeGreaterThan(0);
    expect(check.body.outcomes[0]).toMatchObject({ ok: true, signatureMethod: 'RSA-SHA1' });
  });

  it('makes 2-legged calls only where both sides allow them', async () => {
    actAsProvider(b);
    const client = a.service.app.get(RemoteClient).to(a.peerRemoteId!);
    await expect(client.asConsumer().get('/api/me')).rejects.toBeInstanceOf(RemoteCallNotAllowedError);
    expect((await a.api('PATCH', `/api/admin/remote-apps/${a.peerRemoteId}`, { twoLeggedEnabled: true })).status).toBe(200);
    await expect(client.asConsumer().get('/api/me')).rejects.toMatchObject({ name: 'RemoteOAuthError', status: 401, problem: 'permission_denied' });
    expect((await b.api('PATCH', `/api/admin/consumers/${encodeURIComponent(b.peerConsumerKey!)}`, { allowTwoLegged: true })).status).toBe(200);
    const response = await client.asConsumer().get('/api/me');
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ mode: '2-legged', user: null, consumer: { key: b.peerConsumerKey } });
  });

  it('impersonates only where both sides allow it, and only existing users', async () => {
    actAsProvider(a);
    const client = b.service.app.get(RemoteClient).to(b.peerRemoteId!);
    await expect(client.impersonating('ann').get('/api/me')).rejects.toBeInstanceOf(RemoteCallNotAllowedError);
    await b.api('PATCH', `/api/admin/remote-apps/${b.peerRemoteId}`, { impersonationEnabled: true });
    await expect(client.impersonating('ann').get('/api/me')).rejects.toMatchObject({ name: 'RemoteOAuthError', problem: 'permission_denied' });
    expect((await a.api('PATCH', `/api/admin/consumers/${encodeURIComponent(a.peerConsumerKey!)}`, { allowImpersonation: true })).status).toBe(200);
    const response = await client.impersonating('ann').get('/api/me');
    expect(response.json()).toMatchObject({ mode: '2-legged-impersonation', user: { username: 'ann' } });
    await expect(client.impersonating('nobody').get('/api/me')).rejects.toMatchObject({ problem: 'permission_denied' });
  });

  it('asks the user to reconnect once the provider side revokes the grant', async () => {
    actAsProvider(b);
    const tokens = await b.api('GET', '/api/admin/tokens');
    expect(tokens.status).toBe(200);
    const items: Array<{ id: number; consumerKey: string }> = tokens.body.items ?? tokens.body;
    const grant = items.find((t) => t.consumerKey === b.peerConsumerKey)!;
    expect((await b.api('DELETE', `/api/admin/tokens/${grant.id}`)).status).toBeLessThan(300);
    const client = a.service.app.get(RemoteClient).to(a.peerRemoteId!);
    await expect(client.forUser(a.user).get('/api/me')).rejects.toMatchObject({ name: 'ReauthorizationRequiredError' });
    await expect(client.forUser(a.user).get('/api/me')).rejects.toMatchObject({ reason: 'not_connected' });
  });
});
