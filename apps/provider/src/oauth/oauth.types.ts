import type { OAuthConsumer, OAuthTokenRecord } from '@app/oauth1';

import type { UserEntity } from '../accounts/user.entity';
import type { ConsumerEntity } from '../consumers/consumer.entity';

import type { RequestTokenState } from './request-token.entity';

/** A consumer as the store hands it to the core, with the row for the app's own checks. */
export interface ProviderConsumer extends OAuthConsumer {
  readonly entity: ConsumerEntity;
}

/** A request token (temporary credentials) as the store hands it to the core. */
export interface ProviderRequestToken extends OAuthTokenRecord {
  readonly kind: 'request';
  readonly id: number;
  readonly tokenHash: string;
  readonly state: RequestTokenState;
  readonly verifierHash: string | null;
  readonly callback: string;
  readonly userId: number | null;
}

/** An access token (token credentials) as the store hands it to the core, with its user. */
export interface ProviderAccessToken extends OAuthTokenRecord {
  readonly kind: 'access';
  readonly id: number;
  readonly tokenHash: string;
  readonly user: UserEntity;
  readonly sessionHandleHash: string | null;
  readonly sessionStartedAt: Date;
  readonly sessionExpiresAt: Date;
  /** The token's own expiry (the record's `expiresAt` may show the session expiry at the renewal endpoint). */
  readonly tokenExpiresAt: Date;
  readonly lastUsedAt: Date | null;
}

/** A token-endpoint answer: ordered `[name, value]` pairs, form-encoded on the wire. */
export type TokenAnswer = [name: string, value: string][];

/** Sealing purposes: a sealed secret opens only for the row (hash) it was sealed for. */
export const requestTokenSecretPurpose = (tokenHash: string) => `request-token-secret:${tokenHash}`;
export const accessTokenSecretPurpose = (tokenHash: string) => `access-token-secret:${tokenHash}`;
