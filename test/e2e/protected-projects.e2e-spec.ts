import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type SignedAgent, type TestApp, testEngines, type TestTokenCredentials } from '@app/testing';

import { ProtectedFixtures, signRaw } from './protected-resources.fixtures';

const json = (value: unknown) => ({ body: { contentType: 'application/json', text: JSON.stringify(value) } });

/**
 * The example module's ownership rules: a project belongs to the user the consumer acts for; others get 404 for
 * private projects (same answer as for a missing one) and 403 for writes on internal ones they may read.
 */
describe.each(testEngines())('projects (example protected module) on %s', (engine) => {
  let service: TestApp;
  let alice: SignedAgent;
  let bob: SignedAgent;
  let anonymous: SignedAgent;
  let impersonating: SignedAgent;
  let aliceToken: TestTokenCredentials;
  let privateId: number;
  let internalId: number;

  beforeAll(async () => {
    service = await createTestApp(engine);
    const fixtures = new ProtectedFixtures(service);
    const consumer = await fixtures.hmacConsumer('bitbucket');
    aliceToken = await fixtures.accessToken(consumer, await fixtures.createUser('alice'));
    alice = consumer.withToken(aliceToken);
    bob = consumer.withToken(await fixtures.accessToken(consumer, await fixtures.createUser('bob')));
    anonymous = (await fixtures.hmacConsumer('ci', { allowTwoLegged: true })).withToken({ token: '', secret: '' });
    impersonating = (await fixtures.hmacConsumer('bitbucket-2lo', { allowTwoLegged: true, allowImpersonation: true })).withToken({ token: '', secret: '' });
    const created = await alice.post('/api/projects', { form: [['key', 'SECRET'], ['name', 'Private & confidential']] });
    expect(created.status).toBe(201);
    privateId = ((await created.json()) as { id: number }).id;
    const internal = await alice.post('/api/projects', json({ key: 'SHARED', name: 'Shared tooling', visibility: 'internal', description: 'for everyone' }));
    expect(internal.status).toBe(201);
    internalId = ((await internal.json()) as { id: number }).id;
  });

  afterAll(async () => {
    await service?.close();
  });

  it('creates from a signed form or a JSON body, owned by the calling user', async () => {
    const response = await alice.get(`/api/projects/${privateId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: privateId, key: 'SECRET', name: 'Private & confidential', visibility: 'private', owner: 'alice', ownedByYou: true });
    const shared = await bob.get(`/api/projects/${internalId}`);
    expect(await shared.json()).toMatchObject({ key: 'SHARED', description: 'for everyone', owner: 'alice', ownedByYou: false });
  });

  it('reads form fields exactly as signed, and refuses a repeated field instead of picking one', async () => {
    const awkward = signRaw(alice, aliceToken, { method: 'POST', target: '/api/projects', form: [['key', 'AWK'], ['name', '50% off + more & ünïcode 😀']] });
    const created = await fetch(awkward.url, awkward.init);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ key: 'AWK', name: '50% off + more & ünïcode 😀' });
    const repeated = signRaw(alice, aliceToken, { method: 'POST', target: '/api/projects', form: [['key', 'TWICE'], ['name', 'a'], ['name', 'b']] });
    const refused = await fetch(repeated.url, repeated.init);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ message: 'parameter "name" appears more than once' });
  });

  it('accepts oauth_* parameters in the form body without mistaking them for fields', async () => {
    const request = signRaw(alice, aliceToken, { method: 'POST', target: '/api/projects', placement: 'body', form: [['key', 'BODYOAUTH'], ['name', 'Signed in the body']] });
    const response = await fetch(request.url, request.init);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ key: 'BODYOAUTH', owner: 'alice' });
  });

  it('validates bodies and paging with a 400 that names the field', async () => {
    const badKey = await alice.post('/api/projects', json({ key: 'lower', name: 'x' }));
    expect(badKey.status).toBe(400);
    expect(JSON.stringify(await badKey.json())).toContain('key must be an upper-case letter');
    const extra = await alice.post('/api/projects', json({ key: 'OK', name: 'x', ownerId: 2 }));
    expect(extra.status).toBe(400);
    expect(JSON.stringify(await extra.json())).toContain('property ownerId should not exist');
    for (const text of ['[]', '"BILLING"', 'null', '{"key":', '{"key":["ABC"],"name":"x"}']) {
      expect({ text, status: (await alice.post('/api/projects', { body: { contentType: 'application/json', text } })).status }).toEqual({ text, status: 400 });
    }
    expect((await alice.get('/api/projects?pageSize=101')).status).toBe(400);
    expect((await alice.get('/api/projects?page=abc')).status).toBe(400);
    expect((await alice.get('/api/projects/not-a-number')).status).toBe(400);
  });

  it('keys are unique per owner: 409 for your own duplicate, while another user may use the same key', async () => {
    const duplicate = await alice.post('/api/projects', json({ key: 'SECRET', name: 'again' }));
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'key_taken' });
    expect((await bob.post('/api/projects', json({ key: 'SECRET', name: "Bob's own" }))).status).toBe(201);
  });

  it('another user gets the same 404 for a private project as for a missing one', async () => {
    const hidden = await bob.get(`/api/projects/${privateId}`);
    const missing = await bob.get('/api/projects/999999');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const hiddenBody = (await hidden.json()) as { message: string };
    const missingBody = (await missing.json()) as { message: string };
    expect(hiddenBody.message.replace(String(privateId), 'N')).toBe(missingBody.message.replace('999999', 'N'));
    expect(JSON.stringify(hiddenBody)).not.toContain('SECRET');
    expect((await bob.get(`/api/projects/${privateId}/builds`)).status).toBe(404);
    expect((await bob.post(`/api/projects/${privateId}/builds`, json({ ref: 'main' }))).status).toBe(404);
  });

  it('lists your projects plus internal ones, with paging', async () => {
    const page = (await (await bob.get('/api/projects?page=1&pageSize=100')).json()) as { items: Array<{ key: string; owner: string }>; total: number };
    expect(page.items.map((p) => `${p.owner}/${p.key}`)).toEqual(['alice/SHARED', "bob/SECRET"]);
    expect(page.total).toBe(2);
    const first = (await (await alice.get('/api/projects?pageSize=2')).json()) as { items: unknown[]; total: number; page: number; pageSize: number };
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    const third = (await (await alice.get('/api/projects?page=3&pageSize=2')).json()) as { items: unknown[] };
    expect(third.items).toEqual([]);
  });

  it('only the owner triggers builds (403 for readers), numbered per project', async () => {
    const forbidden = await bob.post(`/api/projects/${internalId}/builds`, json({ ref: 'main' }));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'not_owner' });
    const numbers: number[] = [];
    for (const ref of ['refs/heads/main', 'refs/heads/feature']) {
      const build = await alice.post(`/api/projects/${internalId}/builds`, { form: [['ref', ref], ['reason', 'push']] });
      expect(build.status).toBe(201);
      const body = (await build.json()) as { number: number; triggeredBy: string; triggeredVia: string; status: string };
      expect(body).toMatchObject({ triggeredBy: 'alice', triggeredVia: 'bitbucket', status: 'queued' });
      numbers.push(body.number);
    }
    expect(numbers).toEqual([1, 2]);
    const list = (await (await bob.get(`/api/projects/${internalId}/builds`)).json()) as { items: Array<{ number: number; ref: string }>; total: number };
    expect(list.items.map((b) => [b.number, b.ref])).toEqual([[2, 'refs/heads/feature'], [1, 'refs/heads/main']]);
    expect((await bob.get(`/api/projects/${internalId}/builds/1`)).status).toBe(200);
    const noBuild = await bob.get(`/api/projects/${internalId}/builds/99`);
    expect(noBuild.status).toBe(404);
    expect(await noBuild.json()).toMatchObject({ code: 'build_not_found' });
    expect((await alice.post(`/api/projects/${internalId}/builds`, json({ ref: 'has space' }))).status).toBe(400);
  });

  it('concurrent triggers get distinct build numbers', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => alice.post(`/api/projects/${privateId}/builds`, json({ ref: 'main' }))));
    const numbers = await Promise.all(responses.map(async (r) => ((await r.json()) as { number: number }).number));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('an anonymous 2-legged caller reads internal projects only and may not write', async () => {
    const list = (await (await anonymous.get('/api/projects')).json()) as { items: Array<{ key: string; ownedByYou: boolean }> };
    expect(list.items.map((p) => p.key)).toEqual(['SHARED']);
    expect((await anonymous.get(`/api/projects/${privateId}`)).status).toBe(404);
    const create = await anonymous.post('/api/projects', json({ key: 'ANON', name: 'x' }));
    expect(create.status).toBe(403);
    expect(await create.json()).toMatchObject({ code: 'user_required' });
    expect((await anonymous.post(`/api/projects/${internalId}/builds`, json({ ref: 'main' }))).status).toBe(403);
  });

  it('2-legged impersonation acts as the named user; the impersonation parameter is not a field', async () => {
    const list = await impersonating.get('/api/projects?xoauth_requestor_id=alice&pageSize=10');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: Array<{ key: string }> }).items.map((p) => p.key)).toContain('SECRET');
    const legacy = await impersonating.get('/api/projects?user_id=alice');
    expect(legacy.status).toBe(200);
    const build = await impersonating.post(`/api/projects/${internalId}/builds?xoauth_requestor_id=alice`, { form: [['ref', 'refs/tags/v1']] });
    expect(build.status).toBe(201);
    expect(await build.json()).toMatchObject({ triggeredBy: 'alice', triggeredVia: 'bitbucket-2lo' });
  });
});
