import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, createTestConsumer, createTestUser, obtainAccessToken, signedAgent, type TestApp, type TestConsumer, testEngines } from '@app/testing';

import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { AccessTokensService } from '../../apps/provider/src/oauth/access-tokens.service';
import { NonceEntity } from '../../apps/provider/src/oauth/nonce.entity';
import { OAuthPurgeJob } from '../../apps/provider/src/oauth/oauth-purge.job';
import { TypeOrmOAuthStore } from '../../apps/provider/src/oauth/typeorm-oauth.store';

/**
 * Nonces are written in groups (one transaction or statement per event-loop turn). Every caller must still learn,
 * for its own nonce, whether it was new, and a stored nonce must never be lost (RFC 5849 §3.3, checklist N1/N2).
 */
describe.each(testEngines())('nonce group insert on %s', (engine) => {
  let service: TestApp;
  let store: TypeOrmOAuthStore;
  let dataSource: DataSource;
  let consumer: TestConsumer;
  const now = Math.floor(Date.now() / 1000);
  const record = (nonce: string, token = '') => ({ consumerKey: consumer.credentials.key, token, timestamp: now, nonce });
  const stored = (nonces: string[]) => dataSource.getRepository(NonceEntity).countBy(nonces.map((nonce) => ({ nonce })));
  /** Each caller's answer: whether its nonce was new, or the oauth_problem it was refused with. */
  const answersOf = async (calls: Array<Promise<boolean>>) =>
    (await Promise.allSettled(calls)).map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as { problem?: string }).problem));

  beforeAll(async () => {
    service = await createTestApp(engine);
    store = service.app.get(TypeOrmOAuthStore);
    dataSource = service.app.get(DataSource);
    consumer = await createTestConsumer(service.app);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers each caller of one batch: new nonces true, a repeat within the batch and an already stored one false', async () => {
    expect(await store.rememberNonce(record('stored-before'))).toBe(true);
    const nonces = ['a1', 'a2', 'a3', 'a2', 'stored-before', 'a4'];
    const answers = await Promise.all(nonces.map((nonce) => store.rememberNonce(record(nonce))));
    expect(answers).toEqual([true, true, true, false, false, true]);
    expect(await stored(['a1', 'a2', 'a3', 'a4', 'stored-before'])).toBe(5);
  });

  it('keeps nonces of different tokens apart, and stores none for a token revoked since it was read', async () => {
    const user = await createTestUser(service.app);
    const agent = signedAgent(service.baseUrl, consumer.credentials);
    const [a, b, revoked] = [await obtainAccessToken(service.app, agent, user.id), await obtainAccessToken(service.app, agent, user.id), await obtainAccessToken(service.app, agent, user.id)];
    // Read once (as a signed call does first), then revoked: the nonce statement itself refuses the token.
    expect(await store.findToken(consumer.credentials.key, revoked.token, 'access')).toMatchObject({ revoked: false });
    const tokens = service.app.get(AccessTokensService);
    const newest = (await tokens.listForUser(user.id)).find((t) => t.consumerKey === consumer.credentials.key)!;
    await tokens.revoke(newest.id, { userId: user.id, admin: false, label: 'test' });
    // Naming the access token where a request token is expected (anyone can, before any signature check) must not
    // spare it the check.
    expect(await store.findToken(consumer.credentials.key, revoked.token, 'request')).toBeNull();

    const answers = await answersOf([
      store.rememberNonce(record('shared', a.token)),
      store.rememberNonce(record('shared', b.token)),
      store.rememberNonce(record('shared', a.token)),
      store.rememberNonce(record('shared', revoked.token)),
    ]);
    expect(answers).toEqual([true, true, false, 'token_revoked']);
    expect(await stored(['shared'])).toBe(2);

    // The same without a duplicate in the batch (on MariaDB: one INSERT ... RETURNING, no row-by-row redo).
    const again = await answersOf([store.rememberNonce(record('one', a.token)), store.rememberNonce(record('two', revoked.token)), store.rememberNonce(record('three', b.token))]);
    expect(again).toEqual([true, 'token_revoked', true]);
    expect(await stored(['one', 'two', 'three'])).toBe(2);
  });

  it('in one batch, stores nonces without a token, of live tokens and of request tokens, and none for a disabled user or an unknown token', async () => {
    const agent = signedAgent(service.baseUrl, consumer.credentials);
    const [enabledUser, disabledUser] = [await createTestUser(service.app), await createTestUser(service.app)];
    const live = await obtainAccessToken(service.app, agent, enabledUser.id);
    const ofDisabled = await obtainAccessToken(service.app, agent, disabledUser.id);
    await service.app.get(UsersService).setEnabled(disabledUser.id, false);
    // A request token presented at the access-token endpoint: its nonce needs no live access token.
    const requestToken = await agent.withToken(null).post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } });
    expect(requestToken.status).toBe(200);
    const pending = new URLSearchParams(await requestToken.text()).get('oauth_token')!;
    expect(await store.findToken(consumer.credentials.key, pending, 'request')).not.toBeNull();

    const batch = [
      record('mixed-none'),
      record('mixed-live', live.token),
      record('mixed-disabled', ofDisabled.token),
      record('mixed-request', pending),
      record('mixed-unknown', 'no-such-token'),
      record('mixed-live-2', live.token),
    ];
    expect(await answersOf(batch.map((r) => store.rememberNonce(r)))).toEqual([true, true, 'token_revoked', true, 'token_revoked', true]);
    expect(await stored(['mixed-none', 'mixed-live', 'mixed-request', 'mixed-live-2'])).toBe(4);
    expect(await stored(['mixed-disabled', 'mixed-unknown'])).toBe(0);
  });

  it('accepts each of 300 concurrent distinct nonces exactly once, and refuses all 300 when replayed', async () => {
    const nonces = Array.from({ length: 300 }, (_, i) => `bulk-${i}`);
    expect((await Promise.all(nonces.map((nonce) => store.rememberNonce(record(nonce))))).every(Boolean)).toBe(true);
    expect((await Promise.all(nonces.map((nonce) => store.rememberNonce(record(nonce))))).some(Boolean)).toBe(false);
    expect(await stored(nonces)).toBe(300);
  });

  it('does not let another unit of work’s rollback take a nonce with it', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const remembered = store.rememberNonce(record('during-transaction'));
      // Let the batch come due while the transaction is open (on SQLite it shares the one connection).
      await new Promise((resolve) => setTimeout(resolve, 20));
      await runner.rollbackTransaction();
      expect(await remembered).toBe(true);
    } finally {
      await runner.release();
    }
    expect(await stored(['during-transaction'])).toBe(1);
    expect(await store.rememberNonce(record('during-transaction'))).toBe(false);
  });

  it('purges expired nonces oldest first in id windows, and keeps every live one', async () => {
    const repository = dataSource.getRepository(NonceEntity);
    await repository.clear();
    const now = Date.now();
    const row = (i: number, expiresAt: number) => ({ consumerId: consumer.entity.id, tokenHash: '', timestamp: 1_700_000_000, nonce: `purge-${i}`, expiresAt: new Date(expiresAt) });
    // 4,500 expired rows (more than two delete windows), a live one, then one expired out of order (its timestamp
    // came from a clock running ahead of ours), then live ones.
    for (let i = 0; i < 4_500; i += 500) await repository.insert(Array.from({ length: 500 }, (_, j) => row(i + j, now - 60_000)));
    await repository.insert([row(5_000, now + 60_000), row(5_001, now - 1_000), row(5_002, now + 120_000)]);

    const purge = service.app.get(OAuthPurgeJob);
    expect((await purge.purge(new Date(now))).nonces).toBe(4_500);
    expect((await repository.find({ order: { id: 'ASC' } })).map((n) => n.nonce)).toEqual(['purge-5000', 'purge-5001', 'purge-5002']);
    // Once the live ones have expired too, everything goes.
    expect((await purge.purge(new Date(now + 121_000))).nonces).toBe(3);
    expect(await repository.count()).toBe(0);
    expect((await purge.purge(new Date(now + 121_000))).nonces).toBe(0);
  });
});
