import type { KeyObject } from 'node:crypto';

import type { SignatureMethodName } from '@app/config';

import type { ConsumerEntity } from './consumer.entity';

/** What the OAuth store needs to verify a request of one consumer (see the team contract). */
export interface VerifiableConsumer {
  entity: ConsumerEntity;
  methods: SignatureMethodName[];
  /** Opened from sharedSecretSealed; null when the consumer has no shared secret. */
  secret: string | null;
  /** Cached per consumer id + updatedAt. */
  publicKey: KeyObject | null;
}

export interface ConsumerSettingsInput {
  name?: string;
  description?: string | null;
  signatureMethods?: string[];
  allowLegacyKey?: boolean;
  callbackUrl?: string | null;
  allowThreeLegged?: boolean;
  allowTwoLegged?: boolean;
  twoLeggedExecuteAs?: string | null;
  allowImpersonation?: boolean;
  allowTokenRenewal?: boolean;
  enabled?: boolean;
}

export interface CreateConsumerInput extends ConsumerSettingsInput {
  consumerKey: string;
  name: string;
  /** Admin-supplied shared secret; generated when HMAC-SHA1/PLAINTEXT is allowed and this is empty. */
  sharedSecret?: string | null;
  /** RSA public key in any accepted format. */
  publicKey?: string | null;
}

export type UpdateConsumerInput = ConsumerSettingsInput;

/** A consumer together with a shared secret that is shown this once (creation, rotation), else null. */
export interface ConsumerWithSecret {
  consumer: ConsumerEntity;
  sharedSecret: string | null;
}

export interface ConsumerListQuery {
  page: number;
  pageSize: number;
  /** Substring of the key or name. */
  search?: string;
}

/** Looks up accounts by exact username: the 2-legged "execute as" user must exist. Backed by UsersService. */
export abstract class UserLookup {
  abstract findByUsername(username: string): Promise<{ id: number; username: string } | null>;
}
