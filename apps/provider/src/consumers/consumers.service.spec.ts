import { generateKeyPairSync, randomBytes } from 'node:crypto';

import type { ConfigService } from '@nestjs/config';
import type { Repository } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Configuration } from '@app/config';

import type { AuditService } from '../audit/audit.service';
import { SecretBox } from '../crypto/secret-box';

import { ConsumerEntity } from './consumer.entity';
import { ConsumerErrorCode } from './consumer.exception';
import type { UserLookup } from './consumer.types';
import { ConsumersService } from './consumers.service';
import { VERIFIABLE_CONSUMER_TTL_MS } from './verifiable-consumer-cache';

/** An in-memory stand-in for the TypeORM repository: what the service reads and writes, nothing more. */
class FakeConsumerRepository {
  readonly rows = new Map<number, ConsumerEntity>();
  private nextId = 1;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  create(data: Partial<ConsumerEntity>): ConsumerEntity {
    return Object.assign(new ConsumerEntity(), {
      description: null,
      callbackUrl: null,
      allowThreeLegged: true,
      allowTwoLegged: false,
      twoLeggedExecuteAs: null,
      allowImpersonation: false,
      allowTokenRenewal: false,
      enabled: true,
      ...data,
    });
  }

  async findOneBy(where: { consumerKey?: string; id?: number }): Promise<ConsumerEntity | null> {
    const row = [...this.rows.values()].find((r) => (where.id !== undefined ? r.id === where.id : r.consumerKey === where.consumerKey));
    return row ? Object.assign(new ConsumerEntity(), row) : null;
  }

