import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type SignedAgent, type TestApp, testEngines, type TestTokenCredentials } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { hashToken } from '../../apps/provider/src/crypto/token-hash';
import { AccessTokenEntity } from '../../apps/provider/src/oauth/access-token.entity';
import { AccessTokensService } from '../../apps/provider/src/oauth/access-tokens.service';

import { oauthProblem, ProtectedFixtures, signRaw } from './protected-resources.fixtures';

const TWO_LEGGED: TestTokenCredentials = { token: '', secret: '' };

/** Protected resources: who a signed call runs as, and the exact refusal of every broken one. */
describe.each(testEngines())('protected resources on %s', (engine) => {
  let service: TestApp;
  let fixtures: ProtectedFixtures;
  let alice: UserEntity;
  let bob: UserEntity;
  let hmac: SignedAgent;
  let aliceToken: TestTokenCredentials;

  beforeAll(async () => {
    service = await createTestApp(engine);
    fixtures = new ProtectedFixtures(service);
    alice = await fixtures.createUser('alice');
    bob = await fixtures.createUser('bob');
    await fixtures.createUser('carol');
    await fixtures.createUser('dave', false);
    hmac = await fixtures.hmacConsumer('bitbucket-hmac');
    aliceToken = await fixtures.accessToken(hmac, alice);
  });

  afterAll(async () => {
    await service?.close();
  });

  async function expectProblem(response: Response, status: number, problem: string | undefined): Promise<void> {
    expect({ status: response.status, problem: oauthProblem(response) }).toEqual({ status, problem });
    expect(response.headers.get('www-authenticate')).toMatch(/^OAuth realm="http:\/\/provider\.test"/);
    await response.arrayBuffer();
  }

  describe('signed calls run as the right user', () => {
    it('3-legged HMAC-SHA1: /api/me is the user who approved, through the consumer', async () => {
      const response = await hmac.withToken(aliceToken).get('/api/me');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        mode: '3-legged',
        user: { id: alice.id, username: 'alice', displayName: 'Alice Example' },
        consumer: { key: 'bitbucket-hmac', name: 'Consumer bitbucket-hmac' },
        signatureMethod: 'HMAC-SHA1',
        parametersIn: 'header',
      });
    });

    it('3-legged RSA-SHA1 with the parameters in the query and in the form body', async () => {
      const rsa = await fixtures.rsaConsumer('jira-rsa');
      const bobToken = await fixtures.accessToken(rsa, bob);
      const viaQuery = await rsa.withToken(bobToken).get('/api/me', { placement: 'query' });
      expect(await viaQuery.json()).toMatchObject({ mode: '3-legged', user: { username: 'bob' }, signatureMethod: 'RSA-SHA1', parametersIn: 'query' });
      const body = signRaw(rsa, bobToken, { method: 'POST', target: '/api/diagnostics/echo', placement: 'body', form: [['a', '1']] });
      const viaBody = await fetch(body.url, body.init);
      expect(viaBody.status).toBe(200);
      expect(await viaBody.json()).toMatchObject({ caller: { user: { username: 'bob' }, parametersIn: 'body' }, form: [['a', '1']] });
    });

    it('2-legged runs as the "execute as" user, or anonymously without one', async () => {
      const asBob = await fixtures.hmacConsumer('ci-as-bob', { allowTwoLegged: true, twoLeggedExecuteAs: 'bob' });
      const me = await asBob.withToken(TWO_LEGGED).get('/api/me');
      expect(await me.json()).toMatchObject({ mode: '2-legged', user: { username: 'bob' } });
      const anonymous = await fixtures.hmacConsumer('ci-anonymous', { allowTwoLegged: true });
      const anon = await anonymous.withToken(TWO_LEGGED).get('/api/me');
      expect(await anon.json()).toMatchObject({ mode: '2-legged', user: null, consumer: { key: 'ci-anonymous' } });
    });

    it('2-legged impersonation runs as xoauth_requestor_id', async () => {
      const impersonating = await fixtures.hmacConsumer('bitbucket-2lo', { allowTwoLegged: true, allowImpersonation: true });
      const response = await impersonating.withToken(TWO_LEGGED).get('/api/diagnostics/echo?xoauth_requestor_id=carol&x=1');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ caller: { mode: '2-legged-impersonation', user: { username: 'carol' } }, query: [['xoauth_requestor_id', 'carol'], ['x', '1']] });
    });

    it('echo returns the decoded non-oauth query and form parameters as ordered pairs', async () => {
      const request = signRaw(hmac, aliceToken, {
        method: 'POST',
        target: '/api/diagnostics/echo?q=a+b&q=%C3%A9&empty=&z=%2B&q=a%20b',
        form: [['c', '100% & done'], ['c', ''], ['ü', '😀 !*\'()']],
      });
      const response = await fetch(request.url, request.init);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        method: 'POST',
        caller: expect.objectContaining({ mode: '3-legged' }),
        query: [['q', 'a b'], ['q', 'é'], ['empty', ''], ['z', '+'], ['q', 'a b']],
        form: [['c', '100% & done'], ['c', ''], ['ü', '😀 !*\'()']],
      });
    });
  });

  it('documents every protected operation with the OAuth 1.0a requirement and its problem answers', async () => {
    const document = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    expect(document.components.securitySchemes.oauth1).toMatchObject({ type: 'http', scheme: 'OAuth' });
    const operations = ['/api/me', '/api/diagnostics/echo', '/api/projects', '/api/projects/{projectId}', '/api/projects/{projectId}/builds', '/api/projects/{projectId}/builds/{buildNumber}'].flatMap(
      (path) => Object.entries(document.paths[path] ?? {}).map(([method, operation]) => ({ at: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations).toHaveLength(9);
    for (const { at, operation } of operations) {
      expect({ at, security: operation.security }).toEqual({ at, security: [{ oauth1: [] }] });
      expect({ at, header: Object.keys(operation.responses['401']?.headers ?? {}) }).toEqual({ at, header: ['WWW-Authenticate'] });
      expect({ at, header: Object.keys(operation.responses['400']?.headers ?? {}) }).toEqual({ at, header: ['WWW-Authenticate'] });
    }
  });

  describe('every failure has its exact status and oauth_problem', () => {
    it('missing: 401 with a bare challenge', async () => {
      await expectProblem(await fetch(`${service.baseUrl}/api/me`), 401, undefined);
      await expectProblem(await fetch(`${service.baseUrl}/api/projects`, { method: 'POST' }), 401, undefined);
    });

    it('tampered query or form body: 401 signature_invalid', async () => {
      const query = hmac.withToken(aliceToken).prepare({ path: '/api/diagnostics/echo?amount=10' });
      await expectProblem(await fetch(query.url.replace('amount=10', 'amount=1000'), query.init), 401, 'signature_invalid');
      const form = hmac.withToken(aliceToken).prepare({ method: 'POST', path: '/api/projects', form: [['key', 'SIGNED'], ['name', 'n']] });
      await expectProblem(await fetch(form.url, { ...form.init, body: form.init.body!.replace('SIGNED', 'FORGED') }), 401, 'signature_invalid');
    });

    it('replayed nonce: 401 nonce_used; stale timestamp: 400 timestamp_refused', async () => {
      const prepared = hmac.withToken(aliceToken).prepare({ path: '/api/me' });
      expect((await fetch(prepared.url, prepared.init)).status).toBe(200);
      await expectProblem(await fetch(prepared.url, prepared.init), 401, 'nonce_used');
      await expectProblem(await hmac.withToken(aliceToken).get('/api/me', { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 400, 'timestamp_refused');
    });

    it('expired token: 401 token_expired', async () => {
      const token = await fixtures.accessToken(hmac, bob);
      await service.app.get(DataSource).getRepository(AccessTokenEntity).update({ tokenHash: hashToken(token.token) }, { expiresAt: new Date(Date.now() - 60_000) });
      await expectProblem(await hmac.withToken(token).get('/api/me'), 401, 'token_expired');
    });

    it('revoked token: 401 token_revoked, on the very next request after a successful one', async () => {
      const token = await fixtures.accessToken(hmac, bob);
      expect((await hmac.withToken(token).get('/api/me')).status).toBe(200);
      const tokens = service.app.get(AccessTokensService);
      const [newest] = await tokens.listForUser(bob.id);
      await tokens.revoke(newest!.id, { userId: bob.id, admin: false, label: 'user:bob' });
      await expectProblem(await hmac.withToken(token).get('/api/me'), 401, 'token_revoked');
    });

    it("a disabled user's token: 401 token_revoked", async () => {
      const erin = await fixtures.createUser('erin');
      const token = await fixtures.accessToken(hmac, erin);
      expect((await hmac.withToken(token).get('/api/me')).status).toBe(200);
      await service.app.get(UsersService).setEnabled(erin.id, false);
      await expectProblem(await hmac.withToken(token).get('/api/me'), 401, 'token_revoked');
      // Enabled again: the same token works again (it was never revoked).
      await service.app.get(UsersService).setEnabled(erin.id, true);
      expect((await hmac.withToken(token).get('/api/me')).status).toBe(200);
    });

    it('token of another consumer: 401 token_rejected; unknown consumer: 401 consumer_key_unknown', async () => {
      const other = await fixtures.hmacConsumer('other-app');
      await expectProblem(await other.withToken(aliceToken).get('/api/me'), 401, 'token_rejected');
      const unknown = await fixtures.hmacConsumer('soon-deleted');
      await service.app.get(ConsumersService).delete({ label: 'test' }, 'soon-deleted');
      await expectProblem(await unknown.withToken(TWO_LEGGED).get('/api/me'), 401, 'consumer_key_unknown');
    });

    it('disabled consumer: 401 consumer_key_rejected', async () => {
      const agent = await fixtures.hmacConsumer('disabled-app');
      const token = await fixtures.accessToken(agent, alice);
      await service.app.get(ConsumersService).update({ label: 'test' }, 'disabled-app', { enabled: false });
      await expectProblem(await agent.withToken(token).get('/api/me'), 401, 'consumer_key_rejected');
    });

    it('request token used as an access token: 401 token_rejected', async () => {
      const requestToken = await fixtures.requestToken(hmac);
      await expectProblem(await hmac.withToken(requestToken).get('/api/me'), 401, 'token_rejected');
    });

    it('2-legged call from a consumer without 2-legged access: 401 permission_denied', async () => {
      await expectProblem(await hmac.withToken(TWO_LEGGED).get('/api/me'), 401, 'permission_denied');
    });

    it('impersonation not allowed, unknown or disabled user: 401 permission_denied', async () => {
      const noImpersonation = await fixtures.hmacConsumer('no-2loi', { allowTwoLegged: true });
      await expectProblem(await noImpersonation.withToken(TWO_LEGGED).get('/api/me?xoauth_requestor_id=carol'), 401, 'permission_denied');
      const impersonating = await fixtures.hmacConsumer('with-2loi', { allowTwoLegged: true, allowImpersonation: true });
      await expectProblem(await impersonating.withToken(TWO_LEGGED).get('/api/me?xoauth_requestor_id=nobody'), 401, 'permission_denied');
      await expectProblem(await impersonating.withToken(TWO_LEGGED).get('/api/me?xoauth_requestor_id=dave'), 401, 'permission_denied');
    });
  });
});
