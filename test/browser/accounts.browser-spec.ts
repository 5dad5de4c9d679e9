import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { chromiumAvailable, launchChromium, screenshotPath } from '../support/chromium';
import { createUser, PASSWORD } from '../support/consent-flow';

/** Signing in and out as a person does, in real headless Chromium. */
describe.skipIf(!chromiumAvailable).each(testEngines())('sign-in in Chromium on %s', (engine) => {
  let local: TestApp;
  let sso: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    local = await createTestApp(engine);
    sso = await createTestApp(engine, { AUTH_MODE: 'trusted-header', AUTH_TRUSTED_PROXIES: '127.0.0.1', AUTH_TRUSTED_HEADER: 'X-Remote-User' });
    await createUser(local, 'alice', 'admin', 'Alice Liddell');
    await createUser(sso, 'erin', 'user', 'Erin Proxy');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await local?.close();
    await sso?.close();
  });

  it('login round trip: protected page → login → back to that page → sign out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${local.baseUrl}/account/applications`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: screenshotPath('login.png'), fullPage: true });

    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Incorrect username or password.');
    expect(await page.getByLabel('Username').inputValue()).toBe('alice');

    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${local.baseUrl}/account/applications`), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Authorized applications');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'applink_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await page.goto(`${local.baseUrl}/account`);
    await page.screenshot({ path: screenshotPath('account-admin.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(`${local.baseUrl}/admin/users`);
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Display name').fill('Bob Builder');
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL(/done=created/);
    expect(await page.getByRole('status').textContent()).toContain('User added.');
    expect(await page.locator('table').textContent()).toContain('Bob Builder');
    await page.screenshot({ path: screenshotPath('admin-users.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signed_out=1$/);
    expect(await page.getByRole('status').textContent()).toContain('You are signed out.');
    await page.goto(`${local.baseUrl}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('trusted-header login: the proxy names the user, no password asked', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'X-Remote-User': 'erin' } });
    const page = await context.newPage();
    await page.goto(`${sso.baseUrl}/account`);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Erin Proxy');
    await context.close();
  });

  it('trusted-header mode without the header: an explanation, no password form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${sso.baseUrl}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('single sign-on');
    expect(await page.getByLabel('Password').count()).toBe(0);
    await context.close();
  });
});