  async save(entity: ConsumerEntity): Promise<ConsumerEntity> {
    if ([...this.rows.values()].some((r) => r.consumerKey === entity.consumerKey && r.id !== entity.id)) {
      throw Object.assign(new Error('duplicate'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    }
    entity.id ??= this.nextId++;
    this.clock += 1000;
    entity.createdAt ??= new Date(this.clock);
    entity.updatedAt = new Date(this.clock);
    this.rows.set(entity.id, Object.assign(new ConsumerEntity(), entity));
    return entity;
  }
}

const actor = { label: 'user:test' };

describe('ConsumersService', () => {
  let repository: FakeConsumerRepository;
  let audit: { record: ReturnType<typeof vi.fn> };
  let users: { findByUsername: ReturnType<typeof vi.fn> };
  let sut: ConsumersService;
  const box = new SecretBox(randomBytes(32));
  const config = { get: () => ({ allowedSignatureMethods: ['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT'] }) } as unknown as ConfigService<Configuration, true>;
  const rsaPem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

  beforeEach(() => {
    repository = new FakeConsumerRepository();
    audit = { record: vi.fn().mockResolvedValue(undefined) };
    users = { findByUsername: vi.fn(async (name: string) => (name === 'bot' ? { id: 7, username: 'bot' } : null)) };
    sut = new ConsumersService(repository as unknown as Repository<ConsumerEntity>, box, audit as unknown as AuditService, users as unknown as UserLookup, config);
  });

  it('generates a 192-bit secret, stores it only sealed (bound to the key), and returns it once', async () => {
    const { consumer, sharedSecret } = await sut.create(actor, { consumerKey: 'ck', name: 'Bitbucket' });
    expect(sharedSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const row = repository.rows.get(consumer.id)!;
    expect(row.sharedSecretSealed).not.toContain(sharedSecret);
    expect(box.open(row.sharedSecretSealed!, 'consumer-secret:ck')).toBe(sharedSecret);
    expect(row.signatureMethods).toBe('HMAC-SHA1');
    expect(JSON.stringify(audit.record.mock.calls)).not.toContain(sharedSecret);
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'consumer.created', targetId: 'ck', actor: 'user:test' }));
  });

  it('chooses RSA-SHA1 for a key alone and needs no secret', async () => {
    const { consumer, sharedSecret } = await sut.create(actor, { consumerKey: 'jira', name: 'Jira', publicKey: rsaPem() });
    expect(sharedSecret).toBeNull();
    expect(consumer).toMatchObject({ signatureMethods: 'RSA-SHA1', sharedSecretSealed: null, publicKeyBits: 2048 });
    expect(consumer.publicKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('caches the RSA KeyObject per consumer and updatedAt, and drops it when the key changes', async () => {
    await sut.create(actor, { consumerKey: 'jira', name: 'Jira', publicKey: rsaPem() });
    const first = await sut.findForVerification('jira');
    const second = await sut.findForVerification('jira');
    expect(second!.publicKey).toBe(first!.publicKey); // the same object: parsed once
    await sut.replacePublicKey(actor, 'jira', rsaPem());
    const third = await sut.findForVerification('jira');
    expect(third!.publicKey).not.toBe(first!.publicKey);
    expect(third!.publicKey!.equals(first!.publicKey!)).toBe(false);
  });

  it('tells subscribers to revoke tokens on disable, delete, rotation and key replacement, not on enable', async () => {
    const heard: string[] = [];
    sut.onConsumerCredentialsRevoked(async (id, reason) => {
      heard.push(`${id}:${reason}`);
    });
    const { consumer } = await sut.create(actor, { consumerKey: 'ck', name: 'x', publicKey: rsaPem(), signatureMethods: ['HMAC-SHA1', 'RSA-SHA1'] });
    await sut.setEnabled(actor, 'ck', false);
    await sut.setEnabled(actor, 'ck', true);
    await sut.rotateSecret(actor, 'ck');
    await sut.replacePublicKey(actor, 'ck', rsaPem());
    await sut.delete(actor, 'ck');
    expect(heard).toEqual([`${consumer.id}:consumer-disabled`, `${consumer.id}:secret-rotated`, `${consumer.id}:key-replaced`, `${consumer.id}:consumer-deleted`]);
  });

  it('returns disabled consumers for verification (consumer_key_rejected) but not deleted ones', async () => {
    await sut.create(actor, { consumerKey: 'ck', name: 'x', enabled: false });
    expect((await sut.findForVerification('ck'))?.entity.enabled).toBe(false);
    await sut.delete(actor, 'ck');
    expect(await sut.findForVerification('ck')).toBeNull();
    expect(await sut.findForVerification('unknown')).toBeNull();
  });

  it('keeps a tombstone: credentials wiped and the key never issued again', async () => {
    const { consumer } = await sut.create(actor, { consumerKey: 'ck', name: 'x' });
    await sut.delete(actor, 'ck');
    expect(repository.rows.get(consumer.id)).toMatchObject({ sharedSecretSealed: null, publicKeySpki: null, enabled: false });
    await expect(sut.create(actor, { consumerKey: 'ck', name: 'again' })).rejects.toMatchObject({ code: ConsumerErrorCode.KeyRetired });
    await expect(sut.get('ck')).rejects.toMatchObject({ code: ConsumerErrorCode.NotFound });
  });

  it('checks the 2-legged "execute as" user exists', async () => {
    await expect(sut.create(actor, { consumerKey: 'a', name: 'x', allowTwoLegged: true, twoLeggedExecuteAs: 'ghost' })).rejects.toMatchObject({ code: ConsumerErrorCode.UnknownUser });
    const { consumer } = await sut.create(actor, { consumerKey: 'b', name: 'x', allowTwoLegged: true, twoLeggedExecuteAs: 'bot' });
    expect(consumer.twoLeggedExecuteAs).toBe('bot');
  });

  it('refuses methods without their credential, and wipes a secret no method uses any more', async () => {
    await expect(sut.create(actor, { consumerKey: 'a', name: 'x', signatureMethods: ['RSA-SHA1'] })).rejects.toMatchObject({ code: ConsumerErrorCode.CredentialsRequired });
    await sut.create(actor, { consumerKey: 'b', name: 'x', publicKey: rsaPem() });
    await expect(sut.update(actor, 'b', { signatureMethods: ['HMAC-SHA1'] })).rejects.toMatchObject({ code: ConsumerErrorCode.CredentialsRequired });
    await sut.create(actor, { consumerKey: 'c', name: 'x', publicKey: rsaPem(), signatureMethods: ['HMAC-SHA1', 'RSA-SHA1'] });
    const updated = await sut.update(actor, 'c', { signatureMethods: ['RSA-SHA1'] });
    expect(updated.sharedSecretSealed).toBeNull();
  });

  it('turns every key refusal into one readable sentence on the publicKey field', async () => {
    const error = await sut.create(actor, { consumerKey: 'a', name: 'x', publicKey: 'not a key at all' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ConsumerErrorCode.InvalidPublicKey, field: 'publicKey' });
    expect((error as Error).message).toMatch(/^[A-Z].+\.$/);
  });

  describe('verification cache', () => {
    afterEach(() => vi.restoreAllMocks());

    it('reads the row once within the TTL and hands out copies no caller can corrupt', async () => {
      await sut.create(actor, { consumerKey: 'ck', name: 'x' });
      const reads = vi.spyOn(repository, 'findOneBy');
      const first = await sut.findForVerification('ck');
      first!.entity.enabled = false;
      first!.methods.push('PLAINTEXT');
      const second = await sut.findForVerification('ck');
      expect(reads).toHaveBeenCalledTimes(1);
      expect(second).toMatchObject({ methods: ['HMAC-SHA1'], entity: { enabled: true } });
    });

    it('sees every write through the service at once: update, disable, enable, rotate, key, delete', async () => {
      await sut.create(actor, { consumerKey: 'ck', name: 'x', publicKey: rsaPem(), signatureMethods: ['HMAC-SHA1', 'RSA-SHA1'] });
      const initial = await sut.findForVerification('ck');
      await sut.update(actor, 'ck', { name: 'renamed' });
      expect((await sut.findForVerification('ck'))!.entity.name).toBe('renamed');
      await sut.setEnabled(actor, 'ck', false);
      expect((await sut.findForVerification('ck'))!.entity.enabled).toBe(false);
      await sut.setEnabled(actor, 'ck', true);
      expect((await sut.findForVerification('ck'))!.entity.enabled).toBe(true);
      const { sharedSecret } = await sut.rotateSecret(actor, 'ck');
      expect((await sut.findForVerification('ck'))!.secret).toBe(sharedSecret);
      await sut.replacePublicKey(actor, 'ck', rsaPem());
      expect((await sut.findForVerification('ck'))!.publicKey!.equals(initial!.publicKey!)).toBe(false);
      await sut.delete(actor, 'ck');
      expect(await sut.findForVerification('ck')).toBeNull();
    });

    it('forgets a cached unknown key when a consumer is created with it', async () => {
      expect(await sut.findForVerification('new')).toBeNull();
      await sut.create(actor, { consumerKey: 'new', name: 'x' });
      expect(await sut.findForVerification('new')).not.toBeNull();
    });

    it('picks up changes made by another instance (straight in the database) after the TTL, misses included', async () => {
      const now = vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-06-01T00:00:00Z'));
      const { consumer } = await sut.create(actor, { consumerKey: 'ck', name: 'x' });
      expect((await sut.findForVerification('ck'))!.entity.enabled).toBe(true);
      expect(await sut.findForVerification('other')).toBeNull();
      repository.rows.get(consumer.id)!.enabled = false;
      await repository.save(repository.create({ consumerKey: 'other', name: 'y', signatureMethods: 'HMAC-SHA1' }));
      now.mockReturnValue(Date.parse('2026-06-01T00:00:00Z') + VERIFIABLE_CONSUMER_TTL_MS - 1);
      expect((await sut.findForVerification('ck'))!.entity.enabled).toBe(true);
      expect(await sut.findForVerification('other')).toBeNull();
      now.mockReturnValue(Date.parse('2026-06-01T00:00:00Z') + VERIFIABLE_CONSUMER_TTL_MS);
      expect((await sut.findForVerification('ck'))!.entity.enabled).toBe(false);
      expect(await sut.findForVerification('other')).not.toBeNull();
    });
  });
});
