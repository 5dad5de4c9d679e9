import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { AdminApiTokensService } from '../../apps/provider/src/admin-auth/admin-api-tokens.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';

import { acceptedKeyFormats, adminApi, createAdminWithToken, dumpAllTables, keyVectors, negativeKeys } from './support/consumer-fixtures';

const SUPPLIED_SECRET = 'Kq7#Zt2vLm9!Xw4pRb';

describe.each(testEngines())('consumer registry admin API on %s', (engine) => {
  let service: TestApp;
  let api: ReturnType<typeof adminApi>;
  let adminToken: string;
  const secretsSeen: string[] = [];
  const revocations: Array<[number, string]> = [];

  beforeAll(async () => {
    service = await createTestApp(engine);
    adminToken = (await createAdminWithToken(service)).token;
    api = adminApi(service.baseUrl, adminToken);
    service.app.get(ConsumersService).onConsumerCredentialsRevoked(async (id, reason) => {
      revocations.push([id, reason]);
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('authentication', () => {
    it('answers 401 with a Bearer challenge without a token, and with error="invalid_token" for a bad one', async () => {
      const none = await adminApi(service.baseUrl, null)('GET', '/api/admin/consumers');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+"$/);
      const bad = await adminApi(service.baseUrl, 'alp_not-a-real-token')('GET', '/api/admin/consumers');
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(bad.body).toMatchObject({ statusCode: 401, code: 'invalid_token' });
      const basic = await fetch(`${service.baseUrl}/api/admin/consumers`, { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
      expect(basic.status).toBe(401);
    });

    it('answers 403 for a valid token of a non-admin, and 401 once a token is revoked', async () => {
      const user = await createAdminWithToken(service, 'plain-user', 'user');
      const forbidden = await adminApi(service.baseUrl, user.token)('GET', '/api/admin/consumers');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('insufficient_scope');
      const other = await createAdminWithToken(service, 'second-admin');
      expect((await adminApi(service.baseUrl, other.token)('GET', '/api/admin/consumers')).status).toBe(200);
      await service.app.get(AdminApiTokensService).revoke(other.tokenId, { label: 'test' });
      expect((await adminApi(service.baseUrl, other.token)('GET', '/api/admin/consumers')).status).toBe(401);
    });
  });

  describe('HMAC-SHA1 consumers', () => {
    it('creates one with a generated 192-bit secret shown once, and never shows it again', async () => {
      const created = await api('POST', '/api/admin/consumers', { consumerKey: 'bitbucket-prod', name: 'Bitbucket', callbackUrl: 'HTTPS://Bitbucket.Example.com/' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ consumerKey: 'bitbucket-prod', signatureMethods: ['HMAC-SHA1'], hasSharedSecret: true, publicKey: null, enabled: true, callbackUrl: 'https://bitbucket.example.com' });
      expect(created.body.sharedSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      secretsSeen.push(created.body.sharedSecret);
      for (const path of ['/api/admin/consumers/bitbucket-prod', '/api/admin/consumers', '/api/admin/consumers/bitbucket-prod/setup', '/api/admin/audit?pageSize=100']) {
        const read = await api('GET', path);
        expect(read.status).toBe(200);
        expect(read.text).not.toContain(created.body.sharedSecret);
        expect(read.text).not.toContain('sharedSecretSealed');
      }
      const verifiable = await service.app.get(ConsumersService).findForVerification('bitbucket-prod');
      expect(verifiable?.secret).toBe(created.body.sharedSecret);
      expect(verifiable?.methods).toEqual(['HMAC-SHA1']);
    });

    it('accepts a secret the admin types (Bitbucket dictates it) and refuses weak ones with one sentence', async () => {
      const created = await api('POST', '/api/admin/consumers', { consumerKey: 'bitbucket-typed', name: 'Bitbucket typed', sharedSecret: SUPPLIED_SECRET });
      expect(created.status).toBe(201);
      expect(created.body.sharedSecret).toBe(SUPPLIED_SECRET);
      secretsSeen.push(SUPPLIED_SECRET);
      for (const weak of ['short', 'aaaaaaaaaaaaaaaaaaaa', 'abcd1234abcd1234abcd1234', 'MyPassword-2026!x', 'with spaces in the secret']) {
        const refused = await api('POST', '/api/admin/consumers', { consumerKey: `weak-${weak.length}-${weak[0]}`, name: 'Weak', sharedSecret: weak });
        expect(refused.status, weak).toBe(400);
        expect(refused.body).toMatchObject({ code: 'invalid_shared_secret', field: 'sharedSecret' });
        expect(refused.body.message).toMatch(/^The shared secret [^.]+(\.|; leave it empty to have one generated\.)$/);
      }
    });

    it('rotates the secret (shown once), reports the revocation, and stores only the sealed value', async () => {
      const before = await service.app.get(ConsumersService).get('bitbucket-prod');
      const rotated = await api('POST', '/api/admin/consumers/bitbucket-prod/rotate-secret', {});
      expect(rotated.status).toBe(200);
      expect(rotated.body.sharedSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(rotated.body.sharedSecret).not.toBe(secretsSeen[0]);
      secretsSeen.push(rotated.body.sharedSecret);
      expect(revocations).toContainEqual([before.id, 'secret-rotated']);
      expect((await service.app.get(ConsumersService).findForVerification('bitbucket-prod'))?.secret).toBe(rotated.body.sharedSecret);
    });
  });

  describe('RSA-SHA1 consumers', () => {
    it.each(acceptedKeyFormats())('accepts the fixture key as %s with the same fingerprint', async (format, key) => {
      const consumerKey = `jira-${format.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
      const created = await api('POST', '/api/admin/consumers', { consumerKey, name: `Jira (${format})`, publicKey: key });
      expect(created.status, created.text).toBe(201);
      expect(created.body.signatureMethods).toEqual(['RSA-SHA1']);
      expect(created.body.sharedSecret).toBeNull();
      expect(created.body.publicKey).toMatchObject({ bits: 2048, spkiBase64: keyVectors.rsa.public_key_spki_der_base64 });
      const first = (await api('GET', '/api/admin/consumers/jira-spki-pem')).body.publicKey?.fingerprintSha256;
      expect(created.body.publicKey.fingerprintSha256).toBe(first ?? created.body.publicKey.fingerprintSha256);
      expect(created.body.publicKey.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('gives one fingerprint for every accepted format', async () => {
      const page = await api('GET', '/api/admin/consumers?search=jira-&pageSize=100');
      const prints = new Set(page.body.items.map((c: { publicKey: { fingerprintSha256: string } }) => c.publicKey.fingerprintSha256));
      expect(page.body.items).toHaveLength(acceptedKeyFormats().length);
      expect(prints.size).toBe(1);
    });

    it.each(negativeKeys())('refuses the %s key with a clear 400 (%s)', async (name, pem) => {
      const refused = await api('POST', '/api/admin/consumers', { consumerKey: `refused-${name}`, name: 'Refused', publicKey: pem });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, code: 'invalid_public_key', field: 'publicKey' });
      expect(typeof refused.body.message).toBe('string');
      expect(refused.body.message).toMatch(/^[A-Z][^\n]{10,200}\.$/);
      expect(refused.text).not.toMatch(/at \w+ \(|stack/);
      expect((await api('GET', `/api/admin/consumers/refused-${name}`)).status).toBe(404);
    });

    it('accepts the 1024-bit key only with the legacy flag, and refuses the same key on replacement', async () => {
      const legacyPem = keyVectors.negative_keys.rsa1024_spki_pem.pem;
      const created = await api('POST', '/api/admin/consumers', { consumerKey: 'old-jira', name: 'Old Jira', publicKey: legacyPem, allowLegacyKey: true });
      expect(created.status).toBe(201);
      expect(created.body.publicKey.bits).toBe(1024);
      const replaced = await api('PUT', '/api/admin/consumers/jira-spki-pem/public-key', { publicKey: legacyPem });
      expect(replaced.status).toBe(400);
      expect(replaced.body.message).toContain('1024 bits');
    });

    it('replaces a key, reports the revocation and serves the new KeyObject', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const sut = service.app.get(ConsumersService);
      const old = await sut.findForVerification('jira-spki-pem');
      expect(old?.publicKey?.asymmetricKeyType).toBe('rsa');
      expect(await sut.findForVerification('jira-spki-pem')).toMatchObject({ publicKey: old?.publicKey });
      const replaced = await api('PUT', '/api/admin/consumers/jira-spki-pem/public-key', { publicKey: pem });
      expect(replaced.status).toBe(200);
      expect(replaced.body.publicKey.fingerprintSha256).not.toBe(old?.entity.publicKeyFingerprint);
      expect(revocations).toContainEqual([old!.entity.id, 'key-replaced']);
      const fresh = await sut.findForVerification('jira-spki-pem');
      expect(fresh?.publicKey?.equals(publicKey)).toBe(true);
    });

    it('refuses RSA-SHA1 without a key and a secret without HMAC', async () => {
      const noKey = await api('POST', '/api/admin/consumers', { consumerKey: 'rsa-no-key', name: 'x', signatureMethods: ['RSA-SHA1'] });
      expect(noKey.status).toBe(400);
      expect(noKey.body.code).toBe('credentials_required');
      const unusedSecret = await api('POST', '/api/admin/consumers', { consumerKey: 'rsa-secret', name: 'x', signatureMethods: ['RSA-SHA1'], publicKey: keyVectors.rsa.public_key_spki_pem, sharedSecret: SUPPLIED_SECRET });
      expect(unusedSecret.status).toBe(400);
    });
  });

  describe('input rules', () => {
    it.each([
      [{ consumerKey: '', name: 'x' }, 'invalid_consumer_key'],
      [{ consumerKey: ' lead', name: 'x' }, 'invalid_consumer_key'],
      [{ consumerKey: 'tab\there', name: 'x' }, 'invalid_consumer_key'],
      [{ consumerKey: 'ключ', name: 'x' }, 'invalid_consumer_key'],
      [{ consumerKey: 'k'.repeat(256), name: 'x' }, 'invalid_consumer_key'],
      [{ consumerKey: 'cb-1', name: 'x', callbackUrl: 'ftp://bitbucket.example.com' }, 'invalid_callback_url'],
      [{ consumerKey: 'cb-2', name: 'x', callbackUrl: 'https://user:pw@bitbucket.example.com' }, 'invalid_callback_url'],
      [{ consumerKey: 'cb-3', name: 'x', callbackUrl: 'https://bitbucket.example.com/?a=1' }, 'invalid_callback_url'],
      [{ consumerKey: 'cb-4', name: 'x', callbackUrl: 'https://bitbucket.example.com/#f' }, 'invalid_callback_url'],
      [{ consumerKey: 'cb-5', name: 'x', callbackUrl: '/relative' }, 'invalid_callback_url'],
      [{ consumerKey: 'm-1', name: 'x', signatureMethods: [] }, 'invalid_signature_methods'],
      [{ consumerKey: 'u-1', name: 'x', allowTwoLegged: true, twoLeggedExecuteAs: 'nobody-here' }, 'unknown_user'],
      [{ consumerKey: 'n-1', name: '   ' }, 'invalid_name'],
    ])('refuses %j with %s', async (body, code) => {
      const refused = await api('POST', '/api/admin/consumers', body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe(code);
    });

    it('refuses unknown fields and wrong types through validation (400, never 500)', async () => {
      expect((await api('POST', '/api/admin/consumers', { consumerKey: 'v-1', name: 'x', isAdmin: true })).status).toBe(400);
      expect((await api('POST', '/api/admin/consumers', { consumerKey: 'v-2', name: 'x', signatureMethods: ['HMAC-SHA256'] })).status).toBe(400);
      expect((await api('POST', '/api/admin/consumers', { consumerKey: 42, name: 'x' })).status).toBe(400);
      expect((await api('GET', '/api/admin/consumers?pageSize=1000')).status).toBe(400);
      const broken = await fetch(`${service.baseUrl}/api/admin/consumers`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: '{"consumerKey":' });
      expect(broken.status).toBe(400);
    });

    it('accepts keys with punctuation, addressed URL-encoded', async () => {
      const key = 'jira:abc/123 x?y#z';
      const created = await api('POST', '/api/admin/consumers', { consumerKey: key, name: 'Punctuation' });
      expect(created.status).toBe(201);
      const read = await api('GET', `/api/admin/consumers/${encodeURIComponent(key)}`);
      expect(read.status).toBe(200);
      expect(read.body.consumerKey).toBe(key);
    });
  });

  describe('lifecycle', () => {
    it('updates settings, lists with paging and shows the setup values', async () => {
      await service.app.get(UsersService).create({ username: 'bitbucket-bot', displayName: 'Bot', role: 'user' });
      const updated = await api('PATCH', '/api/admin/consumers/bitbucket-prod', { name: 'Bitbucket (prod)', allowTwoLegged: true, twoLeggedExecuteAs: 'bitbucket-bot', allowImpersonation: true, allowTokenRenewal: true });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Bitbucket (prod)', allowTwoLegged: true, twoLeggedExecuteAs: 'bitbucket-bot', allowImpersonation: true, allowTokenRenewal: true });
      const page1 = await api('GET', '/api/admin/consumers?page=1&pageSize=2');
      const page2 = await api('GET', '/api/admin/consumers?page=2&pageSize=2');
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.total).toBeGreaterThan(4);
      expect(page2.body.items[0].consumerKey).not.toBe(page1.body.items[0].consumerKey);
      const setup = await api('GET', '/api/admin/consumers/bitbucket-prod/setup');
      expect(setup.body).toEqual({
        consumerKey: 'bitbucket-prod',
        consumerName: 'Bitbucket (prod)',
        applicationUrl: 'http://provider.test',
        signatureMethods: ['HMAC-SHA1'],
        sharedSecretNote: expect.stringContaining('shown once'),
        publicKeyFingerprint: null,
        callbackUrl: 'https://bitbucket.example.com',
        requestTokenUrl: 'http://provider.test/plugins/servlet/oauth/request-token',
        accessTokenUrl: 'http://provider.test/plugins/servlet/oauth/access-token',
        authorizeUrl: 'http://provider.test/plugins/servlet/oauth/authorize',
        relative: {
          requestTokenUrl: '/plugins/servlet/oauth/request-token',
          accessTokenUrl: '/plugins/servlet/oauth/access-token',
          authorizeUrl: '/plugins/servlet/oauth/authorize',
        },
      });
    });

    it('disables (revoking tokens at once, verification sees enabled=false) and enables again', async () => {
      const disabled = await api('POST', '/api/admin/consumers/bitbucket-typed/disable');
      expect(disabled.status).toBe(200);
      expect(disabled.body.enabled).toBe(false);
      const verifiable = await service.app.get(ConsumersService).findForVerification('bitbucket-typed');
      expect(verifiable?.entity.enabled).toBe(false);
      expect(revocations).toContainEqual([verifiable!.entity.id, 'consumer-disabled']);
      expect((await api('POST', '/api/admin/consumers/bitbucket-typed/enable')).body.enabled).toBe(true);
    });

    it('deletes as a tombstone: credentials wiped, not verifiable, key never reused', async () => {
      const id = (await service.app.get(ConsumersService).get('bitbucket-typed')).id;
      expect((await api('DELETE', '/api/admin/consumers/bitbucket-typed')).status).toBe(204);
      expect(revocations).toContainEqual([id, 'consumer-deleted']);
      expect(await service.app.get(ConsumersService).findForVerification('bitbucket-typed')).toBeNull();
      expect((await api('GET', '/api/admin/consumers/bitbucket-typed')).status).toBe(404);
      expect((await api('DELETE', '/api/admin/consumers/bitbucket-typed')).status).toBe(404);
      const again = await api('POST', '/api/admin/consumers', { consumerKey: 'bitbucket-typed', name: 'Again' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('consumer_key_retired');
      const taken = await api('POST', '/api/admin/consumers', { consumerKey: 'bitbucket-prod', name: 'Dup' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('consumer_key_taken');
    });

    it('keeps an audit trail of every change, filterable, without secret values', async () => {
      const audit = await api('GET', '/api/admin/audit?targetType=consumer&targetId=bitbucket-prod&pageSize=100');
      expect(audit.status).toBe(200);
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['consumer.created', 'consumer.secret-rotated', 'consumer.updated']));
      expect(audit.body.items.every((e: { actor: string }) => e.actor === 'user:admin')).toBe(true);
      const deleted = await api('GET', '/api/admin/audit?action=consumer.deleted');
      expect(deleted.body.items.map((e: { targetId: string }) => e.targetId)).toEqual(['bitbucket-typed']);
      expect((await api('GET', '/api/admin/audit?since=not-a-date')).status).toBe(400);
    });
  });

  it('stores no consumer secret in clear text in any table', async () => {
    const dump = await dumpAllTables(service);
    expect(dump).toContain('bitbucket-prod');
    expect(secretsSeen.length).toBeGreaterThanOrEqual(3);
    for (const secret of secretsSeen) expect(dump).not.toContain(secret);
  });

  it('documents the admin API in OpenAPI with the bearer scheme, DTO examples and error schemas', async () => {
    const doc = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as any;
    expect(doc.components.securitySchemes['admin-token']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const paths = ['/api/admin/consumers', '/api/admin/consumers/{key}', '/api/admin/consumers/{key}/setup', '/api/admin/consumers/{key}/rotate-secret', '/api/admin/consumers/{key}/public-key', '/api/admin/consumers/{key}/disable', '/api/admin/consumers/{key}/enable', '/api/admin/audit'];
    for (const path of paths) {
      expect(doc.paths[path], path).toBeDefined();
      for (const operation of Object.values(doc.paths[path]) as any[]) {
        expect(operation.security).toEqual([{ 'admin-token': [] }]);
        expect(operation.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/ApiErrorDto');
        expect(operation.responses['403']).toBeDefined();
      }
    }
    expect(doc.paths['/api/admin/consumers'].post.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ApiErrorDto');
    expect(doc.components.schemas.CreateConsumerDto.properties.consumerKey.example).toBe('bitbucket-prod');
    expect(doc.components.schemas.CreateConsumerDto.required).toEqual(expect.arrayContaining(['consumerKey', 'name']));
    expect(doc.components.schemas.ConsumerResponseDto.properties.sharedSecret).toBeUndefined();
  });
});
