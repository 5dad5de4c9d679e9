import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestAppBehindDatabaseRelay, type TcpProxy, type TestApp, testEngines } from '@app/testing';

async function readyStatus(baseUrl: string): Promise<number> {
  return (await fetch(`${baseUrl}/health/ready`)).status;
}

async function waitForReady(baseUrl: string, wanted: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  while (Date.now() < deadline) {
    status = await readyStatus(baseUrl);
    if (status === wanted) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return status;
}

describe.runIf(testEngines().includes('mysql'))('database outage at run time (MariaDB behind a cut-able TCP relay)', () => {
  let proxy: TcpProxy;
  let service: TestApp;

  beforeAll(async () => {
    ({ service, relay: proxy } = await createTestAppBehindDatabaseRelay());
  });

  afterAll(async () => {
    await proxy?.cut();
    await service?.close();
  });

  it('answers 503 while the database is unreachable and recovers by itself', async () => {
    expect(await readyStatus(service.baseUrl)).toBe(200);
    await proxy.cut();
    expect(await waitForReady(service.baseUrl, 503, 10_000)).toBe(503);
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    await proxy.restore();
    expect(await waitForReady(service.baseUrl, 200, 15_000)).toBe(200);
  });
});
