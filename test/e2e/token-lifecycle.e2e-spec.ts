import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createTestApp,
  createTestConsumer,
  createTestUser,
  obtainAccessToken,
  parseForm,
  signedAgent,
  type TestApp,
  type TestConsumer,
  testEngines,
} from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { AdminApiTokensService } from '../../apps/provider/src/admin-auth/admin-api-tokens.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { AccessTokenEntity } from '../../apps/provider/src/oauth/access-token.entity';
import { AccessTokensService } from '../../apps/provider/src/oauth/access-tokens.service';
import { NonceEntity } from '../../apps/provider/src/oauth/nonce.entity';
import { OAuthPurgeJob } from '../../apps/provider/src/oauth/oauth-purge.job';
import { RequestTokenEntity } from '../../apps/provider/src/oauth/request-token.entity';
import { RequestTokensService } from '../../apps/provider/src/oauth/request-tokens.service';

async function problemOf(response: Response) {
  return { status: response.status, body: parseForm(await response.text()) };
}

describe.each(testEngines())('token lifecycle on %s', (engine) => {
  let service: TestApp;
  let alice: UserEntity;
  let bob: UserEntity;
  let renewing: TestConsumer;
  let plain: TestConsumer;

  beforeAll(async () => {
    // These tests age tokens by editing their rows, which a process may otherwise reuse for a few seconds (in the
    // product a token's expiry never changes after it is issued): read tokens on every call here.
    service = await createTestApp(engine, { OAUTH_TOKEN_CACHE_SECONDS: '0' });
    alice = await createTestUser(service.app, { username: 'alice' });
    bob = await createTestUser(service.app, { username: 'bob' });
    renewing = await createTestConsumer(service.app, { method: 'RSA-SHA1', allowTokenRenewal: true });
    plain = await createTestConsumer(service.app, { method: 'HMAC-SHA1' });
  });

  afterAll(async () => {
    await service?.close();
  });

  const agentFor = (consumer: TestConsumer) => signedAgent(service.baseUrl, consumer.credentials);

  describe('renewal (oauth_session_handle)', () => {
    it('answers the renewal parameters, renews in the same session, and the old token stops working', async () => {
      const agent = agentFor(renewing);
      const first = await obtainAccessToken(service.app, agent, alice.id);
      expect(Object.keys(first.answer)).toEqual(['oauth_token', 'oauth_token_secret', 'oauth_expires_in', 'oauth_session_handle', 'oauth_authorization_expires_in']);
      const expiresIn = Number(first.answer.oauth_expires_in);
      expect(expiresIn).toBeGreaterThan(5 * 365 * 86_400 - 60);
      expect(Number(first.answer.oauth_authorization_expires_in)).toBeGreaterThan(expiresIn);

      const renewal = await agent.withToken(first).post('/oauth/access-token', { placement: 'body', oauth: { oauth_session_handle: first.answer.oauth_session_handle! } });
      expect(renewal.status).toBe(200);
      expect(renewal.headers.get('cache-control')).toBe('no-store');
      const renewed = parseForm(await renewal.text());
      expect(Object.keys(renewed)).toEqual(['oauth_token', 'oauth_token_secret', 'oauth_expires_in', 'oauth_session_handle', 'oauth_authorization_expires_in']);
      expect(renewed.oauth_token).not.toBe(first.token);
      expect(renewed.oauth_session_handle).toBe(first.answer.oauth_session_handle);

      const rows = await service.app.get(DataSource).getRepository(AccessTokenEntity).find({ where: { userId: alice.id, consumerId: renewing.entity.id }, order: { id: 'ASC' } });
      expect(rows).toHaveLength(2);
      expect(rows[1]!.sessionStartedAt.getTime()).toBe(rows[0]!.sessionStartedAt.getTime());
      expect(rows[0]).toMatchObject({ revokedReason: 'renewed' });

      expect(await problemOf(await agent.withToken(first).get('/api/me'))).toMatchObject({ status: 401, body: { oauth_problem: 'token_revoked' } });
      expect((await agent.withToken({ token: renewed.oauth_token!, secret: renewed.oauth_token_secret! }).get('/api/me')).status).toBe(200);
      // The renewed-away token cannot be renewed again.
      const stale = await agent.withToken(first).post('/oauth/access-token', { oauth: { oauth_session_handle: first.answer.oauth_session_handle! } });
      expect(await problemOf(stale)).toMatchObject({ status: 401, body: { oauth_problem: 'token_revoked' } });
    });

    it('answers token_expired for an expired access token, which can still be renewed within its session', async () => {
      const agent = agentFor(renewing);
      const token = await obtainAccessToken(service.app, agent, bob.id);
      const repository = service.app.get(DataSource).getRepository(AccessTokenEntity);
      const row = (await repository.find({ where: { userId: bob.id, consumerId: renewing.entity.id }, order: { id: 'DESC' }, take: 1 }))[0]!;
      await repository.update({ id: row.id }, { expiresAt: new Date(Date.now() - 60_000) });
      expect(await problemOf(await agent.withToken(token).get('/api/me'))).toMatchObject({ status: 401, body: { oauth_problem: 'token_expired' } });
      const renewal = await agent.withToken(token).post('/oauth/access-token', { oauth: { oauth_session_handle: token.answer.oauth_session_handle! } });
      expect(renewal.status).toBe(200);
      const renewed = parseForm(await renewal.text());
      expect((await agent.withToken({ token: renewed.oauth_token!, secret: renewed.oauth_token_secret! }).get('/api/me')).status).toBe(200);
      // Past the session, renewal ends too.
      const next = (await repository.find({ where: { userId: bob.id, consumerId: renewing.entity.id }, order: { id: 'DESC' }, take: 1 }))[0]!;
      await repository.update({ id: next.id }, { sessionExpiresAt: new Date(Date.now() - 1000), expiresAt: new Date(Date.now() - 1000) });
      const late = await agent.withToken({ token: renewed.oauth_token!, secret: renewed.oauth_token_secret! }).post('/oauth/access-token', { oauth: { oauth_session_handle: token.answer.oauth_session_handle! } });
      expect(await problemOf(late)).toMatchObject({ status: 401, body: { oauth_problem: 'token_expired' } });
    });

    it('refuses a wrong session handle (token_rejected) and renewal for consumers without it (parameter_rejected)', async () => {
      const agent = agentFor(renewing);
      const token = await obtainAccessToken(service.app, agent, alice.id);
      const wrong = await agent.withToken(token).post('/oauth/access-token', { oauth: { oauth_session_handle: 'not-the-handle' } });
      expect(await problemOf(wrong)).toMatchObject({ status: 401, body: { oauth_problem: 'token_rejected' } });

      const plainAgent = agentFor(plain);
      const plainToken = await obtainAccessToken(service.app, plainAgent, alice.id);
      expect(Object.keys(plainToken.answer)).toEqual(['oauth_token', 'oauth_token_secret']);
      const refused = await plainAgent.withToken(plainToken).post('/oauth/access-token', { oauth: { oauth_session_handle: 'anything' } });
      expect(await problemOf(refused)).toMatchObject({ status: 400, body: { oauth_problem: 'parameter_rejected', oauth_parameters_rejected: 'oauth_session_handle' } });
    });
  });

  describe('revocation', () => {
    it('lets a user revoke their own token only; a revoked token answers token_revoked', async () => {
      const agent = agentFor(plain);
      const token = await obtainAccessToken(service.app, agent, alice.id);
      const tokens = service.app.get(AccessTokensService);
      const mine = await tokens.listForUser(alice.id);
      const entry = mine.find((t) => t.consumerKey === plain.credentials.key)!;
      expect(entry).toMatchObject({ consumerName: plain.entity.name, lastUsedAt: null });
      await expect(tokens.revoke(entry.id, { userId: bob.id, admin: false, label: 'user:bob' })).rejects.toMatchObject({ status: 404 });
      expect((await agent.withToken(token).get('/api/me')).status).toBe(200);
      await tokens.revoke(entry.id, { userId: alice.id, admin: false, label: 'user:alice' });
      const answer = await agent.withToken(token).get('/api/me');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('OAuth realm="http://provider.test", oauth_problem="token_revoked"');
      expect((await tokens.listForUser(alice.id)).map((t) => t.id)).not.toContain(entry.id);
    });

    it('records lastUsedAt on use', async () => {
      const agent = agentFor(plain);
      const token = await obtainAccessToken(service.app, agent, bob.id);
      expect((await agent.withToken(token).get('/api/me')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [entry] = await service.app.get(AccessTokensService).listForUser(bob.id);
      expect(entry!.lastUsedAt).toBeInstanceOf(Date);
    });

    it('offers admins GET /api/admin/tokens and DELETE /api/admin/tokens/:id', async () => {
      const admin = await createTestUser(service.app, { role: 'admin' });
      const { value } = await service.app.get(AdminApiTokensService).create(admin, 'tests', { label: 'test' });
      const auth = { Authorization: `Bearer ${value}` };
      const agent = agentFor(plain);
      const token = await obtainAccessToken(service.app, agent, bob.id);

      expect((await fetch(`${service.baseUrl}/api/admin/tokens`)).status).toBe(401);
      const listed = await fetch(`${service.baseUrl}/api/admin/tokens?userId=${bob.id}&consumerId=${plain.entity.id}&page=1`, { headers: auth });
      expect(listed.status).toBe(200);
      const page = (await listed.json()) as { items: { id: number; username: string; consumerKey: string; revokedAt: string | null }[]; total: number };
      expect(page.total).toBeGreaterThanOrEqual(1);
      expect(page.items.every((item) => item.username === 'bob' && item.consumerKey === plain.credentials.key)).toBe(true);
      expect(JSON.stringify(page)).not.toContain(token.token);
      const live = page.items.find((item) => item.revokedAt === null)!;

      expect((await fetch(`${service.baseUrl}/api/admin/tokens/999999`, { method: 'DELETE', headers: auth })).status).toBe(404);
      expect((await fetch(`${service.baseUrl}/api/admin/tokens/abc`, { method: 'DELETE', headers: auth })).status).toBe(400);
      expect((await fetch(`${service.baseUrl}/api/admin/tokens?page=0`, { headers: auth })).status).toBe(400);
      const deleted = await fetch(`${service.baseUrl}/api/admin/tokens/${live.id}`, { method: 'DELETE', headers: auth });
      expect(deleted.status).toBe(204);
      expect(await problemOf(await agent.withToken(token).get('/api/me'))).toMatchObject({ status: 401, body: { oauth_problem: 'token_revoked' } });
    });

    it("revokes a consumer's tokens when it is disabled, and they stay revoked when it is enabled again", async () => {
      const consumer = await createTestConsumer(service.app);
      const agent = agentFor(consumer);
      const token = await obtainAccessToken(service.app, agent, alice.id);
      const consumers = service.app.get(ConsumersService);
      await consumers.update({ label: 'test' }, consumer.credentials.key, { enabled: false });
      expect(await problemOf(await agent.withToken(token).get('/api/me'))).toMatchObject({ status: 401, body: { oauth_problem: 'consumer_key_rejected' } });
      await consumers.update({ label: 'test' }, consumer.credentials.key, { enabled: true });
      expect(await problemOf(await agent.withToken(token).get('/api/me'))).toMatchObject({ status: 401, body: { oauth_problem: 'token_revoked' } });
    });
  });

  it('refuses a replayed request: 401 nonce_used', async () => {
    const agent = agentFor(plain);
    const token = await obtainAccessToken(service.app, agent, alice.id);
    const prepared = agent.withToken(token).prepare({ path: '/api/me' });
    expect((await fetch(prepared.url, prepared.init)).status).toBe(200);
    const replay = await fetch(prepared.url, prepared.init);
    expect(await problemOf(replay)).toMatchObject({ status: 401, body: { oauth_problem: 'nonce_used' } });
  });

  it('keeps no token value, verifier, session handle or secret in clear text in the database', async () => {
    const agent = agentFor(renewing);
    const first = await agent.post('/oauth/request-token', { oauth: { oauth_callback: 'https://consumer.test/callback' } });
    const requestToken = parseForm(await first.text());
    const approval = await service.app.get(RequestTokensService).approve(requestToken.oauth_token!, alice.id);
    const second = await agent.withToken({ token: requestToken.oauth_token!, secret: requestToken.oauth_token_secret! }).post('/oauth/access-token', { oauth: { oauth_verifier: approval.verifier } });
    const accessToken = parseForm(await second.text());
    const hmacToken = await obtainAccessToken(service.app, agentFor(plain), alice.id);
    const secrets = [
      requestToken.oauth_token!,
      requestToken.oauth_token_secret!,
      approval.verifier,
      accessToken.oauth_token!,
      accessToken.oauth_token_secret!,
      accessToken.oauth_session_handle!,
      hmacToken.token,
      hmacToken.secret,
      plain.credentials.secret!,
    ];
    const dataSource = service.app.get(DataSource);
    const dump: string[] = [];
    for (const entity of dataSource.entityMetadatas) {
      const rows = (await dataSource.query(`SELECT * FROM ${dataSource.driver.escape(entity.tableName)}`)) as Record<string, unknown>[];
      dump.push(JSON.stringify(rows));
    }
    const text = dump.join('\n');
    expect(text.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(text.includes(secret), `found a credential in clear text`).toBe(false);
  });

  it('purges expired nonces and request tokens and long-dead access tokens', async () => {
    const dataSource = service.app.get(DataSource);
    expect(await dataSource.getRepository(NonceEntity).count()).toBeGreaterThan(0);
    const inTheFuture = new Date(Date.now() + 6 * 365 * 86_400_000);
    const result = await service.app.get(OAuthPurgeJob).purge(inTheFuture);
    expect(result.nonces).toBeGreaterThan(0);
    expect(result.requestTokens).toBeGreaterThan(0);
    expect(result.accessTokens).toBeGreaterThan(0);
    expect(await dataSource.getRepository(NonceEntity).count()).toBe(0);
    expect(await dataSource.getRepository(RequestTokenEntity).count()).toBe(0);
    expect(await dataSource.getRepository(AccessTokenEntity).count()).toBe(0);
  });
});
