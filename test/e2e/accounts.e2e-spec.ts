import { DataSource, type Repository } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { SessionEntity } from '../../apps/provider/src/accounts/session.entity';
import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { hashToken } from '../../apps/provider/src/crypto/token-hash';
import { createUser, field, formFields, PASSWORD, TestBrowser } from '../support/consent-flow';

describe.each(testEngines())('accounts on %s', (engine) => {
  let service: TestApp;
  let sessions: Repository<SessionEntity>;

  beforeAll(async () => {
    service = await createTestApp(engine);
    sessions = service.app.get(DataSource).getRepository(SessionEntity);
    await createUser(service, 'alice', 'user', 'Alice <b>Liddell</b>');
    await createUser(service, 'mallory');
    const disabled = await createUser(service, 'dora');
    await service.app.get(UsersService, { strict: false }).setEnabled(disabled.id, false);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    const response = await new TestBrowser(service.baseUrl).get('/account/applications?x=1');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Faccount%2Fapplications%3Fx%3D1');
  });

  it('logs in and back: a hashed server-side session, an HttpOnly SameSite=Lax cookie, the page asked for', async () => {
    const browser = new TestBrowser(service.baseUrl);
    const login = await browser.login('alice', PASSWORD, '/account/applications');
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account/applications');
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('applink_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // the test public URL is http
    const value = browser.cookies.get('applink_session')!;
    expect(value.length).toBeGreaterThanOrEqual(43); // 256 bits
    const row = await sessions.findOneBy({ id: hashToken(value) });
    expect(row).not.toBeNull();
    expect(await sessions.findOneBy({ id: value })).toBeNull();

    const account = await browser.get('/account');
    expect(account.status).toBe(200);
    expect(account.headers.get('cache-control')).toBe('no-store');
    const html = await account.text();
    expect(html).toContain('Alice &lt;b&gt;Liddell&lt;/b&gt;');
    expect(html).not.toContain('<b>Liddell</b>');
  });

  it.each([['mallory', 'wrong password!'], ['nobody', PASSWORD], ['dora', PASSWORD]])(
    'refuses %s with one generic message and no session',
    async (username, password) => {
      const browser = new TestBrowser(service.baseUrl);
      const response = await browser.login(username, password);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('Incorrect username or password.');
      expect(browser.cookies.has('applink_session')).toBe(false);
    },
  );

  it('refuses a login form without its CSRF token (login CSRF)', async () => {
    const browser = new TestBrowser(service.baseUrl);
    const response = await browser.post('/login', { username: 'alice', password: PASSWORD });
    expect(response.status).toBe(403);
    expect(browser.cookies.has('applink_session')).toBe(false);
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/%0d%0aSet-Cookie:x'])(
    'keeps next=%s on this origin',
    async (next) => {
      const response = await new TestBrowser(service.baseUrl).login('alice', PASSWORD, next);
      expect(response.status).toBe(303);
      const location = response.headers.get('location')!;
      expect(location.startsWith('/')).toBe(true);
      expect(location.startsWith('//')).toBe(false);
      expect(location).not.toMatch(/[\r\n\\]/);
    },
  );

  it('rotates the session at login: the previous session of the browser ends', async () => {
    const browser = new TestBrowser(service.baseUrl);
    const form = await (await browser.get('/login')).text();
    await browser.post('/login', { username: 'alice', password: PASSWORD, csrf: field(form, 'csrf') });
    const first = browser.cookies.get('applink_session')!;
    await browser.post('/login', { username: 'mallory', password: PASSWORD, csrf: field(form, 'csrf') });
    const second = browser.cookies.get('applink_session')!;
    expect(second).not.toBe(first);
    expect(await sessions.findOneBy({ id: hashToken(first) })).toBeNull();
    expect(await sessions.findOneBy({ id: hashToken(second) })).not.toBeNull();
  });

  it('logs out only with the CSRF token, deleting the session', async () => {
    const browser = new TestBrowser(service.baseUrl);
    await browser.login('alice');
    const value = browser.cookies.get('applink_session')!;
    const forged = await browser.post('/logout', {});
    expect(forged.status).toBe(403);
    expect((await browser.get('/account')).status).toBe(200);

    const page = await (await browser.get('/account')).text();
    const logout = await browser.post('/logout', { csrf: field(page, 'csrf') });
    expect(logout.status).toBe(303);
    expect(await sessions.findOneBy({ id: hashToken(value) })).toBeNull();
    expect(browser.cookies.has('applink_session')).toBe(false);
    // Even replaying the old cookie gets nowhere.
    const replay = await new TestBrowser(service.baseUrl).get('/account', { cookie: `applink_session=${value}` });
    expect(replay.status).toBe(303);
  });

  it('ends a session idle for too long and purges it', async () => {
    const browser = new TestBrowser(service.baseUrl);
    await browser.login('alice');
    const id = hashToken(browser.cookies.get('applink_session')!);
    await sessions.update({ id }, { lastSeenAt: new Date(Date.now() - 9 * 3600_000) });
    expect((await browser.get('/account')).status).toBe(303);
    expect(await sessions.findOneBy({ id })).toBeNull();
  });

  it('ends a session past its absolute lifetime', async () => {
    const browser = new TestBrowser(service.baseUrl);
    await browser.login('alice');
    const id = hashToken(browser.cookies.get('applink_session')!);
    await sessions.update({ id }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await browser.get('/account')).status).toBe(303);
  });

  it('limits failed logins per account, then answers 429 with Retry-After even for the right password', async () => {
    await createUser(service, 'victim');
    for (let i = 0; i < 5; i++) expect((await new TestBrowser(service.baseUrl).login('victim', `guess number ${i}`)).status).toBe(401);
    const locked = await new TestBrowser(service.baseUrl).login('victim', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many failed sign-ins');
    // Other accounts are unaffected.
    expect((await new TestBrowser(service.baseUrl).login('alice')).status).toBe(303);
  });

  it('renders unknown pages of the browser area and bad forms as HTML errors, never stack traces', async () => {
    const browser = new TestBrowser(service.baseUrl);
    await browser.login('alice');
    const bad = await browser.post('/login', { username: 'x'.repeat(300), password: 'y' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/html');
    expect(await bad.text()).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('refuses the admin pages to a non-admin', async () => {
    const browser = new TestBrowser(service.baseUrl);
    await browser.login('alice');
    const response = await browser.get('/admin/users/1/applications');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Administrators only');
  });

  describe('admin user pages', () => {
    it('lets an admin add a user, shows refusals inline, and disables and enables accounts', async () => {
      await createUser(service, 'boss', 'admin', 'The Boss');
      const admin = new TestBrowser(service.baseUrl);
      await admin.login('boss');
      const list = await admin.get('/admin/users');
      expect(list.status).toBe(200);
      const html = await list.text();
      expect(html).toContain('Alice &lt;b&gt;Liddell&lt;/b&gt;');
      const create = formFields(html, '/admin/users');

      expect((await admin.post('/admin/users', { username: 'x', displayName: 'X', password: PASSWORD })).status).toBe(403);
      const weak = await admin.post('/admin/users', { csrf: create.csrf, username: 'newbie', displayName: 'New <b>bie</b>', password: 'short' });
      expect(weak.status).toBe(400);
      const weakHtml = await weak.text();
      expect(weakHtml).toContain('at least 10 characters');
      expect(weakHtml).toContain('value="New &lt;b&gt;bie&lt;/b&gt;"');
      const taken = await admin.post('/admin/users', { csrf: create.csrf, username: 'alice', displayName: 'Other', password: PASSWORD });
      expect(taken.status).toBe(409);

      const created = await admin.post('/admin/users', { csrf: create.csrf, username: 'newbie', displayName: 'Newbie', password: PASSWORD, role: 'admin' });
      expect(created.status).toBe(303);
      const newbie = await service.app.get(UsersService, { strict: false }).findByUsername('newbie');
      expect(newbie).toMatchObject({ role: 'admin', enabled: true });

      const newbieBrowser = new TestBrowser(service.baseUrl);
      expect((await newbieBrowser.login('newbie')).status).toBe(303);
      const page = await (await admin.get('/admin/users')).text();
      const disable = formFields(page, `/admin/users/${newbie!.id}/disable`);
      expect((await admin.post(disable.action, {})).status).toBe(403);
      expect((await admin.post(disable.action, { csrf: disable.csrf })).status).toBe(303);
      // Their session ended at once, and they cannot sign in again.
      expect((await newbieBrowser.get('/account')).status).toBe(303);
      expect((await new TestBrowser(service.baseUrl).login('newbie')).status).toBe(401);

      const enable = formFields(await (await admin.get('/admin/users')).text(), `/admin/users/${newbie!.id}/enable`);
      expect((await admin.post(enable.action, { csrf: enable.csrf })).status).toBe(303);
      expect((await new TestBrowser(service.baseUrl).login('newbie')).status).toBe(303);
      expect(page).not.toMatch(new RegExp(`/admin/users/${(await service.app.get(UsersService, { strict: false }).findByUsername('boss'))!.id}/disable`));
    });

    it('is for administrators only', async () => {
      const browser = new TestBrowser(service.baseUrl);
      await browser.login('alice');
      expect((await browser.get('/admin/users')).status).toBe(403);
      expect((await new TestBrowser(service.baseUrl).get('/admin/users')).status).toBe(303);
    });
  });

  it('serves the stylesheet with caching headers', async () => {
    const home = await (await fetch(`${service.baseUrl}/`)).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home)![1].replace(/&#x3D;/g, '=');
    const css = await fetch(`${service.baseUrl}${href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('etag')).toBeTruthy();
    expect((await fetch(`${service.baseUrl}/static/..%2Fpage-renderer.js`)).status).toBe(404);
  });
});

describe.each(testEngines())('trusted-header sign-in on %s', (engine) => {
  let trusted: TestApp;
  let untrusted: TestApp;

  beforeAll(async () => {
    trusted = await createTestApp(engine, { AUTH_MODE: 'trusted-header', AUTH_TRUSTED_PROXIES: '127.0.0.1', AUTH_AUTO_CREATE_USERS: 'true' });
    untrusted = await createTestApp(engine, { AUTH_MODE: 'trusted-header', AUTH_TRUSTED_PROXIES: '10.0.0.0/8' });
    await createUser(untrusted, 'carol');
  });

  afterAll(async () => {
    await trusted?.close();
    await untrusted?.close();
  });

  it('signs in the user the proxy names, creating the account on first sight', async () => {
    const browser = new TestBrowser(trusted.baseUrl, { 'x-remote-user': 'carol' });
    const response = await browser.get('/account');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('carol');
    expect(browser.cookies.has('applink_session')).toBe(true);
    expect(await trusted.app.get(UsersService, { strict: false }).findByUsername('carol')).toMatchObject({ role: 'user', passwordHash: null });
  });

  it('switches the session when the proxy names someone else', async () => {
    const browser = new TestBrowser(trusted.baseUrl, { 'x-remote-user': 'carol' });
    await browser.get('/account');
    const response = await browser.get('/account', { 'x-remote-user': 'dave' });
    expect(await response.text()).toContain('dave');
  });

  it('ignores the header from an address that is not a trusted proxy', async () => {
    const browser = new TestBrowser(untrusted.baseUrl, { 'x-remote-user': 'carol' });
    const response = await browser.get('/account');
    expect(response.status).toBe(303);
    expect(browser.cookies.has('applink_session')).toBe(false);
    const login = await browser.get('/login');
    expect(login.status).toBe(403);
    expect(await login.text()).toContain('single sign-on');
    // And no password form to fall back on.
    expect((await browser.post('/login', { username: 'carol', password: PASSWORD })).status).toBe(403);
  });
});
