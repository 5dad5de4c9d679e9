import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import type { Configuration } from '@app/config';
import { parsePublicKey, PublicKeyError } from '@app/oauth1';

import type { Page } from '../common/page';
import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit.types';
import { SecretBox } from '../crypto/secret-box';
import { randomToken } from '../crypto/token-hash';

import { checkConsumerKey, checkSignatureMethods, checkSuppliedSecret, needsSecret, normalizeCallbackUrl, parseStoredMethods } from './consumer-input';
import { ConsumerKeyCache } from './consumer-key-cache';
import { type ConsumerCredentialsRevokedListener, ConsumerRevocationNotifier, type ConsumerRevocationReason } from './consumer-revocation';
import { ConsumerEntity } from './consumer.entity';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';
import {
  type ConsumerListQuery,
  type ConsumerSettingsInput,
  type ConsumerWithSecret,
  type CreateConsumerInput,
  type UpdateConsumerInput,
  UserLookup,
  type VerifiableConsumer,
} from './consumer.types';
import { VerifiableConsumerCache } from './verifiable-consumer-cache';

/** Generated shared secrets: 24 bytes = 192 bits from the CSPRNG (RFC 5849 §4.9: unguessable). */
const GENERATED_SECRET_BYTES = 24;

/** The consumer registry: CRUD, credentials (sealed secret, RSA key), tombstones, and lookup for verification. */
@Injectable()
export class ConsumersService {
  private readonly keyCache = new ConsumerKeyCache();
  private readonly verifiable = new VerifiableConsumerCache();
  private readonly revocations = new ConsumerRevocationNotifier();

