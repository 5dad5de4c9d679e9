import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parsePublicKey, PublicKeyError } from '@app/oauth1';
import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { createUser, decodeEntities, formFields, TestBrowser } from '../support/consent-flow';

import { acceptedKeyFormats, keyVectors, negativeKeys } from './support/consumer-fixtures';

/** The text of the element with this id (inline refusal messages, the secret shown once). */
function textOf(html: string, id: string): string | null {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match ? decodeEntities(match[1]).trim() : null;
}

function setupValue(html: string, name: string): string | null {
  const match = new RegExp(`data-setup="${name}">([\\s\\S]*?)</dd>`).exec(html);
  return match ? decodeEntities(match[1].replace(/<[^>]+>/g, '')).trim() : null;
}

function expectedRefusal(pem: string): string {
  try {
    parsePublicKey(pem);
  } catch (error) {
    if (error instanceof PublicKeyError) return error.message;
  }
  throw new Error('key was accepted');
}

describe.each(testEngines())('consumer admin pages on %s', (engine) => {
  let service: TestApp;
  let admin: TestBrowser;

  /** Opens the create form and posts it with these fields (and the form's own CSRF token). */
  const submitNew = async (fields: Record<string, string>) => {
    const form = formFields(await (await admin.get('/admin/consumers/new')).text(), '/admin/consumers');
    return admin.post('/admin/consumers', { csrf: form.csrf, allowThreeLegged: 'on', enabled: 'on', ...fields });
  };

  beforeAll(async () => {
    service = await createTestApp(engine);
    await createUser(service, 'root', 'admin');
    await createUser(service, 'pat', 'user');
    admin = new TestBrowser(service.baseUrl);
    expect((await admin.login('root')).status).toBe(303);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('keeps the pages to signed-in administrators', async () => {
    const anonymous = await new TestBrowser(service.baseUrl).get('/admin/consumers');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?next=/);
    const user = new TestBrowser(service.baseUrl);
    await user.login('pat');
    expect((await user.get('/admin/consumers')).status).toBe(403);
    expect((await user.get('/admin/consumers/new')).status).toBe(403);
  });

  it('registers an HMAC-SHA1 consumer from the form, shows the generated secret once and the setup values', async () => {
    const created = await submitNew({ consumerKey: 'page-bitbucket', name: 'Bitbucket (page)', callbackUrl: 'https://bitbucket.example.com', methods: 'HMAC-SHA1' });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.headers.get('x-frame-options')).toBe('DENY');
    expect(created.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await created.text();
    const secret = textOf(html, 'shared-secret');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await service.app.get(ConsumersService).findForVerification('page-bitbucket'))?.secret).toBe(secret);
    expect(setupValue(html, 'consumerKey')).toBe('page-bitbucket');
    expect(setupValue(html, 'applicationUrl')).toBe('http://provider.test');
    expect(setupValue(html, 'requestTokenUrl')).toBe('http://provider.test/plugins/servlet/oauth/request-token');
    expect(setupValue(html, 'accessTokenUrl')).toBe('http://provider.test/plugins/servlet/oauth/access-token');
    expect(setupValue(html, 'authorizeUrl')).toBe('http://provider.test/plugins/servlet/oauth/authorize');
    expect(html).toContain('/plugins/servlet/oauth/request-token</span>');
    const again = await (await admin.get('/admin/consumers/page-bitbucket')).text();
    expect(again).not.toContain(secret!);
    expect(setupValue(again, 'sharedSecret')).toContain('shown only when created or rotated');
  });

  it('registers an RSA-SHA1 consumer from a pasted key, with the same fingerprint as every accepted format', async () => {
    const expected = parsePublicKey(keyVectors.rsa.public_key_spki_pem).fingerprintSha256;
    for (const [index, [format, key]] of acceptedKeyFormats().entries()) {
      const created = await submitNew({ consumerKey: `page-jira-${index}`, name: `Jira ${format}`, publicKey: key });
      expect(created.status, format).toBe(200);
      const html = await created.text();
      expect(setupValue(html, 'publicKeyFingerprint'), format).toContain(expected);
      expect(setupValue(html, 'signatureMethods')).toBe('RSA-SHA1');
      expect(textOf(html, 'shared-secret')).toBeNull();
    }
  });

  it.each(negativeKeys())('shows the refusal of the %s key inline, keeping what was typed', async (name, pem) => {
    const refused = await submitNew({ consumerKey: `page-${name}`, name: 'Refused key', publicKey: pem });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(textOf(html, 'publicKey-error')).toBe(expectedRefusal(pem));
    expect(html).toContain('aria-invalid="true" aria-describedby="publicKey-error"');
    expect(html).toContain('value="page-' + name + '"');
    expect(await service.app.get(ConsumersService).findForVerification(`page-${name}`)).toBeNull();
  });

  it('shows other refusals inline on their field', async () => {
    const weak = await submitNew({ consumerKey: 'page-weak', name: 'Weak', sharedSecret: 'aaaaaaaaaaaaaaaaaaaa' });
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(textOf(weakHtml, 'sharedSecret-error')).toContain('too repetitive');
    expect(weakHtml).not.toContain('aaaaaaaaaaaaaaaaaaaa'); // a typed secret is never echoed back
    const badUrl = await submitNew({ consumerKey: 'page-url', name: 'Url', callbackUrl: 'https://bitbucket.example.com/?x=1' });
    expect(textOf(await badUrl.text(), 'callbackUrl-error')).toContain('query string');
    const badKey = await submitNew({ consumerKey: 'bad\u00e9key', name: 'Key' });
    expect(textOf(await badKey.text(), 'consumerKey-error')).toContain('printable ASCII');
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const forged = await admin.post('/admin/consumers', { consumerKey: 'page-forged', name: 'Forged' });
    expect(forged.status).toBe(403);
    const otherForm = formFields(await (await admin.get('/admin/consumers/page-bitbucket')).text(), '/admin/consumers/page-bitbucket/delete');
    expect((await admin.post('/admin/consumers', { consumerKey: 'page-forged', name: 'Forged', csrf: otherForm.csrf })).status).toBe(403);
    expect(await service.app.get(ConsumersService).findForVerification('page-forged')).toBeNull();
  });

  it('edits, rotates the secret (shown once), disables, enables and deletes', async () => {
    const edit = await (await admin.get('/admin/consumers/page-bitbucket/edit')).text();
    const form = formFields(edit, '/admin/consumers/page-bitbucket');
    const saved = await admin.post('/admin/consumers/page-bitbucket', { csrf: form.csrf, name: 'Bitbucket renamed', methods: 'HMAC-SHA1', callbackUrl: 'https://bitbucket.example.com', allowThreeLegged: 'on', allowTokenRenewal: 'on', enabled: 'on' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/consumers/page-bitbucket?done=saved');
    expect(await service.app.get(ConsumersService).get('page-bitbucket')).toMatchObject({ name: 'Bitbucket renamed', allowTokenRenewal: true });

    const page = await (await admin.get('/admin/consumers/page-bitbucket')).text();
    const rotate = formFields(page, '/admin/consumers/page-bitbucket/rotate-secret');
    const rotated = await (await admin.post('/admin/consumers/page-bitbucket/rotate-secret', { csrf: rotate.csrf, sharedSecret: '' })).text();
    const secret = textOf(rotated, 'shared-secret');
    expect((await service.app.get(ConsumersService).findForVerification('page-bitbucket'))?.secret).toBe(secret);

    const disable = formFields(page, '/admin/consumers/page-bitbucket/disable');
    expect((await admin.post('/admin/consumers/page-bitbucket/disable', { csrf: disable.csrf })).status).toBe(303);
    expect((await service.app.get(ConsumersService).get('page-bitbucket')).enabled).toBe(false);
    const disabledPage = await (await admin.get('/admin/consumers/page-bitbucket')).text();
    const enable = formFields(disabledPage, '/admin/consumers/page-bitbucket/enable');
    expect((await admin.post('/admin/consumers/page-bitbucket/enable', { csrf: enable.csrf })).status).toBe(303);

    const remove = formFields(disabledPage, '/admin/consumers/page-bitbucket/delete');
    const deleted = await admin.post('/admin/consumers/page-bitbucket/delete', { csrf: remove.csrf });
    expect(deleted.headers.get('location')).toBe('/admin/consumers?done=deleted');
    expect((await admin.get('/admin/consumers/page-bitbucket')).status).toBe(404);
    const list = await (await admin.get(deleted.headers.get('location')!)).text();
    expect(list).toContain('Consumer deleted.');
    expect(list).not.toContain('page-bitbucket<');
    expect(list).toContain('page-jira-0');
  });

  it('addresses keys with reserved characters through URL encoding', async () => {
    const created = await submitNew({ consumerKey: 'jira:1/2 3', name: 'Odd key' });
    expect(created.status).toBe(200);
    const page = await admin.get(`/admin/consumers/${encodeURIComponent('jira:1/2 3')}`);
    expect(page.status).toBe(200);
    expect(setupValue(await page.text(), 'consumerKey')).toBe('jira:1/2 3');
  });

  it('creates a personal admin API token on the page (shown once), which works until revoked there', async () => {
    const listing = await (await admin.get('/admin/api-tokens')).text();
    const create = formFields(listing, '/admin/api-tokens');
    const created = await admin.post('/admin/api-tokens', { csrf: create.csrf, name: 'page token', expiresInDays: '30' });
    expect(created.status).toBe(200);
    const html = await created.text();
    const value = textOf(html, 'new-token')!;
    expect(value).toMatch(/^alp_/);
    const api = await fetch(`${service.baseUrl}/api/admin/consumers`, { headers: { authorization: `Bearer ${value}` } });
    expect(api.status).toBe(200);
    const after = await (await admin.get('/admin/api-tokens')).text();
    expect(after).not.toContain(value);
    expect(after).toContain(value.slice(0, 12));
    const revoke = formFields(after, /\/admin\/api-tokens\/\d+\/revoke$/);
    expect((await admin.post(revoke.action, { csrf: revoke.csrf })).status).toBe(303);
    expect((await fetch(`${service.baseUrl}/api/admin/consumers`, { headers: { authorization: `Bearer ${value}` } })).status).toBe(401);
    expect((await admin.post('/admin/api-tokens', { name: 'forged' })).status).toBe(403);
  });
});
