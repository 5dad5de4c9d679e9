import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource } from 'typeorm';

import { parsePublicKey } from '@app/oauth1';
import { createTestApp, SignedAgent, signedAgent, TEST_PUBLIC_URL, type TestApp, testEngines } from '@app/testing';

import { LinkDiagnosticsService } from '../../apps/provider/src/applinks/link-diagnostics.service';
import { ServiceIdentityService } from '../../apps/provider/src/applinks/service-identity.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { formFields, TestBrowser } from '../support/consent-flow';

import { parseConsumerInfo } from './support/applinks-fixtures';
import { ADMIN_PASSWORD, adminApi, createAdminWithToken, dumpAllTables } from './support/consumer-fixtures';

describe.each(testEngines())('application links, provider side, on %s', (engine) => {
  let service: TestApp;
  let api: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    service = await createTestApp(engine);
    api = adminApi(service.baseUrl, (await createAdminWithToken(service)).token);
    await service.app.get(ConsumersService).create(
      { label: 'test' },
      { consumerKey: 'bitbucket-prod', name: 'Bitbucket', signatureMethods: ['HMAC-SHA1'], callbackUrl: 'https://bitbucket.example.com', allowThreeLegged: true },
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  describe('consumer identity and consumer-info', () => {
    it('publishes the identity created on first start in Atlassian\'s XML shape, anonymously', async () => {
      const response = await fetch(`${service.baseUrl}/plugins/servlet/oauth/consumer-info`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/xml;charset=UTF-8');
      const info = parseConsumerInfo(await response.text());
      expect(info.root).toBe('consumer');
      expect(info.key).toBe('applink-provider:provider.test');
      expect(info.name).toBe('AppLink Provider (provider.test)');
      expect(info.description).toBe(`AppLink Provider at ${TEST_PUBLIC_URL}`);
      // Bare base64 SPKI, no PEM lines, as Atlassian's RSAKeys.toPemEncoding.
      expect(info.publicKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const parsed = parsePublicKey(info.publicKey);
      expect(parsed.modulusBits).toBe(2048);
      const rows = await service.app.get(DataSource).query('SELECT public_key_fingerprint AS f FROM service_identity');
      expect(rows).toEqual([{ f: parsed.fingerprintSha256 }]);
    });

    it('keeps the private key sealed at rest and never returns it', async () => {
      const identity = await service.app.get(ServiceIdentityService).get();
      const pem = identity.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const body = pem.split('\n')[5]!;
      expect(await dumpAllTables(service)).not.toContain(body);
      const read = await api('GET', '/api/admin/applinks/identity');
      expect(read.status).toBe(200);
      expect(read.text).not.toContain('PRIVATE');
      expect(read.body.publicKeyPem).toContain('-----BEGIN PUBLIC KEY-----');
      expect(parsePublicKey(read.body.publicKeyPem).fingerprintSha256).toBe(read.body.publicKeyFingerprint);
      expect(read.body.consumerInfoUrl).toBe(`${TEST_PUBLIC_URL}/plugins/servlet/oauth/consumer-info`);
    });

    it('escapes admin-edited text in the XML and refuses keys with spaces', async () => {
      const bad = await api('PATCH', '/api/admin/applinks/identity', { consumerKey: 'two words' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('invalid_consumer_key');
      const updated = await api('PATCH', '/api/admin/applinks/identity', { name: 'Tools <R&D> "west"', description: "Ops' tools & more\u0007" });
      expect(updated.status).toBe(200);
      const xml = await (await fetch(`${service.baseUrl}/plugins/servlet/oauth/consumer-info`)).text();
      expect(xml).toContain('<name>Tools &lt;R&amp;D&gt; &quot;west&quot;</name>');
      expect(xml).not.toContain('\u0007');
      const info = parseConsumerInfo(xml);
      expect(info.name).toBe('Tools <R&D> "west"');
      expect(info.description).toBe("Ops' tools & more");
    });

    it('rotates the key pair on request, audited, and publishes the new key at once', async () => {
      const before = (await api('GET', '/api/admin/applinks/identity')).body.publicKeyFingerprint;
      const rotated = await api('POST', '/api/admin/applinks/identity/rotate-key');
      expect(rotated.status).toBe(200);
      expect(rotated.body.publicKeyFingerprint).not.toBe(before);
      const info = parseConsumerInfo(await (await fetch(`${service.baseUrl}/plugins/servlet/oauth/consumer-info`)).text());
      expect(parsePublicKey(info.publicKey).fingerprintSha256).toBe(rotated.body.publicKeyFingerprint);
      const audit = await service.app.get(DataSource).query("SELECT action, details FROM audit_events WHERE action = 'service-identity.key-rotated'");
      expect(audit).toHaveLength(1);
      expect(String(audit[0].details)).toContain(before);
    });
  });

  describe('link set-up values', () => {
    it('gives the Application URL and type, the key, the URLs both ways and Bitbucket\'s steps', async () => {
      const setup = await api('GET', '/api/admin/applinks/bitbucket-prod/setup');
      expect(setup.status).toBe(200);
      expect(setup.body).toMatchObject({
        applicationUrl: TEST_PUBLIC_URL,
        applicationType: 'Atlassian product',
        consumerKey: 'bitbucket-prod',
        requestTokenUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/request-token`,
        authorizeUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/authorize`,
        accessTokenUrl: `${TEST_PUBLIC_URL}/plugins/servlet/oauth/access-token`,
        relative: {
          requestTokenUrl: '/plugins/servlet/oauth/request-token',
          authorizeUrl: '/plugins/servlet/oauth/authorize',
          accessTokenUrl: '/plugins/servlet/oauth/access-token',
        },
      });
      expect(setup.body.authorizeUrl).not.toContain('?');
      const text = JSON.stringify(setup.body.steps);
      expect(text).toContain('No response was received');
      expect(text).toContain('External application');
      const fields = Object.fromEntries(setup.body.steps.flatMap((s: { fields: Array<{ label: string; value: string }> }) => s.fields.map((f) => [f.label, f.value])));
      expect(fields).toMatchObject({ 'Application URL': TEST_PUBLIC_URL, 'Consumer key': 'bitbucket-prod', 'Authorize URL': `${TEST_PUBLIC_URL}/plugins/servlet/oauth/authorize` });
      // The test service's public URL is plain http.
      expect(setup.body.warnings.join(' ')).toContain('not HTTPS');
    });

    it('warns about a consumer Bitbucket could not use, and answers 404 for an unknown one', async () => {
      await service.app.get(ConsumersService).create({ label: 'test' }, { consumerKey: 'rsa-only', name: 'Script', signatureMethods: ['RSA-SHA1'], publicKey: (await service.app.get(ServiceIdentityService).get()).publicKeyPem, callbackUrl: null });
      const setup = await api('GET', '/api/admin/applinks/rsa-only/setup');
      expect(setup.status).toBe(200);
      expect(setup.body.warnings.join(' ')).toMatch(/HMAC-SHA1/);
      expect(setup.body.warnings.join(' ')).toMatch(/callback/i);
      const missing = await api('GET', '/api/admin/applinks/nobody/setup');
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('consumer_not_found');
      expect((await adminApi(service.baseUrl, null)('GET', '/api/admin/applinks/bitbucket-prod/setup')).status).toBe(401);
    });
  });

  describe('link check', () => {
    it('lists recent outcomes with the diagnosed cause of a signature failure', async () => {
      const diagnostics = service.app.get(LinkDiagnosticsService);
      diagnostics.recordOutcome({ consumerKey: 'bitbucket-prod', ok: true, endpoint: 'resource', signatureMethod: 'HMAC-SHA1', path: '/api/me' });
      diagnostics.recordOutcome({
        consumerKey: 'bitbucket-prod',
        ok: false,
        problem: 'signature_invalid',
        endpoint: 'resource',
        signatureMethod: 'HMAC-SHA1',
        path: '/api/me?oauth_token=secret',
        publicUrlTried: [TEST_PUBLIC_URL],
        requestHost: '10.0.0.5:3000',
      });
      const check = await api('GET', '/api/admin/applinks/bitbucket-prod/check');
      expect(check.status).toBe(200);
      expect(check.body).toMatchObject({ consumerKey: 'bitbucket-prod', status: 'failing', successes: 1, failures: 1 });
      const [latest, earlier] = check.body.outcomes;
      expect(latest).toMatchObject({ ok: false, problem: 'signature_invalid', path: '/api/me' });
      expect(latest.causes[0].code).toBe('public-url-mismatch');
      expect(latest.causes[0].message).toContain('10.0.0.5:3000');
      expect(latest.causes.map((c: { code: string }) => c.code)).toContain('wrong-secret');
      expect(earlier).toMatchObject({ ok: true, problem: null, causes: [] });
      expect((await api('DELETE', '/api/admin/applinks/bitbucket-prod/check')).status).toBe(204);
      expect((await api('GET', '/api/admin/applinks/bitbucket-prod/check')).body.status).toBe('unknown');
    });

    it('diagnoses real requests once the verifier path reports to it', async () => {
      const diagnostics = service.app.get(LinkDiagnosticsService);
      diagnostics.clear('bitbucket-prod');
      const secret = (await service.app.get(ConsumersService).rotateSecret({ label: 'test' }, 'bitbucket-prod')).sharedSecret!;
      const consumer = { key: 'bitbucket-prod', method: 'HMAC-SHA1' as const, secret };
      const outcomes = async (n: number) => {
        await vi.waitFor(() => expect(diagnostics.check('bitbucket-prod').outcomes.length).toBeGreaterThanOrEqual(n), { timeout: 2000 });
        return (await api('GET', '/api/admin/applinks/bitbucket-prod/check')).body.outcomes;
      };
      // Signed for the address the request really reached (as behind a proxy that is not configured), not PUBLIC_URL.
      const direct = await new SignedAgent(service.baseUrl, consumer, null, service.baseUrl).get('/api/me');
      expect(direct.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(diagnostics.check('bitbucket-prod').status).not.toBe('unknown');
      const [proven] = await outcomes(1);
      expect(proven).toMatchObject({ ok: false, problem: 'signature_invalid', endpoint: 'resource', signatureMethod: 'HMAC-SHA1', path: '/api/me' });
      expect(proven.causes).toEqual([{ code: 'public-url-mismatch', message: expect.stringContaining(`The signature is valid for ${service.baseUrl}`) }]);
      // Signed for a URL the request did not arrive under: the host still differs, so the mismatch is suspected.
      await new SignedAgent(service.baseUrl, consumer, null, 'https://bitbucket-sees.example.com').get('/api/me');
      const [suspected] = await outcomes(2);
      expect(suspected.causes.map((c: { code: string }) => c.code)).toEqual(['public-url-mismatch', 'wrong-secret']);
      const wrongSecret = await signedAgent(service.baseUrl, { ...consumer, secret: 'not-the-secret' }).get('/api/me');
      expect(wrongSecret.status).toBe(401);
      const [secretFailure] = await outcomes(3);
      expect(secretFailure.causes.map((c: { code: string }) => c.code)).toContain('wrong-secret');
      expect((await signedAgent(service.baseUrl, consumer).get('/api/me')).status).toBe(401); // no token, no 2-legged: refused after the signature
      const [refused] = await outcomes(4);
      expect(refused).toMatchObject({ ok: false, problem: 'permission_denied', mode: null });
    });

    it('renders the set-up page with the check for admins only', async () => {
      service.app.get(LinkDiagnosticsService).recordOutcome({ consumerKey: 'bitbucket-prod', ok: false, problem: 'timestamp_refused', timestampSkewSeconds: -900 });
      const admin = new TestBrowser(service.baseUrl);
      expect((await admin.login('admin', ADMIN_PASSWORD, '/admin/applinks/bitbucket-prod')).status).toBe(303);
      const page = await admin.get('/admin/applinks/bitbucket-prod');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Atlassian product');
      expect(html).toContain('No response was received');
      expect(html).toContain(`${TEST_PUBLIC_URL}/plugins/servlet/oauth/authorize`);
      expect(html).toContain('timestamp_refused');
      expect(html).toContain('900 s behind');
      const identityHtml = await (await admin.get('/admin/applinks')).text();
      expect(identityHtml).toContain('-----BEGIN PUBLIC KEY-----');
      const before = (await service.app.get(ServiceIdentityService).get()).publicKeyFingerprint;
      expect((await admin.post('/admin/applinks/rotate-key', { csrf: 'forged' })).status).toBe(403);
      const rotate = formFields(identityHtml, '/admin/applinks/rotate-key');
      const rotated = await admin.post(rotate.action!, { csrf: rotate.csrf! });
      expect(rotated.status).toBe(303);
      const after = await (await admin.get(rotated.headers.get('location')!)).text();
      expect(after).toContain('New key pair generated');
      expect(after).not.toContain(before);
      expect((await admin.get('/admin/applinks/nobody')).status).toBe(404);
      const anonymous = await new TestBrowser(service.baseUrl).get('/admin/applinks/bitbucket-prod');
      expect([302, 303]).toContain(anonymous.status);
    });
  });
});
