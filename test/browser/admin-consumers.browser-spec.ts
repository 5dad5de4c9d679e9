import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import { keyVectors } from '../e2e/support/consumer-fixtures';
import { chromiumAvailable, launchChromium, screenshotPath } from '../support/chromium';
import { createUser, PASSWORD } from '../support/consent-flow';

/** An administrator registers consumers on the admin pages in real headless Chromium and reads the setup values. */
describe.skipIf(!chromiumAvailable).each(testEngines())('admin consumer pages in Chromium on %s', (engine) => {
  let service: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    service = await createTestApp(engine);
    await createUser(service, 'ada', 'admin', 'Ada Admin');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('logs in, creates an HMAC-SHA1 consumer, reads its setup values and the secret shown once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${service.baseUrl}/admin/consumers`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${service.baseUrl}/admin/consumers`), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Consumers');

    await page.getByRole('link', { name: 'New consumer' }).click();
    await page.waitForURL(`${service.baseUrl}/admin/consumers/new`);
    await page.getByLabel('Consumer key').fill('bitbucket-browser');
    await page.getByLabel('Name', { exact: true }).fill('Bitbucket (browser)');
    await page.getByLabel('Callback URL').fill('https://bitbucket.example.com');
    await page.getByRole('checkbox', { name: /HMAC-SHA1/ }).check();
    await page.getByRole('button', { name: 'Register consumer' }).click();
    await page.waitForSelector('#setup-values');

    const setup = async (name: string) => (await page.locator(`[data-setup="${name}"]`).textContent())?.trim();
    expect(await setup('consumerKey')).toBe('bitbucket-browser');
    expect(await setup('applicationUrl')).toBe('http://provider.test');
    expect(await setup('requestTokenUrl')).toBe('http://provider.test/plugins/servlet/oauth/request-token');
    expect(await setup('accessTokenUrl')).toBe('http://provider.test/plugins/servlet/oauth/access-token');
    expect(await setup('authorizeUrl')).toBe('http://provider.test/plugins/servlet/oauth/authorize');
    const secret = (await page.locator('#shared-secret').textContent())?.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await service.app.get(ConsumersService).findForVerification('bitbucket-browser'))?.secret).toBe(secret);
    await page.screenshot({ path: screenshotPath('admin-consumer-created.png'), fullPage: true });

    // Reloading the consumer's page never shows the secret again.
    await page.goto(`${service.baseUrl}/admin/consumers/bitbucket-browser`);
    expect(await page.locator('#shared-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret!);
    await context.close();
  });

  it('shows a refused RSA key inline, then accepts the right one and shows its fingerprint', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${service.baseUrl}/login?next=${encodeURIComponent('/admin/consumers/new')}`);
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${service.baseUrl}/admin/consumers/new`), page.getByRole('button', { name: 'Sign in' }).click()]);

    await page.getByLabel('Consumer key').fill('jira-browser');
    await page.getByLabel('Name', { exact: true }).fill('Jira (browser)');
    await page.getByLabel('RSA public key').fill(keyVectors.rsa.private_key_pkcs8_pem);
    await page.getByRole('button', { name: 'Register consumer' }).click();
    await page.waitForSelector('#publicKey-error');
    expect(await page.locator('#publicKey-error').textContent()).toContain('This is a private key');
    expect(await page.getByLabel('Consumer key').inputValue()).toBe('jira-browser');
    await page.screenshot({ path: screenshotPath('admin-consumer-refused-key.png'), fullPage: true });

    await page.getByLabel('RSA public key').fill(keyVectors.rsa.public_key_spki_der_base64);
    await page.getByRole('button', { name: 'Register consumer' }).click();
    await page.waitForSelector('#setup-values');
    const fingerprint = (await service.app.get(ConsumersService).get('jira-browser')).publicKeyFingerprint!;
    expect(await page.locator('[data-setup="publicKeyFingerprint"]').textContent()).toContain(fingerprint);
    expect(await page.locator('[data-setup="signatureMethods"]').textContent()).toContain('RSA-SHA1');
    await context.close();
  });
});