  constructor(
    @InjectRepository(ConsumerEntity) private readonly consumers: Repository<ConsumerEntity>,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
    private readonly users: UserLookup,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  async create(actor: AuditActor, input: CreateConsumerInput): Promise<ConsumerWithSecret> {
    const consumerKey = checkConsumerKey(input.consumerKey);
    const publicKey = input.publicKey?.trim() ? this.parseKey(input.publicKey, input.allowLegacyKey ?? false) : null;
    const supplied = input.sharedSecret ? checkSuppliedSecret(input.sharedSecret) : null;
    const methods = this.methods(input.signatureMethods ?? [...(publicKey ? ['RSA-SHA1'] : []), ...(supplied || !publicKey ? ['HMAC-SHA1'] : [])]);
    if (methods.includes('RSA-SHA1') && !publicKey) {
      throw new ConsumerException(ConsumerErrorCode.CredentialsRequired, 'RSA-SHA1 needs the consumer\'s RSA public key.', 'publicKey');
    }
    const sharedSecret = needsSecret(methods) ? (supplied ?? randomToken(GENERATED_SECRET_BYTES)) : null;
    if (supplied && !sharedSecret) {
      throw new ConsumerException(ConsumerErrorCode.InvalidSecret, 'A shared secret is only used with HMAC-SHA1 or PLAINTEXT; allow one of them or leave the secret empty.', 'sharedSecret');
    }
    await this.assertKeyFree(consumerKey);
    const entity = this.consumers.create({
      consumerKey,
      name: input.name,
      description: null,
      signatureMethods: methods.join(','),
      sharedSecretSealed: sharedSecret ? this.secretBox.seal(sharedSecret, secretPurpose(consumerKey)) : null,
      publicKeySpki: publicKey?.spkiBase64 ?? null,
      publicKeyFingerprint: publicKey?.fingerprintSha256 ?? null,
      publicKeyBits: publicKey?.modulusBits ?? null,
      allowLegacyKey: input.allowLegacyKey ?? false,
      deletedAt: null,
    });
    await this.applySettings(entity, { ...input, signatureMethods: undefined });
    let saved: ConsumerEntity;
    try {
      saved = await this.consumers.save(entity);
    } catch (error) {
      if (isUniqueViolation(error)) throw keyTaken(consumerKey);
      throw error;
    }
    this.verifiable.invalidate(saved.consumerKey); // a cached "unknown key" must not outlive the creation
    await this.record(actor, 'consumer.created', saved, { ...describe(saved), typedByAdmin: Boolean(supplied) });
    return { consumer: saved, sharedSecret };
  }

  async update(actor: AuditActor, consumerKey: string, input: UpdateConsumerInput): Promise<ConsumerEntity> {
    const consumer = await this.get(consumerKey);
    const before = describe(consumer);
    const wasEnabled = consumer.enabled;
    if (input.signatureMethods) {
      const methods = this.methods(input.signatureMethods);
      if (needsSecret(methods) && !consumer.sharedSecretSealed) {
        throw new ConsumerException(ConsumerErrorCode.CredentialsRequired, 'HMAC-SHA1 and PLAINTEXT need a shared secret: rotate the secret first to create one.', 'signatureMethods');
      }
      if (methods.includes('RSA-SHA1') && !consumer.publicKeySpki) {
        throw new ConsumerException(ConsumerErrorCode.CredentialsRequired, 'RSA-SHA1 needs the consumer\'s RSA public key: set the key first.', 'signatureMethods');
      }
      consumer.signatureMethods = methods.join(',');
      // A secret no method uses is a liability: wipe it (least stored credential).
      if (!needsSecret(methods)) consumer.sharedSecretSealed = null;
    }
    if (input.allowLegacyKey === false && consumer.publicKeyBits !== null && consumer.publicKeyBits < 2048) {
      throw new ConsumerException(ConsumerErrorCode.InvalidPublicKey, `The stored key has ${consumer.publicKeyBits} bits; replace it before turning the legacy flag off.`, 'allowLegacyKey');
    }
    if (input.allowLegacyKey !== undefined) consumer.allowLegacyKey = input.allowLegacyKey;
    await this.applySettings(consumer, input);
    const saved = await this.consumers.save(consumer);
    this.verifiable.invalidate(saved.consumerKey);
    const after = describe(saved);
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    await this.record(actor, 'consumer.updated', saved, { changed, ...Object.fromEntries(changed.map((k) => [k, after[k]])) });
    if (wasEnabled && !saved.enabled) await this.revocations.notify(saved.id, 'consumer-disabled');
    return saved;
  }

  /** A new shared secret, generated or admin-supplied, returned this once; existing tokens are reported revoked. */
  async rotateSecret(actor: AuditActor, consumerKey: string, supplied?: string | null): Promise<ConsumerWithSecret> {
    const consumer = await this.get(consumerKey);
    const sharedSecret = supplied ? checkSuppliedSecret(supplied) : randomToken(GENERATED_SECRET_BYTES);
    consumer.sharedSecretSealed = this.secretBox.seal(sharedSecret, secretPurpose(consumer.consumerKey));
    const saved = await this.consumers.save(consumer);
    this.verifiable.invalidate(saved.consumerKey);
    await this.record(actor, 'consumer.secret-rotated', saved, { typedByAdmin: Boolean(supplied) });
    await this.revocations.notify(saved.id, 'secret-rotated');
    return { consumer: saved, sharedSecret };
  }

  async replacePublicKey(actor: AuditActor, consumerKey: string, publicKeyText: string, allowLegacyKey?: boolean): Promise<ConsumerEntity> {
    const consumer = await this.get(consumerKey);
    const legacy = allowLegacyKey ?? consumer.allowLegacyKey;
    const key = this.parseKey(publicKeyText, legacy);
    const previous = consumer.publicKeyFingerprint;
    Object.assign(consumer, { publicKeySpki: key.spkiBase64, publicKeyFingerprint: key.fingerprintSha256, publicKeyBits: key.modulusBits, allowLegacyKey: legacy });
    const saved = await this.consumers.save(consumer);
    this.keyCache.forget(saved.id);
    this.verifiable.invalidate(saved.consumerKey);
    await this.record(actor, 'consumer.public-key-replaced', saved, { previousFingerprint: previous, fingerprint: key.fingerprintSha256, bits: key.modulusBits });
    if (previous && previous !== key.fingerprintSha256) await this.revocations.notify(saved.id, 'key-replaced');
    return saved;
  }

  setEnabled(actor: AuditActor, consumerKey: string, enabled: boolean): Promise<ConsumerEntity> {
    return this.update(actor, consumerKey, { enabled });
  }

  /** Deletes as a tombstone: credentials wiped, the key kept so it is never issued again, tokens revoked. */
  async delete(actor: AuditActor, consumerKey: string): Promise<void> {
    const consumer = await this.get(consumerKey);
    Object.assign(consumer, {
      enabled: false,
      deletedAt: new Date(),
      sharedSecretSealed: null,
      publicKeySpki: null,
      publicKeyFingerprint: null,
      publicKeyBits: null,
      callbackUrl: null,
      allowTwoLegged: false,
      allowImpersonation: false,
      twoLeggedExecuteAs: null,
    });
    const saved = await this.consumers.save(consumer);
    this.keyCache.forget(saved.id);
    this.verifiable.invalidate(saved.consumerKey);
    await this.record(actor, 'consumer.deleted', saved, { name: saved.name });
    await this.revocations.notify(saved.id, 'consumer-deleted');
  }

  /** A live (not deleted) consumer by its exact key. */
  async get(consumerKey: string): Promise<ConsumerEntity> {
    const consumer = await this.consumers.findOneBy({ consumerKey });
    if (!consumer || consumer.deletedAt) {
      throw new ConsumerException(ConsumerErrorCode.NotFound, consumer ? `The consumer "${consumerKey}" was deleted.` : `There is no consumer with the key "${consumerKey}".`);
    }
    return consumer;
  }

  async findById(id: number): Promise<ConsumerEntity | null> {
    return this.consumers.findOneBy({ id });
  }

  async list(query: ConsumerListQuery): Promise<Page<ConsumerEntity>> {
    const search = query.search?.trim();
    const builder = this.consumers.createQueryBuilder('c').where('c.deleted_at IS NULL');
    if (search) {
      // '!' as the LIKE escape character works the same on SQLite and MySQL (a backslash does not).
      const pattern = `%${search.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      builder.andWhere("(c.consumer_key LIKE :pattern ESCAPE '!' OR c.name LIKE :pattern ESCAPE '!')", { pattern });
    }
    const [items, total] = await builder
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * For the OAuth store: null for unknown and deleted keys; disabled consumers come back with `enabled=false`.
   * Served from a short-lived cache (see VERIFIABLE_CONSUMER_TTL_MS): every signed request asks, and reading the row
   * and opening the sealed secret each time was a large share of a request's CPU. Each caller gets its own copy of
   * the entity, so no caller can change what the next request sees.
   */
  async findForVerification(consumerKey: string): Promise<VerifiableConsumer | null> {
    let found = this.verifiable.get(consumerKey);
    if (found === undefined) {
      const generation = this.verifiable.generation();
      found = await this.loadForVerification(consumerKey);
      this.verifiable.set(consumerKey, found, generation);
    }
    return found && { ...found, methods: [...found.methods], entity: Object.assign(new ConsumerEntity(), found.entity) };
  }

  private async loadForVerification(consumerKey: string): Promise<VerifiableConsumer | null> {
    const entity = await this.consumers.findOneBy({ consumerKey });
    if (!entity || entity.deletedAt) return null;
    return {
      entity,
      methods: parseStoredMethods(entity.signatureMethods),
      secret: entity.sharedSecretSealed ? this.secretBox.open(entity.sharedSecretSealed, secretPurpose(entity.consumerKey)) : null,
      publicKey: this.keyCache.get(entity),
    };
  }

  /** Subscribes to "this consumer's tokens must stop working"; returns an unsubscribe function. */
  onConsumerCredentialsRevoked(listener: (consumerId: number, reason: ConsumerRevocationReason) => Promise<void>): () => void {
    return this.revocations.subscribe(listener as ConsumerCredentialsRevokedListener);
  }

  private methods(names: readonly string[]) {
    return checkSignatureMethods(names, this.config.get('oauth', { infer: true }).allowedSignatureMethods);
  }

  private parseKey(text: string, allowLegacy1024: boolean) {
    try {
      return parsePublicKey(text, { allowLegacy1024 });
    } catch (error) {
      const message = error instanceof PublicKeyError ? error.message : 'The key could not be read as an RSA public key.';
      throw new ConsumerException(ConsumerErrorCode.InvalidPublicKey, message, 'publicKey');
    }
  }

  private async applySettings(consumer: ConsumerEntity, input: ConsumerSettingsInput): Promise<void> {
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (!name || name.length > 255) throw new ConsumerException(ConsumerErrorCode.InvalidName, 'The name must be 1 to 255 characters long.', 'name');
      consumer.name = name;
    }
    if (input.description !== undefined) {
      const description = input.description?.trim() || null;
      if (description && description.length > 2000) {
        throw new ConsumerException(ConsumerErrorCode.InvalidName, 'The description must be at most 2000 characters long.', 'description');
      }
      consumer.description = description;
    }
    if (input.callbackUrl !== undefined) consumer.callbackUrl = normalizeCallbackUrl(input.callbackUrl);
    for (const flag of ['allowThreeLegged', 'allowTwoLegged', 'allowImpersonation', 'allowTokenRenewal', 'enabled'] as const) {
      if (input[flag] !== undefined) consumer[flag] = input[flag];
    }
    if (input.twoLeggedExecuteAs !== undefined) {
      const username = input.twoLeggedExecuteAs?.trim() || null;
      if (username && !(await this.users.findByUsername(username))) {
        throw new ConsumerException(ConsumerErrorCode.UnknownUser, `There is no user "${username}" to run 2-legged calls as.`, 'twoLeggedExecuteAs');
      }
      consumer.twoLeggedExecuteAs = username;
    }
  }

  private async assertKeyFree(consumerKey: string): Promise<void> {
    const existing = await this.consumers.findOneBy({ consumerKey });
    if (existing?.deletedAt) {
      throw new ConsumerException(ConsumerErrorCode.KeyRetired, `The key "${consumerKey}" belonged to a deleted consumer and is never issued again; choose another key.`, 'consumerKey');
    }
    if (existing) throw keyTaken(consumerKey);
  }

  private record(actor: AuditActor, action: string, consumer: ConsumerEntity, details: Record<string, unknown>) {
    return this.audit.record({ actor: actor.label, ipAddress: actor.ipAddress, action, targetType: 'consumer', targetId: consumer.consumerKey, details });
  }
}

/** SecretBox purpose: binds a sealed secret to its consumer, so a value copied to another row does not open. */
export const secretPurpose = (consumerKey: string): string => `consumer-secret:${consumerKey}`;

const keyTaken = (key: string) => new ConsumerException(ConsumerErrorCode.KeyTaken, `A consumer with the key "${key}" already exists.`, 'consumerKey');

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT';
}

/** The non-secret settings of a consumer, for the audit log. */
function describe(c: ConsumerEntity): Record<string, unknown> {
  return {
    name: c.name,
    description: c.description,
    signatureMethods: c.signatureMethods,
    publicKeyFingerprint: c.publicKeyFingerprint,
    allowLegacyKey: c.allowLegacyKey,
    callbackUrl: c.callbackUrl,
    allowThreeLegged: c.allowThreeLegged,
    allowTwoLegged: c.allowTwoLegged,
    twoLeggedExecuteAs: c.twoLeggedExecuteAs,
    allowImpersonation: c.allowImpersonation,
    allowTokenRenewal: c.allowTokenRenewal,
    enabled: c.enabled,
  };
}
