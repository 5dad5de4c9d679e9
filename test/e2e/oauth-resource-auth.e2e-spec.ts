import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, createTestUser, createTestConsumer, obtainAccessToken, parseForm, signedAgent, type TestApp, testEngines } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { AuditService } from '../../apps/provider/src/audit/audit.service';

const TWO_LEGGED = { token: '', secret: '' };

async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), json: response.status === 200 ? JSON.parse(text) : null, problem: response.status === 200 ? null : parseForm(text) };
}

/** The resource guard (global default-deny + @OAuthProtected) on a protected route: 3-legged, 2-legged, 2LOi. */
describe.each(testEngines())('OAuth-protected resources on %s', (engine) => {
  let service: TestApp;
  let alice: UserEntity;
  let bob: UserEntity;

  beforeAll(async () => {
    service = await createTestApp(engine);
    alice = await createTestUser(service.app, { username: 'alice' });
    bob = await createTestUser(service.app, { username: 'bob' });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers an unsigned call with the bare realm challenge', async () => {
    const response = await fetch(`${service.baseUrl}/api/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('OAuth realm="http://provider.test"');
  });

  it('refuses 2-legged calls from a consumer that does not allow them: 401 permission_denied', async () => {
    const consumer = await createTestConsumer(service.app);
    const result = await answer(await signedAgent(service.baseUrl, consumer.credentials, TWO_LEGGED).get('/api/me'));
    expect(result.status).toBe(401);
    expect(result.problem!.oauth_problem).toBe('permission_denied');
    expect(result.wwwAuthenticate).toMatch(/^OAuth realm="http:\/\/provider.test", oauth_problem="permission_denied"/);
  });

  it('runs 2-legged calls anonymously, with oauth_token="" or without oauth_token', async () => {
    const consumer = await createTestConsumer(service.app, { allowTwoLegged: true, method: 'RSA-SHA1' });
    for (const token of [TWO_LEGGED, null]) {
      const result = await answer(await signedAgent(service.baseUrl, consumer.credentials, token).get('/api/me', { placement: 'query' }));
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({ mode: '2-legged', user: null, consumer: { key: consumer.credentials.key } });
    }
  });

  it('runs 2-legged calls as the configured user', async () => {
    const consumer = await createTestConsumer(service.app, { allowTwoLegged: true, twoLeggedExecuteAs: 'alice' });
    const result = await answer(await signedAgent(service.baseUrl, consumer.credentials, TWO_LEGGED).get('/api/me'));
    expect(result.json).toMatchObject({ mode: '2-legged', user: { id: alice.id, username: 'alice' } });
  });

  describe('impersonation (xoauth_requestor_id)', () => {
    it('acts as the named user and audits every call', async () => {
      const consumer = await createTestConsumer(service.app, { allowImpersonation: true });
      const agent = signedAgent(service.baseUrl, consumer.credentials, TWO_LEGGED);
      const result = await answer(await agent.get('/api/me?xoauth_requestor_id=bob'));
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({ mode: '2-legged-impersonation', user: { id: bob.id, username: 'bob' } });
      const legacy = await answer(await agent.get('/api/me?user_id=alice'));
      expect(legacy.json).toMatchObject({ mode: '2-legged-impersonation', user: { username: 'alice' } });
      const audit = await service.app.get(AuditService).list({ action: 'oauth.impersonation', actor: `consumer:${consumer.credentials.key}` }, { page: 1, pageSize: 10 });
      expect(audit.items.map((e) => e.targetId).sort()).toEqual(['alice', 'bob']);
    });

    it('refuses unknown and disabled users, and consumers without impersonation: 401 permission_denied', async () => {
      const consumer = await createTestConsumer(service.app, { allowImpersonation: true });
      const agent = signedAgent(service.baseUrl, consumer.credentials, TWO_LEGGED);
      expect((await answer(await agent.get('/api/me?xoauth_requestor_id=nobody'))).problem!.oauth_problem).toBe('permission_denied');
      expect((await answer(await agent.get('/api/me?xoauth_requestor_id=ALICE'))).problem!.oauth_problem).toBe('permission_denied');
      const carol = await createTestUser(service.app, { username: 'carol' });
      await service.app.get(UsersService).setEnabled(carol.id, false);
      expect((await answer(await agent.get('/api/me?xoauth_requestor_id=carol'))).status).toBe(401);
      const twoLeggedOnly = await createTestConsumer(service.app, { allowTwoLegged: true });
      const refused = await answer(await signedAgent(service.baseUrl, twoLeggedOnly.credentials, TWO_LEGGED).get('/api/me?xoauth_requestor_id=bob'));
      expect(refused).toMatchObject({ status: 401, problem: { oauth_problem: 'permission_denied' } });
      const legacyRefused = await answer(await signedAgent(service.baseUrl, twoLeggedOnly.credentials, TWO_LEGGED).get('/api/me?user_id=bob'));
      expect(legacyRefused).toMatchObject({ status: 401, problem: { oauth_problem: 'permission_denied' } });
    });
  });

  it("stops a disabled user's tokens (token_revoked) and lets them work again when re-enabled", async () => {
    const consumer = await createTestConsumer(service.app);
    const dave = await createTestUser(service.app, { username: 'dave' });
    const agent = signedAgent(service.baseUrl, consumer.credentials);
    const token = await obtainAccessToken(service.app, agent, dave.id);
    const users = service.app.get(UsersService);
    await users.setEnabled(dave.id, false);
    expect(await answer(await agent.withToken(token).get('/api/me'))).toMatchObject({ status: 401, problem: { oauth_problem: 'token_revoked' } });
    await users.setEnabled(dave.id, true);
    expect((await agent.withToken(token).get('/api/me')).status).toBe(200);
  });

  it('maps problems to 400 and 401 with the exact oauth_problem', async () => {
    const consumer = await createTestConsumer(service.app);
    const token = await obtainAccessToken(service.app, signedAgent(service.baseUrl, consumer.credentials), alice.id);
    const agent = signedAgent(service.baseUrl, consumer.credentials, token);
    const old = await answer(await agent.get('/api/me', { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(old.status).toBe(400);
    expect(old.problem!.oauth_problem).toBe('timestamp_refused');
    expect(old.problem!.oauth_acceptable_timestamps).toMatch(/^\d+-\d+$/);
    const tampered = agent.prepare({ path: '/api/me?x=1' });
    const response = await fetch(tampered.url.replace('x=1', 'x=2'), tampered.init);
    expect(await answer(response)).toMatchObject({ status: 401, problem: { oauth_problem: 'signature_invalid' } });
    const wrongSecret = signedAgent(service.baseUrl, consumer.credentials, { token: token.token, secret: 'not-the-secret' });
    expect((await answer(await wrongSecret.get('/api/me'))).problem!.oauth_problem).toBe('signature_invalid');
  });
});
