import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { createConsumer, createUser, exchange, PASSWORD, requestToken, type TestConsumer } from '../support/consent-flow';

const run = promisify(execFile);
const APPROVER = join(process.cwd(), 'test/interop/approve.py');

/** The interop suite's approval command (test/interop/approve.py) against the real service. */
describe.each(testEngines())('interop approver on %s', (engine) => {
  let service: TestApp;
  let consumer: TestConsumer;
  let oob: TestConsumer;

  beforeAll(async () => {
    service = await createTestApp(engine);
    await createUser(service, 'interop');
    consumer = await createConsumer(service, 'interop-hmac', { callbackUrl: 'http://127.0.0.1:9/oauth-callback' });
    oob = await createConsumer(service, 'interop-oob', { callbackUrl: null });
  });

  afterAll(async () => {
    await service?.close();
  });

  const approve = (url: string, env: Record<string, string> = {}) =>
    run('python3', [APPROVER, url], { env: { ...process.env, INTEROP_USERNAME: 'interop', INTEROP_PASSWORD: PASSWORD, ...env } });

  it('logs in, submits the consent form and prints a verifier the exchange accepts', async () => {
    const pair = await requestToken(service, consumer, 'http://127.0.0.1:9/oauth-callback');
    const { stdout, stderr } = await approve(`${service.baseUrl}/plugins/servlet/oauth/authorize?oauth_token=${encodeURIComponent(pair.token)}`);
    expect(stderr).toBe('');
    expect(stdout).not.toContain(PASSWORD);
    const verifier = stdout.trim();
    expect((await exchange(service, consumer, pair, verifier)).status).toBe(200);
  });

  it('reads the verifier from the page for oob', async () => {
    const pair = await requestToken(service, oob, 'oob');
    const { stdout } = await approve(`${service.baseUrl}/oauth/authorize?oauth_token=${encodeURIComponent(pair.token)}`);
    expect((await exchange(service, oob, pair, stdout.trim())).status).toBe(200);
  });

  it('fails clearly with a wrong password', async () => {
    const pair = await requestToken(service, consumer, 'http://127.0.0.1:9/oauth-callback');
    await expect(approve(`${service.baseUrl}/oauth/authorize?oauth_token=${pair.token}`, { INTEROP_PASSWORD: 'wrong password here' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('login failed'),
    });
  });
});
