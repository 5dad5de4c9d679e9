import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createTestAppBehindDatabaseRelay,
  createTestConsumer,
  createTestUser,
  obtainAccessToken,
  signedAgent,
  type TcpProxy,
  type TestApp,
  testEngines,
} from '@app/testing';

/** A database outage is not the client's fault: signed calls get 503 (retry later), never a 500 or a stack trace. */
describe.runIf(testEngines().includes('mysql'))('OAuth verification while MariaDB is unreachable', () => {
  let proxy: TcpProxy;
  let service: TestApp;

  beforeAll(async () => {
    ({ service, relay: proxy } = await createTestAppBehindDatabaseRelay());
  });

  afterAll(async () => {
    await proxy?.cut();
    await service?.close();
  });

  it('answers 503 at resources and token endpoints, and works again once the database is back', async () => {
    const consumer = await createTestConsumer(service.app);
    const user = await createTestUser(service.app);
    const agent = signedAgent(service.baseUrl, consumer.credentials);
    const token = await obtainAccessToken(service.app, agent, user.id);
    expect((await agent.withToken(token).get('/api/me')).status).toBe(200);

    await proxy.cut();
    const resource = await agent.withToken(token).get('/api/me');
    expect(resource.status).toBe(503);
    const text = await resource.text();
    expect(text).not.toMatch(/ECONNREFUSED|at .*\.ts|stack/i);
    expect((await agent.post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } })).status).toBe(503);

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await agent.withToken(token).get('/api/me')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });
});
