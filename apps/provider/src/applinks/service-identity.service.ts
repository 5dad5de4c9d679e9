import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import type { Configuration } from '@app/config';
import { parsePublicKey } from '@app/oauth1';

import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit.types';
import { SecretBox } from '../crypto/secret-box';

import { ApplinksErrorCode, ApplinksException } from './applinks.exception';
import { SERVICE_IDENTITY_ID, ServiceIdentityEntity } from './service-identity.entity';
import { defaultIdentityProfile, PRIVATE_KEY_PURPOSE, type ServiceIdentity, type ServiceIdentityProfile } from './service-identity.types';

const generateKeyPairAsync = promisify(generateKeyPair);
/** Other instances may rotate the key or edit the profile; a short cache bounds how long a stale copy is used. */
const CACHE_MS = 30_000;
const CONSUMER_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The service's own consumer identity (it is Bitbucket's consumer on the incoming side of a link): created with a
 * fresh RSA-2048 key pair on first start, published at /plugins/servlet/oauth/consumer-info, used by the signed
 * client for RSA-SHA1 (Atlassian accepts only RSA-SHA1 from key-registered consumers, atlassian-wire.md §1.1).
 */
@Injectable()
export class ServiceIdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ServiceIdentityService.name);
  private cached: { identity: ServiceIdentity; until: number } | null = null;

  constructor(
    @InjectRepository(ServiceIdentityEntity) private readonly identities: Repository<ServiceIdentityEntity>,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  /** Creates the identity at start-up, so the first consumer-info request does not wait for key generation. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.get();
    } catch (error) {
      // Not fatal: the identity is created on first use once the database answers.
      this.logger.warn(`service consumer identity not ready yet: ${(error as Error).message}`);
    }
  }

  /** The current identity (created on first use). */
  async get(): Promise<ServiceIdentity> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.identity;
    const row = (await this.identities.findOneBy({ id: SERVICE_IDENTITY_ID })) ?? (await this.create());
    return this.remember(row);
  }

  /** Changes the published key, name or description (Bitbucket's incoming link must then be updated too). */
  async updateProfile(actor: AuditActor, profile: ServiceIdentityProfile): Promise<ServiceIdentity> {
    const row = await this.row();
    const changes: ServiceIdentityProfile = {};
    if (profile.consumerKey !== undefined && profile.consumerKey !== row.consumerKey) {
      if (!CONSUMER_KEY.test(profile.consumerKey)) {
        throw new ApplinksException(ApplinksErrorCode.InvalidConsumerKey, 'The consumer key must be 1–255 printable ASCII characters without spaces (Atlassian keys are one word).', 'consumerKey');
      }
      changes.consumerKey = row.consumerKey = profile.consumerKey;
    }
    if (profile.name !== undefined && profile.name !== row.name) {
      if (profile.name.trim().length === 0) throw new ApplinksException(ApplinksErrorCode.InvalidName, 'The name must not be blank.', 'name');
      changes.name = row.name = profile.name.trim();
    }
    if (profile.description !== undefined && profile.description !== row.description) {
      changes.description = row.description = profile.description?.trim() || null;
    }
    if (Object.keys(changes).length === 0) return this.remember(row);
    const saved = await this.identities.save(row);
    await this.audit.record({ actor: actor.label, action: 'service-identity.updated', targetType: 'service-identity', targetId: saved.consumerKey, details: { ...changes }, ipAddress: actor.ipAddress ?? null });
    return this.remember(saved);
  }

  /**
   * Replaces the key pair. Calls signed with the old key fail at every remote until its admin pastes the new public
   * key (or re-runs auto-configuration from consumer-info), so this is an explicit admin action and audited.
   */
  async rotateKey(actor: AuditActor): Promise<ServiceIdentity> {
    const row = await this.row();
    const previous = row.publicKeyFingerprint;
    Object.assign(row, await this.newKeyPair());
    const saved = await this.identities.save(row);
    await this.audit.record({
      actor: actor.label,
      action: 'service-identity.key-rotated',
      targetType: 'service-identity',
      targetId: saved.consumerKey,
      details: { previousFingerprint: previous, fingerprint: saved.publicKeyFingerprint },
      ipAddress: actor.ipAddress ?? null,
    });
    this.logger.warn(`service consumer key pair rotated (fingerprint ${saved.publicKeyFingerprint}); update the incoming link on every remote application`);
    return this.remember(saved);
  }

  private async row(): Promise<ServiceIdentityEntity> {
    return (await this.identities.findOneBy({ id: SERVICE_IDENTITY_ID })) ?? (await this.create());
  }

  /** First start: a fixed primary key makes concurrent instances race safely (the loser re-reads the winner's row). */
  private async create(): Promise<ServiceIdentityEntity> {
    const publicUrl = this.config.get('app', { infer: true }).publicUrl;
    const entity = this.identities.create({ id: SERVICE_IDENTITY_ID, ...defaultIdentityProfile(publicUrl), ...(await this.newKeyPair()) });
    try {
      await this.identities.insert(entity);
      this.logger.log(`service consumer identity created: key "${entity.consumerKey}", RSA-2048 fingerprint ${entity.publicKeyFingerprint}`);
      return entity;
    } catch (error) {
      const existing = await this.identities.findOneBy({ id: SERVICE_IDENTITY_ID });
      if (existing) return existing;
      throw error;
    }
  }

  private async newKeyPair(): Promise<Pick<ServiceIdentityEntity, 'publicKeySpki' | 'publicKeyFingerprint' | 'privateKeySealed' | 'keyCreatedAt'>> {
    const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    const parsed = parsePublicKey(publicKey.export({ format: 'der', type: 'spki' }).toString('base64'));
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    return {
      publicKeySpki: parsed.spkiBase64,
      publicKeyFingerprint: parsed.fingerprintSha256,
      privateKeySealed: this.secretBox.seal(pem, PRIVATE_KEY_PURPOSE),
      keyCreatedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
    };
  }

  private remember(row: ServiceIdentityEntity): ServiceIdentity {
    const publicKey: KeyObject = createPublicKey({ key: Buffer.from(row.publicKeySpki, 'base64'), format: 'der', type: 'spki' });
    const identity: ServiceIdentity = {
      consumerKey: row.consumerKey,
      name: row.name,
      description: row.description,
      publicKeySpki: row.publicKeySpki,
      publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      publicKeyFingerprint: row.publicKeyFingerprint,
      keyCreatedAt: row.keyCreatedAt,
      privateKey: this.openPrivateKey(row),
    };
    this.cached = { identity, until: Date.now() + CACHE_MS };
    return identity;
  }

  private openPrivateKey(row: ServiceIdentityEntity): KeyObject {
    return createPrivateKey(this.secretBox.open(row.privateKeySealed, PRIVATE_KEY_PURPOSE));
  }
}
