import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

describe.each(testEngines())('foundation on %s', (engine) => {
  let service: TestApp;

  beforeAll(async () => {
    service = await createTestApp(engine);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers /health/live and /health/ready with the database up', async () => {
    const live = await fetch(`${service.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('publishes the OpenAPI document with the service name, version and description', async () => {
    const response = await fetch(`${service.baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { info: { title: string; version: string; description: string }; paths: object };
    expect(document.info.title).toBe('applink-provider');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(document.info.description).toContain('Application Links');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });

  it('serves the Swagger UI at /docs behind security headers', async () => {
    const response = await fetch(`${service.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${service.baseUrl}/no/such/route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404 });
    // Security headers are set before routing, so answers no handler wrote carry them too.
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('strict-transport-security')).toBeNull(); // the test service's public URL is http
  });
});
