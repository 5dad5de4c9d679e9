import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp, testEngines } from '@app/testing';

import { AdminApiTokensService } from '../../apps/provider/src/admin-auth/admin-api-tokens.service';
import { createUser, PASSWORD, TestBrowser } from '../support/consent-flow';

/** /api/admin/users: the same accounts as the pages and the CLI, behind a personal admin API token. */
describe.each(testEngines())('users admin API on %s', (engine) => {
  let service: TestApp;
  let token: string;

  beforeAll(async () => {
    service = await createTestApp(engine);
    const admin = await createUser(service, 'root', 'admin');
    token = (await service.app.get(AdminApiTokensService, { strict: false }).create(admin, 'test', { label: 'test' })).value;
  });

  afterAll(async () => {
    await service?.close();
  });

  async function api(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('creates a user who can then sign in; never returns the password or its hash', async () => {
    const created = await api('POST', '/api/admin/users', { username: 'alice', displayName: 'Alice', email: 'alice@example.com', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'alice', role: 'user', enabled: true, hasPassword: true });
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|argon2|correct horse/);
    expect((await new TestBrowser(service.baseUrl).login('alice')).status).toBe(303);
  });

  it.each([
    [{ username: 'bad name', displayName: 'X' }, 400, 'username_invalid'],
    [{ username: 'shorty', displayName: 'X', password: 'short' }, 400, 'password_too_short'],
    [{ username: 'root', displayName: 'Again' }, 409, 'username_taken'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const answer = await api('POST', '/api/admin/users', body);
    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
  });

  it('lists, reads, disables (ending sessions) and promotes', async () => {
    const list = await api('GET', '/api/admin/users?page=1&pageSize=10');
    expect(list.status).toBe(200);
    const alice = (list.body.items as { id: number; username: string }[]).find((u) => u.username === 'alice')!;
    expect((await api('GET', `/api/admin/users/${alice.id}`)).body.displayName).toBe('Alice');

    const browser = new TestBrowser(service.baseUrl);
    await browser.login('alice');
    const disabled = await api('PATCH', `/api/admin/users/${alice.id}`, { enabled: false, role: 'admin' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, role: 'admin' });
    expect((await browser.get('/account')).status).toBe(303);
    expect((await api('GET', '/api/admin/users/999999')).status).toBe(404);
  });

  it('needs an admin token', async () => {
    expect((await api('GET', '/api/admin/users', undefined, 'nope')).status).toBe(401);
  });
});
