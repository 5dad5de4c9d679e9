import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { CallbackServer, chromiumAvailable, launchChromium, screenshotPath } from '../support/chromium';
import { callResource, createConsumer, createUser, exchange, PASSWORD, requestToken, type TestConsumer } from '../support/consent-flow';

/** The consent flow as a person goes through it, in real headless Chromium. */
describe.skipIf(!chromiumAvailable).each(testEngines())('consent in Chromium on %s', (engine) => {
  let service: TestApp;
  let browser: Browser;
  let callbacks: CallbackServer;
  let callbackBase: string;
  let consumer: TestConsumer;
  let oob: TestConsumer;
  let framedPath = '/';

  beforeAll(async () => {
    callbacks = new CallbackServer();
    callbackBase = await callbacks.start('127.0.0.1', (path) =>
      path === '/frame'
        ? `<!doctype html><title>Framer</title><iframe id="victim" src="${service.baseUrl}${framedPath}" width="800" height="600"></iframe>`
        : '<!doctype html><title>Callback</title><h1>Back at the application</h1>',
    );
    service = await createTestApp(engine);
    await createUser(service, 'alice', 'user', 'Alice Liddell');
    consumer = await createConsumer(service, 'bitbucket', {
      name: 'Bitbucket',
      description: 'Bitbucket Data Center at bitbucket.example.com: links repositories, pull requests and builds.',
      callbackUrl: `${callbackBase}/callback`,
    });
    oob = await createConsumer(service, 'release-script', { name: 'Release script', description: 'Tags releases from the command line.', callbackUrl: null });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await callbacks?.stop();
  });

  async function signedInPage(viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${service.baseUrl}/login`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${service.baseUrl}/account`), page.getByRole('button', { name: 'Sign in' }).click()]);
    return { context, page };
  }

  async function allow(page: Page): Promise<URL> {
    await Promise.all([page.waitForURL((url) => url.port === String(callbacks.port)), page.getByRole('button', { name: 'Allow' }).click()]);
    return new URL(page.url());
  }

  it('login → consent → Allow → redirect to the callback with the verifier → exchange', async () => {
    const pair = await requestToken(service, consumer, `${callbackBase}/callback?applicationLinkID=7`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    // Not signed in: the authorize URL leads to the login page and back. Bitbucket's own oauth_callback is ignored.
    await page.goto(`${service.baseUrl}/plugins/servlet/oauth/authorize?oauth_token=${pair.token}&oauth_callback=https%3A%2F%2Fevil.example%2F`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/plugins/servlet/oauth/authorize');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Allow Bitbucket to access');
    expect(await page.locator('.callback-host').textContent()).toBe(`127.0.0.1:${callbacks.port}`);
    expect(await page.locator('dl.facts').textContent()).toContain('Alice Liddell');
    await page.screenshot({ path: screenshotPath('consent-desktop.png'), fullPage: true });

    const landed = await allow(page);
    expect(landed.pathname).toBe('/callback');
    expect(landed.searchParams.get('applicationLinkID')).toBe('7');
    expect(landed.searchParams.get('oauth_token')).toBe(pair.token);
    const verifier = landed.searchParams.get('oauth_verifier')!;
    expect(verifier).toBeTruthy();
    expect(callbacks.hits.at(-1)?.get('oauth_verifier')).toBe(verifier);
    expect((await exchange(service, consumer, pair, verifier)).status).toBe(200);
    await context.close();
  });

  it('Deny sends the browser back with oauth_verifier=denied', async () => {
    const { context, page } = await signedInPage();
    const pair = await requestToken(service, consumer, `${callbackBase}/callback`);
    await page.goto(`${service.baseUrl}/oauth/authorize?oauth_token=${pair.token}`);
    await Promise.all([page.waitForURL((url) => url.port === String(callbacks.port)), page.getByRole('button', { name: 'Deny' }).click()]);
    expect(new URL(page.url()).searchParams.get('oauth_verifier')).toBe('denied');
    expect((await exchange(service, consumer, pair, 'denied')).answer.get('oauth_problem')).toBe('permission_denied');
    await context.close();
  });

  it('oob shows the verifier to copy, which the exchange accepts', async () => {
    const { context, page } = await signedInPage({ width: 390, height: 844 });
    const pair = await requestToken(service, oob, 'oob');
    await page.goto(`${service.baseUrl}/oauth/authorize?oauth_token=${pair.token}`);
    await page.screenshot({ path: screenshotPath('consent-mobile-oob.png'), fullPage: true });
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForSelector('#verifier');
    const verifier = (await page.locator('#verifier').textContent())!.trim();
    await page.screenshot({ path: screenshotPath('consent-verifier.png'), fullPage: true });
    expect((await exchange(service, oob, pair, verifier)).status).toBe(200);
    await context.close();
  });

  it('refuses a decision whose CSRF token is missing or swapped (403), authorizing nothing', async () => {
    const { context, page } = await signedInPage();
    const other = await requestToken(service, consumer, `${callbackBase}/callback`);
    await page.goto(`${service.baseUrl}/oauth/authorize?oauth_token=${other.token}`);
    const foreignCsrf = await page.locator('form[action="/oauth/authorize"] input[name="csrf"]').getAttribute('value');

    const pair = await requestToken(service, consumer, `${callbackBase}/callback`);
    for (const tamper of ['remove', 'swap'] as const) {
      await page.goto(`${service.baseUrl}/oauth/authorize?oauth_token=${pair.token}`);
      const field = page.locator('form[action="/oauth/authorize"] input[name="csrf"]');
      if (tamper === 'remove') await field.evaluate((input) => input.remove());
      else await field.evaluate((input, value) => input.setAttribute('value', value), foreignCsrf!);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Allow' }).click()]);
      expect(response.status()).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This form has expired');
      expect(callbacks.hits.some((q) => q.get('oauth_token') === pair.token)).toBe(false);
    }
    const refused = await exchange(service, consumer, pair, 'any-verifier');
    expect(refused.status).toBe(401);
    expect(refused.answer.get('oauth_problem')).toBe('permission_unknown'); // still undecided
    await context.close();
  });

  it('refuses to render the consent page inside a frame of another origin', async () => {
    const { context, page } = await signedInPage();
    const pair = await requestToken(service, consumer, `${callbackBase}/callback`);
    framedPath = `/oauth/authorize?oauth_token=${pair.token}`;
    // The page renders at the top level…
    await page.goto(`${service.baseUrl}${framedPath}`);
    expect(await page.getByRole('button', { name: 'Allow' }).count()).toBe(1);
    // …but not inside another origin's frame. Wait for Chromium's own refusal rather than a fixed pause: on a
    // loaded machine the frame may still be navigating after any pause, and reading a navigating frame can hang.
    const refusal = page.waitForEvent('console', { predicate: (message) => message.text().includes("frame-ancestors 'none'"), timeout: 20_000 });
    await page.goto(`${callbackBase}/frame`);
    expect((await refusal).text()).toMatch(/violates the following Content Security Policy directive: "frame-ancestors 'none'"[^]*blocked/);
    const framed = () => page.frames().find((f) => f !== page.mainFrame());
    // Chromium put its "blocked" error page in the frame, so none of our markup reached it.
    await expect.poll(() => framed()?.url(), { timeout: 10_000 }).toBe('chrome-error://chromewebdata/');
    const content = await Promise.race([framed()!.content(), new Promise<string>((resolve) => setTimeout(() => resolve(''), 5_000))]);
    expect(content).not.toContain('consent-title');
    expect(content).not.toContain('name="csrf"');
    await context.close();
  });

  it('revokes an application from the applications page; its token stops working', async () => {
    const { context, page } = await signedInPage();
    const pair = await requestToken(service, consumer, `${callbackBase}/callback`);
    await page.goto(`${service.baseUrl}/oauth/authorize?oauth_token=${pair.token}`);
    const verifier = (await allow(page)).searchParams.get('oauth_verifier')!;
    const answer = (await exchange(service, consumer, pair, verifier)).answer;
    const access = { token: answer.get('oauth_token')!, secret: answer.get('oauth_token_secret')! };
    expect(await callResource(service, consumer, access)).toBe(200);

    await page.goto(`${service.baseUrl}/account/applications`);
    const rows = page.locator('table.table tbody tr');
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(1);
    expect(await rows.first().textContent()).toContain('Bitbucket');
    await page.screenshot({ path: screenshotPath('applications-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath('applications-mobile.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });

    // One click per grant, until the list is empty.
    for (let i = 0; i < before; i++) {
      await Promise.all([page.waitForURL(/revoked=1/), page.getByRole('button', { name: /^Revoke access for/ }).first().click()]);
      expect(await page.getByRole('status').textContent()).toContain('Access revoked');
    }
    expect(await page.locator('.empty').textContent()).toContain('No application has access');
    expect(await callResource(service, consumer, access)).toBe(401);
    await context.close();
  });
});
