import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestTokenCredentials } from '@app/testing';

import { chromiumAvailable, launchChromium, screenshotPath } from '../support/chromium';
import { ProtectedFixtures } from '../e2e/protected-resources.fixtures';

/**
 * The Swagger UI signs "Try it out" requests in the browser: an admin enters consumer and access-token credentials,
 * the page's request interceptor signs each call with Web Crypto HMAC-SHA1, and the protected API answers 200.
 *
 * Chromium resolves the public host (provider.test) to the test server, so the page, the document's server URL and
 * the signed base-string URI are all the public URL, as behind a real proxy. Web Crypto needs a secure context;
 * plain-http provider.test is declared one here (in production the docs are served over https).
 */
describe.skipIf(!chromiumAvailable)('Swagger UI signs "Try it out" requests', () => {
  let service: TestApp;
  let browser: Browser;
  let consumer: { key: string; secret: string };
  let token: TestTokenCredentials;

  beforeAll(async () => {
    service = await createTestApp('sqlite');
    const fixtures = new ProtectedFixtures(service);
    const agent = await fixtures.hmacConsumer('swagger-explorer');
    token = await fixtures.accessToken(agent, await fixtures.createUser('alice'));
    consumer = { key: agent.consumer.key, secret: agent.consumer.secret! };
    const { host } = new URL(service.baseUrl);
    browser = await launchChromium([
      `--host-resolver-rules=MAP provider.test:80 ${host}`,
      `--unsafely-treat-insecure-origin-as-secure=${TEST_PUBLIC_URL}`,
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  async function openDocs(): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${TEST_PUBLIC_URL}/docs`);
    await page.waitForSelector('#oauth1-signer');
    await page.waitForSelector('.opblock');
    return { page, violations };
  }

  async function enterCredentials(page: Page, accessToken: TestTokenCredentials | null): Promise<void> {
    await page.fill('#oauth1-consumerKey', consumer.key);
    await page.fill('#oauth1-consumerSecret', consumer.secret);
    await page.fill('#oauth1-token', accessToken?.token ?? '');
    await page.fill('#oauth1-tokenSecret', accessToken?.secret ?? '');
    await page.click('#oauth1-save');
    await expect.poll(() => page.textContent('#oauth1-status')).toContain('Signing as consumer swagger-explorer');
  }

  async function tryItOut(page: Page, operationId: string, fill?: (op: ReturnType<Page['locator']>) => Promise<void>): Promise<{ status: string; body: string }> {
    const op = page.locator(`#${operationId}`);
    await op.locator('.opblock-summary-control').click();
    await op.locator('button.try-out__btn').click();
    if (fill) await fill(op);
    await op.locator('button.execute').click();
    const status = op.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    return { status: (await status.textContent())!.trim(), body: (await op.locator('.live-responses-table .response-col_description pre').first().textContent()) ?? '' };
  }

  it('serves the signer from its own origin, and signs GET /api/me as the token owner (200)', async () => {
    const { page, violations } = await openDocs();
    const scripts = await page.$$eval('script[src]', (nodes) => nodes.map((n) => n.getAttribute('src')));
    expect(scripts).toContain('/docs-assets/oauth1-signer.js');
    await enterCredentials(page, token);
    await page.screenshot({ path: screenshotPath('swagger-signing-panel.png') });
    const result = await tryItOut(page, 'operations-me-MeController_me');
    await page.screenshot({ path: screenshotPath('swagger-signed-me.png'), fullPage: false });
    expect(result.status).toBe('200');
    expect(JSON.parse(result.body)).toMatchObject({ mode: '3-legged', user: { username: 'alice' }, consumer: { key: 'swagger-explorer' }, signatureMethod: 'HMAC-SHA1' });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('signs query parameters too (GET /api/projects?page=&pageSize=)', async () => {
    const { page } = await openDocs();
    await enterCredentials(page, token);
    const result = await tryItOut(page, 'operations-projects-ProjectsController_list', async (op) => {
      await op.locator('tr[data-param-name="page"] input').fill('1');
      await op.locator('tr[data-param-name="pageSize"] input').fill('5');
    });
    expect(result.status).toBe('200');
    expect(JSON.parse(result.body)).toMatchObject({ page: 1, pageSize: 5, items: [] });
    await page.close();
  });

  it('signs form bodies (POST /api/projects as application/x-www-form-urlencoded)', async () => {
    const { page } = await openDocs();
    await enterCredentials(page, token);
    const result = await tryItOut(page, 'operations-projects-ProjectsController_create', async (op) => {
      await op.locator('.body-param-content-type select').selectOption('application/x-www-form-urlencoded');
      await op.locator('tr[data-property-name="key"] input[type=text]').fill('FROMUI');
      await op.locator('tr[data-property-name="name"] input[type=text]').fill('Made in the UI: 100% & more');
      await op.locator('tr[data-property-name="description"] input[type=text]').fill('Signed: ünïcode + spaces');
    });
    expect(result.status).toBe('201');
    expect(JSON.parse(result.body)).toMatchObject({ key: 'FROMUI', name: 'Made in the UI: 100% & more', description: 'Signed: ünïcode + spaces', owner: 'alice' });
    await page.close();
  });

  it('without credentials the call goes out unsigned and the API answers 401', async () => {
    const { page } = await openDocs();
    const result = await tryItOut(page, 'operations-me-MeController_me');
    expect(result.status).toBe('401');
    await page.close();
  });
});
